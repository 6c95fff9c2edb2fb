"""The panel's look for a dim treatment room: dark warm surfaces, amber accents, large touch targets."""

from __future__ import annotations

import math

from ambience.ui.qt import QApplication, QColor, QPalette

# Colours: nothing brighter than a warm off-white, and only small areas of it.
BG = "#15110e"
SURFACE = "#211b16"
SURFACE_2 = "#2c241e"
SURFACE_3 = "#372d25"
BORDER = "#43372d"
TEXT = "#eadccb"
MUTED = "#a8978a"
FAINT = "#75685c"
ACCENT = "#dd9f55"
ACCENT_DIM = "#7d5a33"
ON_ACCENT = "#1d140b"
DANGER = "#c8674b"
DANGER_BG = "#46261e"
OK = "#93b27d"
WARN = "#e2a347"
HEAT = "#e27b3e"
COOL = "#7fa7c4"
LIGHTS = "#ffd595"

# The smallest thing a finger (perhaps an oiled one) must hit, in pixels at scale 1.
TOUCH = 48
# The design size; larger windows scale fonts and targets up in steps.
BASE_WIDTH = 1024
BASE_HEIGHT = 600


def scale_for(width: int, height: int) -> float:
    """How much to enlarge the panel for a window of this size (1 at 1024×600, in quarter steps)."""
    raw = min(width / BASE_WIDTH, height / BASE_HEIGHT)
    return max(1.0, min(2.0, round(raw * 4) / 4))


def px(value: float, scale: float = 1.0) -> int:
    return round(value * scale)


def stylesheet(scale: float = 1.0) -> str:
    """The whole panel's style sheet at ``scale``."""

    def s(value: float) -> int:
        return px(value, scale)

    return f"""
    QWidget {{ color: {TEXT}; font-size: {s(15)}px; }}
    QWidget#panel {{ background: {BG}; }}
    QToolTip {{ background: {SURFACE_3}; color: {TEXT}; border: 1px solid {ACCENT_DIM};
                padding: {s(6)}px; font-size: {s(15)}px; }}
    QLabel {{ background: transparent; }}
    QLabel[role="muted"] {{ color: {MUTED}; }}
    QLabel[role="faint"] {{ color: {FAINT}; font-size: {s(13)}px; }}
    QLabel[role="title"] {{ font-size: {s(22)}px; font-weight: 600; }}
    QLabel[role="heading"] {{ color: {MUTED}; font-size: {s(13)}px; letter-spacing: 1px; }}
    QLabel[role="phase"] {{ font-size: {s(24)}px; font-weight: 600; }}
    QLabel[role="next"] {{ color: {MUTED}; font-size: {s(17)}px; }}
    QLabel[role="status"] {{ color: {ACCENT}; font-size: {s(17)}px; font-weight: 600; }}
    QLabel[role="warning"] {{ color: {WARN}; font-size: {s(13)}px; }}
    QLabel#countdown {{ color: {TEXT}; font-weight: 300; }}
    QFrame[role="card"] {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: {s(12)}px; }}
    QFrame[role="bar"] {{ background: {SURFACE}; border: none; }}
    QFrame[role="row"] {{ background: transparent; border: none; border-bottom: 1px solid {SURFACE_3}; }}
    QPushButton {{
        background: {SURFACE_2}; color: {TEXT}; border: 1px solid {BORDER};
        border-radius: {s(10)}px; padding: {s(6)}px {s(16)}px;
        min-height: {s(TOUCH)}px; min-width: {s(TOUCH)}px; font-size: {s(17)}px;
    }}
    QPushButton:pressed {{ background: {SURFACE_3}; }}
    QPushButton:checked {{ background: {SURFACE_3}; border: 2px solid {ACCENT}; }}
    QPushButton:disabled {{ color: {FAINT}; background: {SURFACE}; border-color: {SURFACE_3}; }}
    QPushButton[role="primary"] {{ background: {ACCENT}; color: {ON_ACCENT}; border: none;
                                   font-weight: 600; }}
    QPushButton[role="primary"]:pressed {{ background: {ACCENT_DIM}; }}
    QPushButton[role="primary"]:disabled {{ background: {SURFACE_2}; color: {FAINT}; }}
    QPushButton[role="danger"] {{ background: {DANGER_BG}; color: #f1c6b6; border: 1px solid #6e3b2c; }}
    QPushButton[role="danger"]:disabled {{ color: {FAINT}; background: {SURFACE};
                                         border-color: {SURFACE_3}; }}
    QPushButton[role="lights"] {{ background: #3e321f; color: {LIGHTS}; border: 1px solid #80622f;
                                  font-weight: 600; }}
    QPushButton[role="lights"]:checked {{ background: #5b4725; border: 2px solid {LIGHTS}; }}
    QPushButton[role="room"] {{ text-align: left; padding: {s(4)}px {s(14)}px; font-size: {s(16)}px; }}
    QPushButton[role="flat"] {{ background: transparent; border: none; color: {MUTED}; }}
    QPushButton[role="notice"] {{ background: transparent; border: 1px solid #6b5125; color: {WARN};
                                  font-size: {s(14)}px; }}
    QLabel[role="status-paused"] {{ color: {WARN}; font-size: {s(17)}px; font-weight: 600; }}
    QLabel[role="status-ended"] {{ color: {MUTED}; font-size: {s(17)}px; font-weight: 600; }}
    QLabel[role="badge"] {{ color: {ACCENT}; border: 1px solid {ACCENT_DIM}; border-radius: {s(8)}px;
                            padding: {s(3)}px {s(10)}px; font-size: {s(13)}px; }}
    QLabel[role="tag"], QLabel[role="tag-heat"], QLabel[role="tag-lights"] {{
        color: {MUTED}; border: 1px solid {BORDER}; border-radius: {s(8)}px;
        padding: {s(2)}px {s(8)}px; font-size: {s(13)}px; }}
    QLabel[role="tag-heat"] {{ color: {HEAT}; border-color: #7a4526; }}
    QLabel[role="tag-lights"] {{ color: {LIGHTS}; border-color: #80622f; }}
    QLabel[role="room-name"] {{ font-size: {s(16)}px; font-weight: 600; }}
    QLabel[role="room-idle"] {{ color: {FAINT}; font-size: {s(13)}px; }}
    QLabel[role="room-running"] {{ color: {OK}; font-size: {s(13)}px; }}
    QLabel[role="room-paused"] {{ color: {WARN}; font-size: {s(13)}px; }}
    QLabel[role="tile-name"] {{ font-size: {s(19)}px; font-weight: 600; }}
    QLabel[role="tile-length"] {{ color: {ACCENT}; font-size: {s(16)}px; }}
    QLabel[role="tile-summary"] {{ color: {MUTED}; font-size: {s(14)}px; }}
    QFrame[role="tile"] {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: {s(12)}px; }}
    QFrame[role="tile-checked"] {{ background: {SURFACE_3}; border: 2px solid {ACCENT};
                                   border-radius: {s(12)}px; }}
    QFrame[role="tile"] QLabel, QFrame[role="tile-checked"] QLabel {{ border: none; }}
    QPushButton[role="mark"] {{ background: #4a261a; color: #ffb18c; border: 1px solid #8b4a30;
                                border-radius: {s(8)}px; padding: {s(2)}px {s(10)}px; font-size: {s(14)}px;
                                min-height: {s(44)}px; min-width: {s(44)}px; }}
    QLineEdit {{ background: {SURFACE_2}; color: {TEXT}; border: 1px solid {BORDER};
                 border-radius: {s(10)}px; padding: {s(4)}px {s(12)}px; min-height: {s(44)}px;
                 font-size: {s(16)}px; }}
    QLineEdit:focus {{ border: 2px solid {ACCENT}; }}
    QLineEdit:disabled {{ color: {FAINT}; background: {SURFACE}; }}
    QPushButton[role="key"], QPushButton[role="key-ok"] {{ font-size: {s(26)}px; font-weight: 600;
        border-radius: {s(14)}px; min-width: {s(92)}px; min-height: {s(64)}px; }}
    QPushButton[role="key-ok"] {{ background: {ACCENT}; color: {ON_ACCENT}; border: none; }}
    QPushButton[role="key-ok"]:disabled {{ background: {SURFACE_2}; color: {FAINT}; }}
    QPushButton[role="entry"] {{ text-align: left; border-radius: {s(14)}px; }}
    QLabel[role="pin-dots"] {{ color: {ACCENT}; font-size: {s(30)}px; letter-spacing: {s(4)}px;
                               min-height: {s(44)}px; }}
    QLabel[role="field-title"] {{ font-size: {s(16)}px; font-weight: 600; }}
    QLabel[role="problem"] {{ color: #f0a58a; font-size: {s(14)}px; }}
    QLabel[role="value"] {{ color: {ACCENT}; font-size: {s(17)}px; font-weight: 600; }}
    QPushButton[role="switch"] {{ min-width: {s(96)}px; }}
    QPushButton[role="switch"]:checked {{ background: {ACCENT_DIM}; border: 2px solid {ACCENT}; }}
    QSlider {{ min-height: {s(TOUCH)}px; }}
    QSlider::groove:horizontal {{ height: {s(8)}px; background: {SURFACE_3}; border-radius: {s(4)}px; }}
    QSlider::sub-page:horizontal {{ background: {ACCENT_DIM}; border-radius: {s(4)}px; }}
    QSlider::handle:horizontal {{ background: {ACCENT}; width: {s(30)}px; height: {s(30)}px;
                                  margin: -{s(11)}px 0; border-radius: {s(15)}px; }}
    QSlider::handle:horizontal:disabled {{ background: {FAINT}; }}
    QScrollArea {{ border: none; background: transparent; }}
    QScrollArea > QWidget > QWidget {{ background: transparent; }}
    QScrollBar:vertical {{ background: {BG}; width: {s(10)}px; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {SURFACE_3}; border-radius: {s(5)}px; min-height: {s(40)}px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
    QLabel[role="picker"] {{ font-size: {s(44)}px; font-weight: 300; min-width: {s(72)}px; }}
    QFrame[role="booking"], QFrame[role="booking-now"], QFrame[role="booking-done"] {{
        background: {SURFACE}; border: 1px solid {BORDER}; border-radius: {s(12)}px; }}
    QFrame[role="booking-now"] {{ background: {SURFACE_3}; border: 2px solid {ACCENT}; }}
    QFrame[role="booking-done"] {{ background: {BG}; border: 1px solid {SURFACE_3}; }}
    QFrame[role="booking"] QLabel, QFrame[role="booking-now"] QLabel, QFrame[role="booking-done"] QLabel {{
        border: none; }}
    QLabel[role="booking-time"] {{ font-size: {s(22)}px; font-weight: 600; }}
    QLabel[role="booking-state"] {{ color: {ACCENT}; font-size: {s(15)}px; font-weight: 600; }}
    QLabel[role="client"] {{ color: {OK}; font-size: {s(17)}px; font-weight: 600; }}
    QLabel[role="error"] {{ color: #f1a08a; font-size: {s(15)}px; }}
    QComboBox {{ background: {SURFACE_2}; color: {TEXT}; border: 1px solid {BORDER};
                 border-radius: {s(10)}px; padding: {s(4)}px {s(12)}px; min-height: {s(44)}px;
                 font-size: {s(16)}px; }}
    QComboBox QAbstractItemView {{ background: {SURFACE_2}; color: {TEXT};
                                   selection-background-color: {ACCENT_DIM}; font-size: {s(17)}px; }}
    QCheckBox {{ font-size: {s(16)}px; min-height: {s(44)}px; }}
    QCheckBox::indicator {{ width: {s(28)}px; height: {s(28)}px; }}
    QDialog {{ background: {SURFACE}; border: 1px solid {ACCENT_DIM}; }}
    """


def palette() -> QPalette:
    """A dark palette, so that anything the style sheet does not reach stays dark too."""
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, BG),
        (QPalette.ColorRole.Base, SURFACE),
        (QPalette.ColorRole.AlternateBase, SURFACE_2),
        (QPalette.ColorRole.Button, SURFACE_2),
        (QPalette.ColorRole.Text, TEXT),
        (QPalette.ColorRole.WindowText, TEXT),
        (QPalette.ColorRole.ButtonText, TEXT),
        (QPalette.ColorRole.ToolTipBase, SURFACE_3),
        (QPalette.ColorRole.ToolTipText, TEXT),
        (QPalette.ColorRole.Highlight, ACCENT_DIM),
        (QPalette.ColorRole.HighlightedText, TEXT),
        (QPalette.ColorRole.PlaceholderText, FAINT),
    ):
        pal.setColor(role, QColor(colour))
    return pal


def apply(app: QApplication, scale: float = 1.0) -> None:
    """Give the whole application the panel's look at ``scale``."""
    app.setPalette(palette())
    app.setStyleSheet(stylesheet(scale))


def kelvin_colour(kelvin: int | None, level: float = 100.0) -> QColor:
    """The colour a white light of ``kelvin`` casts, dimmed by ``level`` (for the demo picture).

    A fit of black-body colours (after Tanner Helland's published approximation), good enough
    to tell candle-warm from neutral at a glance.
    """
    k = (kelvin or 2700) / 100.0
    if k <= 66:
        red = 255.0
        green = 99.47 * math.log(k) - 161.12
        blue = 0.0 if k <= 19 else 138.52 * math.log(k - 10) - 305.04
    else:
        red = 329.70 * (k - 60) ** -0.1332
        green = 288.12 * (k - 60) ** -0.0755
        blue = 255.0
    colour = QColor(*(max(0, min(255, round(c))) for c in (red, green, blue)))
    colour.setAlphaF(max(0.0, min(1.0, level / 100.0)))
    return colour

"""The panel's look for a dim treatment room: dark warm surfaces, amber accents, large touch targets."""

from __future__ import annotations

import math
from pathlib import Path

from ambience.ui.qt import QApplication, QColor, QPalette

# Colours: nothing brighter than a warm off-white, and only small areas of it. Every text colour
# keeps at least 4.5:1 against the surfaces it is drawn on (TEXT_PAIRS, checked by a test).
BG = "#15110e"
SURFACE = "#211b16"
SURFACE_2 = "#2c241e"
SURFACE_3 = "#372d25"
BORDER = "#43372d"
TEXT = "#eadccb"
MUTED = "#a8978a"
FAINT = "#9a8a7b"  # the quietest text: placeholders, disabled buttons, "Ready"
ACCENT = "#dd9f55"
ACCENT_DIM = "#7d5a33"
ON_ACCENT = "#1d140b"
DANGER = "#c8674b"
DANGER_BG = "#46261e"
DANGER_TEXT = "#f1c6b6"
OK = "#93b27d"  # running
WARN = "#e2a347"
HEAT = "#e27b3e"
COOL = "#7fa7c4"
PAUSED = "#8fb3d0"  # paused: a cool blue, never the amber of running things
PAUSED_DIM = "#7c98ae"  # the countdown while paused: dimmer than running, still readable
LIGHTS = "#ffd595"
LIGHTS_BG = "#3e321f"
LIGHTS_ON_TEXT = "#2a1d0c"  # "Back to session light": dark words on the lit button
MARK_TEXT = "#ffb18c"
PROBLEM = "#f0a58a"  # what is wrong with a value the owner typed
ERROR_TEXT = "#f1a08a"  # a booking that could not be made
MARK_BG = "#4a261a"
NOTICE_BG = "#2a2013"
# Night mode: a black screen with a dim warm clock, the darkest the panel can be and still be read.
NIGHT_BG = "#000000"
NIGHT_TEXT = "#a0703f"
PICTURE_WALL = "#241d17"

# Every pair of text colour and background the panel draws: (where, text, background).
TEXT_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("text on the page", TEXT, BG),
    ("text on cards and bars", TEXT, SURFACE),
    ("button text", TEXT, SURFACE_2),
    ("pressed and selected", TEXT, SURFACE_3),
    ("muted text on the page", MUTED, BG),
    ("muted text on cards", MUTED, SURFACE),
    ("muted text on buttons", MUTED, SURFACE_2),
    ("muted text on a selected room or tile", MUTED, SURFACE_3),
    ("faint text on the page", FAINT, BG),
    ("faint text on cards", FAINT, SURFACE),
    ("placeholders and disabled buttons", FAINT, SURFACE_2),
    ("accent on the page", ACCENT, BG),
    ("accent on cards", ACCENT, SURFACE),
    ("accent on a selected tile", ACCENT, SURFACE_3),
    ("primary buttons", ON_ACCENT, ACCENT),
    ("danger buttons", DANGER_TEXT, DANGER_BG),
    ("running", OK, BG),
    ("running on a room", OK, SURFACE_2),
    ("running on the selected room", OK, SURFACE_3),
    ("paused", PAUSED, BG),
    ("paused on a room", PAUSED, SURFACE_2),
    ("paused on the selected room", PAUSED, SURFACE_3),
    ("the paused countdown", PAUSED_DIM, BG),
    ("warnings on the page", WARN, BG),
    ("warnings on cards", WARN, SURFACE),
    ("notices", WARN, NOTICE_BG),
    ("heating", HEAT, SURFACE),
    ("lights up tag", LIGHTS, SURFACE),
    ("Lights up", LIGHTS, LIGHTS_BG),
    ("Back to session light", LIGHTS_ON_TEXT, LIGHTS),
    ("a device's mark", MARK_TEXT, MARK_BG),
    ("a setting's problem", PROBLEM, SURFACE),
    ("a setting's problem on an editor", PROBLEM, SURFACE_2),
    ("a booking's error", ERROR_TEXT, SURFACE),
    ("a booking's error on the page", ERROR_TEXT, BG),
    ("the client", OK, SURFACE),
    ("the undo bar", ON_ACCENT, WARN),
    ("night clock", NIGHT_TEXT, NIGHT_BG),
    ("the demo picture", TEXT, PICTURE_WALL),
    ("the demo picture, quiet", FAINT, PICTURE_WALL),
)


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb`` (WCAG 2)."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# The smallest thing a finger (perhaps an oiled one) must hit, in pixels at scale 1.
TOUCH = 48
# The design size; larger windows scale fonts and targets up in steps.
BASE_WIDTH = 1024
BASE_HEIGHT = 600


def scale_for(width: int, height: int) -> float:
    """How much to enlarge the panel for a window of this size (1 at 1024×600, in quarter steps)."""
    raw = min(width / BASE_WIDTH, height / BASE_HEIGHT)
    return max(1.0, min(2.0, round(raw * 4) / 4))


# The chevron of a drop-down list (a style sheet that shapes the list's button draws no arrow).
DROP_DOWN = (Path(__file__).parent / "assets" / "drop-down.svg").as_posix()


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
    QLabel[role="detail"] {{ color: {MUTED}; font-size: {s(13)}px; }}
    QLabel[role="title"] {{ font-size: {s(22)}px; font-weight: 600; }}
    QLabel[role="heading"] {{ color: {MUTED}; font-size: {s(13)}px; letter-spacing: 1px; }}
    QLabel[role="phase"] {{ font-size: {s(24)}px; font-weight: 600; }}
    QLabel[role="next"] {{ color: {MUTED}; font-size: {s(17)}px; }}
    QLabel[role="status"] {{ color: {OK}; font-size: {s(17)}px; font-weight: 600; }}
    QLabel[role="status-paused"] {{ color: {PAUSED}; font-size: {s(22)}px; font-weight: 700;
                                    letter-spacing: 2px; }}
    QLabel[role="status-ended"] {{ color: {MUTED}; font-size: {s(17)}px; font-weight: 600; }}
    QLabel[role="paused-note"] {{ color: {PAUSED}; font-size: {s(15)}px; }}
    QLabel[role="warning"] {{ color: {WARN}; font-size: {s(13)}px; }}
    QLabel[role="value"] {{ font-size: {s(19)}px; font-weight: 600; }}
    QLabel#countdown {{ color: {TEXT}; font-weight: 300; }}
    QFrame[role="card"] {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: {s(12)}px; }}
    QFrame[role="bar"] {{ background: {SURFACE}; border: none; }}
    QFrame[role="row"] {{ background: transparent; border: none; border-bottom: 1px solid {SURFACE_3}; }}
    QFrame[role="sheet"] {{ background: {SURFACE}; border: 2px solid {ACCENT_DIM};
                            border-radius: {s(12)}px; }}
    QFrame[role="undo"] {{ background: {WARN}; border: none; border-radius: {s(10)}px; }}
    QFrame[role="undo"] QLabel {{ color: {ON_ACCENT}; font-size: {s(17)}px; font-weight: 600; }}
    QPushButton {{
        background: {SURFACE_2}; color: {TEXT}; border: 1px solid {BORDER};
        border-radius: {s(10)}px; padding: {s(6)}px {s(16)}px;
        min-height: {s(TOUCH) - 2 * s(6) - 2}px; min-width: {s(TOUCH) - 2 * s(16) - 2}px;
        font-size: {s(17)}px;
    }}
    QPushButton:pressed {{ background: {SURFACE_3}; }}
    QPushButton:checked {{ background: {SURFACE_3}; border: 2px solid {ACCENT};
                           padding: {s(6) - 1}px {s(16) - 1}px; }}
    QPushButton:disabled {{ color: {FAINT}; background: {SURFACE}; border-color: {SURFACE_3}; }}
    QPushButton[role="primary"] {{ background: {ACCENT}; color: {ON_ACCENT}; border: none;
                                   font-weight: 600; }}
    QPushButton[role="primary"]:pressed {{ background: {ACCENT_DIM}; }}
    QPushButton[role="primary"]:disabled {{ background: {SURFACE_2}; color: {FAINT}; }}
    QPushButton[role="danger"] {{ background: {DANGER_BG}; color: {DANGER_TEXT}; border: 1px solid #6e3b2c; }}
    QPushButton[role="danger"]:disabled {{ color: {FAINT}; background: {SURFACE};
                                         border-color: {SURFACE_3}; }}
    QPushButton[role="lights"] {{ background: {LIGHTS_BG}; color: {LIGHTS}; border: 1px solid #80622f;
                                  font-weight: 600; }}
    QPushButton[role="lights"]:checked {{ background: {LIGHTS}; color: {LIGHTS_ON_TEXT};
                                          border: 1px solid {LIGHTS}; padding: {s(6)}px {s(16)}px; }}
    QPushButton[role="edge"] {{ background: {BG}; border: 1px solid {BORDER}; border-radius: {s(8)}px;
                               color: {ACCENT}; font-size: {s(26)}px; padding: 0; min-width: 0; }}
    QPushButton[role="room"] {{ text-align: left; padding: {s(4)}px {s(10)}px; font-size: {s(16)}px; }}
    QPushButton[role="room"][state="paused"] {{ border: 2px dashed {PAUSED}; }}
    QPushButton[role="room"][state="paused"]:checked {{ border: 2px solid {PAUSED}; }}
    QPushButton[role="flat"] {{ background: transparent; border: none; color: {MUTED}; }}
    QPushButton[role="room-heading"] {{ background: transparent; border: none; color: {MUTED};
                                        text-align: left; font-size: {s(13)}px; letter-spacing: 1px; }}
    QPushButton[role="room-heading"]:checked {{ background: {SURFACE_3}; border: 2px solid {ACCENT};
                                                color: {TEXT}; }}
    QPushButton[role="notice"] {{ background: {NOTICE_BG}; border: 1px solid #6b5125; color: {WARN};
                                  font-size: {s(14)}px; padding: {s(4)}px {s(10)}px;
                                  min-height: {s(TOUCH) - 2 * s(4) - 2}px; }}
    QPushButton[role="badge"] {{ background: transparent; color: {ACCENT}; border: 1px solid {ACCENT_DIM};
                                 border-radius: {s(8)}px; padding: {s(3)}px {s(10)}px;
                                 font-size: {s(14)}px; min-height: {s(TOUCH) - 2 * s(3) - 2}px; }}
    QPushButton[role="undo"] {{ background: {ON_ACCENT}; color: {WARN}; border: none; font-weight: 700; }}
    QLabel[role="tag"], QLabel[role="tag-heat"], QLabel[role="tag-lights"] {{
        color: {MUTED}; border: 1px solid {BORDER}; border-radius: {s(8)}px;
        padding: {s(2)}px {s(8)}px; font-size: {s(13)}px; }}
    QLabel[role="tag-heat"] {{ color: {HEAT}; border-color: #7a4526; }}
    QLabel[role="tag-lights"] {{ color: {LIGHTS}; border-color: #80622f; }}
    QLabel[role="room-name"] {{ font-size: {s(16)}px; font-weight: 600; }}
    QLabel[role="room-idle"] {{ color: {MUTED}; font-size: {s(13)}px; }}
    QLabel[role="room-running"] {{ color: {OK}; font-size: {s(13)}px; font-weight: 600; }}
    QLabel[role="room-paused"] {{ color: {PAUSED}; font-size: {s(13)}px; font-weight: 700; }}
    QLabel[role="tile-name"] {{ font-size: {s(19)}px; font-weight: 600; }}
    QLabel[role="tile-length"] {{ color: {ACCENT}; font-size: {s(16)}px; }}
    QLabel[role="tile-summary"] {{ color: {MUTED}; font-size: {s(14)}px; }}
    QLabel[role="tile-description"] {{ color: {TEXT}; font-size: {s(14)}px; }}
    QFrame[role="tile"] {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: {s(12)}px; }}
    QFrame[role="tile-checked"] {{ background: {SURFACE_3}; border: 2px solid {ACCENT};
                                   border-radius: {s(12)}px; }}
    QFrame[role="tile"] QLabel, QFrame[role="tile-checked"] QLabel {{ border: none; }}
    QFrame[role="tile-broken"] {{ background: {DANGER_BG}; border: 1px dashed #8b4a30;
                                  border-radius: {s(12)}px; }}
    QFrame[role="tile-broken-checked"] {{ background: {DANGER_BG}; border: 2px solid {WARN};
                                          border-radius: {s(12)}px; }}
    QFrame[role="tile-broken"] QLabel, QFrame[role="tile-broken-checked"] QLabel {{ border: none; }}
    QLabel[role="tile-broken-mark"] {{ color: {WARN}; font-size: {s(15)}px; font-weight: 600; }}
    QPushButton[role="tab"] {{ padding: {s(6)}px {s(14)}px; }}
    QPushButton[role="chip"] {{ font-size: {s(14)}px; padding: {s(4)}px {s(10)}px;
                                border-radius: {s(16)}px; }}
    QPushButton[role="swatch"] {{ min-width: {s(52)}px; border: 2px solid {SURFACE_3}; }}
    QPushButton[role="swatch"]:checked {{ border: 3px solid {TEXT}; }}
    QListWidget {{ background: {SURFACE}; border: none; font-size: {s(15)}px; }}
    QListWidget::item {{ padding: {s(6)}px {s(4)}px; border-bottom: 1px solid {SURFACE_3}; }}
    QListWidget::item:selected {{ background: {ACCENT_DIM}; color: {TEXT}; }}
    QPlainTextEdit {{ background: {SURFACE_2}; color: {TEXT}; border: 1px solid {BORDER};
                      border-radius: {s(10)}px; font-size: {s(15)}px; }}
    QPushButton[role="mark"] {{ background: {MARK_BG}; color: {MARK_TEXT}; border: 1px solid #8b4a30;
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
    QLabel[role="problem"] {{ color: {PROBLEM}; font-size: {s(14)}px; }}
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
    QScrollBar:vertical {{ background: transparent; width: {s(6)}px; margin: 0; }}
    QScrollBar:horizontal {{ background: transparent; height: {s(4)}px; margin: 0; }}
    QScrollBar::handle {{ background: {SURFACE_3}; border-radius: {s(3)}px; min-height: {s(40)}px;
                          min-width: {s(40)}px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; width: 0; }}
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
    QLabel[role="error"] {{ color: {ERROR_TEXT}; font-size: {s(15)}px; }}
    QComboBox {{ background: {SURFACE_2}; color: {TEXT}; border: 1px solid {BORDER};
                 border-radius: {s(10)}px; padding: {s(4)}px {s(12)}px; min-height: {s(44)}px;
                 font-size: {s(16)}px; }}
    QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
                            width: {s(36)}px; border: none; background: transparent; }}
    QComboBox::down-arrow {{ image: url({DROP_DOWN}); width: {s(20)}px; height: {s(20)}px; }}
    QComboBox QAbstractItemView {{ background: {SURFACE_2}; color: {TEXT};
                                   selection-background-color: {ACCENT_DIM}; font-size: {s(17)}px; }}
    QCheckBox {{ font-size: {s(16)}px; min-height: {s(44)}px; }}
    QCheckBox::indicator {{ width: {s(28)}px; height: {s(28)}px; }}
    QDialog {{ background: {SURFACE}; border: 1px solid {ACCENT_DIM}; }}
    QWidget#night {{ background: {NIGHT_BG}; }}
    QWidget#night QLabel {{ color: {NIGHT_TEXT}; }}
    QWidget#night QPushButton {{ background: {NIGHT_BG}; color: {NIGHT_TEXT}; border: 1px solid #3b2a18; }}
    QWidget#welcome {{ background: {BG}; }}
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

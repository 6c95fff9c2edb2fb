"""The panel's questions and explanations: stop the session?, move on to the next phase?, start
without some devices?, quit during a session?, and the few things a finger taps to read in full.

Dialogs open without blocking (``open()``, never ``exec()``), so the shared asyncio loop keeps
serving every room while a question waits for an answer. Each one sizes itself to its words and
to the window: on a small screen long words scroll, nothing is cut off.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ambience.engine.snapshot import DeviceStatus
from ambience.ui import theme
from ambience.ui.describe import health_detail, health_reason
from ambience.ui.qt import (
    QBoxLayout,
    QDialog,
    QPushButton,
    QScrollArea,
    QShowEvent,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.touch import kinetic
from ambience.ui.widgets import text_label, touch_button

MAX_WIDTH = 640  # at scale 1: a comfortable line length on a large screen
MARGIN = 24


class Question(QDialog):
    """A short question with large answers; Enter confirms, Esc cancels, Space does nothing.

    The answers never take the keyboard focus: Space is the panel's pause key, and a Space
    pressed out of habit must not end a session. ``details`` (technical words) stay folded
    away behind a "Details" button. With ``cancel`` empty there is one answer (an explanation).
    """

    def __init__(
        self,
        parent: QWidget,
        title: str,
        text: str,
        confirm: str,
        cancel: str = "Cancel",
        *,
        danger: bool = False,
        details: str = "",
        extra: QPushButton | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.heading = text_label(title, "title", wrap=True)
        self.body = body = text_label(text, "muted", wrap=True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        self.details = text_label(details, "detail", wrap=True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.hide()
        self.details_button: QPushButton = touch_button("Details", "flat")
        self.details_button.setVisible(bool(details))
        self.details_button.clicked.connect(self.toggle_details)

        words = QWidget()
        column = QVBoxLayout(words)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(body)
        column.addWidget(self.details)
        self.words = words
        self.scroll_area = kinetic(QScrollArea())
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setWidget(words)

        self.confirm_button: QPushButton = touch_button(confirm, "danger" if danger else "primary")
        self.cancel_button: QPushButton = touch_button(cancel)
        self.cancel_button.setVisible(bool(cancel))
        self.extra_button: QPushButton | None = extra
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.answers = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.answers.setSpacing(12)
        self.answers.addWidget(self.cancel_button)
        self.answers.addWidget(self.details_button)
        self.answers.addStretch(1)
        if extra is not None:
            self.answers.addWidget(extra)
        self.answers.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, 18, MARGIN, 18)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll_area)
        layout.addLayout(self.answers)

    def ask(self, on_yes: Callable[[], None]) -> Question:
        """Show the question without blocking; ``on_yes`` runs if the answer is yes."""
        self.accepted.connect(on_yes)
        self.finished.connect(self.deleteLater)
        self.fit()
        self.open()
        self.setFocus()
        return self

    def toggle_details(self) -> None:
        self.details.setVisible(not self.details.isVisibleTo(self))
        self.details_button.setText("Hide details" if self.details.isVisibleTo(self) else "Details")
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    def fit(self) -> None:
        """As wide as the words want and the window allows; as tall as the words, scrolling beyond."""
        self.ensurePolished()
        for widget in self.findChildren(QWidget):
            widget.ensurePolished()
        parent = self.parentWidget()
        window = parent.window() if parent is not None else self
        scale = theme.scale_for(window.width(), window.height())
        layout = self.layout()
        assert layout is not None  # set up in the constructor
        margins = layout.contentsMargins()
        comfortable = min(window.width() - 48, round(MAX_WIDTH * scale))
        width = min(window.width() - 16, max(round(360 * scale), comfortable))
        inner = width - margins.left() - margins.right()
        # The answers side by side if they fit, else one above the other.
        answers = (self.cancel_button, self.details_button, self.extra_button, self.confirm_button)
        shown = [b for b in answers if b is not None and not b.isHidden()]
        side_by_side = sum(b.sizeHint().width() for b in shown) + 12 * (len(shown) + 1) <= inner
        self.answers.setDirection(
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        words_layout = self.words.layout()
        assert words_layout is not None
        words_h = words_layout.totalHeightForWidth(inner - 2)
        heading_h = self.heading.heightForWidth(inner)
        buttons_h = self.answers.sizeHint().height()
        fixed = heading_h + buttons_h + 2 * layout.spacing() + margins.top() + margins.bottom()
        room = max(60, window.height() - 16 - fixed)
        self.heading.setFixedHeight(heading_h)
        self.scroll_area.setFixedHeight(min(words_h, room))
        self.setFixedSize(width, fixed + min(words_h, room))


def info(
    parent: QWidget, title: str, text: str, *, details: str = "", extra: QPushButton | None = None
) -> Question:
    """An explanation with one answer, for what a finger taps to read in full."""
    return Question(parent, title, text, "OK", "", details=details, extra=extra)


def stop_question(parent: QWidget, room_name: str, preset_name: str) -> Question:
    return Question(
        parent,
        "End the session?",
        f"{preset_name} in {room_name} ends now: the lights come up to the turnover level, "
        "the music fades out and the diffuser stops.",
        "End session",
        "Keep going",
        danger=True,
    )


def next_phase_question(parent: QWidget, phase: str, left: str, next_phase: str) -> Question:
    return Question(
        parent,
        f"Move on to {next_phase}?",
        f"{phase} has {left} left. {next_phase} starts now, with its light, music and warmth. "
        "You can undo it for a few seconds afterwards.",
        f"Move on to {next_phase}",
        f"Stay in {phase}",
    )


def preflight_question(parent: QWidget, preset_name: str, unreachable: Sequence[DeviceStatus]) -> Question:
    lines = "\n".join(f"• {health_reason(d) or d.name + ' is not answering.'}" for d in unreachable)
    details = "\n".join(f"{d.name}: {health_detail(d) or 'not reachable'}" for d in unreachable)
    return Question(
        parent,
        "Some devices do not answer",
        f"{lines}\n\nStart {preset_name} anyway? The session keeps trying them and sets them as "
        "soon as they answer.",
        "Start anyway",
        details=details,
    )


QUIT_LEAVES = {
    "turnover": "End them now (lights up to the turnover level, music off, diffuser off) and quit?",
    "all_off": "End them now, switch everything off (lights, music, diffuser; heating down to "
    "18 °C) and quit?",
    "as_is": "End them now and quit, leaving the lights, music, diffuser and heating as they are?",
}


def quit_question(parent: QWidget, rooms: Sequence[str], leaves: str = "turnover") -> Question:
    where = ", ".join(rooms)
    return Question(
        parent,
        "A session is running",
        f"Running in: {where}.\n\nThe sessions cannot go on once the panel is closed. "
        + QUIT_LEAVES.get(leaves, QUIT_LEAVES["turnover"]),
        "End and quit",
        "Cancel",
        danger=True,
    )

"""The panel's few questions: stop the session?, start without some devices?, quit during a session?

Dialogs open without blocking (``open()``, never ``exec()``), so the shared asyncio loop keeps
serving every room while a question waits for an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ambience.engine.snapshot import DeviceStatus
from ambience.ui.qt import QDialog, QHBoxLayout, QPushButton, Qt, QVBoxLayout, QWidget
from ambience.ui.widgets import text_label, touch_button


class Question(QDialog):
    """A short question with large answers; Enter confirms, Esc cancels, Space does nothing.

    The answers never take the keyboard focus: Space is the panel's pause key, and a Space
    pressed out of habit must not end a session.
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
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(min(560, max(360, parent.width() // 2)))
        heading = text_label(title, "title")
        self.body = body = text_label(text, "muted", wrap=True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm_button: QPushButton = touch_button(confirm, "danger" if danger else "primary")
        self.cancel_button: QPushButton = touch_button(cancel)
        for button in (self.confirm_button, self.cancel_button):
            button.setMinimumWidth(160)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addSpacing(6)
        layout.addLayout(buttons)

    def ask(self, on_yes: Callable[[], None]) -> Question:
        """Show the question without blocking; ``on_yes`` runs if the answer is yes."""
        self.accepted.connect(on_yes)
        self.finished.connect(self.deleteLater)
        self.open()
        self.setFocus()
        return self


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


def preflight_question(parent: QWidget, preset_name: str, unreachable: Sequence[DeviceStatus]) -> Question:
    lines = "\n".join(f"• {d.name}: {d.problem or 'not reachable'}" for d in unreachable)
    return Question(
        parent,
        "Some devices do not answer",
        f"{lines}\n\nStart {preset_name} anyway? The session keeps trying them and sets them as "
        "soon as they answer.",
        "Start anyway",
    )


def quit_question(parent: QWidget, rooms: Sequence[str]) -> Question:
    where = ", ".join(rooms)
    return Question(
        parent,
        "A session is running",
        f"Running in: {where}.\n\nThe sessions cannot go on once the panel is closed. End them now "
        "(lights up to the turnover level, music off, diffuser off) and quit?",
        "End and quit",
        "Cancel",
        danger=True,
    )

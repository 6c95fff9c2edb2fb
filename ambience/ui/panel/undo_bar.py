"""A prominent Undo, for ten seconds after the session moved to another phase."""

from __future__ import annotations

from ambience.ui.qt import QFrame, QHBoxLayout, QPushButton, QTimer, QWidget, Signal
from ambience.ui.widgets import ElidedLabel, set_text, touch_button

UNDO_SECONDS = 10


class UndoBar(QFrame):
    """ "Now in Wake-up [Undo · 9]": shown over the bottom of the page; the room page places it."""

    undo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "undo")
        self.label = ElidedLabel("")
        self.button: QPushButton = touch_button("Undo", "undo")
        self.button.clicked.connect(self._undo)
        self.left = 0
        # Wall-clock seconds: the offer is for the person at the panel, whatever the studio's speed.
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 8, 6)
        row.setSpacing(12)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()

    def offer(self, text: str) -> None:
        """Offer to undo what ``text`` says happened, for the next ten seconds."""
        set_text(self.label, text)
        self.left = UNDO_SECONDS
        self._show_left()
        self.show()
        self.raise_()
        self.timer.start()

    def tick(self) -> None:
        """One second less (the timer calls it; tests call it to move on)."""
        self.left -= 1
        if self.left <= 0:
            self.withdraw()
        else:
            self._show_left()

    def withdraw(self) -> None:
        self.timer.stop()
        self.hide()

    def _show_left(self) -> None:
        set_text(self.button, f"Undo · {self.left}")

    def _undo(self) -> None:
        self.withdraw()
        self.undo.emit()

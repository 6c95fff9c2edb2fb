"""A dialog that asks for a few answers: Cancel at the bottom left, its one action at the right."""

from __future__ import annotations

from ambience.ui.qt import QDialog, QHBoxLayout, QPushButton, QWidget
from ambience.ui.widgets import touch_button


class FormDialog(QDialog):
    """A modal dialog over a screen with a Cancel button that closes it and keeps nothing."""

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.close_button = touch_button("Cancel")
        self.close_button.clicked.connect(self.reject)

    def action_row(self, action: QPushButton) -> QHBoxLayout:
        """The bottom row: Cancel at the left, ``action`` at the right, out of each other's way."""
        row = QHBoxLayout()
        row.addWidget(self.close_button)
        row.addStretch(1)
        row.addWidget(action)
        return row


def as_sentence(text: str) -> str:
    """``text`` with a capital and a full stop, for a line that says what is wrong."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")

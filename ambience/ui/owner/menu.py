"""The owner's menu: one large button per owner screen (presets, studio settings, devices, …)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ambience.ui.qt import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.widgets import text_label, touch_button


@dataclass(frozen=True)
class OwnerEntry:
    """An owner screen in the menu: its name, a line saying what it is for, and how to open it."""

    title: str
    detail: str
    open: Callable[[], None]


class EntryButton(QPushButton):
    """A large button with the screen's name and, underneath, what it is for."""

    def __init__(self, entry: OwnerEntry) -> None:
        super().__init__()
        self.entry = entry
        self.setProperty("role", "entry")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(96)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        title = text_label(entry.title, "tile-name")
        detail = text_label(entry.detail, "tile-summary", wrap=True)
        for label in (title, detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        words = QVBoxLayout(self)
        words.setContentsMargins(18, 10, 18, 10)
        words.setSpacing(4)
        words.addWidget(title)
        words.addWidget(detail)
        words.addStretch(1)
        self.clicked.connect(entry.open)


class OwnerMenu(QDialog):
    """Covers the panel while owner mode is open; Lock goes back to the rooms and locks."""

    def __init__(
        self,
        parent: QWidget,
        entries: Sequence[OwnerEntry],
        *,
        note: str = "",
        change_pin: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Owner")
        self.setObjectName("panel")
        self.buttons = [EntryButton(entry) for entry in entries]
        grid = QGridLayout()
        grid.setSpacing(12)
        columns = 2 if len(self.buttons) > 1 else 1
        for index, button in enumerate(self.buttons):
            grid.addWidget(button, index // columns, index % columns)

        self.lock_button = touch_button("Lock · back to rooms", "primary")
        self.lock_button.clicked.connect(self.reject)
        self.pin_button = touch_button("Change PIN")
        self.pin_button.setVisible(change_pin is not None)
        if change_pin is not None:
            self.pin_button.clicked.connect(change_pin)
        self.note = text_label(note, "warning", wrap=True)
        self.note.setVisible(bool(note))

        top = QHBoxLayout()
        top.addWidget(text_label("Owner", "title"))
        top.addStretch(1)
        top.addWidget(self.pin_button)
        top.addWidget(self.lock_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addLayout(grid, 1)
        layout.addWidget(
            text_label(
                "Therapists start, pause, extend and stop sessions without the PIN. Owner mode locks "
                "itself when you go back to the rooms, or after a few minutes untouched.",
                "faint",
                wrap=True,
            )
        )

    def button(self, title: str) -> EntryButton:
        return next(b for b in self.buttons if b.entry.title == title)

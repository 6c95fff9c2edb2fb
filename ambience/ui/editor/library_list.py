"""The editor's list of presets: search, the order the tiles take (drag, or ▲ ▼), and the buttons
that make, copy, delete, hide, restore, import and export presets."""

from __future__ import annotations

from collections.abc import Sequence

from ambience.config.catalog import LibraryEntry, Source
from ambience.ui.qt import (
    QAbstractItemView,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScroller,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.widgets import set_text, text_label, touch_button

NAME_ROLE = Qt.ItemDataRole.UserRole


def entry_words(entry: LibraryEntry) -> str:
    """The second line of a preset in the list: length, where it comes from, and its state."""
    where = "bundled" if entry.source is Source.BUNDLED else "yours"
    if entry.replaces_bundled:
        where = "yours, in place of the bundled one"
    if entry.broken:
        return f"⚠ broken · {where}"
    minutes = entry.loaded.preset.minutes if entry.loaded else 0
    state = " · hidden from the panel" if entry.hidden else ""
    return f"{minutes:g} min · {where}{state}"


class PresetList(QWidget):
    """Every preset of the library in the tiles' order; ``chosen(name)`` when one is touched."""

    chosen = Signal(str)
    reordered = Signal(object)  # list[str]: every name in its new order

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[LibraryEntry] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search presets")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setProperty("role", "presets")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setWordWrap(True)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        QScroller.grabGesture(self.list.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.model().rowsMoved.connect(lambda *_args: self.reordered.emit(self.names()))
        self.new_button = touch_button("New", "primary")
        self.duplicate_button = touch_button("Duplicate")
        self.delete_button = touch_button("Delete", "danger")
        self.up_button = touch_button("▲ Earlier")
        self.down_button = touch_button("▼ Later")
        self.hide_button = touch_button("Hide")
        self.trash_button = touch_button("Trash…")
        self.import_button = touch_button("Import…")
        self.export_button = touch_button("Export…")
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        grid = QGridLayout()
        grid.setSpacing(6)
        buttons = (
            self.new_button,
            self.duplicate_button,
            self.delete_button,
            self.up_button,
            self.down_button,
            self.hide_button,
            self.trash_button,
            self.import_button,
            self.export_button,
        )
        for index, button in enumerate(buttons):
            grid.addWidget(button, index // 3, index % 3)
        self.order_note = text_label("The panel shows the tiles in this order.", "faint", wrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.order_note)
        layout.addLayout(grid)
        self._quiet = False

    # Showing.
    def show_entries(self, entries: Sequence[LibraryEntry], current: str | None) -> None:
        self.entries = list(entries)
        self._quiet = True
        try:
            self.list.clear()
            for entry in entries:
                item = QListWidgetItem(f"{entry.name}\n{entry_words(entry)}")
                item.setData(NAME_ROLE, entry.name)
                if entry.broken:
                    item.setForeground(Qt.GlobalColor.darkYellow)
                elif entry.hidden:
                    item.setForeground(Qt.GlobalColor.gray)
                self.list.addItem(item)
            self._filter(self.search.text())
            if current is not None:
                self.select(current)
        finally:
            self._quiet = False
        self.update_buttons()

    def select(self, name: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if str(item.data(NAME_ROLE)).casefold() == name.casefold():
                was, self._quiet = self._quiet, True
                try:
                    self.list.setCurrentItem(item)
                finally:
                    self._quiet = was
                return

    def current_name(self) -> str | None:
        row = self.list.currentRow()
        return str(self.list.item(row).data(NAME_ROLE)) if row >= 0 else None

    def current(self) -> LibraryEntry | None:
        name = self.current_name()
        return next((e for e in self.entries if e.name == name), None)

    def names(self) -> list[str]:
        return [str(self.list.item(row).data(NAME_ROLE)) for row in range(self.list.count())]

    def update_buttons(self) -> None:
        entry = self.current()
        searching = bool(self.search.text().strip())
        self.duplicate_button.setEnabled(entry is not None and entry.loaded is not None)
        self.delete_button.setEnabled(entry is not None and entry.source is Source.OWNER)
        self.hide_button.setEnabled(entry is not None)
        set_text(self.hide_button, "Show" if entry is not None and entry.hidden else "Hide")
        self.export_button.setEnabled(entry is not None and entry.source is Source.OWNER)
        row = self.list.currentRow()
        self.up_button.setEnabled(entry is not None and row > 0 and not searching)
        self.down_button.setEnabled(entry is not None and 0 <= row < self.list.count() - 1 and not searching)
        # Dragging the order makes no sense on a filtered list.
        self.list.setDragDropMode(
            QAbstractItemView.DragDropMode.NoDragDrop
            if searching
            else QAbstractItemView.DragDropMode.InternalMove
        )

    # What the owner does.
    def _current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.update_buttons()
        if not self._quiet and current is not None:
            self.chosen.emit(str(current.data(NAME_ROLE)))

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        self._quiet = True
        try:
            item = self.list.takeItem(row)
            self.list.insertItem(target, item)
            self.list.setCurrentRow(target)
        finally:
            self._quiet = False
        self.update_buttons()
        self.reordered.emit(self.names())

    def _filter(self, text: str) -> None:
        words = text.strip().casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            haystack = item.text().casefold()
            item.setHidden(not all(w in haystack for w in words))
        self.update_buttons()

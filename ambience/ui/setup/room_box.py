"""The Devices page's selected room: its name, its place among the rooms, and removing it."""

from __future__ import annotations

from collections.abc import Callable

from ambience.setup.service import DeviceSetup
from ambience.ui.qt import QHBoxLayout, QPushButton, QWidget
from ambience.ui.widgets import column_layout, set_text, text_field, text_label, touch_button

# Asks the owner a yes/no question: (title, words, yes-words, what yes does).
Ask = Callable[[str, str, str, Callable[[], None]], None]


class RoomBox(QWidget):
    """Rename the shown room, move it earlier or later on the panel, or remove it (asked first)."""

    def __init__(self, setup: DeviceSetup, ask: Ask) -> None:
        super().__init__()
        self.setup = setup
        self.ask = ask
        column = column_layout(self)
        column.addWidget(text_label("ROOM", "heading"))
        self.name_field = text_field("the room's name on the panel")
        self.name_field.editingFinished.connect(lambda: setup.rename_room(self.name_field.text()))
        column.addWidget(self.name_field)
        self.devices_label = text_label("", "muted", wrap=True)
        column.addWidget(self.devices_label)
        order = QHBoxLayout()
        self.earlier_button: QPushButton = touch_button("Move earlier")
        self.later_button: QPushButton = touch_button("Move later")
        self.earlier_button.clicked.connect(lambda: setup.move_room(-1))
        self.later_button.clicked.connect(lambda: setup.move_room(1))
        order.addWidget(self.earlier_button)
        order.addWidget(self.later_button)
        order.addStretch(1)
        column.addLayout(order)
        self.remove_button: QPushButton = touch_button("Remove room", "danger")
        self.remove_button.clicked.connect(self._ask_remove)
        column.addWidget(self.remove_button)

    def _ask_remove(self) -> None:
        room = self.setup.room(self.setup.selected_room)
        if room is None:
            return
        count = len(room.devices)
        devices = (
            f" Its {count} device{'s' if count != 1 else ''} will show as not in a room, ready to be "
            "placed again."
            if count
            else ""
        )
        self.ask(
            f"Remove {room.name}?",
            f"{room.name} goes from the panel once you Save.{devices}",
            "Remove room",
            self.setup.remove_room,
        )

    def refresh(self) -> None:
        setup = self.setup
        room = setup.room(setup.selected_room)
        if room is None:
            return
        if self.name_field.text() != room.name and not self.name_field.hasFocus():
            self.name_field.setText(room.name)
        count = len(room.devices)
        set_text(self.devices_label, f"{count} device{'s' if count != 1 else ''} in this room")
        ids = [r.id for r in setup.config.rooms]
        self.earlier_button.setEnabled(ids.index(room.id) > 0)
        self.later_button.setEnabled(ids.index(room.id) < len(ids) - 1)

"""Try in room, in the editor: off by default; on, the chosen idle room shows the preset being
edited at the minute marked on the chart, and follows each edit."""

from __future__ import annotations

from collections.abc import Sequence

from ambience.ui.inputs import Choices, Switch
from ambience.ui.qt import QHBoxLayout, QWidget, Signal
from ambience.ui.widgets import ElidedLabel, set_text


class TrialBar(QWidget):
    toggled = Signal(bool)
    room_chosen = Signal(str)
    climate_toggled = Signal(bool)

    def __init__(self, rooms: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.switch = Switch(on_text="Trying in room", off_text="Try in room")
        self.switch.setMinimumWidth(170)
        self.switch.toggledByUser.connect(self.toggled.emit)
        self.rooms = Choices(rooms)
        self.rooms.chosen.connect(self.room_chosen.emit)
        self.climate = Switch(on_text="Temperature too", off_text="No temperature")
        self.climate.setMinimumWidth(170)
        self.climate.toggledByUser.connect(self.climate_toggled.emit)
        self.status = ElidedLabel("", "muted")
        # The switch itself sits in the form's tab row (the page puts it there); this row, with the
        # rooms and what the room shows, appears while a trial is on or has something to say.
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.rooms)
        row.addWidget(self.climate)
        row.addWidget(self.status, 1)
        self.hide()

    def set_on(self, on: bool) -> None:
        self.switch.set_on(on)
        self.setVisible(on or bool(self.status.text()))

    def set_status(self, text: str) -> None:
        set_text(self.status, text)
        self.status.setToolTip(text)
        self.setVisible(self.switch.isChecked() or bool(text))

    def show_rooms(self, busy: set[str], chosen: str | None) -> None:
        """Rooms running a session cannot be chosen."""
        for room_id, button in self.rooms.buttons.items():
            button.setEnabled(room_id not in busy)
        if chosen is not None:
            self.rooms.set_value(chosen)

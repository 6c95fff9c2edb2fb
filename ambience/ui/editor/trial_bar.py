"""Try in room, in the editor: off by default; on, the chosen idle room shows the preset being
edited at the minute marked on the chart, and follows each edit."""

from __future__ import annotations

from collections.abc import Sequence

from ambience.ui.inputs import Choices, Switch
from ambience.ui.qt import QHBoxLayout, QVBoxLayout, QWidget, Signal
from ambience.ui.widgets import set_text, text_label


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
        # Under the buttons and whole: no finger can hover over an elided line to read the rest.
        self.status = text_label("", "muted", wrap=True)
        self.status.hide()
        self.pinned = False  # on a short screen the row holds the switch too, so it always shows
        # The switch itself sits in the form's tab row (the page puts it there); this row, with the
        # rooms and what the room shows, appears while a trial is on or has something to say.
        row = self.row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.rooms)
        row.addWidget(self.climate)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(row)
        column.addWidget(self.status)
        self.hide()

    def set_on(self, on: bool) -> None:
        self.switch.set_on(on)
        self.setVisible(self.pinned or on or bool(self.status.text()))

    def set_status(self, text: str) -> None:
        set_text(self.status, text)
        self.status.setVisible(bool(text))
        self.setVisible(self.pinned or self.switch.isChecked() or bool(text))

    def hold_switch(self, on: bool) -> None:
        """Take the switch into this row (a short screen's Chart tab), or give it back (``on`` False)."""
        self.pinned = on
        if on:
            self.row.insertWidget(0, self.switch)
        self.setVisible(on or self.switch.isChecked() or bool(self.status.text()))

    def show_rooms(self, busy: set[str], chosen: str | None) -> None:
        """Rooms running a session cannot be chosen."""
        for room_id, button in self.rooms.buttons.items():
            button.setEnabled(room_id not in busy)
        if chosen is not None:
            self.rooms.set_value(chosen)

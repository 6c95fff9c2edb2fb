"""A time picker for a finger: large steps for the hour and the minutes, no keyboard, no wheel."""

from __future__ import annotations

from ambience.ui.qt import QGridLayout, Qt, QWidget, Signal
from ambience.ui.widgets import set_text, text_label, touch_button

MINUTE_STEP = 5
DAY_MINUTES = 24 * 60


class TimePicker(QWidget):
    """``HH:MM`` between − and + buttons for the hour and for the minutes (in 5-minute steps)."""

    changed = Signal(int)  # minutes after midnight

    def __init__(self, minutes: int = 9 * 60, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minutes = 0
        self.hours = text_label("", "picker")
        self.mins = text_label("", "picker")
        colon = text_label(":", "picker")
        for label in (self.hours, self.mins, colon):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons = {
            "hour+": touch_button("+1 h"),
            "hour-": touch_button("−1 h"),
            "min+": touch_button(f"+{MINUTE_STEP}"),
            "min-": touch_button(f"−{MINUTE_STEP}"),
        }
        self.buttons["hour+"].clicked.connect(lambda: self.step(60))
        self.buttons["hour-"].clicked.connect(lambda: self.step(-60))
        self.buttons["min+"].clicked.connect(lambda: self.step(MINUTE_STEP))
        self.buttons["min-"].clicked.connect(lambda: self.step(-MINUTE_STEP))
        for button in self.buttons.values():
            button.setAutoRepeat(True)  # hold to run through the hours
            button.setAutoRepeatDelay(450)
            button.setAutoRepeatInterval(140)
            button.setMinimumWidth(84)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.buttons["hour+"], 0, 0)
        grid.addWidget(self.buttons["min+"], 0, 2)
        grid.addWidget(self.hours, 1, 0)
        grid.addWidget(colon, 1, 1)
        grid.addWidget(self.mins, 1, 2)
        grid.addWidget(self.buttons["hour-"], 2, 0)
        grid.addWidget(self.buttons["min-"], 2, 2)
        self.set_minutes(minutes)

    def minutes(self) -> int:
        return self._minutes

    def set_minutes(self, minutes: int) -> None:
        self._minutes = int(minutes) % DAY_MINUTES
        set_text(self.hours, f"{self._minutes // 60:02d}")
        set_text(self.mins, f"{self._minutes % 60:02d}")

    def step(self, delta: int) -> None:
        value = self._minutes + delta
        if delta % 60 and value % MINUTE_STEP:  # a time off the grid snaps onto it
            value -= value % MINUTE_STEP if delta > 0 else -(-value % MINUTE_STEP)
        self.set_minutes(value)
        self.changed.emit(self._minutes)

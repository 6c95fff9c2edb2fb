"""The room's adjustments, one touch from the bottom bar: phases, light, music and warmth.

Every row shows where the room is now beside the buttons that change it (``25 %``, ``Muted``,
``24.5 °C``). Outside a session only the light can be changed. Each change is an intent to the
room (a session event in a session), never a device call.
"""

from __future__ import annotations

from ambience.config.roles import Role
from ambience.engine.readings import LightReading
from ambience.engine.snapshot import RoomSnapshot
from ambience.session.adjust import LIGHT_STEP, WARMTH_STEP
from ambience.session.roomstate import Status
from ambience.session.timeline import VOLUME_STEP
from ambience.ui.facade import RoomFacade
from ambience.ui.qt import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, Qt, QWidget, Signal
from ambience.ui.widgets import set_text, text_label, touch_button

IN_SESSION = (Status.RUNNING, Status.PAUSED)


class AdjustSheet(QFrame):
    """A panel over the room page with the room's adjustments; the room page places it."""

    next_phase = Signal()  # the room page asks first, then offers an undo
    previous_phase = Signal()
    closed = Signal()

    def __init__(self, room: RoomFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.room = room
        self.setProperty("role", "sheet")
        self.title = text_label("Adjust the room", "title")
        self.close_button: QPushButton = touch_button("Close")
        self.close_button.clicked.connect(self.close_sheet)

        self.previous_button: QPushButton = touch_button("‹ Previous phase")
        self.next_button: QPushButton = touch_button("Next phase ›")
        self.previous_button.clicked.connect(self.previous_phase.emit)
        self.next_button.clicked.connect(self.next_phase.emit)
        self.dimmer: QPushButton = touch_button("Dimmer")
        self.brighter: QPushButton = touch_button("Brighter")
        self.light_value = self._value()
        self.off_button: QPushButton = touch_button("Off")
        self.dimmer.clicked.connect(lambda: room.light_step(-LIGHT_STEP))
        self.brighter.clicked.connect(lambda: room.light_step(LIGHT_STEP))
        self.off_button.clicked.connect(self._toggle_off)
        self.softer: QPushButton = touch_button("♪ −")
        self.louder: QPushButton = touch_button("♪ +")
        self.volume_value = self._value()
        self.mute_button: QPushButton = touch_button("Mute")
        self.softer.clicked.connect(lambda: room.nudge_volume(-VOLUME_STEP))
        self.louder.clicked.connect(lambda: room.nudge_volume(VOLUME_STEP))
        self.mute_button.clicked.connect(room.mute)
        self.cooler: QPushButton = touch_button("Cooler")
        self.warmer: QPushButton = touch_button("Warmer")
        self.warmth_value = self._value()
        self.cooler.clicked.connect(lambda: room.warmer(-WARMTH_STEP))
        self.warmer.clicked.connect(lambda: room.warmer(WARMTH_STEP))
        self._lights_off = False

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        self.phase_label = text_label("Phase", "muted")
        phases = QHBoxLayout()
        phases.setSpacing(10)
        phases.addWidget(self.previous_button)
        phases.addWidget(self.next_button)
        phases.addStretch(1)
        grid.addWidget(self.phase_label, 0, 0)
        grid.addLayout(phases, 0, 1, 1, 4)
        self.light_label = text_label("Light", "muted")
        self.music_label = text_label("Music", "muted")
        self.warmth_label = text_label("Warmth", "muted")
        rows: list[tuple[QLabel, QPushButton, QLabel, QPushButton, QPushButton | None]] = [
            (self.light_label, self.dimmer, self.light_value, self.brighter, self.off_button),
            (self.music_label, self.softer, self.volume_value, self.louder, self.mute_button),
            (self.warmth_label, self.cooler, self.warmth_value, self.warmer, None),
        ]
        for index, (label, minus, value, plus, extra) in enumerate(rows, start=1):
            grid.addWidget(label, index, 0)
            grid.addWidget(minus, index, 1)
            grid.addWidget(value, index, 2)
            grid.addWidget(plus, index, 3)
            if extra is not None:
                grid.addWidget(extra, index, 4)
        grid.setColumnStretch(5, 1)
        self.grid = grid
        column = QGridLayout(self)
        column.setContentsMargins(16, 12, 16, 14)
        column.setVerticalSpacing(10)
        column.addLayout(top, 0, 0)
        column.addLayout(grid, 1, 0)
        self.hide()

    def _value(self) -> QLabel:
        label = text_label("", "value")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setMinimumWidth(label.fontMetrics().horizontalAdvance("Muted") + 16)
        return label

    def _toggle_off(self) -> None:
        self.room.lights_off(not self._lights_off)

    def close_sheet(self) -> None:
        self.hide()
        self.closed.emit()

    def show_snapshot(self, snapshot: RoomSnapshot) -> None:
        """Which rows the room has, and where each one is now."""
        state = snapshot.state
        roles = {d.role for d in snapshot.devices}
        in_session = state.status in IN_SESSION
        music = in_session and Role.MUSIC in roles
        warmth = in_session and Role.THERMOSTAT in roles
        session_rows: tuple[tuple[bool, tuple[QWidget, ...]], ...] = (
            (in_session, (self.phase_label, self.previous_button, self.next_button)),
            (Role.LIGHT in roles, (self.light_label, self.dimmer, self.light_value, self.brighter)),
            (Role.LIGHT in roles, (self.off_button,)),
            (music, (self.music_label, self.softer, self.volume_value, self.louder, self.mute_button)),
            (warmth, (self.warmth_label, self.cooler, self.warmth_value, self.warmer)),
        )
        for visible, widgets in session_rows:
            for widget in widgets:
                widget.setVisible(visible)
        self.previous_button.setEnabled(state.can_go_back)
        self.next_button.setEnabled(state.next_phase is not None)
        light = state.light
        level = light.level if light is not None else _light_reading(snapshot)
        self._lights_off = state.lights_off or (level is not None and level <= 0)
        if state.lights_up:
            set_text(self.light_value, "Up")
        else:
            set_text(self.light_value, "Off" if self._lights_off else f"{level or 0:.0f} %")
        set_text(self.off_button, "On" if self._lights_off else "Off")
        playing = state.music
        set_text(self.volume_value, "Muted" if state.muted else f"{playing.volume if playing else 0:.0f} %")
        set_text(self.mute_button, "Unmute" if state.muted else "Mute")
        climate = state.climate
        set_text(self.warmth_value, f"{climate.target_c:.1f} °C" if climate else "—")


def _light_reading(snapshot: RoomSnapshot) -> float | None:
    for device in snapshot.devices:
        if isinstance(device.reading, LightReading):
            return device.reading.level if device.reading.on else 0.0
    return None

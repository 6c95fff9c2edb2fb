"""The live device rows of the running view: state, a health mark with its reason, per device."""

from __future__ import annotations

from ambience.config.roles import Role
from ambience.engine.readings import LightReading, NowPlaying, SwitchReading, ThermostatReading
from ambience.engine.snapshot import DeviceStatus, RoomSnapshot
from ambience.session.roomstate import RoomState
from ambience.ui import theme
from ambience.ui.describe import DeviceLine, device_line, health_mark, health_reason
from ambience.ui.icons import RoleIcon
from ambience.ui.qt import (
    QColor,
    QEvent,
    QFontMetrics,
    QFrame,
    QHBoxLayout,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.widgets import ElidedLabel, set_role, set_text, set_tooltip, text_label, touch_button

TAG_ROLES = {"heating": "tag-heat", "lights up": "tag-lights"}


class DeviceRow(QFrame):
    """One device: icon, name, what it is doing now, and a mark when it does not answer."""

    def __init__(self, status: DeviceStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.device_id = status.id
        self.role = status.role
        self.setProperty("role", "row")
        self.setMinimumHeight(56)
        self.icon = RoleIcon(status.role, 30)
        self.name = ElidedLabel(status.name)
        self.text = ElidedLabel("", "muted")
        self.reason = text_label("", "warning", wrap=True)
        self.reason.hide()
        self.tag = text_label("")
        self.tag.hide()
        self.mark: QPushButton = touch_button("", "mark")
        self.mark.hide()
        self.mark.clicked.connect(self._toggle_reason)
        self._shown: tuple[DeviceStatus, DeviceLine] | None = None

        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(self.name)
        words.addWidget(self.text)
        words.addWidget(self.reason)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 4, 4, 4)
        row.setSpacing(12)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(words, 1)
        row.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the panel scaled up: so do the icons
            size = max(30, round(QFontMetrics(self.font()).height() * 1.7))
            self.icon.setFixedSize(size, size)

    @property
    def offline(self) -> bool:
        return self.mark.isVisibleTo(self)

    def _toggle_reason(self) -> None:
        self.reason.setVisible(not self.reason.isVisibleTo(self))

    def show_status(self, status: DeviceStatus, state: RoomState) -> None:
        line = device_line(status, state)
        if (status, line) == self._shown:
            return  # the tick re-reads every room; a row that says the same is left alone
        self._shown = (status, line)
        set_text(self.name, status.name)
        set_text(self.text, line.text)
        set_tooltip(self.text, line.text)  # a long track title is elided; the tooltip has it all
        set_text(self.tag, line.tag)
        set_role(self.tag, TAG_ROLES.get(line.tag, "tag"))
        self.tag.setVisible(bool(line.tag))
        mark = health_mark(status)
        if mark is None:
            self.mark.hide()
            self.reason.hide()
            set_tooltip(self.mark, "")
            set_tooltip(self, "")
        else:
            reason = health_reason(status)
            set_text(self.mark, mark)
            set_text(self.reason, reason)
            set_tooltip(self.mark, reason)
            set_tooltip(self, reason)
            self.mark.show()
        intensity, colour = _icon_state(status)
        self.icon.show_state(intensity, colour)


def _icon_state(status: DeviceStatus) -> tuple[float, QColor]:
    reading = status.reading
    if status.available is False:
        return 0.0, QColor(theme.FAINT)
    if status.role is Role.LIGHT and isinstance(reading, LightReading):
        colour = theme.kelvin_colour(reading.kelvin)
        colour.setAlphaF(1.0)
        return (reading.level / 100.0 if reading.on else 0.0), colour
    if status.role is Role.THERMOSTAT and isinstance(reading, ThermostatReading):
        colour = QColor(theme.HEAT if reading.heating else theme.COOL)
        return (reading.current_c - 15.0) / 15.0, colour
    if status.role is Role.DIFFUSER and isinstance(reading, SwitchReading):
        return (1.0 if reading.on else 0.0), QColor(theme.COOL)
    if status.role is Role.MUSIC and isinstance(reading, NowPlaying):
        return (reading.volume / 100.0 if reading.playing else 0.0), QColor(theme.ACCENT)
    return 0.0, QColor(theme.MUTED)


class DeviceList(QWidget):
    """Every device of a room, one row each, in the order of the rooms config."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[str, DeviceRow] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addStretch(1)

    def row(self, device_id: str) -> DeviceRow:
        return self.rows[device_id]

    def show_snapshot(self, snapshot: RoomSnapshot) -> None:
        for status in snapshot.devices:
            row = self.rows.get(status.id)
            if row is None:
                row = DeviceRow(status, self)
                self.rows[status.id] = row
                self._layout.insertWidget(self._layout.count() - 1, row)
            row.show_status(status, snapshot.state)

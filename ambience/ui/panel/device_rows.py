"""The live device rows of the running view: state, a health mark, and details one tap away.

A row is one line (icon, name, what it does now, a tag, a mark when it does not answer); a tap
on it opens its details: the whole name and state, what is wrong in plain words, the technical
reason behind a further tap, and in a demo a way to unplug the simulated device and back.
The rows sit in a list that a finger scrolls when a room has more devices than fit.
"""

from __future__ import annotations

from ambience.config.roles import Role
from ambience.engine.readings import LightReading, NowPlaying, SwitchReading, ThermostatReading
from ambience.engine.snapshot import DeviceStatus, RoomSnapshot
from ambience.session.roomstate import RoomState
from ambience.ui import theme
from ambience.ui.describe import (
    CARRIES_ON,
    DeviceLine,
    device_line,
    health_detail,
    health_mark,
    health_reason,
)
from ambience.ui.facade import RoomFacade
from ambience.ui.icons import RoleIcon
from ambience.ui.qt import (
    QBoxLayout,
    QColor,
    QEvent,
    QFontMetrics,
    QFrame,
    QHBoxLayout,
    QMouseEvent,
    QPushButton,
    QResizeEvent,
    QScrollArea,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.touch import kinetic
from ambience.ui.widgets import ElidedLabel, set_role, set_text, text_label, touch_button

TAG_ROLES = {"heating": "tag-heat", "lights up": "tag-lights"}


class DeviceRow(QFrame):
    """One device: icon, name, what it is doing now, and a mark when it does not answer."""

    def __init__(
        self, status: DeviceStatus, room: RoomFacade | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.device_id = status.id
        self.role = status.role
        self.room = room
        self.setProperty("role", "row")
        self.setMinimumHeight(52)
        self.icon = RoleIcon(status.role, 30)
        self.name = ElidedLabel(status.name)
        self.text = ElidedLabel("", "muted")
        self.tag = text_label("")
        self.tag.hide()
        self.mark: QPushButton = touch_button("", "mark")
        self.mark.hide()
        self._shown: tuple[DeviceStatus, DeviceLine] | None = None
        self.mark.clicked.connect(self.toggle_details)
        for label in (self.name, self.text, self.tag):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

        # The details, folded away until the row is tapped.
        self.details = QWidget()
        self.whole = text_label("", "muted", wrap=True)
        self.reason = text_label("", "warning", wrap=True)
        self.technical = text_label("", "detail", wrap=True)
        self.technical.hide()
        self.technical_button: QPushButton = touch_button("Technical details", "flat")
        self.technical_button.clicked.connect(self._toggle_technical)
        self.demo_button: QPushButton = touch_button("")
        self.demo_button.clicked.connect(self._simulate)
        self.demo_button.setVisible(room is not None and room.can_simulate(status.id))
        for label in (self.whole, self.reason, self.technical):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # Side by side when the row is wide enough, else one above the other.
        self.buttons = buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.technical_button, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.addStretch(1)
        more = QVBoxLayout(self.details)
        more.setContentsMargins(0, 2, 0, 6)
        more.setSpacing(4)
        more.addWidget(self.whole)
        more.addWidget(self.reason)
        more.addWidget(self.technical)
        more.addLayout(buttons)
        self.details.hide()

        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(self.name)
        words.addWidget(self.text)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(10)
        line.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        line.addLayout(words, 1)
        line.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignVCenter)
        line.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.setSpacing(2)
        column.addLayout(line)
        column.addWidget(self.details)
        self._status = status

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the panel scaled up: so do the icons
            size = max(30, round(QFontMetrics(self.font()).height() * 1.7))
            self.icon.setFixedSize(size, size)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        shown = [b for b in (self.technical_button, self.demo_button) if not b.isHidden()]
        wide = sum(b.sizeHint().width() for b in shown) + 12 <= self.width() - 8
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.buttons.direction() != direction:
            self.buttons.setDirection(direction)

    def minimumSizeHint(self) -> QSize:
        # The details fold to one column: a row is never wider than its widest button.
        hint = super().minimumSizeHint()
        widest = max((b.sizeHint().width() for b in (self.technical_button, self.demo_button)), default=0)
        return QSize(min(hint.width(), widest + 8), hint.height())

    @property
    def offline(self) -> bool:
        return self.mark.isVisibleTo(self)

    @property
    def expanded(self) -> bool:
        return self.details.isVisibleTo(self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.toggle_details()
        super().mouseReleaseEvent(event)

    def toggle_details(self) -> None:
        self.details.setVisible(not self.expanded)
        if not self.expanded:
            self.technical.hide()
            set_text(self.technical_button, "Technical details")

    def _toggle_technical(self) -> None:
        self.technical.setVisible(not self.technical.isVisibleTo(self))
        shown = self.technical.isVisibleTo(self)
        set_text(self.technical_button, "Hide details" if shown else "Technical details")

    def _simulate(self) -> None:
        if self.room is not None:
            self.room.simulate_outage(self.device_id, self._status.available is not False)

    def show_status(self, status: DeviceStatus, state: RoomState) -> None:
        line = device_line(status, state)
        if (status, line) == self._shown:
            return  # the tick re-reads every room; a row that says the same is left alone
        self._shown = (status, line)
        self._status = status
        set_text(self.name, status.name)
        set_text(self.text, line.text)
        set_role(self.text, "warning" if status.available is False else "muted")
        set_text(self.tag, line.tag)
        set_role(self.tag, TAG_ROLES.get(line.tag, "tag"))
        self.tag.setVisible(bool(line.tag))
        mark = health_mark(status)
        reason = health_reason(status)
        set_text(self.whole, f"{status.name}: {line.text}")
        set_text(self.reason, f"{reason} {CARRIES_ON}" if reason else "")
        self.reason.setVisible(bool(reason))
        detail = health_detail(status)
        set_text(self.technical, f"{status.model} · {detail}" if detail else f"{status.model} · answering")
        down = status.available is False
        set_text(self.demo_button, "Demo: plug it back in" if down else "Demo: unplug it")
        if mark is None:
            self.mark.hide()
        else:
            set_text(self.mark, mark)
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


class DeviceList(QScrollArea):
    """Every device of a room, one row each, in the order of the rooms config; a finger scrolls it."""

    def __init__(self, room: RoomFacade | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.room = room
        self.rows: dict[str, DeviceRow] = {}
        self.host = QWidget()
        self._layout = QVBoxLayout(self.host)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addStretch(1)
        self.setWidget(self.host)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        kinetic(self)

    def row(self, device_id: str) -> DeviceRow:
        return self.rows[device_id]

    def content_height(self) -> int:
        """How tall the rows are together (the list is never taller than that)."""
        return self.host.sizeHint().height()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.content_height())

    def minimumSizeHint(self) -> QSize:
        first = next(iter(self.rows.values()), None)
        return QSize(0, min(self.content_height(), first.sizeHint().height() if first else 0))

    def show_snapshot(self, snapshot: RoomSnapshot) -> None:
        added = False
        for status in snapshot.devices:
            row = self.rows.get(status.id)
            if row is None:
                row = DeviceRow(status, self.room)
                self.rows[status.id] = row
                self._layout.insertWidget(self._layout.count() - 1, row)
                added = True
            row.show_status(status, snapshot.state)
        if added:
            self.updateGeometry()

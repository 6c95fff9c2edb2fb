"""The Devices page's list: Discover and Add, each room's Kasa devices and music, the rest, Add room."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ambience.config.roles import Role
from ambience.setup.found import BROADCAST
from ambience.setup.placement import Key, Spot
from ambience.setup.service import DeviceSetup
from ambience.ui import theme
from ambience.ui.qt import QFrame, QHBoxLayout, QPushButton, QScrollArea, Qt, QVBoxLayout, QWidget
from ambience.ui.setup.music_choice import music_row_text
from ambience.ui.touch import kinetic
from ambience.ui.widgets import ElidedLabel, set_text, text_field, text_label, touch_button

ROLE_NAMES = {Role.LIGHT: "Light", Role.DIFFUSER: "Diffuser", Role.THERMOSTAT: "Thermostat"}


class DeviceRow(QPushButton):
    """One device in the list (or a room's music): its name, then what it is, where, and what it is doing."""

    def __init__(self) -> None:
        super().__init__()
        self.setCheckable(True)
        self.setProperty("role", "room")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(theme.TOUCH + 12)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        self.dot = text_label("●")
        # A long address or reason ends in "…" instead of being cut; the row's tooltip has it whole.
        self.name = ElidedLabel("", "room-name")
        self.detail = ElidedLabel("", "faint")
        lines = QVBoxLayout()
        lines.setSpacing(0)
        lines.addWidget(self.name)
        lines.addWidget(self.detail)
        layout.addWidget(self.dot)
        layout.addLayout(lines, 1)
        for label in (self.dot, self.name, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def show_device(self, name: str, detail: str, reachable: bool | None) -> None:
        set_text(self.name, name)
        set_text(self.detail, detail)
        self.setToolTip(f"{name}\n{detail}")
        colour = {True: theme.OK, False: theme.DANGER, None: theme.FAINT}[reachable]
        self.dot.setStyleSheet(f"color: {colour};")


@dataclass(frozen=True)
class Line:
    """One line of the list: a heading, a note, a device's row or a room's music row."""

    kind: Literal["heading", "note", "device", "music"]
    text: str  # a heading's or note's words, or a row's name
    detail: str = ""
    reachable: bool | None = None
    spot: Spot | None = None  # a device's
    room_id: str | None = None  # a music row's

    @property
    def identity(self) -> tuple[str, object]:
        """What stays the same while only the words of a row change."""
        if self.kind == "device" and self.spot is not None:
            return self.kind, self.spot.key
        return self.kind, self.room_id if self.room_id is not None else self.text


def list_lines(setup: DeviceSetup) -> list[Line]:
    """What the list shows: each room with its Kasa devices and its music, then what is in no room."""
    config = setup.config
    lines: list[Line] = []
    listed: set[Key] = set()
    for room in config.rooms:
        lines.append(Line("heading", room.name.upper(), room_id=room.id))
        entries = [d for d in room.devices if d.backend == "kasa"]
        if not entries:
            lines.append(Line("note", "no Kasa devices yet"))
        for device in entries:
            spot = Spot.of(device)
            listed.add(spot.key)
            where = setup.where(spot)
            detail, reachable = setup.describe(spot.key, where)
            name = f"{device.name}  ·  {ROLE_NAMES.get(device.role, str(device.role))}"
            lines.append(Line("device", name, f"{where} · {detail}", reachable, spot=spot))
        name, detail, sounds = music_row_text(room, config, setup.outputs)
        lines.append(Line("music", name, detail, sounds, room_id=room.id))
    loose = [f for key, f in setup.found.items() if key not in listed]
    if loose or not config.rooms:
        lines.append(Line("heading", "NOT IN A ROOM"))
    for found in sorted(loose, key=lambda f: (f.role is None, f.spot.host, f.spot.port or 0, f.alias)):
        detail, reachable = setup.describe(found.spot.key)
        if found.role is None and found.reachable and found.kind == "hub":
            detail += " · a hub: its devices are listed on their own"
        where = setup.where(found.spot)
        lines.append(Line("device", found.alias, f"{where} · {detail}", reachable, spot=found.spot))
    return lines


class DeviceList(QFrame):
    """Finding devices (Discover, Add by address), the list of rooms and devices, and Add room."""

    def __init__(self, setup: DeviceSetup) -> None:
        super().__init__()
        self.setup = setup
        self.setProperty("role", "card")
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 12, 12, 12)
        self.target_field = text_field("broadcast address", BROADCAST)
        self.target_field.setToolTip("Where Discover asks: your network's broadcast address, or one device's")
        self.discover_button = touch_button("Discover")
        self.discover_button.clicked.connect(lambda: setup.discover(self.target_field.text()))
        column.addLayout(_beside(self.target_field, self.discover_button))
        self.address_field = text_field("a device's address, e.g. 192.0.2.10")
        self.address_field.returnPressed.connect(self._add_address)
        self.add_button = touch_button("Add")
        self.add_button.clicked.connect(self._add_address)
        column.addLayout(_beside(self.address_field, self.add_button))
        self.list_box = QWidget()
        self.list_layout = QVBoxLayout(self.list_box)
        self.list_layout.setContentsMargins(0, 4, 0, 4)
        self.list_layout.setSpacing(6)
        scroll = kinetic(QScrollArea())
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list_box)
        column.addWidget(scroll, 1)
        self.room_field = text_field("new room's name")
        self.room_field.returnPressed.connect(self._add_room)
        self.add_room_button = touch_button("Add room")
        self.add_room_button.clicked.connect(self._add_room)
        column.addLayout(_beside(self.room_field, self.add_room_button))
        self.rows: dict[Key, DeviceRow] = {}
        self.music_rows: dict[str, DeviceRow] = {}  # by room id
        self.room_rows: dict[str, QPushButton] = {}  # each room's name, by room id
        self._shown: list[tuple[str, object]] = []
        self._widgets: list[QWidget] = []  # one a shown line

    def refresh(self) -> None:
        """Show the set-up's rooms and devices; the rows are made anew only when the lines change."""
        setup = self.setup
        self.discover_button.setEnabled(not setup.discovering)
        lines = list_lines(setup)
        if [line.identity for line in lines] != self._shown:
            self._rebuild(lines)
        for line, widget in zip(lines, self._widgets, strict=True):
            if line.kind == "heading" and isinstance(widget, QPushButton):
                set_text(widget, line.text)
                widget.setChecked(line.room_id == setup.selected_room)
            elif isinstance(widget, DeviceRow):
                widget.show_device(line.text, line.detail, line.reachable)
                selected = line.spot is not None and line.spot.key == setup.selected
                widget.setChecked(selected or (line.room_id is not None and line.room_id == setup.music_room))

    def _rebuild(self, lines: list[Line]) -> None:
        layout = self.list_layout
        while layout.count():
            item = layout.takeAt(0)
            gone = item.widget() if item is not None else None
            if gone is not None:
                gone.hide()  # not drawn where it was until Qt gets round to deleting it
                gone.deleteLater()
        self.rows, self.music_rows, self.room_rows, self._widgets = {}, {}, {}, []
        for line in lines:
            widget: QWidget
            if line.kind == "heading" and line.room_id is not None:
                # A room's name: a tap shows the room (rename, move, remove).
                room_id = str(line.room_id)
                widget = self.room_rows[room_id] = touch_button(line.text, "room-heading", checkable=True)
                widget.clicked.connect(lambda _=False, room_id=room_id: self.setup.select_room(room_id))
            elif line.kind in ("heading", "note"):
                widget = text_label(line.text, "heading" if line.kind == "heading" else "faint")
            elif line.spot is not None:
                widget = self.rows[line.spot.key] = DeviceRow()
                widget.clicked.connect(lambda _=False, spot=line.spot: self.setup.select(spot))
            else:
                room_id = str(line.room_id)
                widget = self.music_rows[room_id] = DeviceRow()
                widget.clicked.connect(lambda _=False, room_id=room_id: self.setup.select_music(room_id))
            self._widgets.append(widget)
            layout.addWidget(widget)
        layout.addStretch(1)
        self._shown = [line.identity for line in lines]

    def _add_address(self) -> None:
        if self.setup.add_address(self.address_field.text()):
            self.address_field.clear()

    def _add_room(self) -> None:
        if self.setup.add_room(self.room_field.text()):
            self.room_field.clear()

    def row_texts(self) -> list[tuple[str, str]]:
        """What the list shows, device row by row (name, detail): for tests and screen readers."""
        return [(row.name.text(), row.detail.text()) for row in self.rows.values()]


def _beside(field: QWidget, button: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row

"""The Devices page's selected device: name, model, state, room and role; Identify, Check, Remove."""

from __future__ import annotations

from ambience.config.roles import Role
from ambience.setup.service import DeviceSetup
from ambience.ui.flow import FlowLayout
from ambience.ui.qt import QAbstractButton, QButtonGroup, QHBoxLayout, QPushButton, QWidget
from ambience.ui.setup.device_list import ROLE_NAMES
from ambience.ui.widgets import column_layout, set_role, set_text, text_field, text_label, touch_button


class DeviceDetails(QWidget):
    """What the selected device is and does, and where it goes: its room and its role there."""

    def __init__(self, setup: DeviceSetup) -> None:
        super().__init__()
        self.setup = setup
        column = column_layout(self)
        self.name_field = text_field("name in the room")
        self.name_field.editingFinished.connect(lambda: setup.rename(self.name_field.text()))
        column.addWidget(self.name_field)
        self.model_label = text_label("", "muted", wrap=True)
        self.address_label = text_label("", "faint", wrap=True)
        self.state_label = text_label("", wrap=True)
        self.reach_label = text_label("", "muted", wrap=True)
        for label in (self.model_label, self.address_label, self.state_label, self.reach_label):
            column.addWidget(label)
        column.addWidget(text_label("ROOM", "heading"))
        # Lined up like words: on a narrow screen a room or role button goes to the next line, whole.
        self.room_buttons_box = QWidget()
        self.room_buttons = FlowLayout(self.room_buttons_box)
        self.room_group = QButtonGroup(self)
        self.room_group.setExclusive(True)
        self.room_group.buttonClicked.connect(lambda button: setup.assign(str(button.property("roomId"))))
        column.addWidget(self.room_buttons_box)
        self._rooms_shown: tuple[tuple[str, str], ...] | None = None
        column.addWidget(text_label("ROLE", "heading"))
        roles_box = QWidget()
        roles = FlowLayout(roles_box)
        self.role_group = QButtonGroup(self)
        self.role_buttons: dict[Role, QPushButton] = {}
        for role, name in ROLE_NAMES.items():
            button = touch_button(name, checkable=True)
            button.setProperty("roleValue", role.value)
            self.role_group.addButton(button)
            self.role_buttons[role] = button
            roles.addWidget(button)
        self.role_group.buttonClicked.connect(
            lambda button: setup.choose_role(Role(str(button.property("roleValue"))))
        )
        column.addWidget(roles_box)
        actions = QHBoxLayout()
        self.identify_button = touch_button("Identify")
        self.identify_button.clicked.connect(setup.identify)
        self.check_button = touch_button("Check")
        self.check_button.clicked.connect(setup.check_selected)
        self.remove_button = touch_button("Remove", "danger")
        self.remove_button.clicked.connect(setup.remove_selected)
        for button in (self.identify_button, self.check_button, self.remove_button):
            actions.addWidget(button)
        column.addLayout(actions)

    def refresh(self) -> None:
        """Show the selected device (or, with none selected, what to do first)."""
        setup = self.setup
        spot = setup.selected_spot
        found = setup.found.get(spot.key) if spot else None
        current = setup.placed(spot)
        if spot is None:
            self.name_field.clear()
            self.name_field.setEnabled(False)
            for label in (self.model_label, self.address_label, self.state_label, self.reach_label):
                set_text(label, "")
            set_text(self.model_label, "Choose a device or a room's music, or Discover or Add a device.")
        else:
            self.name_field.setEnabled(current is not None)
            name = current[1].name if current else (found.alias if found else "")
            if self.name_field.text() != name and not self.name_field.hasFocus():
                self.name_field.setText(name)
            set_text(self.model_label, (found.what or "unknown model") if found else "not looked at yet")
            set_text(self.address_label, setup.where(spot))
            detail, reachable = setup.describe(spot.key)
            set_text(self.state_label, found.state if found and found.reachable else "")
            reach = {
                True: "Answers",
                False: f"Does not answer: {found.trouble_in_full if found else ''}",
                None: detail or "Not checked yet",
            }[reachable]
            set_text(self.reach_label, reach)
            set_role(self.reach_label, {True: "muted", False: "warning", None: "faint"}[reachable])
        self._show_rooms(current[0].id if current else None, enabled=spot is not None)
        role = setup.role_of(spot)
        _check_only(self.role_group, self.role_buttons.get(role) if role else None)
        for button in self.role_buttons.values():
            button.setEnabled(current is not None)
        self.identify_button.setEnabled(setup.can_identify)
        self.check_button.setEnabled(spot is not None)
        self.remove_button.setEnabled(current is not None)

    def _show_rooms(self, room_id: str | None, *, enabled: bool) -> None:
        """A button for each room (made anew only when the rooms change), ``room_id``'s checked."""
        rooms = tuple((room.id, room.name) for room in self.setup.config.rooms)
        if rooms != self._rooms_shown:
            for button in self.room_group.buttons():
                self.room_group.removeButton(button)
                button.deleteLater()
            for rid, name in rooms:
                button = touch_button(name, checkable=True)
                button.setProperty("roomId", rid)
                self.room_group.addButton(button)
                self.room_buttons.addWidget(button)
            if not rooms:
                button = touch_button("Add a room first", "flat")
                self.room_group.addButton(button)
                self.room_buttons.addWidget(button)
            self._rooms_shown = rooms
        buttons = self.room_group.buttons()
        wanted = next((b for b in buttons if room_id and b.property("roomId") == room_id), None)
        _check_only(self.room_group, wanted)
        for button in buttons:
            button.setEnabled(enabled and bool(rooms))


def _check_only(group: QButtonGroup, wanted: QAbstractButton | None) -> None:
    """Check ``wanted`` alone (None: none), which an exclusive group does not let a button do itself."""
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(button is wanted)
    group.setExclusive(True)

"""The owner's Devices page: find Kasa/Tapo devices, see what each is and whether it answers,
make one show itself, put it in a room with a role, choose where each room's music plays, keep
the TP-Link account; saved to the rooms config.

Self-contained: it takes the rooms config's path and ``run_async`` (schedules a coroutine on the
app's asyncio loop and returns its future). Device I/O runs there, through
``ambience.setup.kasa``; this page only shows the results, so it never waits on a device.
The computer's audio outputs are listed there too, on a worker thread (``audio_setup``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from ambience.config.roles import Role
from ambience.config.rooms import RoomConfig, StudioConfig, load_rooms, save_rooms
from ambience.config.validation import InvalidFile
from ambience.devices.errors import DeviceError
from ambience.devices.kasa.credentials import (
    CredentialsError,
    KasaCredentials,
    forget_credentials,
    load_credentials,
    store_credentials,
)
from ambience.engine.factory import KasaOptions
from ambience.setup import kasa as kasa_setup
from ambience.setup import music as audio_setup
from ambience.setup import placement
from ambience.setup.account import in_thread
from ambience.setup.found import BROADCAST, FoundDevice, unreachable
from ambience.setup.music import MusicChoice
from ambience.setup.placement import Spot
from ambience.ui import theme
from ambience.ui.qt import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.setup.music_choice import MusicPanel, music_row_text, music_view
from ambience.ui.widgets import ElidedLabel, card, set_role, set_text, text_label, touch_button

RunAsync = Callable[[Coroutine[Any, Any, Any]], "asyncio.Future[Any]"]
Key = tuple[str, int | None, str]
ROLE_NAMES = {Role.LIGHT: "Light", Role.DIFFUSER: "Diffuser", Role.THERMOSTAT: "Thermostat"}


def key_of(spot: Spot) -> Key:
    return spot.host, spot.port, (spot.child or "").casefold()


def parse_address(text: str) -> Spot | None:
    """``host``, ``host:port`` or ``host:port › name`` as typed by the owner; None if empty."""
    text = text.strip()
    if not text:
        return None
    child = None
    if "›" in text:
        text, child = (part.strip() for part in text.split("›", 1))
    host, _, port = text.rpartition(":") if text.count(":") == 1 else (text, "", "")
    if port and not port.isdigit():
        raise ValueError(f"'{port}' is not a port number")
    return Spot(host or text, int(port) if port else None, child or None)


class DeviceRow(QPushButton):
    """One device in the list: its name, then what it is, where, and what it is doing."""

    def __init__(self, key: Key | str) -> None:  # a device's key, or a room's id for its music
        super().__init__()
        self.key = key
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


class DevicesPage(QWidget):
    """Rooms and their Kasa/Tapo devices, with Discover, Add, Identify, room and role, Save."""

    saved = Signal(object)  # the StudioConfig just written

    def __init__(
        self,
        config_path: Path,
        run_async: RunAsync | None = None,
        *,
        discovery_port: int | None = None,
        discovery_timeout_s: float = 5.0,
        identify_pause_s: float = 0.6,
        kasa_options: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.config_path = Path(config_path)
        self._run_async: RunAsync = run_async or asyncio.ensure_future
        self.discovery_port = discovery_port
        self.discovery_timeout_s = discovery_timeout_s
        self.identify_pause_s = identify_pause_s
        self._options = dict(kasa_options or {})
        self._links = KasaOptions(
            timeout_s=int(self._options.get("kasa_timeout_s", 3)),
            credentials=self._options.get("kasa_credentials"),
        ).links()
        self._credentials: Callable[[], KasaCredentials | None] = self._options.get(
            "kasa_credentials", load_credentials
        )
        self._found: dict[Key, FoundDevice] = {}
        self._checking: set[Key] = set()
        self._rows: dict[Key, DeviceRow] = {}
        self._selected: Key | None = None
        self._music_rows: dict[str, DeviceRow] = {}
        self._music_room: str | None = None  # the room whose music is shown instead of a device
        self._outputs: list[str] | None = None  # this computer's audio outputs; None: not known yet
        self._looking_for_outputs = False
        self._outputs_problem: str | None = None
        self._pending: set[asyncio.Future[Any]] = set()
        self._alive = True
        self.destroyed.connect(self._on_destroyed)
        self._saving = False
        self.config, problem = self._load()
        self._saved_config = self.config
        self._build()
        self._refresh_list()
        self._show_details()
        self.set_status(problem or f"Rooms config: {self.config_path}")
        self.check_all()
        self._load_account()
        self.look_for_outputs()

    # Building the page.
    def _build(self) -> None:
        self.setObjectName("panel")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(text_label("Devices", "title"))
        self.status = text_label("", "muted", wrap=True)
        top.addWidget(self.status, 1)
        self.save_button = touch_button("Save", "primary")
        self.save_button.clicked.connect(self.save)
        top.addWidget(self.save_button)
        self._top = top
        outer.addLayout(top)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self._build_list(), 3)
        body.addWidget(self._build_details(), 2)
        outer.addLayout(body, 1)

    def add_action(self, button: QPushButton) -> None:
        """A button of the window hosting the page (its Close) at the end of the top bar, after Save."""
        self._top.addWidget(button)

    def _field(self, placeholder: str, text: str = "") -> QLineEdit:
        field = QLineEdit(text)
        field.setPlaceholderText(placeholder)
        field.setMinimumHeight(44)
        return field

    def _build_list(self) -> QFrame:
        frame = card()
        column = QVBoxLayout(frame)
        column.setContentsMargins(12, 12, 12, 12)
        find = QHBoxLayout()
        self.target_field = self._field("broadcast address", BROADCAST)
        self.target_field.setToolTip("Where Discover asks: your network's broadcast address, or one device's")
        self.discover_button = touch_button("Discover")
        self.discover_button.clicked.connect(self.discover)
        find.addWidget(self.target_field, 1)
        find.addWidget(self.discover_button)
        column.addLayout(find)
        add = QHBoxLayout()
        self.address_field = self._field("a device's address, e.g. 192.0.2.10")
        self.address_field.returnPressed.connect(self.add_address)
        self.add_button = touch_button("Add")
        self.add_button.clicked.connect(self.add_address)
        add.addWidget(self.address_field, 1)
        add.addWidget(self.add_button)
        column.addLayout(add)
        self.list_box = QWidget()
        self.list_layout = QVBoxLayout(self.list_box)
        self.list_layout.setContentsMargins(0, 4, 0, 4)
        self.list_layout.setSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list_box)
        column.addWidget(scroll, 1)
        new_room = QHBoxLayout()
        self.room_field = self._field("new room's name")
        self.room_field.returnPressed.connect(self.add_room)
        self.add_room_button = touch_button("Add room")
        self.add_room_button.clicked.connect(self.add_room)
        new_room.addWidget(self.room_field, 1)
        new_room.addWidget(self.add_room_button)
        column.addLayout(new_room)
        return frame

    def _build_details(self) -> QScrollArea:
        frame = card()
        outer = QVBoxLayout(frame)
        outer.setContentsMargins(14, 12, 14, 12)
        outer.setSpacing(8)
        # The selected device's details, or (a room's music row selected) where its music plays.
        self.device_box = QWidget()
        column = QVBoxLayout(self.device_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.name_field = self._field("name in the room")
        self.name_field.editingFinished.connect(self._rename)
        column.addWidget(self.name_field)
        self.model_label = text_label("", "muted", wrap=True)
        self.address_label = text_label("", "faint", wrap=True)
        self.state_label = text_label("", wrap=True)
        self.reach_label = text_label("", "muted", wrap=True)
        for label in (self.model_label, self.address_label, self.state_label, self.reach_label):
            column.addWidget(label)
        column.addWidget(text_label("ROOM", "heading"))
        self.room_buttons_box = QWidget()
        self.room_buttons = QHBoxLayout(self.room_buttons_box)
        self.room_buttons.setContentsMargins(0, 0, 0, 0)
        self.room_group = QButtonGroup(self)
        self.room_group.setExclusive(True)
        self.room_group.buttonClicked.connect(self._room_chosen)
        column.addWidget(self.room_buttons_box)
        column.addWidget(text_label("ROLE", "heading"))
        roles = QHBoxLayout()
        self.role_group = QButtonGroup(self)
        self.role_buttons: dict[Role, QPushButton] = {}
        for role, name in ROLE_NAMES.items():
            button = touch_button(name, checkable=True)
            button.setProperty("roleValue", role.value)
            self.role_group.addButton(button)
            self.role_buttons[role] = button
            roles.addWidget(button)
        self.role_group.buttonClicked.connect(self._role_chosen)
        column.addLayout(roles)
        actions = QHBoxLayout()
        self.identify_button = touch_button("Identify")
        self.identify_button.clicked.connect(self.identify)
        self.check_button = touch_button("Check")
        self.check_button.clicked.connect(self.check_selected)
        self.remove_button = touch_button("Remove", "danger")
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.identify_button, self.check_button, self.remove_button):
            actions.addWidget(button)
        column.addLayout(actions)
        outer.addWidget(self.device_box)
        self.music_panel = MusicPanel()
        self.music_panel.chosen.connect(self.choose_music)
        self.music_panel.refresh.connect(self.look_for_outputs)
        self.music_panel.hide()
        outer.addWidget(self.music_panel)
        outer.addSpacing(8)
        outer.addWidget(text_label("TP-LINK ACCOUNT (NEWER DEVICES)", "heading"))
        self.account_label = text_label("", "faint", wrap=True)
        outer.addWidget(self.account_label)
        self.user_field = self._field("e-mail of the Kasa/Tapo app's account")
        self.password_field = self._field("password")
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        outer.addWidget(self.user_field)
        outer.addWidget(self.password_field)
        account_actions = QHBoxLayout()
        self.store_button = touch_button("Keep account")
        self.store_button.clicked.connect(self.store_account)
        self.forget_button = touch_button("Forget account", "flat")
        self.forget_button.clicked.connect(self.forget_account)
        account_actions.addWidget(self.store_button)
        account_actions.addWidget(self.forget_button)
        outer.addLayout(account_actions)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(frame)
        return scroll

    # Reading and writing the rooms config.
    def _load(self) -> tuple[StudioConfig, str | None]:
        self._unreadable = False
        if not self.config_path.exists():
            return StudioConfig(), f"No rooms config yet: Save creates {self.config_path}"
        try:
            return load_rooms(self.config_path), None
        except InvalidFile as exc:
            # Never overwrite a file the owner may have written by hand: they fix it first.
            self._unreadable = True
            return StudioConfig(), (
                f"Cannot read the rooms config: {exc}. Fix it (or move it away), then open Devices again."
            )

    @property
    def dirty(self) -> bool:
        return self.config != self._saved_config

    @property
    def saving(self) -> bool:
        return self._saving

    def save(self) -> None:
        """Write the rooms config atomically (keeping the previous one as a backup), off the UI thread."""
        if self._unreadable or self._saving:
            return
        config = self.config
        self._saving = True
        self._update_buttons()

        def saved(_result: object) -> None:
            self._saving = False
            self._saved_config = config
            self.set_status(f"Saved to {self.config_path}")
            self._update_buttons()
            self._show_details()  # a music entry that was kept "as configured" is not offered any more
            self.saved.emit(config)

        def failed(error: BaseException) -> None:
            self._saving = False
            reason = getattr(error, "strerror", None) or error
            self.set_status(f"Not saved: {reason}")
            self._update_buttons()

        self._start(asyncio.to_thread(save_rooms, config, self.config_path), saved, failed)

    # Running device I/O on the loop.
    def _start(
        self,
        coro: Coroutine[Any, Any, Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> asyncio.Future[Any]:
        future = self._run_async(coro)
        self._pending.add(future)

        def finished(f: asyncio.Future[Any]) -> None:
            self._pending.discard(f)
            if f.cancelled() or not self._alive:
                return
            error = f.exception()
            if error is None:
                done(f.result())
            elif failed is not None:
                failed(error)
            else:
                self.set_status(f"Failed: {error}")

        future.add_done_callback(finished)
        return future

    def _on_destroyed(self) -> None:
        self._alive = False
        for future in list(self._pending):
            future.cancel()

    def shutdown(self) -> None:
        """Stop whatever the page is doing with devices (before it is discarded)."""
        self._on_destroyed()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    # Finding devices.
    def discover(self) -> None:
        target = self.target_field.text().strip() or BROADCAST
        self.discover_button.setEnabled(False)
        self.set_status(f"Discovering devices at {target}…")
        coro = kasa_setup.discover(
            target,
            port=self.discovery_port,
            timeout_s=self.discovery_timeout_s,
            credentials=self._credentials,
        )

        def done(found: list[FoundDevice]) -> None:
            self.discover_button.setEnabled(True)
            for device in found:
                self._found[key_of(device.spot)] = device
            usable = [f for f in found if f.role is not None]
            self.set_status(
                f"Found {len(found)} device{'s' if len(found) != 1 else ''} at {target}"
                + (f", {len(usable)} usable in a room" if found else "")
            )
            self._refresh_list()
            self._show_details()

        def failed(error: BaseException) -> None:
            self.discover_button.setEnabled(True)
            self.set_status(f"Discover failed: {error}")

        self._start(coro, done, failed)

    def add_address(self) -> None:
        try:
            spot = parse_address(self.address_field.text())
        except ValueError as exc:
            self.set_status(str(exc))
            return
        if spot is None:
            self.set_status("Type a device's address first")
            return
        self.address_field.clear()
        self._look(spot, select=True)

    def check_all(self) -> None:
        """Look at every device of the rooms config (model, state, whether it answers)."""
        for _, device in placement.kasa_entries(self.config):
            self._look(Spot.of(device))

    def check_selected(self) -> None:
        spot = self._selected_spot()
        if spot is not None:
            self._look(spot)

    def _look(self, spot: Spot, *, select: bool = False) -> None:
        key = key_of(spot)
        self._checking.add(key)
        self._refresh_list()

        def done(found: list[FoundDevice]) -> None:
            self._checking.discard(key)
            for device in found:
                self._found[key_of(device.spot)] = device
            if select and found:
                first = next((f for f in found if f.role is not None), found[0])
                self._selected, self._music_room = key_of(first.spot), None
                self.set_status(f"{spot.where}: {first.model} {first.kind} '{first.alias}'")
            self._refresh_list()
            self._show_details()

        def failed(error: BaseException) -> None:
            self._checking.discard(key)
            problem = error if isinstance(error, DeviceError) else DeviceError(str(error))
            previous = self._found.get(key)
            self._found[key] = unreachable(
                spot,
                problem,
                alias=previous.alias if previous else "",
                model=previous.model if previous else "",
                kind=previous.kind if previous else "",
            )
            if select:
                self._selected, self._music_room = key, None
                self.set_status(f"{spot.where} does not answer: {problem}")
            self._refresh_list()
            self._show_details()

        self._start(kasa_setup.look(spot, self._links), done, failed)

    def identify(self) -> None:
        spot, role = self._selected_spot(), self._selected_role()
        if spot is None or role is None:
            return
        self.identify_button.setEnabled(False)
        self.set_status(f"Watch for {spot.where}: it blinks or clicks twice")

        def done(_: object) -> None:
            self._update_buttons()
            self.set_status(f"{spot.where} showed itself")

        def failed(error: BaseException) -> None:
            self._update_buttons()
            self.set_status(f"Identify failed: {error}")

        self._start(kasa_setup.identify(spot, role, self._links, pause_s=self.identify_pause_s), done, failed)

    # Rooms and roles.
    def add_room(self) -> None:
        name = self.room_field.text().strip()
        if not name:
            self.set_status("Type the new room's name first")
            return
        self.config, _ = placement.add_room(self.config, name)
        self.room_field.clear()
        self.set_status(f"Room '{name}' added; Save to keep it")
        self._refresh_list()
        self._show_details()

    def assign(self, room_id: str, role: Role | None = None, name: str | None = None) -> None:
        """Put the selected device in ``room_id`` (as ``role``, called ``name``)."""
        spot = self._selected_spot()
        if spot is None:
            return
        found = self._found.get(key_of(spot))
        current = placement.placed(self.config, spot)
        role = role or (current[1].role if current else None) or (found.role if found else None) or Role.LIGHT
        name = name or (current[1].name if current else None) or (found.alias if found else spot.where)
        self.config = placement.place(self.config, spot, room_id=room_id, role=role, name=name)
        self._refresh_list()
        self._show_details()

    def remove_selected(self) -> None:
        spot = self._selected_spot()
        if spot is not None:
            self.config = placement.unplace(self.config, spot)
            self._refresh_list()
            self._show_details()

    def select(self, spot: Spot) -> None:
        self._selected, self._music_room = key_of(spot), None
        self._refresh_list()
        self._show_details()

    def select_music(self, room_id: str) -> None:
        """Show where ``room_id``'s music plays, in place of a device's details."""
        self._selected, self._music_room = None, room_id
        self._refresh_list()
        self._show_details()

    def _room_chosen(self, button: QPushButton) -> None:
        self.assign(str(button.property("roomId")))

    def _role_chosen(self, button: QPushButton) -> None:
        spot = self._selected_spot()
        current = placement.placed(self.config, spot) if spot else None
        if current is not None:
            self.assign(current[0].id, Role(str(button.property("roleValue"))))
        else:
            self.set_status("Choose a room for it first")
            self._show_details()

    def _rename(self) -> None:
        spot = self._selected_spot()
        current = placement.placed(self.config, spot) if spot else None
        name = self.name_field.text().strip()
        if current is not None and name and name != current[1].name:
            self.assign(current[0].id, current[1].role, name)

    # The account.
    def _load_account(self) -> None:
        self._start(in_thread(self._credentials), self._show_account, lambda e: self._show_account(None))

    def _show_account(self, account: KasaCredentials | None) -> None:
        if account is None:
            text = "No account kept: newer devices (Tapo, the KH100 hub) will refuse the app."
        elif account.source == "environment":
            text = f"Using {account.username} from the environment (AMBIENCE_KASA_USERNAME)."
        else:
            text = f"Kept in this computer's keychain: {account.username}"
        set_text(self.account_label, text)

    def store_account(self) -> None:
        username, password = self.user_field.text().strip(), self.password_field.text()

        def done(_: object) -> None:
            self.password_field.clear()
            self.set_status("Account kept in the keychain; checking the devices again")
            self._load_account()
            self.check_all()

        def failed(error: BaseException) -> None:
            self.set_status(str(error) if isinstance(error, CredentialsError) else f"Not kept: {error}")

        self._start(in_thread(store_credentials, username, password), done, failed)

    def forget_account(self) -> None:
        def done(_: object) -> None:
            self.set_status("Account removed from the keychain")
            self._load_account()

        self._start(in_thread(forget_credentials), done)

    # Where each room's music plays.
    def look_for_outputs(self) -> None:
        """List this computer's audio outputs on a worker thread (SDL may take a moment)."""
        if self._looking_for_outputs:
            return
        self._looking_for_outputs = True
        self._show_details()

        def done(outputs: list[str]) -> None:
            self._looking_for_outputs, self._outputs, self._outputs_problem = False, list(outputs), None
            self._update_music_rows()
            self._show_details()

        def failed(error: BaseException) -> None:
            self._looking_for_outputs, self._outputs, self._outputs_problem = False, [], str(error)
            self._update_music_rows()
            self._show_details()

        self._start(audio_setup.list_outputs(), done, failed)

    def choose_music(self, choice: MusicChoice) -> None:
        """Play the shown room's music as ``choice`` (kept once saved)."""
        if self._music_room is None or self._room(self._music_room) is None:
            return
        self.config = audio_setup.with_music(self.config, self._music_room, choice)
        self._update_music_rows()
        self._show_details()

    def _update_music_rows(self) -> None:
        for room in self.config.rooms:
            row = self._music_rows.get(room.id)
            if row is not None:
                row.show_device(*music_row_text(room, self.config, self._outputs))

    def _room(self, room_id: str | None, config: StudioConfig | None = None) -> RoomConfig | None:
        rooms = (self.config if config is None else config).rooms
        return next((r for r in rooms if r.id == room_id), None)

    # Showing.
    def set_status(self, text: str) -> None:
        set_text(self.status, text)

    def _selected_spot(self) -> Spot | None:
        if self._selected is None:
            return None
        found = self._found.get(self._selected)
        if found is not None:
            return found.spot
        for _, device in placement.kasa_entries(self.config):
            if key_of(Spot.of(device)) == self._selected:
                return Spot.of(device)
        return None

    def _selected_role(self) -> Role | None:
        spot = self._selected_spot()
        if spot is None:
            return None
        current = placement.placed(self.config, spot)
        if current is not None:
            return current[1].role
        found = self._found.get(key_of(spot))
        return found.role if found else None

    def _describe(self, key: Key, fallback: str) -> tuple[str, bool | None]:
        found = self._found.get(key)
        if key in self._checking:
            return "checking…", None
        if found is None:
            return fallback, None
        what = " ".join(p for p in (found.model, found.kind) if p)
        if not found.reachable:
            return f"{what + ' · ' if what else ''}not answering ({found.problem})", False
        return " · ".join(p for p in (what, found.state) if p), True

    def _refresh_list(self) -> None:
        layout = self.list_layout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # not drawn where it was until Qt gets round to deleting it
                widget.deleteLater()
        self._rows = {}
        self._music_rows = {}
        listed: set[Key] = set()
        for room in self.config.rooms:
            layout.addWidget(text_label(room.name.upper(), "heading"))
            entries = [d for d in room.devices if d.backend == "kasa"]
            if not entries:
                layout.addWidget(text_label("no Kasa devices yet", "faint"))
            for device in entries:
                spot = Spot.of(device)
                key = key_of(spot)
                listed.add(key)
                detail, reachable = self._describe(key, spot.where)
                role = ROLE_NAMES.get(device.role, str(device.role))
                self._add_row(key, f"{device.name}  ·  {role}", f"{spot.where} · {detail}", reachable)
            self._add_music_row(room)
        loose = [f for k, f in self._found.items() if k not in listed]
        if loose or not self.config.rooms:
            layout.addWidget(text_label("NOT IN A ROOM", "heading"))
        for found in sorted(loose, key=lambda f: (f.role is None, f.spot.host, f.spot.port or 0, f.alias)):
            key = key_of(found.spot)
            detail, reachable = self._describe(key, "")
            if found.role is None and found.reachable:
                detail += " · a hub: its devices are listed on their own" if found.kind == "hub" else ""
            self._add_row(key, found.alias, f"{found.spot.where} · {detail}", reachable)
        layout.addStretch(1)
        self._update_buttons()

    def _add_row(self, key: Key, name: str, detail: str, reachable: bool | None) -> None:
        row = DeviceRow(key)
        row.show_device(name, detail, reachable)
        row.setChecked(key == self._selected)
        row.clicked.connect(lambda _=False, k=key: self._row_clicked(k))
        self._rows[key] = row
        self.list_layout.addWidget(row)

    def _add_music_row(self, room: RoomConfig) -> None:
        row = DeviceRow(room.id)
        row.show_device(*music_row_text(room, self.config, self._outputs))
        row.setChecked(room.id == self._music_room)
        row.clicked.connect(lambda _=False, r=room.id: self._music_row_clicked(r))
        self._music_rows[room.id] = row
        self.list_layout.addWidget(row)

    def _row_clicked(self, key: Key) -> None:
        self._selected, self._music_room = key, None
        self._check_rows()
        self._show_details()

    def _music_row_clicked(self, room_id: str) -> None:
        self._selected, self._music_room = None, room_id
        self._check_rows()
        self._show_details()

    def _check_rows(self) -> None:
        for key, row in self._rows.items():
            row.setChecked(key == self._selected)
        for room_id, row in self._music_rows.items():
            row.setChecked(room_id == self._music_room)

    def _show_details(self) -> None:
        music_room = self._room(self._music_room)
        self.device_box.setVisible(music_room is None)
        self.music_panel.setVisible(music_room is not None)
        if music_room is not None:
            self.music_panel.show_view(
                music_view(
                    music_room,
                    self.config,
                    self._room(music_room.id, self._saved_config),
                    outputs=self._outputs,
                    problem=self._outputs_problem,
                    looking=self._looking_for_outputs,
                )
            )
        spot = self._selected_spot()
        found = self._found.get(self._selected) if self._selected else None
        current = placement.placed(self.config, spot) if spot else None
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
            model = f"{found.model} {found.kind}".strip() if found else "not looked at yet"
            set_text(self.model_label, model or "unknown model")
            set_text(self.address_label, spot.where)
            detail, reachable = self._describe(key_of(spot), "")
            set_text(self.state_label, found.state if found and found.reachable else "")
            reach = {
                True: "Answers",
                False: f"Does not answer: {found.problem if found else ''}",
                None: detail or "Not checked yet",
            }[reachable]
            set_text(self.reach_label, reach)
            set_role(self.reach_label, {True: "muted", False: "warning", None: "faint"}[reachable])
        self._rebuild_room_buttons(current[0].id if current else None, enabled=spot is not None)
        role = current[1].role if current else (found.role if found else None)
        for value, button in self.role_buttons.items():
            button.setChecked(value is role)
            button.setEnabled(current is not None)
        self._update_buttons()

    def _rebuild_room_buttons(self, room_id: str | None, *, enabled: bool) -> None:
        for button in self.room_group.buttons():
            self.room_group.removeButton(button)
            button.deleteLater()
        for room in self.config.rooms:
            button = touch_button(room.name, checkable=True)
            button.setProperty("roomId", room.id)
            button.setChecked(room.id == room_id)
            button.setEnabled(enabled)
            self.room_group.addButton(button)
            self.room_buttons.addWidget(button)
        if not self.config.rooms:
            button = touch_button("Add a room first", "flat")
            button.setEnabled(False)
            self.room_group.addButton(button)
            self.room_buttons.addWidget(button)

    def _update_buttons(self) -> None:
        spot = self._selected_spot()
        found = self._found.get(key_of(spot)) if spot else None
        role = self._selected_role()
        self.identify_button.setEnabled(
            bool(found and found.reachable) and role in (Role.LIGHT, Role.DIFFUSER)
        )
        self.check_button.setEnabled(spot is not None)
        self.remove_button.setEnabled(spot is not None and placement.placed(self.config, spot) is not None)
        self.save_button.setEnabled(self.dirty and not self._unreadable and not self._saving)

    def row_texts(self) -> list[tuple[str, str]]:
        """What the list shows, row by row (name, detail): for tests and screen readers."""
        return [(row.name.text(), row.detail.text()) for row in self._rows.values()]

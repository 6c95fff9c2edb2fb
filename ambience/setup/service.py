"""The owner's device set-up without Qt: the rooms config being edited and the one saved, the
devices found and which are being looked at, the TP-Link account, this computer's audio outputs,
and what the owner asks for (discover, add, check, identify, place, choose the music, save).

Nothing here waits on a device, the keyring or the disk: an intent changes the state at once and
starts the rest with ``run_async`` (the app's asyncio loop). Whoever shows the state watches it:
each watcher is called after every change, on the loop's thread (under qasync, the UI thread).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ambience.config.roles import Role
from ambience.config.rooms import (
    DeviceConfig,
    KasaConnectionConfig,
    RoomConfig,
    StudioConfig,
    load_rooms,
    save_rooms,
)
from ambience.config.validation import InvalidFile
from ambience.devices.errors import DeviceError
from ambience.engine.factory import KasaOptions
from ambience.setup import music, placement
from ambience.setup.account import forget_account, keep_account, not_kept_text, read_account
from ambience.setup.found import BROADCAST, FoundDevice, unreachable
from ambience.setup.learnt import learn, renamed
from ambience.setup.music import MusicChoice
from ambience.setup.placement import Key, Spot, parse_address

if TYPE_CHECKING:
    from ambience.devices.kasa.credentials import KasaCredentials

RunAsync = Callable[[Coroutine[Any, Any, Any]], "asyncio.Future[Any]"]
# The roles whose devices can show themselves (a thermostat has nothing to blink).
SHOWS_ITSELF = (Role.LIGHT, Role.DIFFUSER)


class DeviceSetup:
    """The Devices page's state and intents, for one rooms config file."""

    def __init__(
        self,
        config_path: Path,
        *,
        run_async: RunAsync | None = None,
        kasa: KasaOptions | None = None,
        discovery_port: int | None = None,
        discovery_timeout_s: float = 5.0,
        identify_pause_s: float = 0.6,
    ) -> None:
        self.config_path = Path(config_path)
        self._run_async: RunAsync = run_async or asyncio.ensure_future
        self.kasa = kasa or KasaOptions()  # the page's own connections, with the rooms' timeout and account
        self.discovery_port = discovery_port
        self.discovery_timeout_s = discovery_timeout_s
        self.identify_pause_s = identify_pause_s
        self.watchers: list[Callable[[], None]] = []
        self.save_watchers: list[Callable[[StudioConfig], None]] = []  # each given the config just written
        self.found: dict[Key, FoundDevice] = {}
        self.checking: set[Key] = set()
        self.identifying: set[Key] = set()
        self.discovering = False
        self.selected: Key | None = None
        self.music_room: str | None = None  # the room whose music is shown instead of a device
        self.selected_room: str | None = None  # the room shown (rename, move, remove) instead of a device
        self.outputs: list[str] | None = None  # this computer's audio outputs; None: not known yet
        self.outputs_problem: str | None = None
        self.looking_for_outputs = False
        self.account: KasaCredentials | None = None
        self.account_known = False
        self.saving = False
        self.status_detail = ""  # the technical words behind the status, for one tap more
        self._pending: set[asyncio.Future[Any]] = set()
        self._closed = False
        self.config, self.unreadable, self.status = self._load()
        self.saved_config = self.config

    # The rooms config.
    def _load(self) -> tuple[StudioConfig, bool, str]:
        """The config, whether the file is there but unreadable, and what to say about it."""
        if not self.config_path.exists():
            return StudioConfig(), False, f"No rooms config yet: Save creates {self.config_path}"
        try:
            return load_rooms(self.config_path), False, f"Rooms config: {self.config_path}"
        except InvalidFile as exc:
            # Never overwrite a file the owner may have written by hand: they fix it first.
            reason = (
                f"Cannot read the rooms config: {exc}. Fix it (or move it away), then open Devices again."
            )
            return StudioConfig(), True, reason

    @property
    def dirty(self) -> bool:
        return self.config != self.saved_config

    @property
    def can_save(self) -> bool:
        return self.dirty and not self.unreadable and not self.saving

    def save(self) -> asyncio.Future[Any] | None:
        """Write the rooms config atomically (keeping the previous one as a backup), off the UI thread."""
        if self.unreadable or self.saving:
            return None
        self.saving = True
        # With the way each device was found to talk, so the first start reaches it at once.
        self.config = learn(self.config, self.found.values())
        self._changed()
        return self._start(self._save(self.config))

    async def _save(self, config: StudioConfig) -> None:
        try:
            await asyncio.to_thread(save_rooms, config, self.config_path)
        except Exception as exc:
            self.status = f"Not saved: {getattr(exc, 'strerror', None) or exc}"
            raise
        else:
            self.saved_config = config
            self.status = f"Saved to {self.config_path}"
        finally:
            self.saving = False
            self._changed()
        for watcher in list(self.save_watchers):
            watcher(config)

    def room(self, room_id: str | None, *, saved: bool = False) -> RoomConfig | None:
        """The room ``room_id`` as edited (``saved``: as last saved), if there is one."""
        return placement.room_by_id(self.saved_config if saved else self.config, room_id)

    # What the page shows.
    def say(self, text: str, detail: str = "") -> None:
        """Show ``text`` as the page's status (``detail``: its technical words, a tap away)."""
        self.status, self.status_detail = text, detail
        self._changed()

    @property
    def busy(self) -> bool:
        """Something started here is still running (a look-up, the keyring, a save)."""
        return bool(self._pending)

    def spot_of(self, key: Key | None) -> Spot | None:
        """Where the device ``key`` is, if it was found or is in the rooms config."""
        if key is None:
            return None
        found = self.found.get(key)
        if found is not None:
            return found.spot
        return next(
            (Spot.of(d) for _, d in placement.kasa_entries(self.config) if Spot.of(d).key == key), None
        )

    def placed(self, spot: Spot | None) -> tuple[RoomConfig, DeviceConfig] | None:
        """The room and entry of the device at ``spot``, if it is in a room."""
        return placement.placed(self.config, spot) if spot is not None else None

    def role_of(self, spot: Spot | None) -> Role | None:
        """The device's role in its room, else the one its kind would take."""
        current = self.placed(spot)
        if current is not None:
            return current[1].role
        found = self.found.get(spot.key) if spot is not None else None
        return found.role if found else None

    def describe(self, key: Key, fallback: str = "") -> tuple[str, bool | None]:
        """What the device is and does, in a few words, and whether it answers (None: not known);
        one that does not answer says why in plain words ("off, or not on the network")."""
        found = self.found.get(key)
        if key in self.checking:
            return "checking…", None
        if found is None:
            return fallback, None
        if not found.reachable:
            return " · ".join(p for p in (found.what, found.trouble) if p), False
        return " · ".join(p for p in (found.what, found.state) if p), True

    def where(self, spot: Spot) -> str:
        """Where the device is, as the owner knows it: its address, and a hub's device by its name
        (the rooms config names it by its device id)."""
        if spot.child is None:
            return spot.where
        found = self.found.get(spot.key)
        if found is not None and found.alias and found.alias != found.spot.where:
            return Spot(spot.host, spot.port, found.alias).where
        return spot.where

    @property
    def selected_spot(self) -> Spot | None:
        return self.spot_of(self.selected)

    @property
    def can_identify(self) -> bool:
        spot = self.selected_spot
        found = self.found.get(spot.key) if spot else None
        answers = found is not None and found.reachable and found.spot.key not in self.identifying
        return answers and self.role_of(spot) in SHOWS_ITSELF

    def select(self, spot: Spot | None) -> None:
        self.selected, self.music_room, self.selected_room = (spot.key if spot else None), None, None
        self._changed()

    def select_music(self, room_id: str) -> None:
        """Show where ``room_id``'s music plays, in place of a device's details."""
        self.selected, self.music_room, self.selected_room = None, room_id, None
        self._changed()

    def select_room(self, room_id: str) -> None:
        """Show room ``room_id`` itself (its name, its place in the order), in place of a device's details."""
        self.selected, self.music_room, self.selected_room = None, None, room_id
        self._changed()

    # Finding devices and looking at them.
    def open(self) -> None:
        """What opening the page starts: the rooms' devices looked at, the account read, the
        computer's audio outputs listed."""
        self.check_all()
        self.load_account()
        self.look_for_outputs()

    def discover(self, target: str = "") -> asyncio.Future[Any] | None:
        """Every device that answers at ``target`` (empty: the broadcast address), found and read."""
        if self.discovering:
            return None
        target = target.strip() or BROADCAST
        self.discovering = True
        self.say(f"Discovering devices at {target}…")
        return self._start(self._discover(target))

    async def _discover(self, target: str) -> None:
        from ambience.setup import kasa as kasa_setup  # python-kasa only once a device is looked for

        try:
            found = await kasa_setup.discover(
                target,
                port=self.discovery_port,
                timeout_s=self.discovery_timeout_s,
                credentials=self.kasa.credentials,
            )
        except Exception as exc:
            self.status = f"Discover failed: {exc}"
            raise
        else:
            self._keep(found)
            usable = [f for f in found if f.role is not None]
            self.status = f"Found {len(found)} device{'s' if len(found) != 1 else ''} at {target}" + (
                f", {len(usable)} usable in a room" if found else ""
            )
        finally:
            self.discovering = False
            self._changed()

    def add_address(self, text: str) -> bool:
        """Look at the device at the address typed and select it; False if the text is no address."""
        try:
            spot = parse_address(text)
        except ValueError as exc:
            self.say(str(exc))
            return False
        if spot is None:
            self.say("Type a device's address first")
            return False
        self.check(spot, select=True)
        return True

    def check_all(self) -> None:
        """Look at every device of the rooms config (model, state, whether it answers)."""
        for _, device in placement.kasa_entries(self.config):
            self.check(Spot.of(device))

    def check_selected(self) -> None:
        spot = self.selected_spot
        if spot is not None:
            self.check(spot)

    def check(self, spot: Spot, *, select: bool = False) -> asyncio.Future[Any]:
        """Look at the device at ``spot`` (and, at a hub, the devices paired to it)."""
        self.checking.add(spot.key)
        self._changed()
        return self._start(self._look(spot, select=select))

    async def _look(self, spot: Spot, *, select: bool) -> None:
        from ambience.setup import kasa as kasa_setup  # python-kasa only once a device is looked at

        key = spot.key
        try:
            found = await kasa_setup.look(spot, self.kasa.links(), connection=self.remembered(spot))
        except Exception as exc:
            problem = exc if isinstance(exc, DeviceError) else DeviceError(str(exc))
            previous = self.found.get(key)
            self.found[key] = gone = unreachable(
                spot,
                problem,
                alias=previous.alias if previous else "",
                model=previous.model if previous else "",
                kind=previous.kind if previous else "",
                connection=previous.connection if previous else None,
            )
            if select:
                self.selected, self.music_room = key, None
                self.status = f"{self.where(spot)}: {gone.trouble_in_full}"
            raise
        else:
            self._keep(found)
            if select and found:
                first = next((f for f in found if f.role is not None), found[0])
                self.selected, self.music_room = first.spot.key, None
                self.status = f"{self.where(spot)}: {first.model} {first.kind} '{first.alias}'"
        finally:
            self.checking.discard(key)
            self._changed()

    def remembered(self, spot: Spot) -> KasaConnectionConfig | None:
        """How the device at ``spot``'s address talked when last reached (found here, or kept in
        the rooms config), so it is asked that way first; None: find it."""
        address = (spot.host, spot.port)
        for found in self.found.values():
            if (
                found.reachable
                and found.connection is not None
                and (found.spot.host, found.spot.port) == address
            ):
                return found.connection
        for config in (self.config, self.saved_config):
            for _, device in placement.kasa_entries(config):
                if device.connection is not None and (device.host, device.port) == address:
                    return device.connection
        return None

    def _keep(self, found: list[FoundDevice]) -> None:
        """Keep what was found, and what it teaches the rooms config (a hub's devices named by
        their id from now on; how each address talks) in the config as edited and as saved."""
        for device in found:
            self.found[device.spot.key] = device
        for by_name, by_id in renamed(found).items():
            if by_name != by_id:
                self.found.pop(by_name, None)
                if self.selected == by_name:
                    self.selected = by_id
        self.config = learn(self.config, found)
        self.saved_config = learn(self.saved_config, found)

    def identify(self) -> asyncio.Future[Any] | None:
        """Make the selected device show itself (a light blinks, a plug clicks), then as it was."""
        spot = self.selected_spot
        role = self.role_of(spot)
        if spot is None or role is None:
            return None
        self.identifying.add(spot.key)
        self.say(f"Watch for {self.where(spot)}: it blinks or clicks twice")
        return self._start(self._identify(spot, role))

    async def _identify(self, spot: Spot, role: Role) -> None:
        from ambience.setup import kasa as kasa_setup  # python-kasa only once a device is looked at

        try:
            await kasa_setup.identify(
                spot,
                role,
                self.kasa.links(),
                pause_s=self.identify_pause_s,
                connection=self.remembered(spot),
            )
        except Exception as exc:
            self.status = f"Identify failed: {exc}"
            raise
        else:
            self.status = f"{self.where(spot)} showed itself"
        finally:
            self.identifying.discard(spot.key)
            self._changed()

    # Rooms and roles (kept once saved).
    def add_room(self, name: str) -> bool:
        """Add a room called ``name``; False if there is no name.

        Its music plays through this computer's default output, unless another room already
        does (one computer plays through one output at a time): then it has none until chosen.
        """
        name = name.strip()
        if not name:
            self.say("Type the new room's name first")
            return False
        self.config, room_id = placement.add_room(self.config, name)
        others = music.sharing(self.config, room_id)
        if others:
            self.say(
                f"Room '{name}' added, without music: {others[0].name} already plays through this "
                "computer (choose on its Music row). Save to keep it"
            )
        else:
            self.config = music.with_music(self.config, room_id, music.this_computer())
            self.say(f"Room '{name}' added, its music through this computer; Save to keep it")
        self.selected, self.music_room, self.selected_room = None, None, room_id
        self._changed()
        return True

    def rename_room(self, name: str) -> bool:
        """Call the shown room ``name``; False if there is no name."""
        room = self.room(self.selected_room)
        name = name.strip()
        if room is None or not name:
            if room is not None:
                self.say("A room needs a name")
            return False
        if name != room.name:
            self.config = placement.rename_room(self.config, room.id, name)
            self.say(f"Room '{room.name}' is now '{name}'; Save to keep it")
        return True

    def move_room(self, step: int) -> None:
        """Show the shown room ``step`` places earlier (negative) or later on the panel."""
        room = self.room(self.selected_room)
        if room is not None:
            self.config = placement.move_room(self.config, room.id, step)
            self._changed()

    def remove_room(self) -> None:
        """Remove the shown room and the devices it lists (they show as not in a room)."""
        room = self.room(self.selected_room)
        if room is None:
            return
        self.config = placement.remove_room(self.config, room.id)
        self.selected_room = None
        self.say(f"Room '{room.name}' removed; Save to keep it")

    def assign(self, room_id: str, role: Role | None = None, name: str | None = None) -> None:
        """Put the selected device in ``room_id`` (as ``role``, called ``name``)."""
        spot = self.selected_spot
        if spot is None:
            return
        found = self.found.get(spot.key)
        current = self.placed(spot)
        role = role or (current[1].role if current else None) or (found.role if found else None) or Role.LIGHT
        name = name or (current[1].name if current else None) or (found.alias if found else spot.where)
        config = placement.place(self.config, spot, room_id=room_id, role=role, name=name)
        self.config = learn(config, [found] if found is not None else [])
        self._changed()

    def choose_role(self, role: Role) -> None:
        """Give the selected device ``role`` in its room."""
        current = self.placed(self.selected_spot)
        if current is None:
            self.say("Choose a room for it first")
            return
        self.assign(current[0].id, role)

    def rename(self, name: str) -> None:
        """Call the selected device ``name`` in its room."""
        current = self.placed(self.selected_spot)
        name = name.strip()
        if current is not None and name and name != current[1].name:
            self.assign(current[0].id, current[1].role, name)

    def remove_selected(self) -> None:
        spot = self.selected_spot
        if spot is not None:
            self.config = placement.unplace(self.config, spot)
            self._changed()

    # Where each room's music plays.
    def look_for_outputs(self) -> asyncio.Future[Any] | None:
        """List this computer's audio outputs on a worker thread (SDL may take a moment)."""
        if self.looking_for_outputs:
            return None
        self.looking_for_outputs = True
        self._changed()
        return self._start(self._list_outputs())

    async def _list_outputs(self) -> None:
        try:
            self.outputs, self.outputs_problem = list(await music.list_outputs()), None
        except Exception as exc:
            self.outputs, self.outputs_problem = [], str(exc)
            raise
        finally:
            self.looking_for_outputs = False
            self._changed()

    def choose_music(self, choice: MusicChoice) -> None:
        """Play the shown room's music as ``choice`` (kept once saved)."""
        if self.music_room is None or self.room(self.music_room) is None:
            return
        self.config = music.with_music(self.config, self.music_room, choice)
        self._changed()

    # The TP-Link account.
    def load_account(self) -> asyncio.Future[Any]:
        return self._start(self._read_account())

    async def _read_account(self) -> None:
        try:
            self.account = await read_account(self.kasa.credentials)
        except Exception:
            self.account = None
            raise
        finally:
            self.account_known = True
            self._changed()

    def store_account(
        self, username: str, password: str, *, then: Callable[[], None] | None = None
    ) -> asyncio.Future[Any]:
        """Keep the account in the keychain, then look at the devices again; ``then`` once it is kept."""
        return self._start(self._store_account(username.strip(), password), then)

    async def _store_account(self, username: str, password: str) -> None:
        try:
            await keep_account(username, password)
        except Exception as exc:
            self.say(not_kept_text(exc), getattr(exc, "detail", ""))
            raise
        self.say("Account kept in the keychain; checking the devices again")
        self.load_account()
        self.check_all()

    def forget_account(self) -> asyncio.Future[Any]:
        return self._start(self._forget_account())

    async def _forget_account(self) -> None:
        try:
            await forget_account()
        except Exception as exc:
            self.say(not_kept_text(exc), getattr(exc, "detail", ""))
            raise
        self.say("Account removed from the keychain")
        self.load_account()

    # Running the work on the loop.
    def _start(
        self, coro: Coroutine[Any, Any, None], then: Callable[[], None] | None = None
    ) -> asyncio.Future[Any]:
        """Run ``coro`` with ``run_async``. A failure has been said already (the scheduler logs
        it); ``then`` is called if it succeeds while the set-up is still open."""
        future = self._run_async(coro)
        self._pending.add(future)

        def finished(f: asyncio.Future[Any]) -> None:
            self._pending.discard(f)
            if not f.cancelled() and f.exception() is None and then is not None and not self._closed:
                then()

        future.add_done_callback(finished)
        return future

    def _changed(self) -> None:
        for watcher in list(self.watchers):
            watcher()

    async def settled(self) -> None:
        """Wait until nothing started here is running any more (also what it started in turn)."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    def close(self) -> None:
        """Stop whatever is under way with devices and tell no one any more (the page is going)."""
        self._closed = True
        self.watchers.clear()
        self.save_watchers.clear()
        for future in list(self._pending):
            future.cancel()

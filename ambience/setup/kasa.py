"""Setting up Kasa/Tapo devices, for the owner's Devices page: discovering them, looking at one
address, making one show itself (Identify), and placing devices in the rooms config.

No Qt here: the page runs these coroutines on the app's asyncio loop and shows their results.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import kasa
from kasa import Discover, Module
from kasa.interfaces.thermostat import ThermostatState

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig
from ambience.devices.errors import DeviceError, DeviceProblem, DeviceUnsupported, ProblemKind
from ambience.devices.kasa.credentials import (
    CredentialsError,
    KasaCredentials,
    forget_credentials,
    load_credentials,
    store_credentials,
)
from ambience.devices.kasa.device import KasaLight, KasaSwitch
from ambience.devices.kasa.errors import translate
from ambience.devices.kasa.link import KasaLinks, disconnect_quietly

# The account and the device errors, for the Devices page (the UI never imports ambience.devices).
__all__ = [
    "CredentialsError",
    "DeviceError",
    "KasaCredentials",
    "forget_credentials",
    "load_credentials",
    "store_credentials",
]

T = TypeVar("T")
BROADCAST = "255.255.255.255"
# What each kind of device (python-kasa's device types) does in a treatment room.
ROLE_OF_KIND = {
    "bulb": Role.LIGHT,
    "dimmer": Role.LIGHT,
    "lightstrip": Role.LIGHT,
    "plug": Role.DIFFUSER,
    "wallswitch": Role.DIFFUSER,
    "thermostat": Role.THERMOSTAT,
}


@dataclass(frozen=True)
class Spot:
    """Where a device is: its address (and port, if not the usual one) and, on a hub, its name."""

    host: str
    port: int | None = None
    child: str | None = None

    @property
    def where(self) -> str:
        address = f"{self.host}:{self.port}" if self.port else self.host
        return f"{address} › {self.child}" if self.child else address

    def matches(self, other: Spot) -> bool:
        same_child = (self.child or "").casefold() == (other.child or "").casefold()
        return self.host == other.host and self.port == other.port and same_child

    @classmethod
    def of(cls, device: DeviceConfig) -> Spot:
        return cls(device.host or "", device.port, device.child)


@dataclass(frozen=True)
class FoundDevice:
    """A device as the page lists it: what it is, what it is doing, whether it answers."""

    spot: Spot
    alias: str
    model: str
    kind: str  # "bulb", "dimmer", "plug", "thermostat", "hub", ...
    state: str = ""
    reachable: bool = True
    problem: DeviceProblem | None = None

    @property
    def role(self) -> Role | None:
        """The role it would take in a room (None: a hub, or something the app cannot use)."""
        return ROLE_OF_KIND.get(self.kind)


def describe(device: kasa.Device, spot: Spot) -> FoundDevice:
    """A found device from a python-kasa device that has been read."""
    return FoundDevice(
        spot=spot,
        alias=device.alias or spot.where,
        model=device.model,
        kind=device.device_type.value,
        state=_state_text(device),
    )


def _state_text(device: kasa.Device) -> str:
    modules = device.modules
    if Module.Thermostat in modules:
        thermostat = modules[Module.Thermostat]
        heating = ", heating" if thermostat.mode is ThermostatState.Heating else ""
        return f"{thermostat.temperature:.1f} °C, set to {thermostat.target_temperature:g} °C{heating}"
    if device.device_type is kasa.DeviceType.Hub:
        count = len(device.children)
        return f"{count} device{'s' if count != 1 else ''} paired"
    if Module.Light in modules:
        state = modules[Module.Light].state
        if not state.light_on:
            return "off"
        kelvin = f", {state.color_temp} K" if state.color_temp else ""
        return f"on, {state.brightness} %{kelvin}" if state.brightness is not None else "on"
    return "on" if device.is_on else "off"


def _with_children(device: kasa.Device, spot: Spot) -> list[FoundDevice]:
    found = [describe(device, spot)]
    if device.device_type is kasa.DeviceType.Hub:
        found += [
            describe(child, Spot(spot.host, spot.port, child.alias or child.device_id))
            for child in device.children
        ]
    return found


def unreachable(
    spot: Spot, error: DeviceError, *, alias: str = "", model: str = "", kind: str = ""
) -> FoundDevice:
    return FoundDevice(
        spot,
        alias or spot.where,
        model,
        kind,
        reachable=False,
        problem=DeviceProblem.of(error, alias or spot.where),
    )


async def discover(
    target: str = BROADCAST,
    *,
    port: int | None = None,
    timeout_s: float = 5.0,
    credentials: Callable[[], KasaCredentials | None] = load_credentials,
) -> list[FoundDevice]:
    """Every device that answers a discovery probe sent to ``target`` (a broadcast address, or
    one device's), read if it can be; a hub is listed with the devices paired to it."""
    account = await in_thread(credentials)
    creds = kasa.Credentials(account.username, account.password) if account else None
    unsupported: list[kasa.UnsupportedDeviceError] = []

    async def note_unsupported(error: kasa.UnsupportedDeviceError) -> None:
        unsupported.append(error)

    try:
        devices = await Discover.discover(
            target=target,
            port=port,
            discovery_timeout=timeout_s,  # type: ignore[arg-type]  # fractions of a second work
            credentials=creds,
            on_unsupported=note_unsupported,
        )
    except Exception as exc:
        raise translate(exc, target) from exc
    found: list[FoundDevice] = []
    for host, device in devices.items():
        spot = Spot(host, port)
        try:
            await device.update()
            found += _with_children(device, spot)
        except Exception as exc:
            found.append(
                unreachable(
                    spot,
                    translate(exc, spot.where),
                    alias=device.alias or "",
                    model=device.model,
                    kind=device.device_type.value,
                )
            )
        finally:
            await disconnect_quietly(device)
    for error in unsupported:
        host = error.host or "?"
        found.append(
            FoundDevice(
                Spot(host, port),
                host,
                "",
                "unsupported",
                reachable=False,
                problem=DeviceProblem(ProblemKind.UNSUPPORTED, host, "a device this app cannot drive"),
            )
        )
    return sorted(found, key=lambda f: (f.spot.host, f.spot.port or 0, f.spot.child or ""))


async def look(spot: Spot, links: KasaLinks) -> list[FoundDevice]:
    """The device at ``spot`` as it is now (an address of a hub: the hub and its devices).

    Raises DeviceError when it cannot be reached.
    """
    link = links.link(spot.host, spot.port, smart_first=spot.child is not None)
    try:

        async def read(device: kasa.Device) -> list[FoundDevice]:
            found = _with_children(device, Spot(spot.host, spot.port))
            if spot.child is None:
                return found
            wanted = [f for f in found if f.spot.matches(spot)]
            ids = {c.device_id.casefold(): c for c in device.children}
            if not wanted and spot.child.casefold() in ids:
                wanted = [describe(ids[spot.child.casefold()], spot)]
            if not wanted:
                names = ", ".join(f.alias for f in found[1:]) or "none"
                raise DeviceUnsupported(
                    f"the hub at {link.where} has no device '{spot.child}' (it has: {names})"
                )
            return wanted

        return await link.run(read, update=True)
    finally:
        await links.release(link)


async def identify(spot: Spot, role: Role, links: KasaLinks, *, pause_s: float = 0.6) -> None:
    """Make the device show itself: a light blinks twice, a plug clicks off and on twice; then
    it is put back as it was."""
    link = links.link(spot.host, spot.port, smart_first=role is Role.THERMOSTAT)
    try:
        if role is Role.LIGHT:
            light = KasaLight("identify", spot.where, link, child=spot.child)
            await light.refresh()
            before = light.reading()
            try:
                for level in (0.0, 100.0, 0.0, 100.0):
                    await light.set_light(level, None, 0.0)
                    await asyncio.sleep(pause_s)
            finally:
                await light.set_light(before.level if before.on else 0.0, before.kelvin, 0.0)
        elif role is Role.DIFFUSER:
            switch = KasaSwitch("identify", spot.where, link, child=spot.child)
            await switch.refresh()
            was_on = switch.reading().on
            try:
                for on in (not was_on, was_on, not was_on):
                    await switch.set_on(on)
                    await asyncio.sleep(pause_s)
            finally:
                await switch.set_on(was_on)
        else:
            raise DeviceUnsupported("a thermostat cannot show itself: find it by its name on its hub")
    finally:
        await links.release(link)


# Keyring calls may block (a locked keychain waits for the user): they run on a thread of their
# own, not on the loop's default executor (which, under Qt, is a pool of Qt threads).
_KEYRING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ambience-keyring")


async def in_thread(func: Callable[..., T], *args: Any) -> T:
    """``func(*args)`` on the keyring thread, awaited without blocking the loop."""
    return await asyncio.wrap_future(_KEYRING.submit(func, *args))


# Placing devices in the rooms config.
def slug(text: str, taken: set[str]) -> str:
    """An id for the rooms config made from a name, not among ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:34] or "device"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def placed(config: StudioConfig, spot: Spot) -> tuple[RoomConfig, DeviceConfig] | None:
    """The room and entry of the Kasa device at ``spot``, if it is in the config."""
    for room in config.rooms:
        for device in room.devices:
            if device.backend == "kasa" and Spot.of(device).matches(spot):
                return room, device
    return None


def unplace(config: StudioConfig, spot: Spot) -> StudioConfig:
    """The config without the Kasa device at ``spot``."""
    rooms = tuple(
        room.model_copy(update={"devices": tuple(
            d for d in room.devices if not (d.backend == "kasa" and Spot.of(d).matches(spot)))})
        for room in config.rooms
    )  # fmt: skip
    return config.model_copy(update={"rooms": rooms})


def place(config: StudioConfig, spot: Spot, *, room_id: str, role: Role, name: str) -> StudioConfig:
    """The config with the device at ``spot`` in room ``room_id`` as ``role`` (moved if it was
    elsewhere; its id kept if it stays in its room)."""
    existing = placed(config, spot)
    config = unplace(config, spot)
    rooms = []
    for room in config.rooms:
        if room.id == room_id:
            taken = {d.id for d in room.devices}
            keep = existing is not None and existing[0].id == room_id and existing[1].id not in taken
            device_id = existing[1].id if keep and existing else slug(name, taken)
            entry = DeviceConfig(
                id=device_id,
                name=name.strip()[:40] or spot.where[:40],
                role=role,
                backend="kasa",
                host=spot.host,
                port=spot.port,
                child=spot.child,
            )
            room = room.model_copy(update={"devices": (*room.devices, entry)})
        rooms.append(room)
    if not any(room.id == room_id for room in rooms):
        raise LookupError(f"no room '{room_id}'")
    return StudioConfig.model_validate(
        config.model_copy(update={"rooms": tuple(rooms)}).model_dump(by_alias=True)
    )


def add_room(config: StudioConfig, name: str) -> tuple[StudioConfig, str]:
    """The config with a new, empty room called ``name``; and the room's id."""
    room_id = slug(name, {r.id for r in config.rooms})[:40]
    room = RoomConfig(id=room_id, name=name.strip()[:40] or room_id)
    return config.model_copy(update={"rooms": (*config.rooms, room)}), room_id


def kasa_entries(config: StudioConfig) -> list[tuple[RoomConfig, DeviceConfig]]:
    return [(room, device) for room in config.rooms for device in room.devices if device.backend == "kasa"]


def options_links(options: dict[str, Any] | None = None) -> KasaLinks:
    """Links for the page's look-ups, with the same options the rooms' devices get."""
    options = options or {}
    kwargs: dict[str, Any] = {"timeout_s": int(options.get("kasa_timeout_s", 3))}
    if "kasa_credentials" in options:
        kwargs["credentials"] = options["kasa_credentials"]
    return KasaLinks(**kwargs)

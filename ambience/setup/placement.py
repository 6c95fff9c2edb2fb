"""Placing Kasa/Tapo devices in the rooms config: where a device is, new ids, and the edits the
Devices page makes (put a device in a room with a role, take it out; add, rename, remove and
reorder rooms). Pure: no disk, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig

Key = tuple[str, int | None, str]  # a device's address, port and, on a hub, its id (any case)


@dataclass(frozen=True)
class Spot:
    """Where a device is: its address (and port, if not the usual one) and, on a hub, its device
    id (two radiators may share a name; rooms configs written before ids were kept hold the name)."""

    host: str
    port: int | None = None
    child: str | None = None

    @property
    def where(self) -> str:
        address = f"{self.host}:{self.port}" if self.port else self.host
        return f"{address} › {self.child}" if self.child else address

    @property
    def key(self) -> Key:
        """The same for two spots of one device (a hub's device ids are written in any case)."""
        return self.host, self.port, (self.child or "").casefold()

    def matches(self, other: Spot) -> bool:
        return self.key == other.key

    @classmethod
    def of(cls, device: DeviceConfig) -> Spot:
        return cls(device.host or "", device.port, device.child)


def parse_address(text: str) -> Spot | None:
    """``host``, ``host:port`` or ``host:port › name`` (a hub's device, by name or id) as typed by
    the owner; None if empty."""
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


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not among ``taken``."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def slug(text: str, taken: set[str]) -> str:
    """An id for the rooms config made from a name, not among ``taken``."""
    return unique_id(re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:34] or "device", taken)


def room_by_id(config: StudioConfig, room_id: str | None) -> RoomConfig | None:
    return next((room for room in config.rooms if room.id == room_id), None)


def kasa_entries(config: StudioConfig) -> list[tuple[RoomConfig, DeviceConfig]]:
    return [(room, device) for room in config.rooms for device in room.devices if device.backend == "kasa"]


def placed(config: StudioConfig, spot: Spot) -> tuple[RoomConfig, DeviceConfig] | None:
    """The room and entry of the Kasa device at ``spot``, if it is in the config."""
    return next(((r, d) for r, d in kasa_entries(config) if Spot.of(d).matches(spot)), None)


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


def rename_room(config: StudioConfig, room_id: str, name: str) -> StudioConfig:
    """The config with room ``room_id`` called ``name`` (its id, which sessions know it by, stays)."""
    name = name.strip()[:40]
    if not name:
        raise ValueError("a room needs a name")
    rooms = tuple(r.model_copy(update={"name": name}) if r.id == room_id else r for r in config.rooms)
    return config.model_copy(update={"rooms": rooms})


def remove_room(config: StudioConfig, room_id: str) -> StudioConfig:
    """The config without room ``room_id`` and the devices it lists (they can be placed again)."""
    return config.model_copy(update={"rooms": tuple(r for r in config.rooms if r.id != room_id)})


def move_room(config: StudioConfig, room_id: str, step: int) -> StudioConfig:
    """The config with room ``room_id`` ``step`` places earlier (negative) or later in the order the
    panel shows the rooms; at either end it stays."""
    rooms = list(config.rooms)
    index = next((i for i, r in enumerate(rooms) if r.id == room_id), None)
    if index is None:
        return config
    target = max(0, min(len(rooms) - 1, index + step))
    rooms.insert(target, rooms.pop(index))
    return config.model_copy(update={"rooms": tuple(rooms)})

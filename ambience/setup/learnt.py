"""What looking at Kasa/Tapo devices teaches the rooms config: how each address talks (so the
next start reaches it in one round trip, also after a firmware update changed the way) and the
device id of each hub device the config names by its name. Pure: no disk, no network."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError

from ambience.config.rooms import DeviceConfig, KasaConnectionConfig, StudioConfig
from ambience.setup.found import FoundDevice
from ambience.setup.placement import Key

Address = tuple[str, int | None]


def learn(config: StudioConfig, found: Iterable[FoundDevice]) -> StudioConfig:
    """``config`` with the way each address was found to talk kept next to its devices, and hub
    devices named by their name named by their id (the first of that name, as the engine does)."""
    ways: dict[Address, KasaConnectionConfig] = {}
    children: dict[Address, list[FoundDevice]] = {}
    for device in found:
        if not device.reachable:
            continue
        address = (device.spot.host, device.spot.port)
        if device.connection is not None:
            ways[address] = device.connection
        if device.spot.child is not None:
            children.setdefault(address, []).append(device)
    if not ways and not children:
        return config

    def update(device: DeviceConfig) -> DeviceConfig:
        if device.backend != "kasa" or device.host is None:
            return device
        address = (device.host, device.port)
        changes: dict[str, object] = {}
        way = ways.get(address)
        if way is not None and device.connection != way:
            changes["connection"] = way.model_dump()
        if device.child:
            child_id = id_of(device.child, children.get(address, []))
            if child_id is not None and child_id != device.child:
                changes["child"] = child_id
        if not changes:
            return device
        try:
            return DeviceConfig.model_validate(device.model_dump(by_alias=True) | changes)
        except ValidationError:
            return device  # a device that says odd things of itself is kept as the owner wrote it

    rooms = tuple(
        room.model_copy(update={"devices": tuple(update(d) for d in room.devices)}) for room in config.rooms
    )
    if rooms == config.rooms:
        return config
    return config.model_copy(update={"rooms": rooms})


def id_of(child: str, seen: list[FoundDevice]) -> str | None:
    """The device id of the hub device called ``child`` (its id, or its name) among ``seen``."""
    wanted = child.strip().casefold()
    by_id = [f for f in seen if (f.spot.child or "").casefold() == wanted]
    by_name = [f for f in seen if f.alias.strip().casefold() == wanted]
    match = (by_id or by_name)[:1]
    return match[0].spot.child if match else None


def renamed(found: Iterable[FoundDevice]) -> dict[Key, Key]:
    """For each hub device seen, the key it had when named by its name, and the one by its id."""
    keys: dict[Key, Key] = {}
    for device in found:
        spot = device.spot
        if device.reachable and spot.child is not None:
            by_name = (spot.host, spot.port, device.alias.strip().casefold())
            keys.setdefault(by_name, spot.key)  # two of one name: the first, as the engine does
    return keys

"""What the studio learns of its Kasa/Tapo devices while it runs, kept in the rooms config: how
each one talks (so the next start connects in one round trip) and the device id of each hub
child that was named by its name.

The devices report in plain values; this writes them next to the device in the rooms file,
re-reading the file first, so nothing the owner saved meanwhile is lost. A file that cannot be
read or written is left as it is: the values are found again on the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ambience.config.rooms import DeviceConfig, KasaConnectionConfig, StudioConfig, load_rooms, rooms_to_toml
from ambience.config.storage import atomic_write_text
from ambience.config.validation import InvalidFile

if TYPE_CHECKING:
    from ambience.devices.kasa.link import KasaConnection

log = logging.getLogger(__name__)


def connection_of(config: DeviceConfig) -> KasaConnection | None:
    """The way ``config``'s device talked last time, for its link."""
    return kasa_connection(config.connection)


def kasa_connection(kept: KasaConnectionConfig | None) -> KasaConnection | None:
    """A link's form of a way kept in the rooms config."""
    if kept is None:
        return None
    from ambience.devices.kasa.link import KasaConnection  # python-kasa only once it is needed

    return KasaConnection(kept.family, kept.encryption, kept.login_version, kept.https, kept.http_port)


def connection_config(connection: KasaConnection) -> KasaConnectionConfig:
    """The rooms config's form of a way found by a link."""
    return KasaConnectionConfig(
        family=connection.family,
        encryption=connection.encryption,
        login_version=connection.login_version,
        https=connection.https,
        http_port=connection.http_port,
    )


class ConnectionBook:
    """Writes what the devices report into the rooms config at ``path`` (None: keeps nothing)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.writes = 0

    def found(self, host: str, port: int | None, connection: KasaConnection) -> None:
        """The device at ``host:port`` talks as ``connection`` (first found, or changed)."""
        wanted = connection_config(connection)

        def update(device: DeviceConfig) -> DeviceConfig:
            if _at(device, host, port) and device.connection != wanted:
                return device.model_copy(update={"connection": wanted})
            return device

        self._rewrite(update)

    def child_found(self, host: str, port: int | None, name: str, device_id: str) -> None:
        """The hub child the config calls ``name`` at ``host:port`` has the id ``device_id``."""

        def update(device: DeviceConfig) -> DeviceConfig:
            same = (device.child or "").strip().casefold() == name.strip().casefold()
            if _at(device, host, port) and same and device.child != device_id:
                return device.model_copy(update={"child": device_id})
            return device

        self._rewrite(update)

    def _rewrite(self, update: Callable[[DeviceConfig], DeviceConfig]) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            config = load_rooms(self.path)
        except InvalidFile as exc:
            log.warning("not keeping what was learnt of a device: %s", exc)
            return
        rooms = []
        changed = False
        for room in config.rooms:
            devices = tuple(update(d) for d in room.devices)
            changed |= devices != room.devices
            rooms.append(room.model_copy(update={"devices": devices}))
        if not changed:
            return
        new = StudioConfig.model_validate(
            config.model_copy(update={"rooms": tuple(rooms)}).model_dump(by_alias=True)
        )
        try:
            # No backup: the backup is the owner's version before their last Save.
            atomic_write_text(self.path, rooms_to_toml(new), backup=False)
            self.writes += 1
        except OSError as exc:
            log.warning("not keeping what was learnt of a device in %s: %s", self.path, exc)


def _at(device: DeviceConfig, host: str, port: int | None) -> bool:
    return device.backend == "kasa" and device.host == host and device.port == port

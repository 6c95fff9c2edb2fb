"""Creates device objects from the rooms config: the simulated twin, Kasa/Tapo devices, or pygame music.

The engine's one door to the backends. Backends with heavy dependencies (python-kasa, pygame)
are imported only when a room uses them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig
from ambience.devices.capabilities import Device
from ambience.devices.simulated import (
    Faults,
    SimulatedLight,
    SimulatedMusicPlayer,
    SimulatedSwitch,
    SimulatedThermostat,
)
from ambience.engine.clock import Clock
from ambience.engine.connections import ConnectionBook, connection_of

if TYPE_CHECKING:
    from ambience.devices.kasa.credentials import KasaCredentials
    from ambience.devices.kasa.link import KasaConnection, KasaLinks

# Seconds python-kasa waits for one request (it retries a silent device a few times).
KASA_TIMEOUT_S = 3
# Seconds the one discovery probe to a device's address waits for its answer.
KASA_DISCOVERY_TIMEOUT_S = 2.0


@dataclass
class KasaOptions:
    """How the studio reaches Kasa/Tapo devices; one set of connections shared by every room."""

    timeout_s: int = KASA_TIMEOUT_S
    # Where the TP-Link account comes from (None: the keyring, or the environment).
    credentials: Callable[[], KasaCredentials | None] | None = None
    discovery_timeout_s: float = KASA_DISCOVERY_TIMEOUT_S
    # The rooms config to keep what is learnt of the devices in (None: keep nothing).
    rooms_path: Path | None = None
    _links: KasaLinks | None = field(default=None, repr=False)
    _book: ConnectionBook | None = field(default=None, repr=False)

    @property
    def book(self) -> ConnectionBook:
        """Where the ways found to the devices, and hub children's ids, are kept."""
        if self._book is None or self._book.path != self.rooms_path:
            self._book = ConnectionBook(self.rooms_path)
        return self._book

    def links(self) -> KasaLinks:
        """The studio's connections, opened on first use and kept by a successor studio."""
        if self._links is None:
            from ambience.devices.kasa.link import KasaLinks  # python-kasa only once it is needed

            def found(host: str, port: int | None, connection: KasaConnection) -> None:
                self.book.found(host, port, connection)

            kwargs = {} if self.credentials is None else {"credentials": self.credentials}
            self._links = KasaLinks(
                timeout_s=self.timeout_s,
                discovery_timeout_s=self.discovery_timeout_s,
                on_connection=found,
                **kwargs,
            )
        return self._links


@dataclass
class DeviceContext:
    """What backends may need besides a device's own config."""

    clock: Clock
    faults: dict[str, Faults] = field(default_factory=dict)  # by "room/device" id
    # Players keep under the studio's cap themselves too, whatever they are asked (None: the
    # studio's, once it is built).
    volume_cap: float | None = None
    kasa: KasaOptions = field(default_factory=KasaOptions)


_SIMULATED = {
    Role.LIGHT: SimulatedLight,
    Role.DIFFUSER: SimulatedSwitch,
    Role.THERMOSTAT: SimulatedThermostat,
    Role.MUSIC: SimulatedMusicPlayer,
}


def create_device(room_id: str, config: DeviceConfig, context: DeviceContext) -> Device:
    """A device object for ``config``; real backends connect lazily, on first use."""
    if config.backend == "kasa":
        return _kasa_device(config, context)
    if config.backend == "pygame":
        from ambience.devices.audio.player import open_player  # pygame only once it is needed

        return open_player(
            config.id,
            config.name,
            context.clock,
            output=config.output,
            volume_cap=100.0 if context.volume_cap is None else context.volume_cap,
        )
    faults = context.faults.setdefault(f"{room_id}/{config.id}", Faults())
    return _SIMULATED[config.role](config.id, config.name, context.clock, faults)


def _kasa_device(config: DeviceConfig, context: DeviceContext) -> Device:
    from ambience.devices.kasa.device import KasaLight, KasaSwitch, KasaThermostat

    kinds: dict[Role, type[KasaLight | KasaSwitch | KasaThermostat]] = {
        Role.LIGHT: KasaLight,
        Role.DIFFUSER: KasaSwitch,
        Role.THERMOSTAT: KasaThermostat,
    }
    if config.role not in kinds or not config.host:  # the rooms config refuses both already
        raise ValueError(f"{config.id}: a Kasa device needs a host and a light, diffuser or thermostat role")
    kasa = context.kasa
    links = kasa.links()
    host, port, named = config.host, config.port, config.child
    link = links.link(host, port, connection=connection_of(config))

    def child_id(device_id: str) -> None:
        if named is not None:
            kasa.book.child_found(host, port, named, device_id)

    return kinds[config.role](config.id, config.name, link, child=named, links=links, on_child=child_id)

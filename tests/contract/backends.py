"""Device factories for the contract suite, one per backend.

Each factory is an async context manager yielding ``(device, outage)``: ``outage`` is a
``Outage`` that can take the device off the network and bring it back, the way that backend
really fails (a simulated outage, an emulated Kasa device shutting its port, …). A backend
registers its factories in the dicts below.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

from ambience.devices.simulated import (
    Faults,
    SimulatedLight,
    SimulatedMusicPlayer,
    SimulatedSwitch,
    SimulatedThermostat,
)
from ambience.engine.clock import ManualClock


class Outage(Protocol):
    async def begin(self) -> None: ...
    async def end(self) -> None: ...


class SimulatedOutage:
    def __init__(self, faults: Faults) -> None:
        self.faults = faults

    async def begin(self) -> None:
        self.faults.offline = True

    async def end(self) -> None:
        self.faults.offline = False


Factory = Callable[[], contextlib.AbstractAsyncContextManager[tuple[Any, Outage]]]


def _simulated(cls: type) -> Factory:
    @contextlib.asynccontextmanager
    async def factory() -> AsyncIterator[tuple[Any, Outage]]:
        faults = Faults()
        device = cls("dev", "Device", ManualClock(), faults)
        yield device, SimulatedOutage(faults)
        await device.close()

    return factory


def _kasa(spec: str) -> Factory:
    """A Kasa device object talking to an emulated device on 127.0.0.1 through python-kasa."""

    @contextlib.asynccontextmanager
    async def factory() -> AsyncIterator[tuple[Any, Outage]]:
        from tests.support.kasa import emulated

        async with emulated(spec) as (device, outage, _):
            yield device, outage

    return factory


LIGHTS: dict[str, Factory] = {
    "simulated": _simulated(SimulatedLight),
    "kasa": _kasa("bulb:KL130(US)"),
    "kasa-dimmer": _kasa("dimmer:HS220(US)"),
    "kasa-tapo": _kasa("bulb:L530"),
}
SWITCHES: dict[str, Factory] = {
    "simulated": _simulated(SimulatedSwitch),
    "kasa": _kasa("plug:HS103(US)"),
    "kasa-tapo": _kasa("plug:P100"),
}
THERMOSTATS: dict[str, Factory] = {"simulated": _simulated(SimulatedThermostat), "kasa": _kasa("thermostat")}


class MixerOutage:
    """The audio output goes away (the mixer closes) and comes back."""

    async def begin(self) -> None:
        from ambience.devices.audio.mixer import close_mixer

        close_mixer()

    async def end(self) -> None:
        from ambience.devices.audio.mixer import open_mixer

        open_mixer()


@contextlib.asynccontextmanager
async def _pygame_player() -> AsyncIterator[tuple[Any, Outage]]:
    """The pygame player on SDL's dummy audio driver (set by the tests' conftest)."""
    from ambience.devices.audio.mixer import open_mixer
    from ambience.devices.audio.player import PygameMusicPlayer

    open_mixer()
    clock = ManualClock()
    device = PygameMusicPlayer("dev", "Device", clock, audio_time=clock.now)
    try:
        yield device, MixerOutage()
    finally:
        await device.close()
        open_mixer()


PLAYERS: dict[str, Factory] = {"simulated": _simulated(SimulatedMusicPlayer), "pygame": _pygame_player}

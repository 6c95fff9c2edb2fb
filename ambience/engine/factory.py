"""Creates device objects from the rooms config, one backend module per kind of hardware."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from ambience.config.rooms import DeviceConfig
from ambience.devices.base import Device, Role
from ambience.devices.simulated import (
    Faults,
    SimulatedLight,
    SimulatedMusicPlayer,
    SimulatedSwitch,
    SimulatedThermostat,
)
from ambience.engine.clock import Clock


@dataclass
class DeviceContext:
    """What backends may need besides a device's own config."""

    clock: Clock
    faults: dict[str, Faults] = field(default_factory=dict)  # by "room/device" id
    options: dict[str, Any] = field(default_factory=dict)


_SIMULATED = {
    Role.LIGHT: SimulatedLight,
    Role.DIFFUSER: SimulatedSwitch,
    Role.THERMOSTAT: SimulatedThermostat,
    Role.MUSIC: SimulatedMusicPlayer,
}

# Backends with heavier dependencies are imported only when a room uses them.
_MODULES = {"kasa": "ambience.devices.kasa.device", "pygame": "ambience.devices.audio.player"}


def create_device(room_id: str, config: DeviceConfig, context: DeviceContext) -> Device:
    """A device object for ``config``; real backends connect lazily, on first use."""
    if config.backend == "simulated":
        faults = context.faults.setdefault(f"{room_id}/{config.id}", Faults())
        return _SIMULATED[config.role](config.id, config.name, context.clock, faults)
    module = importlib.import_module(_MODULES[config.backend])
    return module.create_device(room_id, config, context)

"""The device readings and problems the panel and the terminal show, re-exported from the devices
layer so that nothing above the engine imports ``ambience.devices``."""

from __future__ import annotations

from ambience.devices.errors import DeviceError, DeviceProblem, ProblemKind
from ambience.devices.readings import LightReading, NowPlaying, Reading, SwitchReading, ThermostatReading

__all__ = [
    "DeviceError",
    "DeviceProblem",
    "LightReading",
    "NowPlaying",
    "ProblemKind",
    "Reading",
    "SwitchReading",
    "ThermostatReading",
]

"""Capability interfaces: what the engine may ask of a light, a switch, a thermostat, a music player.

Backends (simulated, Kasa, pygame) implement the ones their devices have. Every method that
talks to a device is a coroutine and raises only ``ambience.devices.errors.DeviceError``s.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from ambience.devices.readings import LightReading, NowPlaying, SwitchReading, ThermostatReading


class Device(ABC):  # noqa: B024 - its subclasses, the capabilities, are the abstract ones
    """Anything the engine drives. ``name`` is what the studio calls it ("Ceiling light")."""

    def __init__(self, device_id: str, name: str) -> None:
        self.id = device_id
        self.name = name

    @property
    def model(self) -> str:
        """A short description of the hardware, for the devices list."""
        return type(self).__name__

    async def refresh(self) -> None:  # noqa: B027 - a no-op default is right for local devices
        """Read the device's current state; raises DeviceError when it cannot be reached."""

    async def close(self) -> None:  # noqa: B027
        """Release connections; the device may not be used afterwards."""


class Light(Device):
    """A dimmable light, perhaps with tunable white."""

    # The warmest and coolest colour temperatures the light can make; None when it has no white tuning.
    kelvin_range: tuple[int, int] | None = None
    # Whether the light fades by itself over the transition it is given.
    honours_transition: bool = True

    @abstractmethod
    async def set_light(self, level: float, kelvin: int | None = None, transition_s: float = 0.0) -> None:
        """Set brightness (0–100 %; 0 means off) and, where supported, colour temperature."""

    @abstractmethod
    def reading(self) -> LightReading:
        """The last known state (no I/O)."""


class Switch(Device):
    """Something switched on and off: a smart plug with a diffuser on it."""

    @abstractmethod
    async def set_on(self, on: bool) -> None: ...

    @abstractmethod
    def reading(self) -> SwitchReading: ...


class Thermostat(Device):
    """A heating thermostat (a radiator valve) with a target temperature."""

    target_range: tuple[float, float] = (5.0, 30.0)

    @abstractmethod
    async def set_target(self, celsius: float) -> None: ...

    @abstractmethod
    def reading(self) -> ThermostatReading: ...


class MusicPlayer(Device):
    """Plays a playlist, with volume ramps and fades."""

    @abstractmethod
    async def load(self, tracks: Sequence[str], *, shuffle: bool = False, loop: bool = True) -> None:
        """Replace the playlist (files); playback stops until ``play``."""

    @abstractmethod
    async def play(self, fade_in_s: float = 0.0) -> None:
        """Start or resume playback, rising from silence over ``fade_in_s``."""

    @abstractmethod
    async def pause(self) -> None: ...

    @abstractmethod
    async def stop(self, fade_out_s: float = 0.0) -> None: ...

    @abstractmethod
    async def next(self) -> None: ...

    @abstractmethod
    async def previous(self) -> None: ...

    @abstractmethod
    async def set_volume(self, volume: float, ramp_s: float = 0.0) -> None:
        """Move to ``volume`` % smoothly over ``ramp_s`` seconds."""

    @abstractmethod
    def now_playing(self) -> NowPlaying: ...

    def warnings(self) -> list[str]:
        """Problems met while playing (skipped files, no audio device); cleared when read."""
        return []

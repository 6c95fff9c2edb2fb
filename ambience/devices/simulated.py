"""The simulated studio: devices that behave like real ones (fades take time, rooms warm up
slowly, music position advances) with fault injection for latency, timeouts, errors and outages.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import mutagen

from ambience.devices.capabilities import Light, MusicPlayer, Switch, Thermostat
from ambience.devices.errors import DeviceOffline, DeviceTimeout
from ambience.devices.readings import LightReading, NowPlaying, SwitchReading, ThermostatReading
from ambience.devices.timebase import TimeSource


@dataclass
class Faults:
    """What can go wrong with a simulated device; change the fields at any time."""

    latency_s: float = 0.0
    error_rate: float = 0.0
    offline: bool = False
    offline_until: float | None = None  # studio time
    hang: bool = False  # never answers: the caller's timeout decides
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def is_offline(self, now: float) -> bool:
        return self.offline or (self.offline_until is not None and now < self.offline_until)


class _Simulated:
    """Shared by every simulated device: the clock and the faults it suffers."""

    def __init__(self, clock: TimeSource, faults: Faults | None) -> None:
        self.clock = clock
        self.faults = faults or Faults()
        self.commands = 0  # every command that reached the device, for tests and the demo

    async def _reach(self) -> None:
        faults = self.faults
        if faults.latency_s > 0:
            await asyncio.sleep(faults.latency_s)
        if faults.hang:
            await asyncio.Event().wait()
        if faults.is_offline(self.clock.now()):
            raise DeviceOffline("not reachable (simulated outage)")
        if faults.error_rate > 0 and faults.rng.random() < faults.error_rate:
            raise DeviceTimeout("no answer in time (simulated fault)")
        self.commands += 1


class SimulatedLight(_Simulated, Light):
    """A dimmable, white-tunable bulb that fades over the transition it is given."""

    kelvin_range = (2200, 6500)

    def __init__(self, device_id: str, name: str, clock: TimeSource, faults: Faults | None = None) -> None:
        Light.__init__(self, device_id, name)
        _Simulated.__init__(self, clock, faults)
        self._from = 0.0
        self._to = 0.0
        self._fade_start = 0.0
        self._fade_end = 0.0
        self._kelvin: int | None = 2700

    @property
    def model(self) -> str:
        return "Simulated bulb"

    async def set_light(self, level: float, kelvin: int | None = None, transition_s: float = 0.0) -> None:
        await self._reach()
        now = self.clock.now()
        self._from = self._level(now)
        self._to = max(0.0, min(100.0, level))
        self._fade_start, self._fade_end = now, now + max(0.0, transition_s)
        if kelvin is not None and self.kelvin_range is not None:
            low, high = self.kelvin_range
            self._kelvin = max(low, min(high, int(kelvin)))

    def _level(self, now: float) -> float:
        if now >= self._fade_end or self._fade_end <= self._fade_start:
            return self._to
        frac = (now - self._fade_start) / (self._fade_end - self._fade_start)
        return self._from + (self._to - self._from) * max(0.0, frac)

    async def refresh(self) -> None:
        await self._reach()

    def reading(self) -> LightReading:
        level = self._level(self.clock.now())
        return LightReading(on=level > 0, level=level, kelvin=self._kelvin)

    def power_cycle(self) -> None:
        """As if the bulb lost power: it comes back full on, forgetting what it was told."""
        self._from = self._to = 100.0
        self._fade_start = self._fade_end = self.clock.now()


class SimulatedSwitch(_Simulated, Switch):
    """A smart plug with a diffuser on it."""

    def __init__(self, device_id: str, name: str, clock: TimeSource, faults: Faults | None = None) -> None:
        Switch.__init__(self, device_id, name)
        _Simulated.__init__(self, clock, faults)
        self._on = False

    @property
    def model(self) -> str:
        return "Simulated plug"

    async def set_on(self, on: bool) -> None:
        await self._reach()
        self._on = bool(on)

    async def refresh(self) -> None:
        await self._reach()

    def reading(self) -> SwitchReading:
        return SwitchReading(on=self._on)


class SimulatedThermostat(_Simulated, Thermostat):
    """A radiator thermostat heating a room that loses heat to its surroundings.

    Heating warms the room at 0.1–0.25 °C a minute, slowing as it nears the target; idle, the
    room drifts back towards the ambient temperature with a time constant of 90 minutes.
    """

    target_range = (5.0, 30.0)
    HEAT_MAX_C_PER_MIN = 0.25
    HEAT_MIN_C_PER_MIN = 0.1
    COOL_TIME_CONSTANT_MIN = 90.0
    HYSTERESIS_C = 0.3
    STEP_S = 10.0

    def __init__(
        self,
        device_id: str,
        name: str,
        clock: TimeSource,
        faults: Faults | None = None,
        *,
        ambient_c: float = 19.5,
    ) -> None:
        Thermostat.__init__(self, device_id, name)
        _Simulated.__init__(self, clock, faults)
        self.ambient_c = ambient_c
        self._current = ambient_c
        self._target = 17.0
        self._heating = False
        self._updated = clock.now()

    @property
    def model(self) -> str:
        return "Simulated radiator thermostat"

    async def set_target(self, celsius: float) -> None:
        await self._reach()
        self._advance()
        low, high = self.target_range
        self._target = max(low, min(high, float(celsius)))

    async def refresh(self) -> None:
        await self._reach()

    def _advance(self) -> None:
        now = self.clock.now()
        while self._updated < now:
            dt = min(self.STEP_S, now - self._updated)
            if self._current < self._target - self.HYSTERESIS_C:
                self._heating = True
            elif self._current >= self._target:
                self._heating = False
            if self._heating:
                rate = (self._target + 1.0 - self._current) / 20.0
                rate = min(self.HEAT_MAX_C_PER_MIN, max(self.HEAT_MIN_C_PER_MIN, rate))
            else:
                rate = (self.ambient_c - self._current) / self.COOL_TIME_CONSTANT_MIN
            self._current += rate * dt / 60.0
            self._updated += dt

    def reading(self) -> ThermostatReading:
        self._advance()
        return ThermostatReading(target_c=self._target, current_c=self._current, heating=self._heating)


class SimulatedMusicPlayer(_Simulated, MusicPlayer):
    """A player that keeps track of position and volume without making a sound."""

    DEFAULT_TRACK_S = 240.0

    def __init__(
        self,
        device_id: str,
        name: str,
        clock: TimeSource,
        faults: Faults | None = None,
        *,
        track_seconds: float | None = None,
    ) -> None:
        MusicPlayer.__init__(self, device_id, name)
        _Simulated.__init__(self, clock, faults)
        self._track_seconds = track_seconds
        self._tracks: list[str] = []
        self._order: list[int] = []
        self._loop = True
        self._index = -1
        self._position = 0.0  # seconds into the track when ``_since`` was taken
        self._since = clock.now()
        self._playing = False
        self._vol_from = 0.0
        self._vol_to = 0.0
        self._ramp_start = 0.0
        self._ramp_end = 0.0
        self._durations: dict[str, float] = {}

    @property
    def model(self) -> str:
        return "Simulated music player"

    def _duration(self, track: str) -> float:
        if self._track_seconds is not None:
            return self._track_seconds
        return self._durations.get(track, self.DEFAULT_TRACK_S)

    def _sync(self) -> None:
        """Advance the position to now, moving through tracks as they end."""
        now = self.clock.now()
        if self._playing and self._index >= 0:
            self._position += now - self._since
            while self._index >= 0 and self._position >= self._duration(self._current_track()):
                self._position -= self._duration(self._current_track())
                self._index += 1
                if self._index >= len(self._order):
                    if self._loop and self._order:
                        self._index = 0
                    else:
                        self._index, self._playing, self._position = -1, False, 0.0
        self._since = now

    def _current_track(self) -> str:
        return self._tracks[self._order[self._index]]

    def _volume(self, now: float) -> float:
        if now >= self._ramp_end or self._ramp_end <= self._ramp_start:
            return self._vol_to
        frac = (now - self._ramp_start) / (self._ramp_end - self._ramp_start)
        return self._vol_from + (self._vol_to - self._vol_from) * max(0.0, frac)

    async def load(self, tracks: Sequence[str], *, shuffle: bool = False, loop: bool = True) -> None:
        await self._reach()
        self._sync()
        self._tracks = list(tracks)
        self._order = list(range(len(self._tracks)))
        if shuffle:
            random.Random(len(self._tracks)).shuffle(self._order)
        self._loop = loop
        self._index = 0 if self._tracks else -1
        self._position = 0.0
        self._playing = False

    async def play(self, fade_in_s: float = 0.0) -> None:
        await self._reach()
        self._sync()
        if self._index < 0 and self._tracks:
            self._index, self._position = 0, 0.0
        self._playing = self._index >= 0
        if fade_in_s > 0:
            target = self._volume(self.clock.now())
            self._set_ramp(0.0, target, fade_in_s)

    async def pause(self) -> None:
        await self._reach()
        self._sync()
        self._playing = False

    async def stop(self, fade_out_s: float = 0.0) -> None:
        await self._reach()
        self._sync()
        self._playing = False
        self._position = 0.0

    async def next(self) -> None:
        await self._reach()
        self._sync()
        if self._order:
            self._index = (self._index + 1) % len(self._order)
            self._position = 0.0

    async def previous(self) -> None:
        await self._reach()
        self._sync()
        if self._order:
            self._index = (self._index - 1) % len(self._order)
            self._position = 0.0

    async def set_volume(self, volume: float, ramp_s: float = 0.0) -> None:
        await self._reach()
        now = self.clock.now()
        self._set_ramp(self._volume(now), max(0.0, min(100.0, volume)), ramp_s)

    def _set_ramp(self, start: float, end: float, seconds: float) -> None:
        now = self.clock.now()
        self._vol_from, self._vol_to = start, end
        self._ramp_start, self._ramp_end = now, now + max(0.0, seconds)

    async def refresh(self) -> None:
        await self._reach()

    def now_playing(self) -> NowPlaying:
        self._sync()
        volume = self._volume(self.clock.now())
        if self._index < 0:
            return NowPlaying(playing=False, paused=False, volume=volume, track_count=len(self._tracks))
        track = self._current_track()
        return NowPlaying(
            playing=self._playing,
            paused=not self._playing and self._position > 0,
            volume=volume,
            title=Path(track).stem.replace("-", " ").replace("_", " "),
            elapsed_s=self._position,
            total_s=self._duration(track),
            track_index=self._index,
            track_count=len(self._tracks),
        )


def _track_length(track: str) -> float | None:
    """The length of an audio file from its tags, or None when it cannot be read."""
    try:
        info = mutagen.File(track)
    except Exception:  # any unreadable file simply gets the default length
        return None
    return float(info.info.length) if info is not None and getattr(info, "info", None) else None

"""Device drivers: each drives one device towards its part of the room's desired state.

A driver sends only what differs from what the device last accepted, never lets a slow device
hold up another (each runs its own task, under a timeout), retries failures with backoff, and
sends the *current* desired state when a device comes back. A newer target supersedes one that
was never sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

from ambience.devices.capabilities import Device, Light, MusicPlayer, Switch, Thermostat
from ambience.devices.errors import DeviceError, DeviceProblem, DeviceTimeout
from ambience.session.roomstate import ClimateTarget, DiffuserTarget, LightTarget, MusicTarget, RoomState

log = logging.getLogger(__name__)

BACKOFF_S = (1.0, 2.0, 5.0, 10.0, 20.0, 30.0)

D = TypeVar("D", bound=Device)
T = TypeVar("T")  # the device's part of the room state (LightTarget, ...)
K = TypeVar("K", bound=Hashable)  # what is compared to tell whether anything must be sent


class DeviceDriver(Generic[D, T, K]):
    """Keeps one device at its target. Subclasses say which part of the state is theirs."""

    def __init__(self, device: D, *, timeout_s: float = 5.0) -> None:
        self.device = device
        self.timeout_s = timeout_s
        self.available: bool | None = None  # None until the first command or poll
        self.problem: DeviceProblem | None = None
        self.retryable = True
        self.failures = 0
        self.target: T | None = None
        self.applied: K | None = None
        self.retry_pending = False
        self._task: asyncio.Task[None] | None = None
        # Set by the room: called with (driver, delay_s) to ask for a retry, and on any change.
        self.request_retry: Callable[[AnyDriver, float], None] = lambda driver, delay: None
        self.changed: Callable[[AnyDriver], None] = lambda driver: None

    # What the subclasses provide.
    def part(self, state: RoomState) -> T | None:
        raise NotImplementedError

    def key(self, target: T) -> K:
        raise NotImplementedError

    async def send(self, target: T) -> None:
        raise NotImplementedError

    def drifted(self) -> bool:
        """Whether the device's reading shows it lost what it was told (e.g. after a power cut)."""
        return False

    # The machinery.
    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def want(self, state: RoomState) -> None:
        """Ask for the device's part of ``state``; sends in the background if anything differs."""
        target = self.part(state)
        if target is None:
            return
        self.target = target
        if not self.retry_pending:
            self._kick()

    def send_target(self, target: T) -> None:
        """Drive the device to ``target`` itself (putting a room back as it was after a trial)."""
        self.target = target
        if not self.retry_pending:
            self._kick()

    def retry(self) -> None:
        """Try again now (called by the room's retry job)."""
        self.retry_pending = False
        self._kick(force=True)

    def forget(self) -> None:
        """Forget what the device accepted, so the next target is sent in full."""
        self.applied = None

    def _kick(self, *, force: bool = False) -> None:
        if self.busy or self.target is None:
            return
        if force or self.key(self.target) != self.applied:
            self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        while self.target is not None:
            target = self.target
            key = self.key(target)
            if key == self.applied and self.available:
                return
            if not await self._attempt(self.send(target)):
                return
            self.applied = key
            self._succeeded()

    async def poll(self) -> None:
        """Read the device; a failure marks it unavailable, a recovery or drift re-sends."""
        if self.busy:
            return
        was_down = self.available is False
        if not await self._attempt(self.device.refresh()):
            return
        self._succeeded()
        if was_down or self.drifted():
            self.forget()
            self._kick(force=True)

    async def _attempt(self, command: Awaitable[None]) -> bool:
        """Run one command under the timeout; a failure is recorded (and a retry booked)."""
        try:
            await asyncio.wait_for(command, self.timeout_s)
        except TimeoutError:
            self._failed(DeviceTimeout(f"no answer within {self.timeout_s:g} s"))
        except DeviceError as exc:
            self._failed(exc)
        except Exception as exc:  # a bug in a backend must not stop the room
            log.exception("%s: unexpected error", self.device.name)
            self._failed(DeviceError(f"unexpected error: {exc}"))
        else:
            return True
        return False

    async def wait(self) -> None:
        """Until the command in flight (if any) has finished."""
        if self._task is not None:
            await asyncio.shield(self._task)

    def _succeeded(self) -> None:
        changed = self.available is not True
        self.available, self.problem, self.failures, self.retryable = True, None, 0, True
        self.retry_pending = False
        if changed:
            self.changed(self)

    def _failed(self, exc: DeviceError) -> None:
        self.failures += 1
        problem = DeviceProblem.of(exc, self.device.name)
        changed = self.available is not False or self.problem != problem
        self.available, self.problem, self.retryable = False, problem, exc.retryable
        # What the device holds is now unknown: send everything when it answers again.
        self.applied = None
        if exc.retryable:
            self.retry_pending = True
            self.request_retry(self, BACKOFF_S[min(self.failures, len(BACKOFF_S)) - 1])
        if changed:
            self.changed(self)


LightKey = tuple[int, int | None]  # whole percent, colour temperature to 10 K


class LightDriver(DeviceDriver[Light, LightTarget, LightKey]):
    def part(self, state: RoomState) -> LightTarget | None:
        return state.light

    def key(self, target: LightTarget) -> LightKey:
        kelvin = target.kelvin if self.device.kelvin_range is not None else None
        if kelvin is not None:
            low, high = self.device.kelvin_range or (kelvin, kelvin)
            kelvin = round(max(low, min(high, kelvin)) / 10) * 10
        return round(target.level), kelvin

    async def send(self, target: LightTarget) -> None:
        level, kelvin = self.key(target)
        transition = target.transition_s if self.device.honours_transition else 0.0
        await self.device.set_light(level, kelvin, transition)

    def drifted(self) -> bool:
        if self.applied is None or self.target is None:
            return False
        reading = self.device.reading()
        wanted_level, _ = self.applied
        # Mid-transition readings lag; only a large difference means the light lost its state.
        return abs(reading.level - wanted_level) > 15


class SwitchDriver(DeviceDriver[Switch, DiffuserTarget, bool]):
    def part(self, state: RoomState) -> DiffuserTarget | None:
        return state.diffuser

    def key(self, target: DiffuserTarget) -> bool:
        return bool(target.on)

    async def send(self, target: DiffuserTarget) -> None:
        await self.device.set_on(bool(target.on))

    def drifted(self) -> bool:
        return self.applied is not None and self.device.reading().on != self.applied


class ThermostatDriver(DeviceDriver[Thermostat, ClimateTarget, float]):
    def part(self, state: RoomState) -> ClimateTarget | None:
        return state.climate

    def key(self, target: ClimateTarget) -> float:
        low, high = self.device.target_range
        return round(max(low, min(high, target.target_c)), 1)

    async def send(self, target: ClimateTarget) -> None:
        await self.device.set_target(self.key(target))

    def drifted(self) -> bool:
        return self.applied is not None and abs(self.device.reading().target_c - self.applied) > 0.25


MusicKey = tuple[tuple[str, ...], bool, bool, bool, int]  # tracks, shuffle, loop, playing, volume


class MusicDriver(DeviceDriver[MusicPlayer, MusicTarget, MusicKey]):
    """Loads the playlist, sets the volume along the timeline's curve, plays and pauses."""

    def __init__(self, device: MusicPlayer, *, timeout_s: float = 5.0) -> None:
        super().__init__(device, timeout_s=timeout_s)
        self.loaded: tuple[tuple[str, ...], bool, bool] | None = None
        self.playing = False
        self.volume: int | None = None

    def part(self, state: RoomState) -> MusicTarget | None:
        return state.music

    def key(self, target: MusicTarget) -> MusicKey:
        return target.tracks, target.shuffle, target.loop, target.playing, round(target.volume)

    def forget(self) -> None:
        super().forget()
        self.loaded, self.playing, self.volume = None, False, None

    async def send(self, target: MusicTarget) -> None:
        playlist = (target.tracks, target.shuffle, target.loop)
        if playlist != self.loaded:
            await self.device.load(target.tracks, shuffle=target.shuffle, loop=target.loop)
            self.loaded, self.playing = playlist, False
        volume = round(target.volume)
        if volume != self.volume:
            await self.device.set_volume(volume, target.ramp_s)
            self.volume = volume
        if target.playing and not self.playing:
            await self.device.play()
            self.playing = True
        elif not target.playing and self.playing:
            await self.device.pause()
            self.playing = False

    def drifted(self) -> bool:
        return False


AnyDriver = DeviceDriver[Any, Any, Any]


def driver_for(device: Device, *, timeout_s: float = 5.0) -> AnyDriver:
    """The driver that knows how to apply the room's state to this kind of device."""
    if isinstance(device, Light):
        return LightDriver(device, timeout_s=timeout_s)
    if isinstance(device, Switch):
        return SwitchDriver(device, timeout_s=timeout_s)
    if isinstance(device, Thermostat):
        return ThermostatDriver(device, timeout_s=timeout_s)
    if isinstance(device, MusicPlayer):
        return MusicDriver(device, timeout_s=timeout_s)
    raise TypeError(f"no driver for {type(device).__name__}")

"""Injectable clocks: studio time in epoch seconds, optionally running faster than real time."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Tells the studio's current time and when, on the wall clock, a studio time happens."""

    def now(self) -> float:
        """Studio time, in seconds since the epoch."""
        ...

    def wall_at(self, t: float) -> datetime:
        """The real (wall-clock) moment at which studio time ``t`` is reached."""
        ...


class SystemClock:
    """Studio time is real time."""

    def now(self) -> float:
        return time.time()

    def wall_at(self, t: float) -> datetime:
        return datetime.fromtimestamp(t, tz=UTC)


class ScaledClock:
    """Studio time runs ``speed`` times faster than real time from the moment it is created.

    Used for demos: at speed 60 a one-hour session plays in one minute.
    """

    def __init__(self, speed: float, real_time: Callable[[], float] = time.time) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be positive, got {speed}")
        self.speed = speed
        self._real_time = real_time
        self._origin = real_time()

    def now(self) -> float:
        return self._origin + (self._real_time() - self._origin) * self.speed

    def wall_at(self, t: float) -> datetime:
        return datetime.fromtimestamp(self._origin + (t - self._origin) / self.speed, tz=UTC)


class ManualClock:
    """A clock that only moves when told to; for tests and simulations."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def set(self, t: float) -> None:
        self._now = t

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def wall_at(self, t: float) -> datetime:
        return datetime.fromtimestamp(t, tz=UTC)


def make_clock(speed: float = 1.0) -> Clock:
    """The clock the app runs on: real time, or faster for demos."""
    return SystemClock() if speed == 1.0 else ScaledClock(speed)

"""The only thing devices need of the app's clock: the studio's time now."""

from __future__ import annotations

from typing import Protocol


class TimeSource(Protocol):
    """Studio time in seconds since the epoch (the engine's clocks all qualify)."""

    def now(self) -> float: ...

"""The therapist's adjustments of a running session: light steps and off, mute, a warmer or cooler room.

Each adjustment is kept as a trim on what the preset's phase asks for, so the phases still take
the room where the preset goes, and every result stays inside the safety bounds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ambience.session.plan import PlannedPhase
from ambience.session.preset import MAX_TEMPERATURE_C, MIN_TEMPERATURE_C

# One "dimmer" or "brighter" touch, in percentage points of light level.
LIGHT_STEP = 10.0
# Dimmer steps stop here (darker is the Off button's job, never a step's).
LIGHT_FLOOR = 5.0
# One touch of "warmer" or "cooler", and how far from the preset the room may be taken.
WARMTH_STEP = 0.5
MAX_WARMTH_TRIM = 3.0


@dataclass(frozen=True)
class Trims:
    """What the therapist changed: light points, lights off, mute, degrees Celsius."""

    light: float = 0.0
    lights_off: bool = False
    muted: bool = False
    warmth: float = 0.0

    def light_step(self, amount: float, phase: PlannedPhase) -> Trims:
        """``amount`` points brighter (or darker), keeping the phase's level between the floor and 100 %."""
        amount = finite(amount)
        if self.lights_off:
            # "Brighter" while the lights are off turns them back on where they were.
            return replace(self, lights_off=False) if amount > 0 else self
        return replace(self, light=_light_trim(self.light + amount, phase.level))

    def switched_off(self, off: bool) -> Trims:
        return replace(self, lights_off=off)

    def muting(self, muted: bool) -> Trims:
        return replace(self, muted=muted)

    def warmer(self, amount: float, target_c: float) -> Trims:
        """``amount`` degrees warmer (or cooler) than ``target_c``, within the maximum trim and the
        safe bounds."""
        return replace(self, warmth=_warmth_trim(self.warmth + finite(amount), target_c))

    def unmuted(self) -> Trims:
        return replace(self, muted=False) if self.muted else self

    def light_level(self, level: float) -> float:
        """The phase's ``level`` as the therapist adjusted it (0 while the lights are off)."""
        if self.lights_off:
            return 0.0
        if not self.light:
            return level
        return max(min(level, LIGHT_FLOOR), min(100.0, level + self.light))

    def target_c(self, target_c: float) -> float:
        """The phase's room temperature with the therapist's trim, inside the safe bounds."""
        return max(MIN_TEMPERATURE_C, min(MAX_TEMPERATURE_C, target_c + self.warmth))


def finite(value: float) -> float:
    """``value``, or 0 for NaN and infinities (a damaged event changes nothing)."""
    return value if math.isfinite(value) else 0.0


def _light_trim(trim: float, level: float) -> float:
    """A light trim that leaves the phase's ``level`` between the floor and full light."""
    return max(min(0.0, LIGHT_FLOOR - level), min(100.0 - level, trim))


def _warmth_trim(trim: float, target_c: float) -> float:
    """A warmth trim no larger than the maximum, keeping the phase's target inside the bounds."""
    low = max(-MAX_WARMTH_TRIM, MIN_TEMPERATURE_C - target_c)
    high = min(MAX_WARMTH_TRIM, MAX_TEMPERATURE_C - target_c)
    return max(min(0.0, low), min(max(0.0, high), trim))

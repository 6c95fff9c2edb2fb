"""Safety bounds over a whole session: the diffuser's longest on-stretch across phases, and clamping a state.

The diffuser's cycle is counted from the start of the session in session time; a phase only says
which cycle applies. The therapist can end a phase at any moment (next phase, stop), lengthen it
(+5 min) or pause, so the moments at which one phase gives way to another are not known in
advance. The analysis therefore assumes the worst: any phase whose diffuser is on may follow any
other, at any moment. The on-windows of every cycle the preset uses are laid over one another
up to the longest a session can last; the longest run of that union is the longest the diffuser
could ever stay on. A pause only shortens a run (the diffuser rests while paused).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from ambience.session.roomstate import ClimateTarget, LightTarget, RoomState, Status

MAX_DIFFUSER_ON_S: Final = 30 * 60.0
# A stretch only ends once the diffuser has rested this long; a shorter break does not count.
DIFFUSER_REST_S: Final = 60.0
# No session lasts longer, whatever is added to it (+5 min): bounds the analysis and the timeline.
MAX_SESSION_S: Final = 12 * 3600.0
MIN_TEMPERATURE_C: Final = 18.0
MAX_TEMPERATURE_C: Final = 30.0
MIN_END_LEVEL: Final = 10.0
EPS: Final = 1e-6


@dataclass(frozen=True)
class Cycle:
    """One phase's diffuser: whether it runs, and its on and off times in seconds."""

    phase: str
    enabled: bool
    on_s: float
    off_s: float
    seconds: float = 0.0  # the phase's planned length


@dataclass(frozen=True)
class Stretch:
    """A run of the diffuser in session seconds, and the phases whose cycles make it up."""

    start_s: float
    end_s: float
    phases: tuple[str, ...]

    @property
    def seconds(self) -> float:
        return self.end_s - self.start_s


def longest_diffuser_stretch(cycles: Sequence[Cycle], horizon_s: float = MAX_SESSION_S) -> Stretch | None:
    """The longest the diffuser can stay on, whatever the therapist does; None if it never runs."""
    distinct: dict[tuple[float, float], list[str]] = {}
    for cycle in cycles:
        if cycle.enabled and cycle.on_s > 0:
            distinct.setdefault((cycle.on_s, cycle.off_s), []).append(cycle.phase)
    if not distinct:
        return None
    windows: list[tuple[float, float, str]] = []
    for (on_s, off_s), phases in distinct.items():
        name = " / ".join(dict.fromkeys(phases))
        period = on_s + off_s
        if len(distinct) == 1 and off_s >= DIFFUSER_REST_S - EPS:
            # One cycle whose rests are long enough: its first window is its longest run.
            windows.append((0.0, min(on_s, horizon_s), name))
            break
        windows.extend(
            (k * period, min(k * period + on_s, horizon_s), name)
            for k in range(math.ceil(horizon_s / period))
        )
    return _longest(windows)


def diffuser_run_from_start(cycles: Sequence[Cycle], horizon_s: float = MAX_SESSION_S) -> float:
    """The longest the diffuser can stay on from the very start of the session, whatever the
    therapist does (what a scent before the start must leave room for)."""
    windows: list[tuple[float, float, str]] = []
    for cycle in cycles:
        if cycle.enabled and cycle.on_s > 0:
            period = cycle.on_s + cycle.off_s
            # Enough windows to cover any run of at most the session: a run from 0 is what counts.
            windows.extend(
                (k * period, min(k * period + cycle.on_s, horizon_s), cycle.phase)
                for k in range(math.ceil(horizon_s / period))
            )
    if not windows:
        return 0.0
    windows.sort()
    end = 0.0
    for start, w_end, _ in windows:
        if start - end >= DIFFUSER_REST_S - EPS:
            break
        end = max(end, w_end)
    return end


def planned_diffuser_stretch(cycles: Sequence[Cycle]) -> Stretch | None:
    """The longest the diffuser stays on when the phases run as planned (nobody touches anything)."""
    windows: list[tuple[float, float, str]] = []
    phase_start = 0.0
    for cycle in cycles:
        phase_end = phase_start + cycle.seconds
        if cycle.enabled and cycle.on_s > 0:
            period = cycle.on_s + cycle.off_s
            k = math.floor(phase_start / period)
            while k * period < phase_end - EPS:
                start, end = max(k * period, phase_start), min(k * period + cycle.on_s, phase_end)
                if end > start + EPS:
                    windows.append((start, end, cycle.phase))
                k += 1
        phase_start = phase_end
    return _longest(windows)


def _longest(windows: list[tuple[float, float, str]]) -> Stretch | None:
    if not windows:
        return None
    windows.sort()
    best: Stretch | None = None
    start, end, names = windows[0][0], windows[0][1], [windows[0][2]]
    for w_start, w_end, name in [*windows[1:], (math.inf, math.inf, "")]:
        if w_start - end < DIFFUSER_REST_S - EPS:
            end = max(end, w_end)
            names.append(name)
            continue
        if best is None or end - start > best.seconds:
            best = Stretch(start, end, tuple(dict.fromkeys(names)))
        start, end, names = w_start, w_end, [name]
    return best


@dataclass(frozen=True)
class Limits:
    """The bounds a room is held within whatever its session does."""

    volume_cap: float
    min_c: float = MIN_TEMPERATURE_C
    max_c: float = MAX_TEMPERATURE_C
    min_end_level: float = MIN_END_LEVEL


def within_limits(state: RoomState, limits: Limits) -> RoomState:
    """``state`` with temperature, volume and the end-of-session light held inside ``limits``.

    The timeline already keeps to them; this is the engine's last line, whatever a plan says.
    """
    changes: dict[str, object] = {}
    climate = state.climate
    if climate is not None and not limits.min_c <= climate.target_c <= limits.max_c:
        changes["climate"] = ClimateTarget(_clamp(climate.target_c, limits.min_c, limits.max_c))
    music = state.music
    if music is not None and not 0.0 <= music.volume <= limits.volume_cap:
        changes["music"] = replace(music, volume=_clamp(music.volume, 0.0, limits.volume_cap))
    light = state.light
    if light is not None:
        low = limits.min_end_level if state.status is Status.ENDED else 0.0
        if not low <= light.level <= 100.0:
            changes["light"] = LightTarget(_clamp(light.level, low, 100.0), light.kelvin, light.transition_s)
    return replace(state, **changes) if changes else state  # type: ignore[arg-type]


def _clamp(value: float, low: float, high: float) -> float:
    if math.isnan(value):
        return low
    return max(low, min(high, value))


__all__ = [
    "DIFFUSER_REST_S",
    "MAX_DIFFUSER_ON_S",
    "MAX_SESSION_S",
    "Cycle",
    "Limits",
    "Stretch",
    "diffuser_run_from_start",
    "longest_diffuser_stretch",
    "within_limits",
]

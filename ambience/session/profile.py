"""A whole session drawn against its minutes: light, music volume, target temperature, diffuser spells.

Pure: the curves are the timeline's own answers (``desired_state``) at every moment something
changes, so the chart of a preset shows exactly what the room will do. Between two points each
curve is a straight line (fades are linear in time); a point given twice at one moment is a jump.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ambience.session.plan import SessionPlan
from ambience.session.roomstate import Status
from ambience.session.timeline import EventKind, SessionEvent, desired_state

Point = tuple[float, float]  # (seconds from the start, value)
# Extra samples between changes, so a curve made of two overlapping fades stays true.
GRID_S = 30.0
EPS = 1e-3


@dataclass(frozen=True)
class PhaseSpan:
    name: str
    start_s: float
    end_s: float
    level: float
    kelvin: int | None
    volume: float
    target_c: float
    diffuser: bool


@dataclass(frozen=True)
class Profile:
    """Everything a chart of the session needs, in seconds from the start."""

    total_s: float
    phases: tuple[PhaseSpan, ...]
    light: tuple[Point, ...]
    volume: tuple[Point, ...]
    temperature: tuple[Point, ...]
    diffuser: tuple[tuple[float, float], ...]  # (from, to) while the diffuser runs
    turnover_level: float
    volume_cap: float

    def at(self, seconds: float) -> tuple[float, float, float, bool]:
        """(light %, volume %, target °C, diffuser on) at ``seconds``, as drawn."""
        on = any(a <= seconds < b for a, b in self.diffuser)
        return (
            _value(self.light, seconds),
            _value(self.volume, seconds),
            _value(self.temperature, seconds),
            on,
        )

    def phase_at(self, seconds: float) -> int:
        for index, phase in enumerate(self.phases):
            if seconds < phase.end_s:
                return index
        return len(self.phases) - 1


def session_profile(plan: SessionPlan) -> Profile:
    """The curves of ``plan`` played from start to end with nothing touched."""
    events = [SessionEvent(EventKind.START, 0.0)]
    total = plan.total_s
    spans: list[PhaseSpan] = []
    start = 0.0
    times: set[float] = {0.0, total}
    for phase in plan.phases:
        end = start + phase.seconds
        spans.append(
            PhaseSpan(
                phase.name,
                start,
                end,
                phase.level,
                phase.kelvin,
                phase.volume if phase.music_on and phase.tracks else 0.0,
                phase.target_c,
                phase.diffuser_on,
            )
        )
        times.update({start, end, min(end, start + phase.fade_s)})
        start = end
    times.update({min(total, plan.fade_in_s), max(0.0, total - plan.fade_out_s)})
    times.update(i * GRID_S for i in range(int(total // GRID_S) + 1))
    light: list[Point] = []
    volume: list[Point] = []
    temperature: list[Point] = []
    for t in sorted(x for x in times if 0.0 <= x <= total):
        # Just before and at each moment, so a jump (a new phase's volume) is drawn as one.
        for sample in (t - EPS, t) if t > 0 else (t,):
            state = desired_state(plan, events, min(sample, total - EPS))
            if state.status is Status.ENDED:
                continue
            if state.light is not None:
                _add(light, sample, state.light.level)
            if state.music is not None:
                _add(volume, sample, state.music.volume if state.music.playing else 0.0)
            if state.climate is not None:
                _add(temperature, sample, state.climate.target_c)
    return Profile(
        total_s=total,
        phases=tuple(spans),
        light=tuple(light),
        volume=tuple(volume),
        temperature=tuple(temperature),
        diffuser=tuple(_spells(plan)),
        turnover_level=plan.turnover_level,
        volume_cap=plan.volume_cap,
    )


def _add(points: list[Point], t: float, value: float) -> None:
    if points and abs(points[-1][0] - t) < EPS / 2 and abs(points[-1][1] - value) < 1e-9:
        return
    points.append((max(0.0, t), value))


def _spells(plan: SessionPlan) -> list[tuple[float, float]]:
    """When the diffuser runs: the cycle counts from the session's start, each phase its own."""
    spells: list[tuple[float, float]] = []
    start = 0.0
    for phase in plan.phases:
        end = start + phase.seconds
        if phase.diffuser_on and phase.diffuser_on_s > 0:
            period = phase.diffuser_on_s + phase.diffuser_off_s
            k = int(start // period)
            while k * period < end:
                a, b = max(start, k * period), min(end, k * period + phase.diffuser_on_s)
                if b > a:
                    if spells and abs(spells[-1][1] - a) < EPS:
                        spells[-1] = (spells[-1][0], b)
                    else:
                        spells.append((a, b))
                k += 1
        start = end
    return spells


def _value(points: tuple[Point, ...], t: float) -> float:
    if not points:
        return 0.0
    if t <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in itertools.pairwise(points):
        if t0 <= t <= t1:
            return v0 if t1 - t0 < 1e-9 else v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return points[-1][1]

"""Property: for any valid preset and any sequence of session events, every safety bound holds.

The events cover every kind the timeline has. A new kind is one more entry in EVENT_ARGUMENTS
(what the event carries); the first test fails until it is there, so the property always
covers the whole timeline.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ambience.engine.guard import RoomGuard
from ambience.session.plan import PlannedPhase, SessionPlan
from ambience.session.preset import Preset
from ambience.session.roomstate import RoomState, Status
from ambience.session.safety import MAX_DIFFUSER_ON_S, MAX_SESSION_S
from ambience.session.timeline import EventKind, Session, SessionEvent
from benchmarks.drills.oracle import diffuser_intervals

T0 = 1_800_000_000.0
MIN = 60.0
CAP = 70.0

anything = st.floats(allow_nan=True, allow_infinity=True)
minutes = st.one_of(st.sampled_from([5.0, 1.0, 0.0, 15.0, -5.0]), st.floats(-60, 600))

# What each kind of event carries (its ``minutes``, ``on`` or ``amount``); hostile values included.
EVENT_ARGUMENTS: dict[EventKind, st.SearchStrategy[dict[str, Any]]] = {
    EventKind.START: st.just({}),
    EventKind.PAUSE: st.just({}),
    EventKind.RESUME: st.just({}),
    EventKind.EXTEND: st.fixed_dictionaries({"minutes": minutes}),
    EventKind.SKIP: st.just({}),
    EventKind.STOP: st.just({}),
    EventKind.LIGHTS_UP: st.fixed_dictionaries({"on": st.booleans()}),
    EventKind.VOLUME: st.fixed_dictionaries({"amount": st.one_of(st.sampled_from([5.0, -5.0]), anything)}),
    EventKind.HOLD: st.just({}),
    EventKind.PRESCENT: st.fixed_dictionaries(
        {"minutes": st.one_of(st.sampled_from([5.0, 15.0, 60.0]), minutes)}
    ),
    EventKind.NO_SCENT: st.just({}),
    EventKind.CLIENT_VOLUME: st.fixed_dictionaries({"amount": st.one_of(st.floats(-50, 200), anything)}),
    EventKind.CLIENT_WARMTH: st.fixed_dictionaries({"amount": st.one_of(st.floats(-20, 20), anything)}),
    EventKind.SHORTEN: st.fixed_dictionaries({"minutes": minutes}),
    EventKind.BACK: st.just({}),
    EventKind.UNDO: st.just({}),
    EventKind.LIGHT_STEP: st.fixed_dictionaries(
        {"amount": st.one_of(st.sampled_from([10.0, -10.0]), anything)}
    ),
    EventKind.LIGHTS_OFF: st.fixed_dictionaries({"on": st.booleans()}),
    EventKind.MUTE: st.fixed_dictionaries({"on": st.booleans()}),
    EventKind.WARMTH: st.fixed_dictionaries({"amount": st.one_of(st.sampled_from([0.5, -0.5]), anything)}),
}


def test_every_event_kind_is_generated():
    assert set(EVENT_ARGUMENTS) == set(EventKind)


def events() -> st.SearchStrategy[list[SessionEvent]]:
    """A session's events: a start or a booking, then anything, at any moment (also before the start)."""
    # Mostly on whole minutes, where the cycles' edges are: a next phase exactly as one spell ends
    # and another's begins is what would join two spells.
    moment = st.one_of(st.integers(-90, 300).map(lambda m: m * MIN), st.floats(-90 * MIN, 5 * 3600))
    one = st.sampled_from(sorted(EVENT_ARGUMENTS)).flatmap(
        lambda kind: st.tuples(st.just(kind), moment, EVENT_ARGUMENTS[kind])
    )
    when = st.sampled_from([0.0, 10 * MIN]) | st.floats(0, 30 * MIN)
    opening = st.sampled_from([EventKind.START, EventKind.HOLD]).flatmap(
        lambda kind: st.tuples(st.just(kind), when, st.just({}))
    )

    def build(first: tuple[Any, ...], rest: list[tuple[Any, ...]]) -> list[SessionEvent]:
        return [SessionEvent(kind, T0 + at, **args) for kind, at, args in [first, *rest]]

    return st.builds(build, opening, st.lists(one, max_size=10))


# Cycles whose on-windows line up across a phase change for some phase lengths (29 on + 1 off, then
# 10 on every 29 minutes: 39 minutes on), so the property meets presets the check must refuse.
CYCLES = [(5, 5), (10, 10), (10, 19), (15, 15), (20, 10), (30, 30), (29, 1), (28, 1), (25, 35)]
PHASE_MINUTES = st.one_of(st.sampled_from([5, 10, 15, 19, 20, 25, 29, 30, 31]), st.integers(1, 40))
diffuser_override = st.one_of(
    st.just(None),
    st.just(None),
    st.just({"enabled": False}),
    st.sampled_from(CYCLES).map(lambda c: {"enabled": True, "on_minutes": c[0], "off_minutes": c[1]}),
    st.sampled_from(CYCLES).map(lambda c: {"enabled": True, "on_minutes": c[0], "off_minutes": c[1]}),
)


@st.composite
def presets(draw: st.DrawFn) -> Preset:
    """Valid presets, many of them close to the edge: a phase often ends just as its diffuser's
    spell does, so that another cycle could carry the spell on into the next phase."""
    base = draw(st.sampled_from(CYCLES))
    enabled = draw(st.booleans()) or draw(st.booleans())
    phases = []
    elapsed = 0
    for index in range(draw(st.integers(0, 4))):
        phase: dict[str, Any] = {"name": f"Phase {index + 1}"}
        override = draw(diffuser_override)
        cycle = base
        if override is not None:
            phase["diffuser"] = override
            cycle = (override.get("on_minutes", base[0]), override.get("off_minutes", base[1]))
        on, period = cycle[0], cycle[0] + cycle[1]
        spell_end = (elapsed // period) * period + on
        if spell_end <= elapsed:
            spell_end += period
        phase["minutes"] = spell_end - elapsed if draw(st.booleans()) else draw(PHASE_MINUTES)
        if draw(st.booleans()):
            phase["climate"] = {"target_c": draw(st.floats(18, 30))}
        if draw(st.booleans()):
            phase["music"] = {"volume": draw(st.floats(0, CAP))}
        if draw(st.booleans()):
            phase["lighting"] = {"level": draw(st.floats(0, 100)), "fade_seconds": draw(st.floats(0, 600))}
        elapsed += phase["minutes"]
        phases.append(phase)
    data = {
        "schema": 1,
        "name": "Generated",
        "minutes": max(5, elapsed) + draw(st.integers(0, 20)),
        "lighting": {"level": draw(st.floats(0, 100)), "turnover_level": draw(st.floats(10, 100))},
        "music": {
            "playlist": ["a.ogg"],
            "volume": draw(st.floats(0, CAP)),
            "fade_in_seconds": draw(st.floats(0, 300)),
            "fade_out_seconds": draw(st.floats(0, 300)),
        },
        "climate": {"target_c": draw(st.floats(18, 30)), "preheat_minutes": draw(st.floats(0, 60))},
        "diffuser": {"enabled": enabled, "on_minutes": base[0], "off_minutes": base[1]},
        "phases": phases,
    }
    try:
        return Preset.model_validate(data, context={"volume_cap": CAP})
    except ValidationError:
        reject()  # the preset check refuses it: nothing to play


def probe_times(session: Session) -> list[float]:
    """Every moment something may change (events, diffuser edges), and moments in between."""
    points = sorted({e.at for e in session.events} | {T0 - 90 * MIN, T0 + 6 * 3600})
    found = set(points)
    for a, b in itertools.pairwise(points):
        found.update({(a + b) / 2, a + 1.0, b - 1.0})
    for start, end in diffuser_intervals(session, min(points)):
        found.update(t for t in (start, end, start + 1.0) if t != float("inf"))
    return sorted(found)


def assert_within_bounds(state: RoomState, cap: float) -> None:
    # No session lasts longer than the diffuser analysis looks (whatever is added, and gone back to).
    assert state.total_s <= MAX_SESSION_S + 1e-6, state.total_s
    if state.climate is not None:
        assert 18.0 <= state.climate.target_c <= 30.0, state.climate
    if state.music is not None:
        assert 0.0 <= state.music.volume <= cap, state.music
    if state.light is not None:
        assert 0.0 <= state.light.level <= 100.0, state.light
    if state.status is Status.ENDED:
        assert state.light is not None and state.light.level >= 10.0
        assert state.diffuser is not None and not state.diffuser.on
        assert state.music is not None and not state.music.playing


def longest_stretch(intervals: list[tuple[float, float]]) -> float:
    """The most on-time in one stretch; a rest of a minute or more ends a stretch."""
    best, run_on, run_end = 0.0, 0.0, None
    for start, end in intervals:
        if run_end is not None and start - run_end < MIN - 1e-6:
            run_on += end - start
        else:
            run_on = end - start
        run_end = end
        best = max(best, run_on)
    return best


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)
@given(presets(), events())
def test_no_event_sequence_drives_a_valid_preset_outside_its_bounds(preset, event_list):
    plan = SessionPlan.from_preset(preset, volume_cap=CAP)
    session = Session(plan, list(event_list))
    for t in probe_times(session):
        assert_within_bounds(session.state(t), CAP)
    intervals = diffuser_intervals(session, T0 - 90 * MIN)
    assert all(end != float("inf") for _, end in intervals), "the diffuser never stops"
    assert longest_stretch(intervals) <= MAX_DIFFUSER_ON_S + 1e-3


def unchecked_plans() -> st.SearchStrategy[SessionPlan]:
    """Plans nothing checked: any cycles, temperatures, volumes and end levels."""
    phase = st.builds(
        lambda i, m, on, off, c, v, lvl: PlannedPhase(
            f"P{i}", m * MIN, lvl, 2700, 0.0, True, ("a.ogg",), v, c, True, on * MIN, off * MIN
        ),
        st.integers(0, 9),
        st.integers(1, 60),
        st.integers(1, 60),
        st.integers(1, 30),
        st.floats(0, 60),
        st.floats(-50, 200),
        st.floats(-50, 200),
    )
    return st.builds(
        lambda phases, turnover: SessionPlan("Unchecked", tuple(phases), turnover, 0, 0, False, True, 0, CAP),
        st.lists(phase, min_size=1, max_size=4),
        st.floats(-10, 100),
    )


@settings(max_examples=100, deadline=None)
@given(unchecked_plans(), events())
def test_the_engines_guard_holds_every_bound_even_for_a_plan_nothing_checked(plan, event_list):
    session = Session(plan, list(event_list))
    guard = RoomGuard.create(CAP)
    points = set(probe_times(session))
    sent: list[tuple[float, bool]] = []
    t, end = min(points), max(points)
    while t <= end:
        held, due = guard.hold(session.state(t), t)
        assert_within_bounds(held, CAP)
        sent.append((t, held.diffuser is not None and held.diffuser.on))
        later = [p for p in points if p > t + 1e-6]
        if due is not None:
            later.append(due)
        if not later:
            break
        t = min(later)
    intervals, since = [], None
    for at, on in sent:
        if on and since is None:
            since = at
        elif not on and since is not None:
            intervals.append((since, at))
            since = None
    assert longest_stretch(intervals) <= MAX_DIFFUSER_ON_S + 1e-3


@pytest.mark.parametrize("kind", sorted(EventKind))
def test_a_lone_event_of_any_kind_before_any_start_leaves_the_room_safe(kind):
    preset = Preset.model_validate({"schema": 1, "name": "x", "minutes": 30, "lighting": {"level": 20}})
    session = Session(SessionPlan.from_preset(preset), [SessionEvent(kind, T0, minutes=5.0, amount=5.0)])
    for t in (T0 - 1, T0, T0 + 60, T0 + 3600):
        assert_within_bounds(session.state(t), 80.0)

"""A client's preferences are session events: no scent, their volume, warmer or cooler; bounds hold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ambience.session.plan import SessionPlan
from ambience.session.preset import MAX_TEMPERATURE_C, MIN_TEMPERATURE_C
from ambience.session.roomstate import Status
from ambience.session.timeline import MAX_WARMTH_C, EventKind, Session, SessionEvent, desired_state
from tests.factories import make_plan, make_preset

T0 = 1_800_000_000.0
MIN = 60.0


def session(**overrides) -> Session:
    s = Session(make_plan(**overrides))
    s.add(EventKind.START, T0)
    return s


def test_no_scent_keeps_the_diffuser_off_where_the_preset_would_run_it():
    s = session()
    assert s.state(T0 + 6 * MIN).diffuser.on  # the preset's first spell
    s.add(EventKind.NO_SCENT, T0)
    state = s.state(T0 + 6 * MIN)
    assert not state.diffuser.on
    assert state.no_scent
    assert state.diffuser_changes_at is None


def test_the_clients_volume_replaces_the_presets_and_stays_under_the_cap():
    s = Session(SessionPlan.from_preset(make_preset(), volume_cap=50.0))
    s.add(EventKind.START, T0)
    s.add(EventKind.CLIENT_VOLUME, T0, amount=20.0)
    assert s.state(T0 + 10 * MIN).music.volume == pytest.approx(20.0)
    s.add(EventKind.CLIENT_VOLUME, T0, amount=95.0)
    assert s.state(T0 + 10 * MIN).music.volume == pytest.approx(50.0)


def test_a_warmer_room_is_a_few_degrees_at_most_and_within_the_bounds():
    s = session(climate={"target_c": 28.0, "preheat_minutes": 30})
    s.add(EventKind.CLIENT_WARMTH, T0, amount=2.0)
    assert s.state(T0 + MIN).climate.target_c == pytest.approx(MAX_TEMPERATURE_C)
    s.add(EventKind.CLIENT_WARMTH, T0, amount=-20.0)
    assert s.state(T0 + MIN).climate.target_c == pytest.approx(28.0 - MAX_WARMTH_C)


def test_the_therapists_nudge_moves_from_the_clients_volume():
    s = session()
    s.add(EventKind.CLIENT_VOLUME, T0, amount=10.0)
    s.add(EventKind.VOLUME, T0 + MIN, amount=-20.0)
    assert s.state(T0 + 10 * MIN).music.volume == pytest.approx(0.0)


KINDS = list(EventKind)


@st.composite
def event_sequences(draw):
    events = [SessionEvent(EventKind.NO_SCENT, T0 + draw(st.floats(-120 * MIN, 120 * MIN)))]
    for _ in range(draw(st.integers(0, 12))):
        events.append(
            SessionEvent(
                draw(st.sampled_from(KINDS)),
                T0 + draw(st.floats(-60 * MIN, 120 * MIN)),
                minutes=draw(st.floats(-10, 200)),
                on=draw(st.booleans()),
                amount=draw(st.floats(-100, 100)),
            )
        )
    return events


@settings(max_examples=150, deadline=None)
@given(
    events=event_sequences(),
    times=st.lists(st.floats(-120 * MIN, 200 * MIN), min_size=1, max_size=12),
    diffuser=st.sampled_from([(30, 1), (1, 1), (10, 10)]),
)
def test_no_scent_never_turns_the_diffuser_on_in_any_phase_under_any_events(events, times, diffuser):
    on, off = diffuser
    plan = make_plan(diffuser={"enabled": True, "on_minutes": on, "off_minutes": off})
    for t in times:
        state = desired_state(plan, events, T0 + t)
        assert state.diffuser is None or not state.diffuser.on
        assert state.no_scent
        if state.climate is not None:
            assert MIN_TEMPERATURE_C <= state.climate.target_c <= MAX_TEMPERATURE_C
        if state.music is not None:
            assert 0.0 <= state.music.volume <= plan.volume_cap + 1e-9


def test_preferences_apply_while_the_room_preheats():
    s = Session(make_plan())
    s.add(EventKind.START, T0 + 60 * MIN)
    s.add(EventKind.CLIENT_WARMTH, T0, amount=1.5)
    state = s.state(T0 + 45 * MIN)
    assert state.status is Status.PREHEAT
    assert state.climate.target_c == pytest.approx(25.5)

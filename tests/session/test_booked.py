"""Booked sessions: preheat before the booked time, an optional pre-scent, and a start that waits."""

from __future__ import annotations

import pytest

from ambience.session.preset import MAX_DIFFUSER_ON_MINUTES
from ambience.session.roomstate import Status
from ambience.session.timeline import EventKind, Session
from tests.factories import make_plan

T0 = 1_800_000_000.0
MIN = 60.0


def held(**overrides) -> Session:
    s = Session(make_plan(**overrides))
    s.add(EventKind.HOLD, T0)
    return s


def test_a_held_booking_preheats_then_waits_ready_without_starting():
    s = held()
    assert s.state(T0 - 31 * MIN).status is Status.IDLE
    assert s.state(T0 - 31 * MIN).next_cue == pytest.approx(T0 - 30 * MIN)
    warming = s.state(T0 - 20 * MIN)
    assert warming.status is Status.PREHEAT and not warming.ready
    assert warming.climate.target_c == pytest.approx(24.0)
    assert warming.next_cue == pytest.approx(T0)
    later = s.state(T0 + 10 * MIN)
    assert later.status is Status.PREHEAT and later.ready
    assert later.next_cue is None
    assert later.climate.target_c == pytest.approx(24.0)


def test_start_on_a_held_booking_runs_it_from_the_touch():
    s = held()
    s.add(EventKind.START, T0 + 3 * MIN)
    state = s.state(T0 + 4 * MIN)
    assert state.status is Status.RUNNING
    assert state.elapsed_s == pytest.approx(MIN)


def test_a_pre_scent_runs_for_its_minutes_before_the_booked_time():
    s = held()
    s.add(EventKind.PRESCENT, T0 - 60 * MIN, minutes=5)
    assert s.state(T0 - 10 * MIN).diffuser.on is False
    assert s.state(T0 - 10 * MIN).next_cue == pytest.approx(T0 - 5 * MIN)
    assert s.state(T0 - 4 * MIN).diffuser.on is True
    assert s.state(T0 + MIN).diffuser.on is False


def test_no_pre_scent_for_a_client_who_asked_for_no_scent():
    s = held()
    s.add(EventKind.PRESCENT, T0 - 60 * MIN, minutes=5)
    s.add(EventKind.NO_SCENT, T0 - 60 * MIN)
    assert s.state(T0 - 4 * MIN).diffuser is None


def test_no_pre_scent_when_the_preset_has_no_diffuser():
    s = held(diffuser={"enabled": False})
    s.add(EventKind.PRESCENT, T0 - 60 * MIN, minutes=5)
    assert s.state(T0 - 4 * MIN).diffuser is None


def test_a_pre_scent_and_the_first_spell_never_exceed_the_on_time_cap():
    s = held(diffuser={"enabled": True, "on_minutes": 25, "off_minutes": 10})
    s.add(EventKind.PRESCENT, T0 - 60 * MIN, minutes=20)
    s.add(EventKind.START, T0)
    first_on = MAX_DIFFUSER_ON_MINUTES - 25
    assert s.state(T0 - (first_on + 0.5) * MIN).diffuser.on is False
    assert s.state(T0 - (first_on - 0.5) * MIN).diffuser.on is True


def test_an_auto_start_booking_still_runs_at_its_time():
    s = Session(make_plan())
    s.add(EventKind.START, T0)
    assert s.state(T0 - MIN).status is Status.PREHEAT
    assert s.state(T0 + MIN).status is Status.RUNNING

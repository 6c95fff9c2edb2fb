"""The therapist's music volume nudge: a session event, within the studio's volume cap."""

from __future__ import annotations

import pytest

from ambience.session.plan import SessionPlan
from ambience.session.timeline import VOLUME_STEP, EventKind, Session
from tests.factories import make_preset

T0 = 1_800_000_000.0
MIN = 60.0


def session(volume_cap: float = 80.0) -> Session:
    s = Session(SessionPlan.from_preset(make_preset(), volume_cap=volume_cap))
    s.add(EventKind.START, T0)
    return s


def test_a_nudge_changes_the_volume_from_then_on():
    s = session()
    s.add(EventKind.VOLUME, T0 + 10 * MIN, amount=VOLUME_STEP)
    assert s.state(T0 + 9 * MIN).music.volume == pytest.approx(30)
    state = s.state(T0 + 11 * MIN)
    assert state.music.volume == pytest.approx(30 + VOLUME_STEP)
    assert state.volume_trim == VOLUME_STEP


def test_nudges_never_pass_the_cap_and_a_nudge_down_is_heard_at_once():
    s = session(volume_cap=40.0)
    for i in range(10):
        s.add(EventKind.VOLUME, T0 + 10 * MIN + i, amount=VOLUME_STEP)
    assert s.state(T0 + 11 * MIN).music.volume == pytest.approx(40)
    s.add(EventKind.VOLUME, T0 + 12 * MIN, amount=-VOLUME_STEP)
    assert s.state(T0 + 13 * MIN).music.volume == pytest.approx(35)


def test_the_volume_never_goes_below_silence_and_the_fade_out_still_applies():
    s = session()
    for i in range(10):
        s.add(EventKind.VOLUME, T0 + 10 * MIN + i, amount=-VOLUME_STEP)
    assert s.state(T0 + 11 * MIN).music.volume == 0
    s.add(EventKind.VOLUME, T0 + 12 * MIN, amount=2 * VOLUME_STEP)
    assert s.state(T0 + 13 * MIN).music.volume == pytest.approx(10)
    # Halfway through the two-minute fade-out at the end, the trimmed volume is halved.
    assert s.state(T0 + 59 * MIN).music.volume == pytest.approx(5)


def test_a_nudge_after_the_end_changes_nothing():
    s = session()
    s.add(EventKind.STOP, T0 + 5 * MIN)
    s.add(EventKind.VOLUME, T0 + 6 * MIN, amount=VOLUME_STEP)
    assert s.state(T0 + 7 * MIN).music.volume == 0

"""A preset's chart is the timeline's own answer: light fades as slopes, music, warmth, diffuser spells."""

from __future__ import annotations

import pytest

from ambience.session.plan import SessionPlan
from ambience.session.profile import session_profile
from tests.factories import make_preset

MIN = 60.0


def profile(**overrides):
    return session_profile(SessionPlan.from_preset(make_preset(**overrides)))


def test_the_phases_are_spans_of_the_whole_session_with_their_levels():
    p = profile()
    assert p.total_s == 60 * MIN
    assert [(s.name, s.start_s / MIN, s.end_s / MIN, s.level) for s in p.phases] == [
        ("Welcome", 0, 5, 40),
        ("Treatment", 5, 55, 20),
        ("Wake-up", 55, 60, 60),
    ]


def test_light_fades_are_slopes_from_one_level_to_the_next():
    p = profile()
    assert p.at(0)[0] == pytest.approx(70)  # from the turnover level
    assert p.at(30)[0] == pytest.approx(55)  # half way through the one-minute fade to 40
    assert p.at(2 * MIN)[0] == pytest.approx(40)
    assert p.at(5 * MIN + 30)[0] == pytest.approx(30)  # 40 → 20 over the minute
    assert p.at(55 * MIN + 120)[0] == pytest.approx(40)  # the four-minute wake-up, half way


def test_music_rises_and_falls_with_its_fades():
    p = profile()
    assert p.at(0)[1] == pytest.approx(0)
    assert p.at(10)[1] == pytest.approx(15)  # half of 30 % after half the 20 s fade-in
    assert p.at(30 * MIN)[1] == pytest.approx(30)
    assert p.at(59 * MIN)[1] == pytest.approx(15)  # half way through the 2-minute fade-out


def test_the_diffuser_runs_in_spells_counted_from_the_start_and_rests_in_the_wake_up():
    p = profile()
    assert [(a / MIN, b / MIN) for a, b in p.diffuser] == [(0, 10), (20, 30), (40, 50)]


def test_a_phase_that_warms_the_room_shows_its_target():
    p = profile(
        phases=[
            {"name": "Warm", "minutes": 30, "climate": {"target_c": 26.0}},
            {"name": "Rest", "minutes": 30},
        ]
    )
    assert p.at(10 * MIN)[2] == 26.0 and p.at(40 * MIN)[2] == 24.0

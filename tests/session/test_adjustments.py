"""The therapist's adjustments as session events: -5 min, previous phase, undo, light, mute, warmth."""

from __future__ import annotations

import pytest

from ambience.session.adjust import LIGHT_FLOOR, LIGHT_STEP, MAX_WARMTH_TRIM, WARMTH_STEP
from ambience.session.preset import MIN_TURNOVER_LEVEL
from ambience.session.roomstate import Status
from ambience.session.timeline import BACK_SECONDS, LIGHTS_UP_LEVEL, EventKind, Session
from tests.factories import make_plan

T0 = 1_800_000_000.0
MIN = 60.0


def started(**overrides) -> Session:
    s = Session(make_plan(**overrides))
    s.add(EventKind.START, T0)
    return s


def test_minus_five_minutes_shortens_the_phase_but_never_skips_it():
    s = started()
    s.add(EventKind.SHORTEN, T0 + 10 * MIN, minutes=5)
    state = s.state(T0 + 10 * MIN)
    assert (state.phase, state.remaining_s) == ("Treatment", pytest.approx(45 * MIN))
    s.add(EventKind.SHORTEN, T0 + 47 * MIN, minutes=5)  # 3 min left: one stays
    state = s.state(T0 + 47 * MIN)
    assert state.phase == "Treatment"
    assert state.next_phase_at == pytest.approx(T0 + 48 * MIN)


def test_undo_after_next_phase_restores_the_phase_and_the_time_left():
    s = started()
    before = s.state(T0 + 10 * MIN)
    s.add(EventKind.SKIP, T0 + 10 * MIN)
    assert s.state(T0 + 10 * MIN + 3).phase == "Wake-up"
    assert s.state(T0 + 10 * MIN + 3).undoable == "skip"
    s.add(EventKind.UNDO, T0 + 10 * MIN + 3)
    after = s.state(T0 + 10 * MIN + 3)
    assert after.phase == before.phase == "Treatment"
    assert after.remaining_s == pytest.approx(before.remaining_s - 3)
    assert after.light.level == before.light.level
    assert after.undoable is None


def test_undo_takes_back_only_the_latest_move_each_time():
    s = started()
    s.add(EventKind.SKIP, T0 + 1 * MIN)  # Welcome → Treatment
    s.add(EventKind.SKIP, T0 + 2 * MIN)  # Treatment → Wake-up
    s.add(EventKind.UNDO, T0 + 2 * MIN + 1)
    assert s.state(T0 + 2 * MIN + 2).phase == "Treatment"
    s.add(EventKind.UNDO, T0 + 2 * MIN + 3)
    assert s.state(T0 + 2 * MIN + 4).phase == "Welcome"
    s.add(EventKind.UNDO, T0 + 2 * MIN + 5)  # nothing left to undo
    assert s.state(T0 + 2 * MIN + 6).phase == "Welcome"


def test_previous_phase_gives_back_what_a_skipped_phase_had_left():
    s = started()
    s.add(EventKind.SKIP, T0 + 10 * MIN)  # Treatment had 45 min left
    s.add(EventKind.BACK, T0 + 12 * MIN)
    state = s.state(T0 + 12 * MIN)
    assert state.phase == "Treatment"
    assert state.next_phase_at == pytest.approx(T0 + 57 * MIN)
    assert state.remaining_s == pytest.approx(50 * MIN)  # Wake-up comes again, whole


def test_previous_phase_after_a_natural_change_gives_a_few_minutes_and_not_from_the_first():
    s = started()
    s.add(EventKind.BACK, T0 + 2 * MIN)  # in the first phase: nowhere to go
    assert s.state(T0 + 2 * MIN).phase == "Welcome"
    assert not s.state(T0 + 2 * MIN).can_go_back
    s.add(EventKind.BACK, T0 + 56 * MIN)  # a minute into Wake-up
    state = s.state(T0 + 56 * MIN)
    assert state.phase == "Treatment" and state.can_go_back
    assert state.next_phase_at == pytest.approx(T0 + 56 * MIN + BACK_SECONDS)


def test_dimmer_and_brighter_step_the_light_within_the_floor_and_full_light():
    s = started(lighting={"level": 20, "kelvin": 2700, "fade_seconds": 0, "turnover_level": 70})
    s.add(EventKind.LIGHT_STEP, T0 + 10 * MIN, amount=LIGHT_STEP)
    assert s.state(T0 + 10 * MIN).light.level == pytest.approx(20 + LIGHT_STEP)
    for i in range(5):
        s.add(EventKind.LIGHT_STEP, T0 + 11 * MIN + i, amount=-LIGHT_STEP)
    assert s.state(T0 + 12 * MIN).light.level == pytest.approx(LIGHT_FLOOR)
    for i in range(15):
        s.add(EventKind.LIGHT_STEP, T0 + 13 * MIN + i, amount=LIGHT_STEP)
    assert s.state(T0 + 14 * MIN).light.level == pytest.approx(100)


def test_lights_off_darkens_the_session_until_brighter_and_never_outlasts_it():
    s = started()
    s.add(EventKind.LIGHTS_OFF, T0 + 10 * MIN, on=True)
    assert s.state(T0 + 10 * MIN).light.level == 0
    assert s.state(T0 + 10 * MIN).lights_off
    s.add(EventKind.LIGHT_STEP, T0 + 11 * MIN, amount=-LIGHT_STEP)  # dimmer: still off
    assert s.state(T0 + 11 * MIN).light.level == 0
    s.add(EventKind.LIGHTS_UP, T0 + 12 * MIN, on=True)  # lights up wins over off
    assert s.state(T0 + 12 * MIN).light.level == LIGHTS_UP_LEVEL
    s.add(EventKind.LIGHTS_UP, T0 + 13 * MIN, on=False)
    assert s.state(T0 + 13 * MIN).light.level == 0
    s.add(EventKind.LIGHT_STEP, T0 + 14 * MIN, amount=LIGHT_STEP)  # brighter: back on
    assert s.state(T0 + 14 * MIN).light.level == pytest.approx(20)
    s.add(EventKind.LIGHTS_OFF, T0 + 15 * MIN, on=True)
    s.add(EventKind.STOP, T0 + 16 * MIN)
    ended = s.state(T0 + 17 * MIN)
    assert ended.status is Status.ENDED and ended.light.level >= MIN_TURNOVER_LEVEL


def test_mute_silences_the_music_and_a_volume_nudge_brings_it_back():
    s = started()
    s.add(EventKind.MUTE, T0 + 10 * MIN, on=True)
    state = s.state(T0 + 10 * MIN)
    assert state.muted and state.music.volume == 0 and state.music.playing
    s.add(EventKind.MUTE, T0 + 11 * MIN, on=False)
    assert s.state(T0 + 11 * MIN).music.volume == pytest.approx(30)
    s.add(EventKind.MUTE, T0 + 12 * MIN, on=True)
    s.add(EventKind.VOLUME, T0 + 13 * MIN, amount=5)
    assert s.state(T0 + 13 * MIN).music.volume == pytest.approx(35)


@pytest.mark.parametrize(
    ("target", "low", "high"), [(24.0, 21.0, 27.0), (29.0, 26.0, 30.0), (19.0, 18.0, 22.0)]
)
def test_warmer_and_cooler_stay_near_the_preset_and_inside_the_bounds(target, low, high):
    s = started(climate={"target_c": target, "preheat_minutes": 0})
    for i in range(20):
        s.add(EventKind.WARMTH, T0 + MIN + i, amount=WARMTH_STEP)
    assert s.state(T0 + 2 * MIN).climate.target_c == pytest.approx(high)
    for i in range(40):
        s.add(EventKind.WARMTH, T0 + 3 * MIN + i, amount=-WARMTH_STEP)
    state = s.state(T0 + 4 * MIN)
    assert state.climate.target_c == pytest.approx(low)
    assert abs(state.warmth_trim) <= MAX_WARMTH_TRIM

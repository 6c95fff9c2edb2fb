"""The timeline: phases, fades and the arithmetic of pause, resume, extend, skip and stop."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ambience.session.plan import SessionPlan
from ambience.session.preset import Preset
from ambience.session.roomstate import Status
from ambience.session.timeline import LIGHTS_UP_LEVEL, EventKind, Session, desired_state
from tests.factories import make_plan, make_preset

T0 = 1_800_000_000.0
MIN = 60.0


def started(plan: SessionPlan | None = None) -> Session:
    session = Session(plan or make_plan())
    session.add(EventKind.START, T0)
    return session


def test_before_start_the_room_is_left_alone():
    state = desired_state(make_plan(), [], T0)
    assert state.status is Status.IDLE
    assert state.light is None and state.music is None and state.diffuser is None


def test_phases_follow_each_other_at_their_boundaries():
    s = started()
    assert s.state(T0).phase == "Welcome"
    assert s.state(T0 + 5 * MIN - 1).phase == "Welcome"
    assert s.state(T0 + 5 * MIN).phase == "Treatment"
    assert s.state(T0 + 55 * MIN).phase == "Wake-up"
    assert s.state(T0 + 60 * MIN).status is Status.ENDED


def test_next_phase_and_its_start_time_are_known():
    state = started().state(T0 + 60)
    assert state.next_phase == "Treatment"
    assert state.next_phase_at == pytest.approx(T0 + 5 * MIN)
    assert state.ends_at == pytest.approx(T0 + 60 * MIN)
    assert state.remaining_s == pytest.approx(59 * MIN)


def test_the_last_phase_absorbs_the_minutes_the_phases_leave():
    preset = make_preset(minutes=75)
    phases = preset.resolved_phases()
    assert [p.seconds / MIN for p in phases] == [5, 50, 20]


def test_a_preset_without_phases_is_one_phase():
    plan = make_plan(phases=[])
    assert [p.name for p in plan.phases] == ["Session"]
    assert plan.total_s == 60 * MIN


def test_lights_fade_from_the_turnover_level_into_the_first_phase():
    s = started()
    assert s.state(T0).light.level == pytest.approx(70)
    assert s.state(T0 + 30).light.level == pytest.approx(55)  # halfway through a 60 s fade
    assert s.state(T0 + 60).light.level == pytest.approx(40)
    assert s.state(T0 + 60).light.kelvin == 2700


def test_wake_up_fades_smoothly_over_four_minutes():
    s = started()
    wake = T0 + 55 * MIN
    levels = [s.state(wake + k * 30).light.level for k in range(9)]
    assert levels[0] == pytest.approx(20)
    assert levels[4] == pytest.approx(40)
    assert levels[8] == pytest.approx(60)
    steps = [b - a for a, b in itertools.pairwise(levels)]
    assert all(step == pytest.approx(steps[0]) for step in steps)


def test_fade_steps_are_cues_with_device_transitions_between_them():
    s = started()
    wake = T0 + 55 * MIN
    state = s.state(wake)
    # 40 % over 240 s: one step per 1 % is 6 s apart, each a 6 s device transition.
    assert state.next_cue == pytest.approx(wake + 6)
    assert state.light.transition_s == pytest.approx(6)


def test_music_fades_in_at_the_start_and_out_at_the_end():
    s = started()
    assert s.state(T0).music.volume == pytest.approx(0)
    assert s.state(T0 + 10).music.volume == pytest.approx(15)
    assert s.state(T0 + 20).music.volume == pytest.approx(30)
    assert s.state(T0 + 58 * MIN).music.volume == pytest.approx(30)
    assert s.state(T0 + 59 * MIN).music.volume == pytest.approx(15)
    assert s.state(T0 + 59 * MIN).music.playing


def test_diffuser_cycles_from_the_start_and_rests_in_the_wake_up():
    s = started()
    assert s.state(T0).diffuser.on
    assert s.state(T0).diffuser_changes_at == pytest.approx(T0 + 10 * MIN)
    assert not s.state(T0 + 10 * MIN).diffuser.on
    assert s.state(T0 + 20 * MIN).diffuser.on
    assert not s.state(T0 + 56 * MIN).diffuser.on


def test_pause_freezes_the_countdown_and_quiets_the_room():
    s = started()
    s.add(EventKind.PAUSE, T0 + 10 * MIN)
    paused = s.state(T0 + 30 * MIN)
    assert paused.status is Status.PAUSED
    assert paused.remaining_s == pytest.approx(50 * MIN)
    assert not paused.music.playing
    assert not paused.diffuser.on
    assert paused.next_cue is None
    s.add(EventKind.RESUME, T0 + 30 * MIN)
    assert s.state(T0 + 30 * MIN).remaining_s == pytest.approx(50 * MIN)
    assert s.state(T0 + 75 * MIN).phase == "Wake-up"
    assert s.state(T0 + 80 * MIN).status is Status.ENDED


def test_a_fade_paused_halfway_holds_its_level():
    s = started()
    s.add(EventKind.PAUSE, T0 + 30)
    assert s.state(T0 + 600).light.level == pytest.approx(55)


def test_extend_lengthens_the_current_phase():
    s = started()
    s.add(EventKind.EXTEND, T0 + 20 * MIN, minutes=5)
    assert s.state(T0 + 20 * MIN).remaining_s == pytest.approx(45 * MIN)
    assert s.state(T0 + 59 * MIN).phase == "Treatment"
    assert s.state(T0 + 60 * MIN).phase == "Wake-up"
    assert s.state(T0 + 65 * MIN).status is Status.ENDED


def test_skip_starts_the_next_phase_now():
    s = started()
    s.add(EventKind.SKIP, T0 + 20 * MIN)
    state = s.state(T0 + 20 * MIN)
    assert state.phase == "Wake-up"
    assert state.remaining_s == pytest.approx(5 * MIN)
    # The wake-up fade starts from where the lights were.
    assert state.light.level == pytest.approx(20)
    assert s.state(T0 + 25 * MIN).status is Status.ENDED


def test_skip_in_the_last_phase_ends_the_session():
    s = started()
    s.add(EventKind.SKIP, T0 + 57 * MIN)
    assert s.state(T0 + 57 * MIN).status is Status.ENDED


def test_stop_leaves_the_room_in_its_turnover_state():
    s = started()
    s.add(EventKind.STOP, T0 + 12 * MIN)
    state = s.state(T0 + 12 * MIN)
    assert state.status is Status.ENDED
    assert state.light.level == pytest.approx(70)
    assert not state.music.playing and state.music.volume == 0
    assert not state.diffuser.on
    assert state.climate.target_c == 24.0
    assert state.next_cue is None
    # Later intents change nothing.
    s.add(EventKind.RESUME, T0 + 13 * MIN)
    assert s.state(T0 + 14 * MIN).status is Status.ENDED


def test_lights_up_overrides_the_timeline_until_turned_off():
    s = started()
    s.add(EventKind.LIGHTS_UP, T0 + 10 * MIN, on=True)
    assert s.state(T0 + 10 * MIN).light.level == LIGHTS_UP_LEVEL
    assert s.state(T0 + 10 * MIN).phase == "Treatment"  # the session runs on
    s.add(EventKind.LIGHTS_UP, T0 + 11 * MIN, on=False)
    assert s.state(T0 + 11 * MIN).light.level == pytest.approx(20)


def test_a_booked_session_preheats_the_room():
    session = Session(make_plan())
    session.add(EventKind.START, T0 + 60 * MIN)
    assert session.state(T0).status is Status.IDLE
    assert session.state(T0).next_cue == pytest.approx(T0 + 30 * MIN)
    preheat = session.state(T0 + 40 * MIN)
    assert preheat.status is Status.PREHEAT
    assert preheat.climate.target_c == 24.0
    assert preheat.light is None
    assert session.state(T0 + 60 * MIN).phase == "Welcome"


# Property: whatever the preset and whatever the therapist does, the state is safe and the
# session ends.
levels = st.floats(0, 100, allow_nan=False)
phase = st.fixed_dictionaries(
    {"name": st.sampled_from(["A", "B", "C"]), "minutes": st.integers(1, 30)},
    optional={
        "lighting": st.fixed_dictionaries({}, optional={"level": levels, "fade_seconds": st.floats(0, 600)}),
        "music": st.fixed_dictionaries({}, optional={"volume": st.floats(0, 80), "enabled": st.booleans()}),
        "climate": st.fixed_dictionaries({}, optional={"target_c": st.floats(18, 30)}),
        # Phases with their own on/off cycles are the safety property test's (test_safety_property).
        "diffuser": st.fixed_dictionaries({}, optional={"enabled": st.booleans()}),
    },
)
presets = st.builds(
    lambda phases, extra, level, fade_in, fade_out, turnover: Preset.model_validate(
        {
            "schema": 1,
            "name": "P",
            "minutes": sum(p["minutes"] for p in phases) + extra,
            "lighting": {"level": level, "turnover_level": turnover},
            "music": {
                "playlist": ["x.ogg"],
                "volume": 40,
                "fade_in_seconds": fade_in,
                "fade_out_seconds": fade_out,
            },
            "diffuser": {"enabled": True},
            "phases": phases,
        }
    ),
    st.lists(phase, min_size=0, max_size=4),
    st.integers(5, 20),
    levels,
    st.floats(0, 300),
    st.floats(0, 300),
    st.floats(10, 100),
)
events = st.lists(
    st.tuples(
        st.sampled_from([k for k in EventKind if k is not EventKind.START]),
        st.floats(0, 7200),
        st.floats(0, 30),
        st.booleans(),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(presets, events, st.floats(0, 20000))
def test_any_session_stays_within_bounds_and_ends(preset, event_list, probe):
    plan = SessionPlan.from_preset(preset)
    session = Session(plan)
    session.add(EventKind.START, T0)
    for kind, at, minutes, on in event_list:
        session.add(kind, T0 + at, minutes=minutes, on=on)
    for t in (T0, T0 + probe):
        state = session.state(t)
        assert state.light is not None and 0 <= state.light.level <= 100
        assert 0 <= state.music.volume <= plan.volume_cap
        assert 18 <= state.climate.target_c <= 30
        assert state.elapsed_s <= state.total_s + 1e-6
        if state.status is Status.ENDED:
            assert state.light.level >= 10 and not state.diffuser.on and not state.music.playing
        if state.next_cue is not None:
            assert state.next_cue > t
    # Once every event has happened, resuming and waiting out the remaining time ends it.
    last = T0 + max([at for _, at, _, _ in event_list], default=0) + 1
    session.add(EventKind.RESUME, last)
    remaining = session.state(last).remaining_s
    assert session.state(last + remaining + 1).status is Status.ENDED


@settings(max_examples=60, deadline=None)
@given(presets)
def test_following_the_cues_walks_through_every_phase_to_the_end(preset):
    session = Session(SessionPlan.from_preset(preset))
    session.add(EventKind.START, T0)
    t, seen, cues = T0, [], 0
    while True:
        state = session.state(t)
        if state.phase and (not seen or seen[-1] != state.phase_index):
            seen.append(state.phase_index)
        if state.next_cue is None:
            break
        t, cues = state.next_cue, cues + 1
        assert cues < 20000
    assert state.status is Status.ENDED
    assert t == pytest.approx(T0 + preset.seconds)
    assert seen == [i for i, p in enumerate(preset.resolved_phases()) if p.seconds > 0]

"""The engine's last line: the diffuser rests after 30 minutes on, every bound holds, whatever the plan."""

from __future__ import annotations

import pytest

from ambience.engine.guard import DiffuserGuard
from ambience.session.plan import PlannedPhase, SessionPlan
from ambience.session.roomstate import Status
from ambience.session.timeline import EventKind, Session
from tests.engine.test_engine import Room
from tests.support.virtual import run

MIN = 60.0


def phase(name: str, minutes: float, on: float, off: float, **extra) -> PlannedPhase:
    values = dict(
        name=name,
        seconds=minutes * MIN,
        level=20.0,
        kelvin=2700,
        fade_s=0.0,
        music_on=True,
        tracks=("a.ogg",),
        volume=30.0,
        target_c=24.0,
        diffuser_on=True,
        diffuser_on_s=on * MIN,
        diffuser_off_s=off * MIN,
    )
    values.update(extra)
    return PlannedPhase(**values)


def unchecked(*phases: PlannedPhase, turnover: float = 70.0, cap: float = 80.0) -> SessionPlan:
    """A plan that never went through the preset check (kept by an older version, say)."""
    return SessionPlan("Unchecked", phases, turnover, 0.0, 0.0, False, True, 0.0, volume_cap=cap)


# 29 minutes on in Welcome, straight into 28 more in Treatment: 57 minutes on the timeline.
RUNS_57 = unchecked(phase("Welcome", 29, 29, 1), phase("Treatment", 31, 28, 1))


def test_a_diffuser_on_for_30_minutes_is_switched_off_and_the_room_says_why():
    async def body():
        room = Room()
        room.engine.start(RUNS_57)
        await room.at(29.9)
        assert room.diffuser.reading().on
        await room.at(30.1)
        assert not room.diffuser.reading().on
        state = room.engine.snapshot().state
        assert state.status is Status.RUNNING and state.diffuser.on is False
        assert state.safety_notes == (
            "The diffuser is resting: it ran 30 minutes at a stretch, the most it may.",
        )
        # The timeline itself rests the diffuser at minute 57; its next spell starts at 58.
        await room.at(56.9)
        assert not room.diffuser.reading().on
        await room.at(58.5)
        assert room.diffuser.reading().on and room.engine.state().safety_notes == ()

    run(body)


def test_the_cap_is_a_cue_of_its_own():
    async def body():
        room = Room()
        room.engine.start(RUNS_57)
        assert room.scheduler.when("room:lavender:cue") == pytest.approx(room.t0 + 29 * MIN)
        await room.at(29.5)
        assert room.scheduler.when("room:lavender:cue") == pytest.approx(room.t0 + 30 * MIN)

    run(body)


def test_a_short_pause_does_not_restart_the_count_but_a_rest_of_a_minute_does():
    async def body():
        room = Room()
        room.engine.start(RUNS_57)
        for minute in (10, 20):
            await room.at(minute)
            room.engine.pause()
            await room.at(minute + 0.5)  # 30 s: not a rest
            room.engine.resume()
        await room.at(31.1)  # 30 minutes on (and two short breaks)
        assert not room.diffuser.reading().on

        other = Room()
        other.engine.start(RUNS_57)
        await other.at(20)
        other.engine.pause()
        await other.at(22)  # two minutes off: a new stretch
        other.engine.resume()
        await other.at(40)
        assert other.diffuser.reading().on

    run(body)


def test_after_a_restart_the_stretch_already_run_still_counts():
    async def body():
        room = Room()
        session = Session(RUNS_57)
        session.add(EventKind.START, room.t0 - 25 * MIN)  # it ran 25 minutes before the app came back
        room.engine.restore(session)
        await room.at(0.1)
        assert room.diffuser.reading().on
        await room.at(5.2)
        assert not room.diffuser.reading().on
        assert room.engine.state().safety_notes

    run(body)


def test_temperature_volume_and_the_end_light_are_held_inside_their_bounds():
    async def body():
        wild = unchecked(
            phase("Hot", 10, 5, 5, target_c=35.0, volume=95.0, level=140.0), turnover=0.0, cap=60.0
        )
        room = Room()
        room.engine.start(wild)
        await room.at(1)
        assert room.radiator.reading().target_c == 30.0
        assert room.music.now_playing().volume == pytest.approx(60)
        assert room.ceiling.reading().level == pytest.approx(100)
        await room.at(11)
        assert room.engine.state().status is Status.ENDED
        assert room.ceiling.reading().level == pytest.approx(10)

    run(body)


def test_the_guard_counts_on_time_only_and_lets_the_cycle_take_over_after_a_rest():
    guard = DiffuserGuard(max_on_s=100.0, rest_s=10.0)
    assert guard.allow(True, 0.0) == (True, 100.0)
    assert guard.allow(False, 60.0) == (False, None)
    assert guard.allow(True, 65.0) == (True, 105.0)  # 5 s off: the stretch goes on, 60 s used
    assert guard.allow(True, 105.0) == (False, None)
    assert guard.note is not None
    assert guard.allow(True, 300.0) == (False, None)  # held until the timeline switches it off
    assert guard.allow(False, 310.0) == (False, None)
    assert guard.allow(True, 330.0) == (True, 430.0)  # rested: a new stretch

"""The room's adjustments on simulated devices: light steps and off in and out of a session, mute,
warmth, phases back and forth with undo, what quitting leaves behind, and when a device went quiet."""

from __future__ import annotations

import pytest

from ambience.session.adjust import LIGHT_STEP
from ambience.session.preset import MIN_TEMPERATURE_C
from ambience.session.roomstate import Status
from ambience.session.timeline import REST_LEVEL, EventKind
from tests.engine.test_engine import Room
from tests.engine.test_engine_recording import Recorder
from tests.factories import make_plan
from tests.support.virtual import run

MIN = 60.0


def test_light_steps_and_off_reach_the_lights_in_a_session():
    async def body():
        room = Room()
        room.engine.start(make_plan())
        await room.at(10)
        room.engine.light_step(LIGHT_STEP)
        await room.at(10.1)
        assert room.ceiling.reading().level == pytest.approx(30)
        assert room.lamp.reading().level == pytest.approx(30)
        room.engine.lights_off()
        await room.at(10.2)
        assert not room.ceiling.reading().on
        assert room.engine.state().lights_off
        room.engine.lights_off(False)
        await room.at(10.3)
        assert room.ceiling.reading().level == pytest.approx(30)

    run(body)


def test_light_steps_and_off_work_with_no_session_and_after_one():
    async def body():
        room = Room()
        room.engine.light_step(LIGHT_STEP)  # from where the lights are (off): the first step
        await room.at(0.1)
        assert room.ceiling.reading().level == pytest.approx(LIGHT_STEP)
        room.engine.lights_off(False)
        await room.at(0.2)
        assert room.ceiling.reading().level == pytest.approx(REST_LEVEL)
        room.engine.lights_up()
        room.engine.lights_up()  # back from lights up: to the therapist's own level
        await room.at(0.3)
        assert room.ceiling.reading().level == pytest.approx(REST_LEVEL)
        room.engine.start(make_plan())
        room.engine.stop()
        await room.at(1)
        assert room.ceiling.reading().level == pytest.approx(70)  # the session ended lit
        room.engine.light_step(-LIGHT_STEP)
        await room.at(1.1)
        assert room.ceiling.reading().level == pytest.approx(60)
        room.engine.lights_off()
        await room.at(1.2)
        assert not room.ceiling.reading().on

    run(body)


def test_mute_and_warmth_reach_the_player_and_the_thermostat():
    async def body():
        room = Room()
        room.engine.start(make_plan())
        await room.at(10)
        room.engine.mute()
        room.engine.warmer(0.5)
        room.engine.warmer(0.5)
        await room.at(10.5)
        now = room.music.now_playing()
        assert now.playing and now.volume == 0
        assert room.radiator.reading().target_c == pytest.approx(25.0)
        room.engine.mute()
        await room.at(11)
        assert room.music.now_playing().volume == pytest.approx(30)

    run(body)


def test_next_phase_undone_and_previous_phase_are_recorded_like_any_event():
    async def body():
        recorder = Recorder()
        room = Room()
        room.engine.recorder = recorder
        room.engine.start(make_plan())
        await room.at(10)
        room.engine.skip()
        room.engine.undo()
        room.engine.shorten(5)
        room.engine.skip()
        room.engine.back()
        kinds = [call[2] for call in recorder.calls if call[0] == "event"]
        assert kinds == [EventKind.SKIP, EventKind.UNDO, EventKind.SHORTEN, EventKind.SKIP, EventKind.BACK]
        state = room.engine.state()
        assert state.phase == "Treatment" and state.remaining_s == pytest.approx(45 * MIN)

    run(body)


def test_quitting_with_all_off_darkens_every_room_and_lowers_the_heating():
    async def body():
        room, idle = Room(), Room()
        room.engine.start(make_plan())
        await room.at(10)
        room.engine.leave("all_off")
        idle.engine.leave("all_off")
        await room.at(10.2)
        await idle.at(10.2)
        for r in (room, idle):
            assert not r.ceiling.reading().on and not r.diffuser.reading().on
            assert r.radiator.reading().target_c == MIN_TEMPERATURE_C
        assert room.engine.state().status is Status.IDLE  # the session ended, and was closed
        assert not room.music.now_playing().playing

    run(body)


def test_quitting_as_is_ends_the_session_and_sends_nothing():
    async def body():
        recorder = Recorder()
        room = Room()
        room.engine.recorder = recorder
        room.engine.start(make_plan())
        await room.at(10)
        sent = room.ceiling.commands
        room.engine.leave("as_is")
        await room.at(11)
        assert room.ceiling.commands == sent
        assert room.ceiling.reading().level == pytest.approx(20)
        assert recorder.calls[-1][0] == "end"

    run(body)


def test_a_device_that_stops_answering_says_since_when():
    async def body():
        room = Room()
        room.engine.start(make_plan())
        await room.at(1)
        room.faults["lamp"].offline = True
        went = room.engine.clock.now()
        await room.engine.check_device("lamp")
        await room.at(3)
        lamp = next(d for d in room.engine.snapshot().devices if d.id == "lamp")
        assert lamp.available is False and lamp.down_since == pytest.approx(went)
        room.faults["lamp"].offline = False
        await room.engine.check_device("lamp")
        lamp = next(d for d in room.engine.snapshot().devices if d.id == "lamp")
        assert lamp.available and lamp.down_since is None

    run(body)

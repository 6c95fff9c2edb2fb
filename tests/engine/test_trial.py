"""Try in room: an idle room shows the edited preset, follows each edit, and is put back exactly."""

from __future__ import annotations

import pytest

from ambience.engine.trial import RoomTrial, TrialRefused
from ambience.session.roomstate import Status
from tests.engine.test_engine import Room
from tests.factories import make_plan
from tests.support.virtual import run, settle_tasks


async def ready_room() -> Room:
    """A room whose devices were left in a state of their own (not a preset's)."""
    room = Room()
    await room.ceiling.set_light(55, 3500)
    await room.lamp.set_light(0, 2700)  # off
    await room.diffuser.set_on(True)
    await room.radiator.set_target(21.5)
    return room


def readings(room: Room):
    return (
        room.ceiling.reading(),
        room.lamp.reading(),
        room.diffuser.reading().on,
        room.radiator.reading().target_c,
        room.music.now_playing().playing,
    )


def test_a_tried_preset_drives_the_idle_room_and_turning_it_off_puts_everything_back():
    async def body():
        room = await ready_room()
        before = readings(room)
        trial = RoomTrial(room.engine)
        await trial.begin()
        trial.show(make_plan(), 30 * 60)  # the middle of Treatment
        await room.at(0.1)
        assert room.ceiling.reading().level == pytest.approx(20)
        assert room.lamp.reading().level == pytest.approx(20)
        assert room.music.now_playing().playing
        assert room.radiator.reading().target_c == 21.5  # temperature only when asked
        assert room.engine.state().status is Status.IDLE  # the room is not "running" a session
        trial.show(make_plan(lighting={"level": 35, "kelvin": 2700, "fade_seconds": 60}), 30 * 60)
        await room.at(0.2)
        assert room.ceiling.reading().level == pytest.approx(35)  # follows the edit
        await trial.end()
        await room.at(0.3)
        assert readings(room) == before
        assert room.engine.trial is None

    run(body)


def test_temperature_is_tried_only_when_asked_and_put_back_too():
    async def body():
        room = await ready_room()
        trial = RoomTrial(room.engine, climate=True)
        await trial.begin()
        trial.show(make_plan(), 30 * 60)
        await room.at(0.1)
        assert room.radiator.reading().target_c == 24.0
        await trial.end()
        await room.at(0.2)
        assert room.radiator.reading().target_c == 21.5

    run(body)


def test_a_device_that_does_not_answer_refuses_the_trial_before_anything_is_sent():
    async def body():
        room = await ready_room()
        room.faults["lamp"].offline = True
        trial = RoomTrial(room.engine)
        with pytest.raises(TrialRefused, match="Floor lamp does not answer"):
            await trial.begin()
        assert room.engine.trial is None and room.ceiling.reading().level == pytest.approx(55)

    run(body)


def test_a_device_failing_during_the_trial_ends_it_and_puts_the_others_back():
    async def body():
        room = await ready_room()
        ended: list[str] = []
        trial = RoomTrial(room.engine, on_end=ended.append)
        await trial.begin()
        trial.show(make_plan(), 30 * 60)
        await room.at(0.1)
        room.faults["diffuser"].offline = True
        await room.engine.poll()
        await settle_tasks()
        await room.at(0.2)
        assert ended == ["Diffuser stopped answering; the room was put back"]
        assert room.ceiling.reading().level == pytest.approx(55)
        assert not room.music.now_playing().playing

    run(body)


def test_a_room_running_a_session_cannot_be_tried_and_a_session_started_ends_a_trial():
    async def body():
        room = await ready_room()
        ended: list[str] = []
        trial = RoomTrial(room.engine, on_end=ended.append)
        await trial.begin()
        trial.show(make_plan(), 30 * 60)
        room.engine.start(make_plan())
        await room.at(0.1)
        assert ended == ["a session started in the room"] and room.engine.trial is None
        assert room.engine.state().status is Status.RUNNING
        with pytest.raises(TrialRefused, match="a session runs in Lavender room"):
            await RoomTrial(room.engine).begin()

    run(body)


def test_an_edit_that_leaves_the_playlist_as_it_was_leaves_the_music_playing_where_it_is():
    async def body():
        room = await ready_room()
        trial = RoomTrial(room.engine)
        await trial.begin()
        trial.show(make_plan(), 30 * 60)
        await room.at(0.1)
        first = room.music.now_playing()
        await room.at(2.0)
        trial.show(make_plan(lighting={"level": 35, "kelvin": 2700, "fade_seconds": 60}), 30 * 60)
        await room.at(2.1)
        now = room.music.now_playing()
        assert room.ceiling.reading().level == pytest.approx(35)
        assert (now.track_index, now.title, now.playing) == (first.track_index, first.title, True)
        assert now.elapsed_s > first.elapsed_s  # not started again from the top
        await trial.end()

    run(body)

"""The room engine on the simulated studio: phase by phase, and under faults (virtual time)."""

from __future__ import annotations

import pytest

from ambience.devices.simulated import (
    Faults,
    SimulatedLight,
    SimulatedMusicPlayer,
    SimulatedSwitch,
    SimulatedThermostat,
)
from ambience.engine.room import RoomEngine
from ambience.session.roomstate import Status
from tests.factories import make_plan
from tests.support.virtual import VirtualScheduler, run

MIN = 60.0


class Room:
    """A room of simulated devices on a virtual-time scheduler."""

    def __init__(self, *, timeout_s: float = 5.0) -> None:
        self.scheduler = VirtualScheduler()
        self.scheduler.start()
        clock = self.scheduler.clock
        self.faults = {name: Faults() for name in ("ceiling", "lamp", "diffuser", "radiator", "music")}
        self.ceiling = SimulatedLight("ceiling", "Ceiling light", clock, self.faults["ceiling"])
        self.lamp = SimulatedLight("lamp", "Floor lamp", clock, self.faults["lamp"])
        self.diffuser = SimulatedSwitch("diffuser", "Diffuser", clock, self.faults["diffuser"])
        self.radiator = SimulatedThermostat("radiator", "Radiator", clock, self.faults["radiator"])
        self.music = SimulatedMusicPlayer("music", "Music", clock, self.faults["music"], track_seconds=200)
        self.engine = RoomEngine(
            "lavender",
            "Lavender room",
            [self.ceiling, self.lamp, self.diffuser, self.radiator, self.music],
            clock,
            self.scheduler,
            timeout_s=timeout_s,
        )
        self.t0 = clock.now()

    async def at(self, minutes: float) -> None:
        """Move on to ``minutes`` after the room was built."""
        await self.scheduler.advance_to(self.t0 + minutes * MIN)

    def driver(self, device_id: str):
        return next(d for d in self.engine.drivers if d.device.id == device_id)


def test_a_session_drives_every_device_phase_by_phase():
    async def body():
        room = Room()
        room.engine.start(make_plan())
        await room.at(4.9)  # end of Welcome
        assert room.ceiling.reading().level == pytest.approx(40)
        assert room.lamp.reading().kelvin == 2700
        assert room.diffuser.reading().on
        assert room.radiator.reading().target_c == 24.0
        assert room.radiator.reading().heating
        now = room.music.now_playing()
        assert now.playing and now.volume == pytest.approx(30)

        await room.at(14.9)  # Treatment, in the diffuser's rest
        assert room.ceiling.reading().level == pytest.approx(20)
        assert not room.diffuser.reading().on
        await room.at(24.9)
        assert room.diffuser.reading().on

        await room.at(59.9)  # the end of the wake-up fade
        assert room.ceiling.reading().level == pytest.approx(60, abs=1)
        assert not room.diffuser.reading().on
        assert room.music.now_playing().volume < 3

        await room.at(60.5)
        assert room.engine.state().status is Status.ENDED
        assert room.ceiling.reading().level == pytest.approx(70)
        assert not room.music.now_playing().playing
        assert room.scheduler.when("room:lavender:cue") is None
        # The room warmed up towards its target meanwhile, at a believable pace.
        assert 23.0 < room.radiator.reading().current_c < 25.0

    run(body)


def test_cues_are_one_job_per_room_that_moves_with_the_timeline():
    async def body():
        room = Room()
        room.engine.start(make_plan())
        assert set(room.scheduler.job_times()) == {"room:lavender:cue"}
        await room.at(2)
        room.engine.pause()
        assert room.scheduler.when("room:lavender:cue") is None
        await room.at(10)
        room.engine.resume()
        cue = room.scheduler.when("room:lavender:cue")
        assert cue is not None and cue == pytest.approx(room.engine.state().next_cue)
        # The Welcome phase now ends 8 minutes late.
        assert room.engine.state().next_phase_at == pytest.approx(room.t0 + 13 * MIN)

    run(body)


def test_a_device_offline_through_a_phase_gets_the_current_state_when_it_returns():
    async def body():
        room = Room()
        room.faults["lamp"].offline = True
        room.engine.start(make_plan())
        await room.at(1.5)
        lamp = room.driver("lamp")
        assert lamp.available is False and lamp.problem.kind == "offline"
        assert "room:lavender:retry:lamp" in room.scheduler.job_times()
        # The rest of the room carried on.
        assert room.ceiling.reading().level == pytest.approx(40)
        await room.at(20)
        room.faults["lamp"].offline = False
        await room.at(21)
        assert lamp.available is True and lamp.problem is None
        assert room.lamp.reading().level == pytest.approx(20)  # Treatment's level, not Welcome's

    run(body)


def test_a_device_that_never_answers_does_not_delay_the_others():
    async def body():
        room = Room(timeout_s=5.0)
        room.faults["ceiling"].hang = True
        room.faults["lamp"].latency_s = 0.05
        room.engine.start(make_plan())
        await room.scheduler.advance(0.5)
        assert room.lamp.commands >= 1 and room.radiator.reading().target_c == 24.0
        assert room.diffuser.reading().on and room.music.now_playing().playing
        ceiling = room.driver("ceiling")
        assert ceiling.busy and ceiling.available is None
        await room.scheduler.advance(5)
        assert ceiling.available is False and ceiling.problem.kind == "timeout"
        # Fade steps went on reaching the lamp while the ceiling light hung.
        assert room.lamp.commands >= 3 and room.lamp.reading().level < 69

        room.faults["ceiling"].hang = False
        await room.at(3)
        assert ceiling.available and room.ceiling.reading().level == pytest.approx(40)

    run(body)


def test_failed_commands_are_retried_with_growing_backoff():
    async def body():
        room = Room()
        room.faults["diffuser"].error_rate = 1.0
        room.engine.start(make_plan())
        await room.scheduler.advance(20)
        retries = [t - room.t0 for t, job in room.scheduler.fired if job == "room:lavender:retry:diffuser"]
        assert retries[:4] == pytest.approx([1, 3, 8, 18])
        assert not room.diffuser.reading().on
        room.faults["diffuser"].error_rate = 0.0
        await room.scheduler.advance(30)
        assert room.diffuser.reading().on and room.driver("diffuser").available

    run(body)


def test_a_light_that_lost_power_is_put_back_by_the_next_poll():
    async def body():
        room = Room()
        room.engine.start(make_plan())
        room.engine.start_polling()
        await room.at(10)
        room.lamp.power_cycle()
        assert room.lamp.reading().level == 100
        await room.at(10.6)
        assert room.lamp.reading().level == pytest.approx(20)

    run(body)


def test_only_what_differs_is_sent():
    async def body():
        room = Room()
        room.engine.start(make_plan())
        await room.at(6)
        sent = room.diffuser.commands, room.radiator.commands
        await room.at(9.5)  # steady Treatment, diffuser still on: nothing to say to them
        assert (room.diffuser.commands, room.radiator.commands) == sent

    run(body)


def test_intents_move_the_room_at_once():
    async def body():
        room = Room()
        room.engine.start(make_plan())
        await room.at(20)
        room.engine.lights_up()
        await room.scheduler.advance(2)
        assert room.ceiling.reading().level == pytest.approx(100)
        room.engine.lights_up()
        await room.scheduler.advance(2)
        assert room.ceiling.reading().level == pytest.approx(20)

        room.engine.extend()
        assert room.engine.state().remaining_s == pytest.approx(45 * MIN - 4)
        room.engine.skip_to_last()
        assert room.engine.state().phase == "Wake-up"
        room.engine.stop()
        await room.scheduler.advance(5)
        assert room.engine.state().status is Status.ENDED
        assert room.ceiling.reading().level == pytest.approx(70)
        assert not room.diffuser.reading().on

    run(body)


def test_lights_up_works_with_no_session_and_toggles_back_to_a_resting_level():
    async def body():
        room = Room()
        room.engine.lights_up()
        await room.scheduler.advance(2)
        assert room.ceiling.reading().level == pytest.approx(100)
        assert room.engine.state().lights_up
        room.engine.lights_up()
        await room.scheduler.advance(2)
        assert room.ceiling.reading().level == pytest.approx(40)
        assert not room.engine.state().lights_up
        assert room.engine.state().status is Status.IDLE

    run(body)


def test_preflight_lists_unreachable_devices():
    async def body():
        room = Room()
        room.faults["radiator"].offline = True
        down = await room.engine.preflight()
        assert [d.id for d in down] == ["radiator"]
        assert down[0].problem.kind == "offline"

    run(body)


def test_observers_hear_of_every_change():
    async def body():
        room = Room()
        seen = []
        room.engine.subscribe(lambda snap: seen.append((snap.state.status, snap.state.phase)))
        room.engine.start(make_plan())
        await room.at(6)
        assert (Status.RUNNING, "Welcome") in seen and (Status.RUNNING, "Treatment") in seen

    run(body)


def test_a_booked_session_preheats_and_can_be_cancelled_before_it_begins():
    async def body():
        room = Room()
        room.engine.start(make_plan(), at=room.t0 + 60 * MIN)
        await room.at(40)
        assert room.engine.state().status is Status.PREHEAT
        assert room.radiator.reading().target_c == 24.0
        assert room.ceiling.commands == 0  # nothing but the heating is touched before the start
        room.engine.stop()
        assert room.engine.state().status is Status.IDLE
        assert room.scheduler.when("room:lavender:cue") is None
        await room.at(70)
        assert room.ceiling.commands == 0

    run(body)

"""What a room tells its recorder: the start, every event, and the end however it comes (virtual time)."""

from __future__ import annotations

import pytest

from ambience.devices.simulated import Faults, SimulatedLight
from ambience.engine.room import RoomEngine
from ambience.session.roomstate import Status
from ambience.session.timeline import EventKind, Session, SessionEvent
from tests.factories import make_plan
from tests.support.virtual import VirtualScheduler, run

MIN = 60.0


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def record_start(self, room_id: str, session: Session) -> None:
        self.calls.append(("start", room_id, session.id, tuple(e.kind for e in session.events)))

    def record_event(self, session: Session, event: SessionEvent) -> None:
        self.calls.append(("event", session.id, event.kind))

    def record_end(self, session: Session, at: float) -> None:
        self.calls.append(("end", session.id, at))


def room(recorder: Recorder | None = None) -> tuple[RoomEngine, VirtualScheduler]:
    scheduler = VirtualScheduler()
    scheduler.start()
    light = SimulatedLight("ceiling", "Ceiling light", scheduler.clock, Faults())
    return RoomEngine("lavender", "Lavender room", [light], scheduler.clock, scheduler, recorder=recorder), (
        scheduler
    )


def test_the_start_every_event_and_a_stop_are_recorded_once():
    async def body():
        recorder = Recorder()
        engine, scheduler = room(recorder)
        engine.start(make_plan())
        sid = engine.session.id
        t0 = scheduler.clock.now()
        await scheduler.advance(MIN)
        engine.pause()
        engine.extend(5)
        engine.resume()
        engine.lights_up()
        engine.nudge_volume(-5)
        await scheduler.advance(MIN)
        engine.stop()
        engine.stop()  # nothing more happens to an ended session
        engine.pause()
        await scheduler.advance(MIN)
        engine.lights_up()  # still allowed after the end (turnover), and kept
        assert recorder.calls == [
            ("start", "lavender", sid, (EventKind.START,)),
            ("event", sid, EventKind.PAUSE),
            ("event", sid, EventKind.EXTEND),
            ("event", sid, EventKind.RESUME),
            ("event", sid, EventKind.LIGHTS_UP),
            ("event", sid, EventKind.VOLUME),
            ("event", sid, EventKind.STOP),
            ("end", sid, pytest.approx(t0 + 2 * MIN)),
            ("event", sid, EventKind.LIGHTS_UP),
        ]

    run(body)


def test_the_natural_end_is_recorded_at_the_moment_the_timeline_ran_out():
    async def body():
        recorder = Recorder()
        engine, scheduler = room(recorder)
        engine.start(make_plan())
        t0 = scheduler.clock.now()
        await scheduler.advance(61 * MIN)
        assert engine.state().status is Status.ENDED
        assert recorder.calls[-1] == ("end", engine.session.id, pytest.approx(t0 + 60 * MIN))
        assert [c[0] for c in recorder.calls].count("end") == 1

    run(body)


def test_skipping_past_the_last_phase_ends_the_session():
    async def body():
        recorder = Recorder()
        engine, scheduler = room(recorder)
        engine.start(make_plan())
        await scheduler.advance(MIN)
        engine.skip_to_last()
        engine.skip()
        assert engine.state().status is Status.ENDED
        assert [c[0] for c in recorder.calls] == ["start", "event", "event", "event", "end"]
        assert recorder.calls[-1][2] == pytest.approx(scheduler.clock.now())

    run(body)


def test_a_cancelled_booking_and_a_replaced_session_are_ended():
    async def body():
        recorder = Recorder()
        engine, scheduler = room(recorder)
        now = scheduler.clock.now()
        engine.start(make_plan(), at=now + 60 * MIN)
        booked = engine.session.id
        await scheduler.advance(45 * MIN)
        assert engine.state().status is Status.PREHEAT
        engine.stop()
        assert recorder.calls[-1] == ("end", booked, pytest.approx(now + 45 * MIN))
        engine.start(make_plan())
        first = engine.session.id
        engine.start(make_plan())
        assert recorder.calls[-2:] == [
            ("end", first, pytest.approx(now + 45 * MIN)),
            ("start", "lavender", engine.session.id, (EventKind.START,)),
        ]

    run(body)


def test_a_restored_session_adds_no_start_and_is_sent_again_in_full():
    async def body():
        recorder = Recorder()
        engine, scheduler = room(recorder)
        engine.start(make_plan())
        await scheduler.advance(10 * MIN)
        session = engine.session
        light = engine.devices[0]
        sent = light.commands
        engine.restore(session)
        await scheduler.advance(1)
        assert light.commands > sent  # the drivers forgot what they had sent
        assert len(session.events) == 1
        assert [c[0] for c in recorder.calls] == ["start"]
        engine.stop()
        assert recorder.calls[-1][0] == "end"

    run(body)


def test_a_room_without_a_recorder_works_as_before():
    async def body():
        engine, scheduler = room()
        engine.start(make_plan())
        await scheduler.advance(61 * MIN)
        assert engine.state().status is Status.ENDED

    run(body)

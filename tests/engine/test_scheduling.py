"""The cue scheduler on a real loop: jobs at studio times, and a shutdown that stops them quietly."""

from __future__ import annotations

import asyncio
import logging

from ambience.config.roles import Role
from ambience.config.rooms import StudioConfig
from ambience.devices.simulated import Faults
from ambience.engine.clock import SystemClock
from ambience.engine.factory import DeviceContext
from ambience.engine.scheduling import CueScheduler
from ambience.engine.studio import Studio
from tests.factories import room_config

STUDIO = StudioConfig(rooms=(room_config("lavender", roles=(Role.LIGHT,)),))


def test_shutting_down_with_a_device_poll_in_flight_logs_no_error(caplog):
    async def body():
        clock = SystemClock()
        scheduler = CueScheduler.create(clock)
        scheduler.start()
        faults = {"lavender/ceiling": Faults(hang=True)}  # a device that never answers
        studio = Studio.build(STUDIO, clock, scheduler, context=DeviceContext(clock=clock, faults=faults))
        room = studio.rooms[0]
        polling = asyncio.Event()
        poll = room.poll

        async def watched_poll() -> None:
            polling.set()
            await poll()

        room.poll = watched_poll  # type: ignore[method-assign]
        room.start_polling()  # the first poll runs at once and waits on the device
        await polling.wait()
        for _ in range(5):
            await asyncio.sleep(0)
        await studio.close()
        await scheduler.aclose()  # as the panel and `ambience run` end
        assert scheduler.when(f"room:{room.id}:poll") is None or not scheduler.scheduler.running

    with caplog.at_level(logging.DEBUG):
        asyncio.run(body())
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == [], [r.getMessage() for r in problems]

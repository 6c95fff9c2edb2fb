"""Measures the timeline and the engine: states per second, cues and commands in a whole session.

Run: uv run python -m benchmarks.bench_engine

The whole-session figure is the engine's own work on a virtual clock: both demo rooms with every
device simulated, music too. (A real music player would decode tracks in worker threads in real
time while the virtual clock races ahead: that measures the decoder, not the engine.)
"""

from __future__ import annotations

import time
import tracemalloc

from ambience.config.library import load_library, plan_of
from ambience.config.paths import bundled_presets_dir
from ambience.config.rooms import StudioConfig, demo_studio
from ambience.engine.studio import Studio
from ambience.session.timeline import EventKind, Session
from tests.support.virtual import VirtualScheduler, run


def timeline_speed() -> None:
    library = load_library(bundled_presets_dir())
    for loaded in library.presets[:3]:
        session = Session(plan_of(loaded))
        session.add(EventKind.START, 0.0)
        session.add(EventKind.PAUSE, 600.0)
        session.add(EventKind.RESUME, 700.0)
        session.add(EventKind.EXTEND, 800.0, minutes=5)
        n = 50_000
        start = time.perf_counter()
        for i in range(n):
            session.state(i * 0.1)
        took = time.perf_counter() - start
        print(f"timeline  {loaded.name:<24} {took / n * 1e6:7.1f} µs per state ({n / took:,.0f} states/s)")


def simulated_studio() -> StudioConfig:
    """The demo studio with simulated music in every room."""
    demo = demo_studio()
    rooms = tuple(
        room.model_copy(
            update={"devices": tuple(d.model_copy(update={"backend": "simulated"}) for d in room.devices)}
        )
        for room in demo.rooms
    )
    return demo.model_copy(update={"rooms": rooms})


def whole_studio_session() -> None:
    async def body() -> tuple[int, int, float, float]:
        scheduler = VirtualScheduler()
        scheduler.start()
        studio = Studio.build(simulated_studio(), scheduler.clock, scheduler)
        loaded = studio.library.find("swedish")
        for room in studio.rooms:
            room.start(studio.plan(loaded))
            room.start_polling()
        real = time.perf_counter()
        await scheduler.advance(61 * 60)
        real = time.perf_counter() - real
        commands = sum(getattr(d, "commands", 0) for room in studio.rooms for d in room.devices)
        await studio.close()
        return len(scheduler.fired), commands, real, scheduler.clock.now()

    jobs, commands, real, _ = run(body)
    tracemalloc.start()  # a second run: tracing makes Python several times slower
    run(body)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"engine    2 rooms × Swedish massage (61 min virtual, every device simulated): {jobs} jobs fired, "
        f"{commands} device commands, {real:.2f} s real; peak traced memory {peak / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    timeline_speed()
    whole_studio_session()

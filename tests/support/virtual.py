"""Virtual time for tests: an event loop whose clock jumps ahead, and a studio driven by it.

The loop comes from looptime: sleeping and timeouts take no real time. The studio clock reads
the loop's time, so device latencies, command timeouts and the session timeline share one
virtual timeline. APScheduler runs paused: its stored jobs are fired here, in order, at their
due times, so the tests see exactly the jobs the app would run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import looptime

from ambience.engine.scheduling import CueScheduler

T = TypeVar("T")
EPOCH = 1_800_000_000.0  # a fixed studio date, far from anything real


def run(body: Callable[[], Awaitable[T]]) -> T:
    """Run ``body()`` on a fresh virtual-time loop and close it."""
    loop = looptime.new_event_loop(start=0.0)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(body())
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        asyncio.set_event_loop(None)


class HandClock:
    """A clock the test moves by hand (``clock.t += 5``), called as ``time.time`` is."""

    def __init__(self, t: float = EPOCH) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


class LoopClock:
    """Studio time = a fixed epoch + the (virtual) loop time (+ ``offset``: a clock set wrong)."""

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def now(self) -> float:
        return EPOCH + self.offset + asyncio.get_running_loop().time()

    def wall_at(self, t: float) -> datetime:
        return datetime.fromtimestamp(t, tz=UTC)


class VirtualScheduler(CueScheduler):
    """The app's scheduler, paused, with a way to fire its jobs as time moves on."""

    def __init__(self, clock_offset: float = 0.0) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        super().__init__(AsyncIOScheduler(timezone="UTC"), LoopClock(clock_offset))
        self.fired: list[tuple[float, str]] = []

    def start(self, *, paused: bool = True) -> None:
        super().start(paused=True)

    def job_times(self) -> dict[str, float]:
        return {job.id: job.next_run_time.timestamp() for job in self.scheduler.get_jobs()}

    async def advance(self, seconds: float) -> None:
        """Move time on by ``seconds``, firing every job that falls due, in order."""
        end = self.clock.now() + seconds
        while True:
            due = [j for j in self.scheduler.get_jobs() if j.next_run_time.timestamp() <= end + 1e-6]
            if not due:
                break
            job = min(due, key=lambda j: j.next_run_time)
            when = job.next_run_time.timestamp()
            if when > self.clock.now():
                await asyncio.sleep(when - self.clock.now())
            func: Callable[..., Awaitable[Any]] = job.func
            args = job.args
            self.scheduler.remove_job(job.id)
            self.fired.append((self.clock.now(), job.id))
            await func(*args)
            await settle_tasks()
        if end > self.clock.now():
            await asyncio.sleep(end - self.clock.now())
        await settle_tasks()

    async def advance_to(self, t: float) -> None:
        await self.advance(max(0.0, t - self.clock.now()))


async def settle_tasks(rounds: int = 5) -> None:
    """Let tasks that are ready run (commands to devices with no latency complete here)."""
    for _ in range(rounds):
        await asyncio.sleep(0)

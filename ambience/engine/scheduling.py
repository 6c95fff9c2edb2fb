"""Cue scheduling on APScheduler: jobs at studio times, with stable ids that replace each other."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from ambience.engine.clock import Clock

# APScheduler reports every job run at INFO; a fade makes one a second.
logging.getLogger("apscheduler").setLevel(logging.WARNING)
log = logging.getLogger(__name__)


class CueScheduler:
    """Schedules coroutine jobs at studio times on an AsyncIOScheduler.

    A job id names one purpose (``room:lavender:cue``); scheduling it again moves it, so a
    room never has two pending cues. The clock converts studio time to the wall clock, which
    is how ``--speed`` plays a session faster.
    """

    def __init__(self, scheduler: AsyncIOScheduler, clock: Clock) -> None:
        self.scheduler = scheduler
        self.clock = clock
        self._running: set[asyncio.Task[Any]] = set()  # jobs running now (a poll waiting on a device)
        self._closing = False

    @classmethod
    def create(cls, clock: Clock) -> CueScheduler:
        return cls(AsyncIOScheduler(timezone="UTC"), clock)

    def start(self, *, paused: bool = False) -> None:
        """Start on the running asyncio loop (paused: jobs are kept but never fire by themselves)."""
        if not self.scheduler.running:
            self.scheduler.start(paused=paused)

    def shutdown(self) -> None:
        """Nothing more runs; a job running now is stopped and ends quietly (see ``aclose``)."""
        self._closing = True
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def aclose(self) -> None:
        """Shut down and wait until the jobs that were running have stopped."""
        self.shutdown()
        running = [task for task in self._running if task is not asyncio.current_task()]
        if running:
            await asyncio.gather(*running, return_exceptions=True)

    def at(self, job_id: str, when: float, func: Callable[..., Awaitable[Any]], *args: Any) -> None:
        """Run ``func(*args)`` at studio time ``when`` (at once if that has passed)."""
        self.scheduler.add_job(
            self._run,
            DateTrigger(run_date=self.clock.wall_at(when)),
            args=(func, *args),
            id=job_id,
            name=job_id,
            replace_existing=True,
            misfire_grace_time=None,  # a late cue still runs: the timeline decides what is due
            coalesce=True,
            # A cue re-books its own id while it runs; that must not count as a second instance.
            max_instances=10,
        )

    def cancel(self, job_id: str) -> None:
        if self.scheduler.get_job(job_id) is not None:
            self.scheduler.remove_job(job_id)

    def when(self, job_id: str) -> float | None:
        """The wall-clock time (epoch seconds) the job is due, or None when there is none."""
        job = self.scheduler.get_job(job_id)
        if job is None or job.next_run_time is None:
            return None
        due: float = job.next_run_time.timestamp()
        return due

    async def _run(self, func: Callable[..., Awaitable[Any]], *args: Any) -> None:
        """One job. Stopped by a shutdown (a device poll still waiting when the app quits), it ends
        rather than fails: APScheduler would log the cancellation as an error of the job."""
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            await func(*args)
        except asyncio.CancelledError:
            if not self._closing:
                raise
            log.debug("%s stopped by the shutdown", getattr(func, "__qualname__", func))
        finally:
            if task is not None:
                self._running.discard(task)

"""The panel's asyncio loop: delayed callbacks on precise timers that never fire early."""

from __future__ import annotations

import asyncio

from ambience.ui.loop import timer_ms


def test_a_delay_becomes_whole_milliseconds_rounded_up_so_a_timer_is_never_early():
    assert timer_ms(0.9996) == 1000
    assert timer_ms(0.0004) == 1
    assert timer_ms(30.0) == 30_000
    assert timer_ms(0.0) == 0


def test_a_delayed_callback_runs_at_its_time_not_before(loop, qtbot):
    ran: list[tuple[float, float]] = []
    handle = loop.call_later(0.0105, lambda: ran.append((loop.time(), handle.when())))
    qtbot.waitUntil(lambda: bool(ran), timeout=2000)
    at, due = ran[0]
    assert at >= due


def test_a_cancelled_callback_stops_its_timer_so_it_never_wakes_the_loop(loop):
    before = loop.pending_timers()
    handle = loop.call_later(30.0, print)
    assert loop.pending_timers() == before + 1
    handle.cancel()
    assert loop.pending_timers() == before


def test_asyncio_sleep_and_timeouts_work_on_it(loop, qtbot):
    async def body() -> str:
        await asyncio.sleep(0.002)
        try:
            await asyncio.wait_for(asyncio.sleep(10), 0.003)
        except TimeoutError:
            return "timed out"
        return "slept"

    task = asyncio.ensure_future(body())
    qtbot.waitUntil(task.done, timeout=2000)
    assert task.result() == "timed out"

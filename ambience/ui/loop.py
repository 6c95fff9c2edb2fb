"""The asyncio loop the panel shares with Qt: qasync's, with timers that fire on time.

qasync turns every ``call_later`` into a Qt timer of the default, coarse kind: Qt lets those fire
up to 5 % of their interval early or late, and rounds intervals of 20 s and more to whole
seconds, so a cue booked 30 s ahead could run half a second late. It also cuts the delay down to
whole milliseconds, so a timer could fire a fraction of a millisecond before its time;
APScheduler then found nothing due and asked again, for less than a millisecond, again and again
until the moment came (a spin). And a cancelled timer still woke the loop when it was due.

Here delayed callbacks get precise Qt timers rounded up to the next millisecond, never early,
and a cancelled one is stopped. ``call_soon`` and everything else stay qasync's.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from contextvars import Context
from typing import Any

import qasync

from ambience.ui.qt import QApplication, QObject, Qt, QTimerEvent


def timer_ms(delay_s: float) -> int:
    """The Qt timer interval for a delay: whole milliseconds, rounded up so it never fires early."""
    return max(0, math.ceil(delay_s * 1000 - 1e-9))


class PreciseTimers(QObject):
    """One-shot precise Qt timers that run asyncio timer handles."""

    def __init__(self) -> None:
        super().__init__()
        self._handles: dict[int, asyncio.TimerHandle] = {}  # by Qt timer id
        self._timer_ids: dict[int, int] = {}  # by id() of the handle

    def __len__(self) -> int:
        return len(self._handles)

    def add(self, handle: asyncio.TimerHandle, delay_s: float) -> None:
        timer_id = self.startTimer(timer_ms(delay_s), Qt.TimerType.PreciseTimer)
        self._handles[timer_id] = handle
        self._timer_ids[id(handle)] = timer_id

    def cancel(self, handle: asyncio.TimerHandle) -> None:
        timer_id = self._timer_ids.pop(id(handle), None)
        if timer_id is not None:
            self._handles.pop(timer_id, None)
            self.killTimer(timer_id)

    def stop(self) -> None:
        for timer_id in list(self._handles):
            self.killTimer(timer_id)
        self._handles.clear()
        self._timer_ids.clear()

    def timerEvent(self, event: QTimerEvent) -> None:
        timer_id = event.timerId()
        self.killTimer(timer_id)
        handle = self._handles.pop(timer_id, None)
        if handle is None:
            return
        self._timer_ids.pop(id(handle), None)
        if not handle.cancelled():
            handle._run()  # as asyncio's own loop does: errors go to the loop's exception handler


class PanelLoop(qasync.QEventLoop):  # type: ignore[misc]
    """qasync's loop with precise, cancellable timers for everything scheduled ahead."""

    def __init__(
        self, app: QApplication | None = None, set_running_loop: bool = False, already_running: bool = False
    ) -> None:
        self._precise = PreciseTimers()
        super().__init__(app, set_running_loop=set_running_loop, already_running=already_running)

    def call_later(
        self, delay: float, callback: Callable[..., Any], *args: Any, context: Context | None = None
    ) -> asyncio.Handle:
        if delay <= 0:
            handle: asyncio.Handle = super().call_later(0, callback, *args, context=context)
            return handle
        timer = asyncio.TimerHandle(self.time() + delay, callback, args, self, context)
        self._precise.add(timer, delay)
        return timer

    def call_at(
        self, when: float, callback: Callable[..., Any], *args: Any, context: Context | None = None
    ) -> asyncio.Handle:
        return self.call_later(when - self.time(), callback, *args, context=context)

    def _timer_handle_cancelled(self, handle: asyncio.TimerHandle) -> None:
        self._precise.cancel(handle)

    def pending_timers(self) -> int:
        """How many delayed callbacks are armed (for tests and diagnostics)."""
        return len(self._precise)

    def close(self) -> None:
        self._precise.stop()
        super().close()

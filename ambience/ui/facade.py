"""The thin Qt facade over the studio: room snapshots become signals, clicks become engine intents.

Widgets never touch an engine or a device: they observe these objects' signals and call their
methods. Anything that waits on a device (the pre-flight check, the closing sequence) runs as a
task on the asyncio loop that Qt shares through qasync, so the UI thread never waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Callable, Coroutine
from typing import Any

from ambience.agenda.planner import Planner
from ambience.config.catalog import LibraryEntry
from ambience.config.library import LoadedPreset, PresetLibrary
from ambience.config.rooms import StudioConfig
from ambience.config.watch import FolderWatch, watched_paths
from ambience.engine.readings import DeviceError
from ambience.engine.room import QuitPolicy, RoomEngine
from ambience.engine.snapshot import DeviceStatus, RoomSnapshot
from ambience.engine.studio import Studio, library_for, preset_dirs
from ambience.session.roomstate import Status
from ambience.ui.cadence import LIVELY_S, next_change
from ambience.ui.qt import QFileSystemWatcher, QObject, Qt, QTimer, Signal

log = logging.getLogger(__name__)

# The rooms are refreshed when something on screen next changes (the countdown's next second, the
# clock's next minute), never more often than this (a fast demo's countdown skips seconds)...
TICK_MS = 100
# ...nor less often than this, and a few milliseconds after the moment, so the new second shows.
MAX_TICK_MS = 60_000
# How often the preset folders are looked at for changes where the system sends no notice of
# them (a shared network folder): polling.
LIBRARY_POLL_MS = 3000
# Where it does (local folders), a notice brings the look, a moment later (a save is a burst of
# notices); and a look now and then all the same, in case a notice was lost (a folder made anew).
NOTICE_SETTLE_MS = 250
LIBRARY_SAFETY_POLL_MS = 30_000
TICK_LATE_MS = 3
MAX_NOTICES = 20
CLOSE_SETTLE_S = 3.0


def look_at(watch: FolderWatch) -> tuple[bool, list[str]]:
    """Whether the folders changed since the last look, and the paths to follow now (a worker's job)."""
    return watch.changed(), watched_paths(watch.folders)


def watch_paths_now(watch: FolderWatch) -> list[str]:
    """The paths to follow for ``watch``'s folders, looked up now (local folders: a few ``stat``)."""
    return watched_paths(watch.folders)


class RoomFacade(QObject):
    """One room as the panel sees it."""

    changed = Signal(object)  # RoomSnapshot, after every change and on every tick
    checking = Signal(bool)  # the pre-flight check before a start is running
    preflight_failed = Signal(object, object)  # LoadedPreset, list[DeviceStatus] not reachable
    noticed = Signal(object)  # list[str]: new warnings from the room's music player

    def __init__(self, room: RoomEngine, studio: StudioFacade) -> None:
        super().__init__(studio)
        self.room = room
        self.studio = studio
        self.snapshot: RoomSnapshot = room.snapshot()
        self.notices: list[str] = []
        self.is_checking = False
        self.client: str | None = None  # picked at Start: the next session is for them
        # Studio time until which the room's readings may still be moving after a change.
        self.lively_until = self.snapshot.state.at + LIVELY_S
        self._unsubscribe = room.subscribe(self._engine_changed)

    @property
    def id(self) -> str:
        return self.room.id

    @property
    def name(self) -> str:
        return self.room.name

    @property
    def active(self) -> bool:
        return self.snapshot.state.active

    def presets(self) -> list[LoadedPreset]:
        return self.studio.studio.presets_for(self.room)

    def entries(self) -> list[LibraryEntry]:
        """The room's tiles: startable presets and broken files, in the owner's order."""
        return self.studio.studio.entries_for(self.room)

    def phase_spans(self) -> list[tuple[str, float]]:
        """The session's phases and their lengths (seconds) as edited so far; empty with no session."""
        session = self.room.session
        if session is None:
            return []
        durations = session.durations(self.snapshot.state.at)
        return [(phase.name, seconds) for phase, seconds in zip(session.plan.phases, durations, strict=True)]

    def next_change(self) -> float:
        """The studio time at which this room next looks different on the panel."""
        return next_change(self.snapshot.state, self.lively_until)

    # Observing.
    def _engine_changed(self, snapshot: RoomSnapshot) -> None:
        self.lively_until = snapshot.state.at + LIVELY_S
        self._on_snapshot(snapshot)
        self.studio.room_changed(self)

    def _on_snapshot(self, snapshot: RoomSnapshot) -> None:
        self.snapshot = snapshot
        self.changed.emit(snapshot)

    def refresh(self) -> None:
        """Re-read the room (no I/O) so the countdown and readings move; collect player warnings."""
        self._on_snapshot(self.room.snapshot())
        fresh = self.room.warnings()
        if fresh:
            self.notices = (self.notices + fresh)[-MAX_NOTICES:]
            self.noticed.emit(fresh)

    def clear_notices(self) -> None:
        self.notices = []
        self.noticed.emit([])

    # Intents.
    def request_start(self, loaded: LoadedPreset) -> None:
        """Check the room's devices, then start; unreachable devices are reported first."""
        if self.is_checking or self.active:
            return
        self._set_checking(True)
        self.studio.run_async(self._check_then_start(loaded))

    async def _check_then_start(self, loaded: LoadedPreset) -> None:
        try:
            unreachable: list[DeviceStatus] = await self.room.preflight()
        finally:
            self._set_checking(False)
        if unreachable:
            self.preflight_failed.emit(loaded, unreachable)
        else:
            self.start(loaded)

    def _set_checking(self, on: bool) -> None:
        self.is_checking = on
        self.checking.emit(on)

    def start(self, loaded: LoadedPreset, client: str | None = None) -> None:
        """Start at once (also: "start anyway" after a failed pre-flight check), for ``client`` if given."""
        if self.active:
            return
        planner = self.studio.planner
        if planner is not None:
            planner.start_now(self.room.id, loaded, client or self.client)
        else:
            self.room.start(self.studio.studio.plan(loaded))
        self.client = None

    def start_booked(self) -> None:
        """Start the booked session that is preheating or ready, now."""
        planner = self.studio.planner
        if planner is not None:
            planner.start_booked(self.room.id)
        else:
            self.room.start_booked()

    def cancel_booked(self) -> None:
        """Give up the booked session that is preheating or ready (its booking is cancelled)."""
        planner = self.studio.planner
        booking = planner.booking_for(self.room.id) if planner is not None else None
        if planner is not None and booking is not None and booking.state.value == "booked":
            planner.cancel(booking.id)
        elif self.snapshot.state.status is Status.PREHEAT:
            self.room.stop()

    def toggle_pause(self) -> None:
        self.room.toggle_pause()

    def extend(self, minutes: float = 5.0) -> None:
        self.room.extend(minutes)

    def shorten(self, minutes: float = 5.0) -> None:
        self.room.shorten(minutes)

    def skip(self) -> None:
        self.room.skip()

    def back(self) -> None:
        self.room.back()

    def undo(self) -> None:
        self.room.undo()

    def stop(self) -> None:
        self.room.stop()

    def lights_up(self) -> None:
        self.room.lights_up()

    def nudge_volume(self, step: float) -> None:
        self.room.nudge_volume(step)

    def mute(self) -> None:
        self.room.mute()

    def warmer(self, step: float) -> None:
        self.room.warmer(step)

    def light_step(self, step: float) -> None:
        self.room.light_step(step)

    def lights_off(self, off: bool = True) -> None:
        self.room.lights_off(off)

    # The demo's presenter.
    def can_simulate(self, device_id: str) -> bool:
        return self.studio.studio.can_simulate(self.id, device_id)

    def simulate_outage(self, device_id: str, offline: bool) -> None:
        """Unplug a simulated device (or plug it back in), to show what the panel does then."""
        self.studio.run_async(self.studio.studio.simulate_outage(self.id, device_id, offline))

    def close(self) -> None:
        unsubscribe, self._unsubscribe = self._unsubscribe, lambda: None  # closing twice is harmless
        unsubscribe()


class StudioFacade(QObject):
    """Every room's facade, the tick that refreshes them and the tasks started for them.

    The tick is armed for the next moment anything on screen changes (``tick_due``, studio
    time), at least ``tick_ms`` apart: once a second while a countdown runs, once a minute when
    nothing runs. A room that changes in between re-arms it sooner if it must.
    """

    ticked = Signal()  # after every refresh of the rooms
    rooms_replaced = Signal()  # ``studio`` and ``rooms`` are new ones, built from a changed rooms config
    day_changed = Signal()  # a booking was added, changed, started, missed or came from a calendar
    library_changed = Signal()  # the presets were read again: a file changed, or the owner saved one

    def __init__(
        self,
        studio: Studio,
        parent: QObject | None = None,
        *,
        tick_ms: int = TICK_MS,
        planner: Planner | None = None,
    ) -> None:
        super().__init__(parent)
        self.studio = studio
        # The day's bookings (None: a studio without them, as in most panel tests).
        self.planner = planner
        if planner is not None:
            planner.subscribe(self.day_changed.emit)
        # How long closing waits for the last commands (turnover state) to reach the devices.
        self.close_settle_s = CLOSE_SETTLE_S
        self.tick_ms = tick_ms  # the shortest time between two ticks
        self.tick_due: float | None = None  # studio time the tick is armed for
        self.focused: RoomFacade | None = None  # the room on screen
        self.rooms = [RoomFacade(room, self) for room in studio.rooms]
        self._tasks: set[asyncio.Future[Any]] = set()
        # Studios being closed after a replacement: quitting waits for them, never cancels them.
        self._retiring: set[asyncio.Future[Any]] = set()
        self._closed = False
        self._ticking = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        # Qt's default timers may fire 5 % early or late: a countdown would skip or repeat a second.
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.refresh)
        # The preset folders: looked at when the system says they changed (local folders), and
        # every few seconds where it cannot (a shared folder sends no notice).
        self.watch: FolderWatch | None = FolderWatch(preset_dirs(studio.config))
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(LIBRARY_POLL_MS)
        self.watch_timer.timeout.connect(self._look_at_library)
        self.notifier: QFileSystemWatcher | None = None  # made by start_watching, for local folders
        self.notice_timer = QTimer(self)
        self.notice_timer.setSingleShot(True)
        self.notice_timer.setInterval(NOTICE_SETTLE_MS)
        self.notice_timer.timeout.connect(self._look_at_library)
        self._looking = False
        self._look_again = False  # a notice came during a look: look once more after it

    @property
    def clock(self) -> Any:
        return self.studio.context.clock

    def start_ticking(self) -> None:
        self._ticking = True
        self.refresh()

    def refresh(self) -> None:
        for room in self.rooms:
            room.refresh()
        self.ticked.emit()
        self._arm()

    def focus(self, room: RoomFacade | None) -> None:
        """``room`` is the one on screen: the ticks keep to its countdown's seconds."""
        self.focused = room
        self._arm()

    def next_tick_at(self) -> float:
        """The studio time of the next moment anything on screen changes.

        One tick a second at most while countdowns run: it keeps to the room on screen (or the
        first room counting down), and the other rooms' buttons move on the same tick, less than
        a second behind their own seconds, instead of waking the panel once more for each room.
        """
        dues = [(room.next_change(), room) for room in self.rooms]
        if not dues:
            return math.inf
        soon = min(due for due, _ in dues)
        pacers = [(due, room) for due, room in dues if due <= soon + 1.0]
        return next((due for due, room in pacers if room is self.focused), pacers[0][0])

    def room_changed(self, room: RoomFacade) -> None:
        """A room changed by itself (a cue, an intent): tick sooner if it now needs to."""
        if self.tick_due is None or room.next_change() < self.tick_due:
            self._arm()

    def _arm(self) -> None:
        if not self._ticking or self._closed:
            return
        clock = self.clock
        now = clock.now()
        due = self.next_tick_at()
        if math.isfinite(due):
            # Studio seconds to real milliseconds through the clock (a demo's clock runs faster).
            real_s = (clock.wall_at(due) - clock.wall_at(now)).total_seconds()
            delay = math.ceil(real_s * 1000) + TICK_LATE_MS
        else:
            delay = MAX_TICK_MS
        delay = max(self.tick_ms, min(MAX_TICK_MS, delay))
        self.tick_due = due
        self.timer.start(delay)

    def run_async(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Future[Any]:
        """Run ``coro`` on the shared loop; its errors are logged, never raised into Qt.

        A device that does not answer (a DeviceError) is an outcome the caller shows, such as
        the Devices page's "not answering": it is logged in one line, not as a fault.
        """
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Future[Any]) -> None:
        self._tasks.discard(task)
        error = None if task.cancelled() else task.exception()
        if isinstance(error, DeviceError):
            log.info("device: %s", error)
        elif error is not None:
            log.error("background task failed", exc_info=error)

    # The preset library.
    @property
    def library(self) -> PresetLibrary:
        return self.studio.library

    def start_watching(self, interval_ms: int | None = None) -> None:
        """Read the library again within a few seconds of any change to its folders.

        Folders on this computer's disks send notices: a look follows each (and one every
        ``LIBRARY_SAFETY_POLL_MS`` besides). Otherwise the folders are looked at every
        ``LIBRARY_POLL_MS`` (or ``interval_ms``, when given).
        """
        watch = self.watch = self.watch or FolderWatch(preset_dirs(self.studio.config))
        self._pace(watch, interval_ms)

    def _pace(self, watch: FolderWatch, interval_ms: int | None = None) -> None:
        """Listen for notices where they come, and look as often as that leaves necessary."""
        listening = watch.all_send_notices() and self._listen(watch_paths_now(watch))
        if interval_ms is None:
            interval_ms = LIBRARY_SAFETY_POLL_MS if listening else LIBRARY_POLL_MS
        self.watch_timer.start(interval_ms)

    def _listen(self, paths: list[str]) -> bool:
        """Ask for notices on ``paths`` (and on those only); False if the system refused any."""
        if self.notifier is None:
            self.notifier = QFileSystemWatcher(self)
            self.notifier.directoryChanged.connect(self._noticed)
            self.notifier.fileChanged.connect(self._noticed)
        notifier = self.notifier
        have = set(notifier.files()) | set(notifier.directories())
        gone = sorted(have - set(paths))
        if gone:
            notifier.removePaths(gone)
        new = [p for p in paths if p not in have]
        refused = notifier.addPaths(new) if new else []
        return not refused

    def _stop_listening(self) -> None:
        """Let go of the change notices now, on this thread: the watcher holds a socket notifier of
        the event loop's, which must never be deleted from another thread (the garbage collector
        may run in any thread, and would take the watcher with this facade)."""
        notifier, self.notifier = self.notifier, None
        if notifier is None:
            return
        with contextlib.suppress(RuntimeError):  # Qt may already have deleted it at exit
            notifier.blockSignals(True)
            paths = notifier.files() + notifier.directories()
            if paths:
                notifier.removePaths(paths)
            notifier.setParent(None)  # ours alone now: deleted here, as the last reference goes
        del notifier

    @property
    def listening(self) -> bool:
        """Whether the library's folders are followed by the system's notices."""
        return self.notifier is not None and bool(self.notifier.directories())

    def _noticed(self, _path: str = "") -> None:
        if not self._closed:
            self.notice_timer.start()  # again: the look comes once the burst is over

    def _look_at_library(self) -> None:
        if self._closed:
            return
        if self._looking:
            self._look_again = True
            return
        self._looking = True
        self.run_async(self.check_library())

    async def check_library(self) -> bool:
        """Look at the folders (off the UI thread); read the library again if anything changed."""
        try:
            watch = self.watch
            if watch is None or watch.folders != preset_dirs(self.studio.config):
                # The first look, or another folder in the settings.
                watch = self.watch = FolderWatch(preset_dirs(self.studio.config))
                changed = True
                if self.watch_timer.isActive():
                    self._pace(watch)
            else:
                changed, paths = await asyncio.to_thread(look_at, watch)
                # The files followed change with the folders; if the system takes no more, every few seconds.
                if self.listening and not self._closed and not self._listen(paths):
                    self.watch_timer.start(LIBRARY_POLL_MS)
            if changed:
                await self.reload_library()
            return changed
        finally:
            self._looking = False
            if self._look_again and not self._closed:
                self._look_again = False
                self.notice_timer.start()

    async def reload_library(self) -> None:
        """Read the presets again; running sessions keep the preset they started with."""
        studio = self.studio
        library = await asyncio.to_thread(library_for, studio.config)
        if self._closed or self.studio is not studio:
            return
        studio.library = library
        if self.watch is not None:
            self.watch.settle()
        self.library_changed.emit()

    def active_rooms(self) -> list[RoomFacade]:
        return [r for r in self.rooms if r.active]

    def idle(self) -> bool:
        """No session runs (or is booked), no start is being checked and no preset tried in any room."""
        return not any(r.active or r.is_checking or r.room.trial is not None for r in self.rooms)

    # A changed rooms config.
    async def replace_studio(self, config: StudioConfig, ready: Callable[[], bool] = lambda: True) -> bool:
        """Use the rooms of ``config`` from now on: a new studio on the same clock and scheduler.

        Only while the studio is idle and ``ready()`` (the panel has no question open): returns
        False, changing nothing, if that is not so once the presets are loaded. Otherwise the new
        rooms replace the old ones at once (``rooms_replaced``), the old studio is closed, and the
        new one starts polling; rooms whose lights were up keep them up.
        """
        old = self.studio
        library = old.library
        if not old.shares_library(config):
            library = await asyncio.to_thread(library_for, config)  # disk reads stay off the UI thread
        if self._closed or self.studio is not old or not (self.idle() and ready()):
            return False
        new = old.successor(config, library)
        if self.planner is not None:
            self.planner.close()
            self.planner.studio = new
            self.planner.open()
        lit = {r.id for r in self.rooms if r.snapshot.state.lights_up}
        for room in self.rooms:
            room.close()
            room.deleteLater()
        self.studio = new
        self.rooms = [RoomFacade(room, self) for room in new.rooms]
        self.rooms_replaced.emit()
        self._arm()
        retiring = asyncio.ensure_future(old.close())
        self._retiring.add(retiring)
        retiring.add_done_callback(self._retiring.discard)
        await asyncio.shield(retiring)
        if self.is_open and self.studio is new:  # it may have closed while the old studio did
            for engine in new.rooms:
                if engine.id in lit:
                    engine.lights_up(True)
            new.start_polling()
        return True

    @property
    def quit_leaves(self) -> QuitPolicy:
        """What closing the panel leaves in the rooms (the studio's setting)."""
        return self.studio.config.quit_leaves

    async def end_sessions(self, settle_s: float | None = None, leaves: QuitPolicy | None = None) -> None:
        """End every running session, leave the rooms as ``leaves`` (by default the studio's quit
        setting) says, and let the commands land."""
        settle_s = self.close_settle_s if settle_s is None else settle_s
        for facade in self.rooms:  # a preset being tried puts the room back first
            if facade.room.trial is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(facade.room.trial.end(), settle_s)
        rooms = [r.room for r in self.rooms]
        for room in rooms:
            room.leave(leaves or self.quit_leaves)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(r.settle() for r in rooms)), settle_s)

    @property
    def is_open(self) -> bool:
        return not self._closed

    def close(self) -> None:
        self._closed = True
        if self.planner is not None:
            self.planner.close()
        self._ticking = False
        with contextlib.suppress(RuntimeError):  # Qt may already have deleted the timer at exit
            self.timer.stop()
            self.watch_timer.stop()
            self.notice_timer.stop()
        self._stop_listening()
        for room in self.rooms:
            room.close()
        for task in list(self._tasks):
            task.cancel()

    async def close_studio(self) -> None:
        """Close the studio in use, once any it replaced has finished closing (on quitting)."""
        for retiring in list(self._retiring):
            with contextlib.suppress(Exception):
                await retiring
        await self.studio.close()

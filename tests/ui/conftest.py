"""Panel tests: a qasync loop shared with pytest-qt, a simulated two-room studio on a manual clock.

The loop is created once, "already running" (pytest-qt spins Qt's event loop, which is the
asyncio loop too); each test makes it the running loop and hands it back afterwards, so tests
that run their own asyncio loops still can. The cue scheduler is paused: tests move the clock
and fire the jobs that fall due themselves, in order, as APScheduler would.
"""

from __future__ import annotations

import asyncio
import wave
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync

from ambience.config.library import PresetLibrary, load_library
from ambience.config.rooms import StudioConfig
from ambience.devices.simulated import Faults
from ambience.engine.clock import ManualClock
from ambience.engine.room import RoomEngine
from ambience.engine.scheduling import CueScheduler
from ambience.engine.studio import Studio, library_for
from ambience.ui.facade import StudioFacade
from ambience.ui.loop import PanelLoop
from ambience.ui.panel.window import MainWindow
from ambience.ui.qt import QApplication, QTimer, QWidget
from tests.factories import room_config

START = 1_800_000_000.0
WAIT_MS = 3000
W = TypeVar("W", bound=QWidget)
TURNS = 50  # turns of the loop a task may take before a test waits for it on Qt's clock
OWNER_PIN = "2468"

RELAX = """\
schema = 1
name = "Relax"
description = "A short test session."
color = "#c9925f"
minutes = 30

[lighting]
level = 20
kelvin = 2700
fade_seconds = 0
turnover_level = 70

[music]
playlist = ["music"]
volume = 30
fade_in_seconds = 0
fade_out_seconds = 0

[climate]
target_c = 24.0
preheat_minutes = 0

[diffuser]
enabled = true
on_minutes = 10
off_minutes = 10

[[phases]]
name = "Welcome"
minutes = 5
lighting = { level = 40 }

[[phases]]
name = "Treatment"
minutes = 20

[[phases]]
name = "Wake-up"
minutes = 5
lighting = { level = 60 }
diffuser = { enabled = false }
"""

EXPRESS = """\
schema = 1
name = "Express"
color = "#5f8fc9"
minutes = 20

[lighting]
level = 30
kelvin = 3000
fade_seconds = 0

[music]
playlist = ["music"]
volume = 25
fade_in_seconds = 0
fade_out_seconds = 0

[climate]
target_c = 23.0
"""


def write_library(folder: Path, extra: dict[str, str] | None = None) -> PresetLibrary:
    (folder / "music").mkdir(parents=True)
    with wave.open(str(folder / "music" / "soft-rain.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 8000)
    (folder / "relax.toml").write_text(RELAX, encoding="utf-8")
    (folder / "express.toml").write_text(EXPRESS, encoding="utf-8")
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    library = load_library(folder)
    assert not library.errors, library.errors
    return library


@pytest.fixture(scope="session")
def qt_loop(qapp: QApplication) -> qasync.QEventLoop:
    """The shared loop, with a default executor (``asyncio.to_thread``, address look-ups) that is
    shut down, its threads joined, when the session ends.

    The loop itself is never stopped or closed: it is "running" for the whole session, and
    stopping it would quit the QApplication under every later test.
    """
    loop = PanelLoop(qapp, already_running=True)
    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="test-loop")
    loop.set_default_executor(executor)
    yield loop
    loop.set_default_executor(None)
    executor.shutdown(wait=True)


@pytest.fixture
def loop(qt_loop, qapp):
    """The shared loop as this test's running asyncio loop; pending tasks are cancelled after."""
    asyncio.set_event_loop(qt_loop)
    asyncio.events._set_running_loop(qt_loop)
    yield qt_loop
    tasks = [t for t in asyncio.all_tasks(qt_loop) if not t.done()]
    for task in tasks:
        task.cancel()
    for _ in range(100):
        if all(t.done() for t in tasks):
            break
        qapp.processEvents()
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


@dataclass
class Panel:
    """The panel under test, with the studio behind it and ways to move time."""

    qtbot: Any
    clock: ManualClock
    scheduler: CueScheduler
    facade: StudioFacade
    window: MainWindow

    @property
    def studio(self) -> Studio:
        """The studio in use (a saved rooms config replaces it)."""
        return self.facade.studio

    def room(self, room_id: str) -> RoomEngine:
        return next(r for r in self.studio.rooms if r.id == room_id)

    def faults(self, room_id: str, device_id: str) -> Faults:
        return self.studio.context.faults[f"{room_id}/{device_id}"]

    def device(self, room_id: str, device_id: str) -> Any:
        return next(d for d in self.room(room_id).devices if d.id == device_id)

    def run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        """Run a coroutine on the shared loop and wait (on Qt's loop) until it is done."""
        task = asyncio.ensure_future(coro)
        # Most need only the loop to turn a few times: turn it here, rather than look every 10 ms
        # (waitUntil's pace); only a task that waits on something real (a thread) is waited for.
        for _ in range(TURNS):
            if task.done():
                return task.result()
            QApplication.processEvents()
        self.qtbot.waitUntil(task.done, timeout=WAIT_MS)
        return task.result()

    def settle(self) -> None:
        """Let every command in flight land."""
        for room in self.studio.rooms:
            self.run(room.settle())

    def advance(self, seconds: float) -> None:
        """Move studio time on, firing every scheduled job that falls due, in order."""
        end = self.clock.now() + seconds
        self.settle()
        while True:
            due = [
                job
                for job in self.scheduler.scheduler.get_jobs()
                if job.next_run_time.timestamp() <= end + 1e-6
            ]
            if not due:
                break
            job = min(due, key=lambda j: j.next_run_time)
            self.clock.set(max(self.clock.now(), job.next_run_time.timestamp()))
            func, args = job.func, job.args
            self.scheduler.cancel(job.id)
            self.run(func(*args))
            self.settle()
        self.clock.set(end)
        self.facade.refresh()

    def open_owner_mode(self, pin: str = OWNER_PIN) -> None:
        """Owner mode, as if the PIN was entered (chosen first if the studio has none yet)."""
        assert self.window.owner.enter(pin)

    def open_owner_screen(self, open_it: Callable[[], object], page: type[W]) -> W:
        """In owner mode, the screen ``open_it`` opens from the window: its ``page``."""
        self.open_owner_mode()
        open_it()
        assert self.window.dialog is not None
        found = self.window.dialog.findChild(page)
        assert found is not None
        return found

    def close(self) -> None:
        self.window.end_and_quit()
        with self.qtbot.waitSignal(self.window.closed, timeout=WAIT_MS):
            pass


def when_shown(qapp: QApplication, kind: type[W], then: Callable[[W], object]) -> None:
    """Call ``then`` with the first visible top-level window of ``kind`` (the panel's, or the one a
    broken config opens) as soon as the app under test shows it."""

    def look() -> None:
        found = [w for w in qapp.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if not found:
            QTimer.singleShot(0, look)
            return
        then(found[0])

    QTimer.singleShot(0, look)


def build_panel(
    qtbot,
    folder: Path,
    config: StudioConfig | None = None,
    extra: dict[str, str] | None = None,
    *,
    demo: bool = True,
    keep_demo: bool | None = None,
    config_path: Path | None = None,
    studio_library: bool = False,
):
    """The panel on ``config`` (two simulated rooms by default) with the test presets (and ``extra``).

    With ``studio_library`` the presets are the studio's own library: the bundled presets and
    ``folder`` as the owner's presets folder (``presets_dir``), as the app reads it.
    """
    clock = ManualClock(START)
    scheduler = CueScheduler.create(clock)
    scheduler.start(paused=True)
    config = config or StudioConfig(
        rooms=(room_config("lavender", "Lavender room"), room_config("cedar", "Cedar room"))
    )
    library = write_library(folder, extra or {})
    if studio_library:
        config = config.model_copy(update={"presets_dir": str(folder)})
        library = library_for(config)
    studio = Studio.build(config, clock, scheduler, library=library)
    facade = StudioFacade(studio)
    window = MainWindow(facade, demo=demo, keep_demo=keep_demo, config_path=config_path)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    return Panel(qtbot, clock, scheduler, facade, window)


def tear_down(p: Panel) -> None:
    if p.window.isVisible():
        p.close()
    p.window.deleteLater()
    p.facade.close()
    p.run(p.facade.close_studio())
    p.scheduler.shutdown()


def build_day_panel(qtbot, folder: Path, config: StudioConfig | None = None, *, size=(1024, 600)) -> Panel:
    """The panel with the studio's day: a journal, a day book and a planner in ``folder``; calendar
    addresses in memory (never the keyring)."""
    from ambience.agenda.planner import Planner
    from ambience.agenda.sync import MemoryAddresses
    from ambience.journal.daybook import DayBook
    from ambience.journal.journal import SessionJournal

    clock = ManualClock(START)
    scheduler = CueScheduler.create(clock)
    scheduler.start(paused=True)
    config = config or StudioConfig(
        rooms=(room_config("lavender", "Lavender room"), room_config("cedar", "Cedar room"))
    )
    journal = SessionJournal(folder / "sessions.sqlite3")
    studio = Studio.build(
        config, clock, scheduler, library=write_library(folder / "presets"), recorder=journal
    )
    book = DayBook(folder / "day.sqlite3")
    planner = Planner(studio, book, addresses=MemoryAddresses())
    planner.open()
    facade = StudioFacade(studio, planner=planner)
    window = MainWindow(facade, demo=True, history_path=journal.path)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    p = Panel(qtbot, clock, scheduler, facade, window)
    p.planner, p.book, p.journal = planner, book, journal
    return p


def tear_down_day(p: Panel) -> None:
    tear_down(p)
    p.book.close()
    p.journal.close()


@pytest.fixture
def day_panel(loop, qtbot, tmp_path) -> Panel:
    p = build_day_panel(qtbot, tmp_path)
    yield p
    tear_down_day(p)


@pytest.fixture
def panel(loop, qtbot, tmp_path) -> Panel:
    p = build_panel(qtbot, tmp_path / "presets")
    yield p
    tear_down(p)

"""Starts the control panel: Qt and asyncio on one loop (qasync), the studio, the window."""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
from pathlib import Path
from typing import Any

from ambience.agenda.demo import seed_demo_day
from ambience.agenda.planner import Planner
from ambience.agenda.sync import MemoryAddresses
from ambience.config.rooms import StudioConfig
from ambience.config.validation import FileError
from ambience.engine.clock import Clock, make_clock
from ambience.engine.factory import DeviceContext, KasaOptions
from ambience.engine.scheduling import CueScheduler
from ambience.engine.studio import Studio
from ambience.journal.daybook import FILE_NAME as DAY_FILE
from ambience.journal.daybook import DayBook, default_daybook_path
from ambience.journal.journal import SessionJournal
from ambience.journal.restore import restore_sessions
from ambience.ui import theme
from ambience.ui.facade import StudioFacade
from ambience.ui.loop import PanelLoop
from ambience.ui.panel.broken_config import QUIT, BrokenConfigWindow
from ambience.ui.panel.window import MainWindow
from ambience.ui.qt import QApplication, QTimer, QWidget
from ambience.ui.shell import place

BROKEN_CONFIG_EXIT = 2
# Once the panel has been up this long (the other rooms' pages built), start-up's garbage is
# collected and what is left is kept out of later collections.
SETTLE_AFTER_MS = 1500


def run_panel(
    config: StudioConfig,
    *,
    speed: float = 1.0,
    demo: bool = False,
    keep_demo: bool | None = None,
    config_path: Path | None = None,
    journal_path: Path | None = None,
    demo_folder: Path | None = None,
    welcome: bool = False,
    broken: FileError | None = None,
) -> int:
    """Open the panel on ``config`` and run until it is closed; returns the process exit code.

    ``welcome`` greets a first start (the demo studio standing in for rooms not set up yet).
    With ``broken`` (a rooms config that could not be read) a window says why first, and offers
    the demo studio (``config``) or quitting (exit code 2); the file itself is never touched.

    Sessions are kept in the journal (``journal_path``, by default in the user's data folder) and
    taken up again when the panel starts after being killed. Demos keep none: their rooms are not
    the studio's, and a faster clock's times mean nothing to the next start.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ambience")
    app.setApplicationDisplayName("Ambience")
    # The window decides when the app ends: only after the sessions are ended and devices released.
    app.setQuitOnLastWindowClosed(False)
    theme.apply(app)
    loop = PanelLoop(app)
    asyncio.set_event_loop(loop)
    journal = (
        SessionJournal(journal_path, keep_days=config.history_days) if speed == 1.0 and not demo else None
    )
    if demo and demo_folder is not None:
        # A demo's own journal, in its throw-away folder: its history is the demo's day only.
        journal = SessionJournal(demo_folder / "sessions.sqlite3", keep_days=config.history_days)
    try:
        with loop:
            if broken is not None and loop.run_until_complete(explain_broken_config(broken)) == QUIT:
                return BROKEN_CONFIG_EXIT
            code: int = loop.run_until_complete(
                _panel(
                    config,
                    make_clock(speed),
                    speed=speed,
                    demo=demo,
                    keep_demo=demo if keep_demo is None else keep_demo,
                    config_path=config_path,
                    journal=journal,
                    demo_folder=demo_folder,
                    welcome=welcome,
                )
            )
            return code
    finally:
        asyncio.set_event_loop(None)
        if journal is not None:
            journal.close()  # after the sessions were ended: their ends are written too


async def explain_broken_config(error: FileError) -> str:
    """Show why the rooms config cannot be used and wait for the choice: ``"demo"`` or ``"quit"``."""
    window = BrokenConfigWindow(error)
    chosen: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def choose(choice: str) -> None:
        if not chosen.done():
            chosen.set_result(choice)

    window.chosen.connect(choose)
    _place(window)
    try:
        return await chosen
    finally:
        window.hide()
        window.deleteLater()


async def _panel(
    config: StudioConfig,
    clock: Clock,
    *,
    speed: float,
    demo: bool,
    keep_demo: bool,
    config_path: Path | None,
    journal: SessionJournal | None = None,
    demo_folder: Path | None = None,
    welcome: bool = False,
) -> int:
    scheduler = CueScheduler.create(clock)
    scheduler.start()
    studio = Studio.build(
        config, clock, scheduler, context=device_context(clock, config_path, demo), recorder=journal
    )
    book = _day_book(journal, demo, demo_folder)
    if journal is not None:
        # Before the window exists, so each room's page opens on what the room is doing, and for whom.
        restore_sessions(studio.rooms, journal, clock.now(), scope=studio.music_scope(), book=book)
    # A demo's calendar addresses stay in memory: nothing of a demo reaches the system keyring.
    planner = Planner(studio, book, addresses=MemoryAddresses() if demo else None)
    if demo:
        seed_demo_day(planner, journal)
    planner.open()  # after the restore: a room preheating for a booking carries on
    facade = StudioFacade(studio, planner=planner)
    try:
        for error in studio.library.errors:
            print(f"ambience: skipped invalid preset {error}", file=sys.stderr)
        window = MainWindow(
            facade,
            demo=demo,
            keep_demo=keep_demo,
            speed=speed,
            errors=studio.library.errors,
            config_path=config_path,
            demo_folder=demo_folder,
            history_path=journal.path if journal is not None else None,
            welcome=welcome,
        )
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        previous = _on_interrupt(window)
        settle = QTimer(window)  # stopped when the panel closes: it belongs to this panel's start
        settle.setSingleShot(True)
        settle.timeout.connect(settle_start_up)
        try:
            _place(window)
            window.tell_files([p for p in (journal.problem if journal else None, book.problem) if p])
            settle.start(SETTLE_AFTER_MS)
            facade.start_ticking()
            facade.start_watching()  # the presets folders: a saved or changed file shows in seconds
            studio.start_polling()
            await closed.wait()
        finally:
            settle.stop()
            loop = asyncio.get_running_loop()
            for sig, handler in previous.items():
                loop.remove_signal_handler(sig)
                signal.signal(sig, handler)
        return 0
    finally:
        facade.close()
        await facade.close_studio()  # the studio in use: a saved rooms config may have replaced this one
        await scheduler.aclose()  # a device poll still waiting stops quietly
        book.close()


def settle_start_up() -> None:
    """Start-up is over: collect its garbage once, keep the objects it made for good out of later
    collections (each would go through them all again), and let the collector run from now on
    (``ambience`` holds it back while the panel loads)."""
    gc.collect()
    gc.freeze()
    gc.enable()


def device_context(clock: Clock, config_path: Path | None, demo: bool) -> DeviceContext:
    """What the studio's devices share; a real studio keeps in its rooms config what it learns
    of its Kasa/Tapo devices (how each talks, a hub's devices' ids), a demo nothing."""
    return DeviceContext(clock=clock, kasa=KasaOptions(rooms_path=None if demo else config_path))


def _day_book(journal: SessionJournal | None, demo: bool, demo_folder: Path | None) -> DayBook:
    """Beside the journal; a demo's in its throw-away folder, or in memory for the demo that stands
    in for a studio not set up yet (nothing of it is left on disk when the app closes)."""
    if demo:
        return DayBook(demo_folder / DAY_FILE) if demo_folder is not None else DayBook(memory=True)
    return DayBook(journal.path.with_name(DAY_FILE) if journal is not None else default_daybook_path())


def _on_interrupt(window: MainWindow) -> dict[int, Any]:
    """Ctrl-C or a TERM signal ends the sessions properly (turnover state), then quits.

    The loop's own signal handling wakes Qt's event loop at once (through a file descriptor the
    signal writes to), so the signal is handled straight away even while the panel sleeps for a
    minute between ticks. Returns the handlers it replaced.
    """
    loop = asyncio.get_running_loop()
    previous: dict[int, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.getsignal(sig)
        loop.add_signal_handler(sig, window.end_and_quit)
    return previous


def _place(window: QWidget) -> None:
    """On screen where the panel goes; the window shown while the app loaded steps aside."""
    place(window)

"""The panel after a crash: a room's unfinished session is on screen again; a bad journal never stops it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from ambience.config.library import plan_for
from ambience.config.roles import Role
from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import DayBook
from ambience.journal.journal import SessionJournal
from ambience.session.timeline import EventKind, Session
from ambience.ui.app import run_panel
from ambience.ui.panel.window import MainWindow
from tests.factories import make_preset, room_config
from tests.ui.conftest import when_shown

MIN = 60.0


def studio() -> StudioConfig:
    roles = (Role.LIGHT, Role.MUSIC)
    return StudioConfig(rooms=(room_config("lavender", roles=roles), room_config("cedar", roles=roles)))


def open_and_close(qapp, look: Callable[[MainWindow], object], **kwargs) -> int:
    """Run the panel as ``ambience`` does; ``look`` sees the window once it is shown, then it quits."""

    shown: list[MainWindow] = []

    def look_and_quit(window: MainWindow) -> None:
        shown.append(window)
        try:
            look(window)
        finally:
            window.end_and_quit()

    when_shown(qapp, MainWindow, look_and_quit)
    try:
        return run_panel(studio(), **kwargs)
    finally:
        for window in shown:
            window.deleteLater()


def test_the_panel_opens_on_the_session_a_room_was_running_when_the_app_was_killed(qapp, tmp_path):
    path = tmp_path / "sessions.sqlite3"
    now = time.time()
    # Started 20 minutes ago, paused after 10: 50 of its 60 minutes are left, in the Treatment.
    session = Session(plan_for(make_preset(), tmp_path))
    session.add(EventKind.START, now - 20 * MIN)
    session.add(EventKind.PAUSE, now - 10 * MIN)
    with SessionJournal(path) as journal:
        journal.record_start("lavender", session)
    seen: dict[str, str] = {}

    def look(window: MainWindow) -> None:
        page = window.page_for("lavender")
        seen["lavender"] = "running" if page.views.currentWidget() is page.running else "tiles"
        cedar = window.page_for("cedar")
        seen["cedar"] = "running" if cedar.views.currentWidget() is cedar.running else "tiles"
        seen["preset"] = page.running.preset.text()
        seen["status"] = page.running.status.text()
        seen["countdown"] = page.running.countdown.text()
        seen["phase"] = page.running.phase.text()

    assert open_and_close(qapp, look, speed=1.0, journal_path=path) == 0
    assert seen == {
        "lavender": "running",
        "cedar": "tiles",
        "preset": "Test massage",
        "status": "❚❚ PAUSED",
        "countdown": "50:00",
        "phase": "Treatment",
    }
    # Quitting ended the session properly, and the journal says so.
    with SessionJournal(path) as journal:
        assert journal.unfinished() == []
        (done,) = journal.history()
    assert done.id == session.id and done.ended_at >= now


def test_a_corrupt_journal_is_moved_aside_and_the_panel_opens(qapp, tmp_path, caplog):
    path = tmp_path / "sessions.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)
    shown: list[int] = []
    with caplog.at_level(logging.WARNING, logger="ambience.journal.journal"):
        code = open_and_close(qapp, lambda w: shown.append(len(w.room_pages)), speed=1.0, journal_path=path)
    assert code == 0 and shown == [2]
    assert "could not be read (file is not a database)" in caplog.text
    assert len(list(tmp_path.glob("sessions.sqlite3.broken-*"))) == 1
    with SessionJournal(path) as journal:  # the new one works
        assert journal.persistent and journal.unfinished() == []


def test_demos_keep_no_journal(qapp, tmp_path):
    path = tmp_path / "sessions.sqlite3"
    assert open_and_close(qapp, lambda w: None, speed=60, demo=True, journal_path=path) == 0
    assert not path.exists()


def test_a_session_for_a_client_comes_back_for_them_after_a_kill(qapp, tmp_path):
    path = tmp_path / "sessions.sqlite3"
    now = time.time()
    session = Session(plan_for(make_preset(), tmp_path), client="Anna")
    session.add(EventKind.START, now - 20 * MIN)
    session.add(EventKind.NO_SCENT, now - 20 * MIN)
    with DayBook(tmp_path / "day.sqlite3") as book:
        book.note_session(session.id, "lavender", None, "Anna", now - 20 * MIN)
    with SessionJournal(path) as journal:
        journal.record_start("lavender", session)
    seen: dict[str, object] = {}

    def look(window: MainWindow) -> None:
        page = window.page_for("lavender")
        seen["client"] = page.room.snapshot.client
        seen["line"] = page.running.client.text()

    assert open_and_close(qapp, look, speed=1.0, journal_path=path) == 0
    assert seen == {"client": "Anna", "line": "No scent for Anna"}

"""The session journal: what it keeps, on which thread it writes, and files it cannot read."""

from __future__ import annotations

import logging
import sqlite3
import threading

import platformdirs

from ambience.config.library import plan_for, preset_to_toml
from ambience.config.paths import default_journal_path
from ambience.journal import journal as journal_module
from ambience.journal import store as journal_store
from ambience.journal.journal import WRITER_NAME, SessionJournal
from ambience.session.plan import SessionPlan
from ambience.session.timeline import EventKind, Session, SessionEvent
from tests.factories import make_plan, make_preset

T0 = 1_800_000_000.0


def started(plan: SessionPlan | None = None, at: float = T0) -> Session:
    session = Session(plan or make_plan())
    session.add(EventKind.START, at)
    return session


def test_the_journal_lives_in_the_users_data_folder():
    assert default_journal_path() == platformdirs.user_data_path("ambience") / "sessions.sqlite3"
    with SessionJournal() as journal:
        assert journal.persistent
    assert default_journal_path().is_file()


def test_a_started_session_is_kept_with_its_preset_text_and_every_event(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    session = started(plan_for(make_preset(), tmp_path / "library", volume_cap=60))
    with SessionJournal(path) as journal:
        journal.record_start("lavender", session)
        for event in (
            session.add(EventKind.PAUSE, T0 + 60),
            session.add(EventKind.EXTEND, T0 + 90, minutes=5),
            session.add(EventKind.LIGHTS_UP, T0 + 95, on=False),
            session.add(EventKind.VOLUME, T0 + 99, amount=-5),
        ):
            journal.record_event(session, event)

    with SessionJournal(path) as journal:
        (stored,) = journal.unfinished()
    assert stored.id == session.id
    assert (stored.room_id, stored.preset_name) == ("lavender", "Test massage")
    assert stored.library_dir == tmp_path / "library"
    assert (stored.volume_cap, stored.started_at, stored.ended_at) == (60, T0, None)
    assert 'name = "Test massage"' in stored.preset_toml
    assert stored.events == tuple(session.events)
    assert stored.events[3] == SessionEvent(EventKind.LIGHTS_UP, T0 + 95, on=False)


def test_an_ended_session_moves_to_the_history(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    first, second = started(at=T0), started(at=T0 + 3600)
    with SessionJournal(path) as journal:
        journal.record_start("lavender", first)
        journal.record_start("cedar", second)
        journal.record_end(first, T0 + 3000)
    with SessionJournal(path) as journal:
        assert [s.id for s in journal.unfinished()] == [second.id]
        (done,) = journal.history()
    assert (done.id, done.room_id, done.ended_at) == (first.id, "lavender", T0 + 3000)


def test_the_history_keeps_the_days_the_studio_chose(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    day = 86_400
    with SessionJournal(path, now=T0) as journal:
        for n in range(5):
            session = started(at=T0 + n * day)
            journal.record_start("lavender", session)
            journal.record_end(session, T0 + n * day + 60)
    with SessionJournal(path, keep_days=3, now=T0 + 5 * day) as journal:
        journal.flush()
        assert [s.ended_at for s in journal.history()] == [T0 + n * day + 60 for n in (4, 3, 2)]
    with sqlite3.connect(path) as conn:  # the dropped sessions' events went with them
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (3,)
    conn.close()


def test_a_plan_with_no_preset_is_not_kept(tmp_path):
    plan = make_plan()
    bare = SessionPlan(plan.preset_name, plan.phases, 70, 0, 0, False, True, 0)
    session = started(bare)
    with SessionJournal(tmp_path / "sessions.sqlite3") as journal:
        journal.record_start("lavender", session)
        journal.record_event(session, session.add(EventKind.PAUSE, T0 + 5))
        journal.flush()
        assert journal.unfinished() == []


def test_a_therapists_action_is_on_disk_when_recording_it_returns(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    session = started()
    with SessionJournal(path) as journal:
        journal.record_start("lavender", session)
        journal.record_event(session, session.add(EventKind.PAUSE, T0 + 60))
        # Another connection (as after a crash) sees both, without any flush.
        other = sqlite3.connect(path)
        try:
            kinds = [row[0] for row in other.execute("SELECT kind FROM events ORDER BY rowid")]
        finally:
            other.close()
    assert kinds == ["start", "pause"]


def test_writes_happen_on_the_journals_own_thread_and_a_hung_disk_delays_the_write_not_the_panel(
    tmp_path, monkeypatch, caplog
):
    gate = threading.Event()
    threads: list[str] = []
    insert = journal_store.insert_event

    def slow_insert(conn, session_id, event, *recorded):
        threads.append(threading.current_thread().name)
        gate.wait()  # the disk hangs
        insert(conn, session_id, event, *recorded)

    monkeypatch.setattr(journal_store, "insert_event", slow_insert)
    monkeypatch.setattr(journal_module, "DURABLE_WAIT_S", 0.0)  # how long an action may wait
    session = started()
    with SessionJournal(tmp_path / "sessions.sqlite3") as journal:
        with caplog.at_level(logging.WARNING, logger="ambience.journal.journal"):
            journal.record_start("lavender", session)  # its START event blocks the writer
            for minute in range(1, 4):
                journal.record_event(session, session.add(EventKind.EXTEND, T0 + minute * 60, minutes=1))
            journal.record_end(session, T0 + 600)
        assert not gate.is_set()  # every call above returned while the writer was held up
        assert caplog.text.count("the disk took more than") == 1
        assert journal.flush(timeout=0) is False
        gate.set()
        assert journal.flush()
        assert journal.unfinished() == []
        (done,) = journal.history()
    assert done.ended_at == T0 + 600
    assert set(threads) == {WRITER_NAME} and len(threads) == 4
    assert threading.current_thread().name != WRITER_NAME


def test_closing_writes_everything_queued_in_order(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    session = started()
    journal = SessionJournal(path)
    journal.record_start("lavender", session)
    for n in range(300):
        journal.record_event(session, session.add(EventKind.VOLUME, T0 + n, amount=n))
    journal.close()
    journal.close()  # twice is harmless
    journal.record_event(session, session.add(EventKind.STOP, T0 + 999))  # after closing: dropped
    with SessionJournal(path) as again:
        (stored,) = again.unfinished()
    assert [e.amount for e in stored.events[1:]] == list(range(300))


def test_a_corrupt_journal_is_moved_aside_with_one_warning_and_a_fresh_one_started(tmp_path, caplog):
    path = tmp_path / "sessions.sqlite3"
    path.write_bytes(b"this is not a database, it was half written when the power went" * 100)
    with caplog.at_level(logging.WARNING, logger="ambience.journal.journal"):
        journal = SessionJournal(path)
    with journal:
        assert journal.persistent
        assert journal.unfinished() == []
        session = started()
        journal.record_start("lavender", session)
    (warning,) = caplog.records
    (aside,) = tmp_path.glob("sessions.sqlite3.broken-*[0-9]")
    assert str(path) in warning.getMessage()
    assert "file is not a database" in warning.getMessage()
    assert aside.name in warning.getMessage()
    assert aside.read_bytes().startswith(b"this is not a database")
    assert journal.problem is not None  # for the owner, in words: the file, why, where it was kept
    assert str(path) in journal.problem and "file is not a database" in journal.problem
    assert f"kept as {aside.name}" in journal.problem
    with SessionJournal(path) as journal:
        assert [s.id for s in journal.unfinished()] == [session.id]
        assert journal.problem is None


def test_a_damaged_page_is_found_at_opening(tmp_path, caplog):
    path = tmp_path / "sessions.sqlite3"
    with SessionJournal(path) as journal:
        for n in range(50):
            session = started(at=T0 + n)
            journal.record_start("lavender", session)
    data = bytearray(path.read_bytes())
    data[4096 : 4096 + 100] = b"\xff" * 100  # a page torn by a failing disk
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="ambience.journal.journal"), SessionJournal(path) as journal:
        assert journal.persistent
        assert journal.unfinished() == []
    assert "moved it to sessions.sqlite3.broken-" in caplog.text
    assert len(list(tmp_path.glob("sessions.sqlite3.broken-*"))) == 1


def test_a_journal_from_a_newer_version_is_left_alone(tmp_path, caplog):
    path = tmp_path / "sessions.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {journal_store.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="ambience.journal.journal"), SessionJournal(path) as journal:
        assert not journal.persistent
        session = started()
        journal.record_start("lavender", session)  # still works, for as long as the app runs
        journal.flush()
        assert [s.id for s in journal.unfinished()] == [session.id]
    assert "newer version of ambience" in caplog.text
    assert journal.problem is not None and "newer version of ambience" in journal.problem
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.broken-*"))


def test_a_journal_that_cannot_be_created_leaves_the_app_running(tmp_path, caplog):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    with caplog.at_level(logging.WARNING, logger="ambience.journal.journal"):
        journal = SessionJournal(blocker / "sessions.sqlite3")
    with journal:
        assert not journal.persistent
        journal.record_start("lavender", started())
    assert "could not be created" in caplog.text


def test_a_write_that_fails_is_reported_once_and_the_others_still_land(tmp_path, caplog):
    path = tmp_path / "sessions.sqlite3"
    session, ghost = started(), started()
    with caplog.at_level(logging.WARNING, logger="ambience.journal.journal"), SessionJournal(path) as journal:
        journal.record_start("lavender", session)
        journal.record_start("cedar", ghost)
        journal.flush()
        conn = sqlite3.connect(path)
        with conn:  # someone removes a session behind the app's back
            conn.execute("DELETE FROM sessions WHERE id = ?", (ghost.id,))
        conn.close()
        for n in range(3):
            journal.record_event(ghost, ghost.add(EventKind.PAUSE, T0 + n))
        journal.record_event(session, session.add(EventKind.PAUSE, T0 + 5))
        journal.flush()
        (stored,) = journal.unfinished()
    assert [e.kind for e in stored.events] == [EventKind.START, EventKind.PAUSE]
    assert caplog.text.count("could not write") == 1
    assert "FOREIGN KEY constraint failed" in caplog.text


def test_an_event_this_version_does_not_know_is_left_out(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    session = started()
    with SessionJournal(path) as journal:
        journal.record_start("lavender", session)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO events (session_id, kind, at) VALUES (?, ?, ?)", (session.id, "teleport", T0 + 1)
        )
    conn.close()
    with SessionJournal(path) as journal:
        (stored,) = journal.unfinished()
    assert [e.kind for e in stored.events] == [EventKind.START]


def test_a_journal_from_before_write_times_were_kept_is_brought_up_to_date_and_still_restores(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    journal_store.MIGRATIONS[0](old)
    old.execute("PRAGMA user_version = 1")
    old.execute(
        "INSERT INTO sessions VALUES ('s1', 'lavender', 'Test massage', ?, NULL, 80, ?, NULL)",
        (preset_to_toml(make_preset()), T0),
    )
    old.execute("INSERT INTO events (session_id, kind, at) VALUES ('s1', 'start', ?)", (T0,))
    old.close()
    with SessionJournal(path) as journal:
        (stored,) = journal.unfinished()
    assert stored.last_seen is None and [e.kind for e in stored.events] == ["start"]
    again = sqlite3.connect(path)
    assert again.execute("PRAGMA user_version").fetchone()[0] == journal_store.SCHEMA_VERSION
    again.close()

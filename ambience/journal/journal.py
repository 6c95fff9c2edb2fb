"""The session journal: each room's running session and a short history, kept in SQLite.

Written on one background thread fed by a queue, in order, in short WAL transactions. What the
therapist does (a start, pause, +5 min, next phase, stop: every session event) is on disk before
the call returns, so the panel never shows as done an action that a crash could lose; the rest
(a session's end noted by the timeline, history upkeep) is written without waiting. Read once,
synchronously, at start-up. A journal file that cannot be read never stops the app: it is moved
aside and a fresh one is started.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ambience.config.library import preset_to_toml
from ambience.config.paths import default_journal_path
from ambience.journal import store
from ambience.journal.store import StoredSession
from ambience.session.timeline import EventKind, Session, SessionEvent

# What the owner is told when the journal cannot be kept on disk for this run.
WITHOUT_JOURNAL = (
    "Sessions run as usual, but one running when the panel closes is not taken up again, and the"
    " history misses it."
)
log = logging.getLogger(__name__)

FILE_NAME = "sessions.sqlite3"
# How long finished sessions stay in the history (the studio's setting); older ones are dropped
# when the journal is opened.
HISTORY_DAYS = 365
# At most this many queued writes share one transaction (keeps each transaction short).
MAX_BATCH = 200
WRITER_NAME = "ambience-journal"
# A therapist's action waits at most this long for the disk; a disk that hangs longer delays the
# write, never the panel (the write stays queued and lands when the disk answers).
DURABLE_WAIT_S = 2.0

Write = Callable[[sqlite3.Connection], None]


__all__ = ["SessionJournal", "StoredSession"]


class SessionJournal:
    """Keeps every room's sessions; a SessionRecorder for the room engines.

    ``record_start`` and ``record_event`` return once the write is on disk (at most
    ``DURABLE_WAIT_S``); ``record_end`` and ``mark_ended`` only queue theirs. ``flush`` waits until
    what was queued is on disk and ``close`` flushes and stops the writer.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        keep_days: float = HISTORY_DAYS,
        now: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path) if path is not None else default_journal_path()
        # The studio's clock: when each event is written (it is the system clock in the panel).
        self._clock = clock
        self.persistent = True
        # What went wrong opening the file, in words for the owner (the panel shows it once).
        self.problem: str | None = None
        self._conn = self._open()
        # One connection: the writer thread and the (rare) reads take turns.
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[Write | threading.Event | None] = queue.SimpleQueue()
        # Sessions this journal writes events for: those it recorded and those it handed back.
        self._known: set[str] = set()
        self._closed = False
        self._failures: set[str] = set()
        self._thread = threading.Thread(target=self._write_loop, name=WRITER_NAME, daemon=True)
        self._thread.start()
        before = (time.time() if now is None else now) - keep_days * 86_400.0
        self._put(lambda conn: store.prune(conn, before))

    # Opening.
    def _open(self) -> sqlite3.Connection:
        try:
            return store.connect(self.path)
        except store.JournalTooNew as exc:
            log.warning(
                "session journal %s was %s; it is left as it is, and sessions will not survive a restart",
                self.path,
                exc,
            )
            self.problem = (
                f"The session journal {self.path} was {exc}. It is left as it is; until then, a"
                " session running when the panel closes is not taken up again."
            )
        except (store.JournalUnusable, sqlite3.Error, OSError) as exc:
            conn = self._start_afresh(exc)
            if conn is not None:
                return conn
        # The app runs on without a lasting journal rather than not at all.
        self.persistent = False
        if self.problem is None:
            self.problem = f"The session journal {self.path} cannot be used. {WITHOUT_JOURNAL}"
        return store.in_memory()

    def _start_afresh(self, exc: BaseException) -> sqlite3.Connection | None:
        """Move an unreadable journal aside and open a new one; None if that is not possible."""
        if not self.path.exists():
            log.warning(
                "session journal %s could not be created (%s); sessions will not survive a restart",
                self.path,
                store.reason(exc),
            )
            self.problem = (
                f"The session journal {self.path} could not be made ({store.reason(exc)}). {WITHOUT_JOURNAL}"
            )
            return None
        aside = store.move_aside(self.path)
        if aside is None:
            log.warning(
                "session journal %s could not be read (%s) nor moved aside; sessions will not survive"
                " a restart",
                self.path,
                store.reason(exc),
            )
            self.problem = (
                f"The session journal {self.path} could not be read ({store.reason(exc)}) nor set aside."
                f" {WITHOUT_JOURNAL}"
            )
            return None
        log.warning(
            "session journal %s could not be read (%s); moved it to %s and started a new one",
            self.path,
            store.reason(exc),
            aside.name,
        )
        self.problem = (
            f"The session journal {self.path} could not be read ({store.reason(exc)}). It was kept"
            f" as {aside.name} beside it, and a new one started: the sessions kept until now"
            " are in the old file."
        )
        try:
            return store.connect(self.path)
        except (store.JournalUnusable, sqlite3.Error, OSError) as again:
            log.warning(
                "session journal %s: no new one could be created (%s); sessions will not survive a restart",
                self.path,
                store.reason(again),
            )
            self.problem = (
                f"The session journal {self.path} could not be read ({store.reason(exc)}); it was kept as"
                f" {aside.name}, but no new one could be made ({store.reason(again)}). {WITHOUT_JOURNAL}"
            )
            return None

    # Recording (SessionRecorder).
    def record_start(self, room_id: str, session: Session) -> None:
        plan = session.plan
        if plan.preset is None:
            log.debug("session %s has no preset to keep; it will not survive a restart", session.id)
            return
        self._known.add(session.id)
        preset, root, events = plan.preset, plan.root, tuple(session.events)
        recorded = self._clock()
        starts = [e.at for e in events if e.kind is EventKind.START]
        started = starts[0] if starts else min((e.at for e in events), default=0.0)

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO sessions (id, room_id, preset_name, preset_toml, library_dir,"
                " volume_cap, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                (
                    session.id,
                    room_id,
                    plan.preset_name,
                    preset_to_toml(preset),  # on this thread: the caller never waits for it
                    str(Path(root).absolute()) if root is not None else None,
                    plan.volume_cap,
                    started,
                ),
            )
            for event in events:
                store.insert_event(conn, session.id, event, recorded)
            store.mark_seen(conn, session.id, recorded)

        self._commit(write, "a session's start")

    def record_event(self, session: Session, event: SessionEvent) -> None:
        if session.id not in self._known:
            return
        recorded = self._clock()

        def write(conn: sqlite3.Connection) -> None:
            store.insert_event(conn, session.id, event, recorded)
            store.mark_seen(conn, session.id, recorded)

        self._commit(write, event.kind.value)

    def record_alive(self, session: Session, at: float) -> None:
        """The session is still going at ``at`` (written without waiting)."""
        if session.id in self._known:
            self._put(lambda conn: store.mark_seen(conn, session.id, at))

    def shift(self, session_id: str, by: float) -> None:
        """Move every time of a session by ``by`` seconds, kept before this returns (the clock went
        back while the app was down: the session carries on from where it was)."""
        self._commit(lambda conn: store.shift_session(conn, session_id, by), "a session's times")

    def record_end(self, session: Session, at: float) -> None:
        if session.id in self._known:
            self.mark_ended(session.id, at)

    def mark_ended(self, session_id: str, at: float) -> None:
        """Note that the session ended at ``at`` (it then belongs to the history)."""
        self._known.discard(session_id)

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", (at, session_id)
            )

        self._put(write)

    # Reading (synchronous: small, and done at start-up).
    def unfinished(self) -> list[StoredSession]:
        """Sessions that never ended (the app was stopped under them), oldest first, with their events."""
        with self._reading() as conn:
            rows = conn.execute(
                f"SELECT {store.COLUMNS} FROM sessions WHERE ended_at IS NULL ORDER BY started_at, rowid"
            ).fetchall()
            found = []
            for row in rows:
                events = conn.execute(
                    'SELECT kind, at, minutes, "on", amount FROM events WHERE session_id = ? ORDER BY rowid',
                    (row[0],),
                ).fetchall()
                (seen,) = conn.execute(
                    "SELECT MAX(COALESCE(s.seen_at, 0), COALESCE(MAX(e.recorded_at), 0)) FROM sessions s"
                    " LEFT JOIN events e ON e.session_id = s.id WHERE s.id = ?",
                    (row[0],),
                ).fetchone()
                seen = seen or None  # journals from before this was kept know nothing of it
                found.append(store.stored_from_row(row, store.events_from_rows(events), seen))
        self._known.update(s.id for s in found)
        return found

    def history(self, limit: int = 50) -> list[StoredSession]:
        """The latest finished sessions, newest first (without their events)."""
        with self._reading() as conn:
            rows = conn.execute(
                f"SELECT {store.COLUMNS} FROM sessions WHERE ended_at IS NOT NULL"
                " ORDER BY ended_at DESC, rowid DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [store.stored_from_row(row, ()) for row in rows]

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    # The writer.
    def _put(self, item: Write | threading.Event) -> None:
        if self._closed:
            log.debug("session journal closed; a write was dropped")
            return
        self._queue.put(item)

    def _commit(self, write: Write, what: str) -> None:
        """Queue ``write`` and wait until it, and everything queued before it, is on disk."""
        self._put(write)
        if not self.flush(DURABLE_WAIT_S):
            reason = "slow disk"
            if reason not in self._failures:
                self._failures.add(reason)
                log.warning(
                    "session journal %s: the disk took more than %g s to keep %s; it is written when"
                    " the disk answers",
                    self.path,
                    DURABLE_WAIT_S,
                    what,
                )

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is written; False if ``timeout`` ran out first."""
        if self._closed or not self._thread.is_alive():
            return True
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def close(self) -> None:
        """Write what is queued, stop the writer and close the file (the app is quitting)."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join()
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SessionJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write_loop(self) -> None:
        stopping = False
        while not stopping:
            batch = [self._queue.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            writes = [item for item in batch if item is not None and not isinstance(item, threading.Event)]
            if writes:
                self._write(writes)
            for item in batch:
                if isinstance(item, threading.Event):
                    item.set()
                elif item is None:
                    stopping = True

    def _write(self, writes: list[Write]) -> None:
        if self._transaction(writes):
            return
        # Something in the batch failed: write the others one by one, so only that one is lost.
        for write in writes:
            self._transaction([write])

    def _transaction(self, writes: list[Write]) -> bool:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                for write in writes:
                    write(self._conn)
                self._conn.execute("COMMIT")
                return True
            except Exception as exc:  # a full disk or a vanished file must never stop the sessions
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                reason = store.reason(exc)
                if reason not in self._failures:  # said once, not at every event
                    self._failures.add(reason)
                    log.warning("session journal %s: could not write (%s)", self.path, reason)
                return False

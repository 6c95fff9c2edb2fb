"""The journal's SQLite file: its schema and migrations, opening it, and its rows.

The schema's version is the file's ``user_version``; each migration is a small function.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ambience.session.timeline import EventKind, SessionEvent

SCHEMA_VERSION = 2
# A step from one schema version to the next, run inside its own transaction.
Migration = Callable[[sqlite3.Connection], None]
COLUMNS = "id, room_id, preset_name, preset_toml, library_dir, volume_cap, started_at, ended_at"


@dataclass(frozen=True)
class StoredSession:
    """A session as the journal keeps it: enough to rebuild it exactly as it started."""

    id: str
    room_id: str
    preset_name: str
    preset_toml: str
    library_dir: Path | None
    volume_cap: float
    started_at: float
    ended_at: float | None
    events: tuple[SessionEvent, ...] = ()
    # When the app last wrote anything of it (the clock's time then; None in journals from before
    # this was kept): tells a clock that went back while the app was down.
    last_seen: float | None = None


class JournalUnusable(Exception):
    """The journal file cannot be used as it is (damaged, not a database, unreadable)."""


class JournalTooNew(JournalUnusable):
    """The journal was written by a newer version of the app; it is left untouched."""


def _create_v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            room_id TEXT NOT NULL,
            preset_name TEXT NOT NULL,
            preset_toml TEXT NOT NULL,
            library_dir TEXT,
            volume_cap REAL NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL
        )"""
    )
    conn.execute("CREATE INDEX sessions_unfinished ON sessions (room_id) WHERE ended_at IS NULL")
    conn.execute("CREATE INDEX sessions_ended ON sessions (ended_at)")
    conn.execute(
        """CREATE TABLE events (
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            at REAL NOT NULL,
            minutes REAL NOT NULL DEFAULT 0,
            "on" INTEGER NOT NULL DEFAULT 1,
            amount REAL NOT NULL DEFAULT 0
        )"""
    )
    conn.execute("CREATE INDEX events_session ON events (session_id)")


def _add_times_written(conn: sqlite3.Connection) -> None:
    # When each event was written, by the clock of the moment (an event's own time may lie ahead:
    # a booked start), and when the app last said a session was still going (every poll).
    conn.execute("ALTER TABLE events ADD COLUMN recorded_at REAL")
    conn.execute("ALTER TABLE sessions ADD COLUMN seen_at REAL")


# Each entry brings a journal from that schema version (0: a new, empty file) to the next one.
MIGRATIONS: dict[int, Migration] = {0: _create_v1, 1: _add_times_written}


_KINDS = {kind.value for kind in EventKind}


def stored_from_row(
    row: tuple[Any, ...], events: tuple[SessionEvent, ...], last_seen: float | None = None
) -> StoredSession:
    """A row of ``SELECT {COLUMNS} FROM sessions`` with the session's events."""
    sid, room_id, name, text, folder, cap, started, ended = row
    return StoredSession(
        sid, room_id, name, text, Path(folder) if folder else None, cap, started, ended, events, last_seen
    )


def events_from_rows(rows: Sequence[tuple[Any, ...]]) -> tuple[SessionEvent, ...]:
    """Events read back (a kind this version does not know is left out)."""
    return tuple(
        SessionEvent(EventKind(kind), at, minutes, bool(on), amount)
        for kind, at, minutes, on, amount in rows
        if kind in _KINDS
    )


def insert_event(
    conn: sqlite3.Connection, session_id: str, event: SessionEvent, recorded_at: float | None = None
) -> None:
    conn.execute(
        'INSERT INTO events (session_id, kind, at, minutes, "on", amount, recorded_at)'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (session_id, event.kind.value, event.at, event.minutes, int(event.on), event.amount, recorded_at),
    )


def shift_session(conn: sqlite3.Connection, session_id: str, by: float) -> None:
    """Move every time of a session by ``by`` seconds (a clock that went back: see journal.restore)."""
    conn.execute(
        "UPDATE events SET at = at + ?, recorded_at = recorded_at + ? WHERE session_id = ?",
        (by, by, session_id),
    )
    conn.execute(
        "UPDATE sessions SET started_at = started_at + ?, seen_at = seen_at + ? WHERE id = ?",
        (by, by, session_id),
    )


def mark_seen(conn: sqlite3.Connection, session_id: str, at: float) -> None:
    """The app was running the session at ``at`` (never moves back: see journal.restore)."""
    conn.execute(
        "UPDATE sessions SET seen_at = MAX(COALESCE(seen_at, ?), ?) WHERE id = ? AND ended_at IS NULL",
        (at, at, session_id),
    )


def prune(conn: sqlite3.Connection, before: float) -> None:
    """Drop the finished sessions that ended before ``before`` (their events go with them)."""
    conn.execute("DELETE FROM sessions WHERE ended_at IS NOT NULL AND ended_at < ?", (before,))


def connect(path: Path) -> sqlite3.Connection:
    """Open (or create) the journal file at ``path``, checked and brought up to the current schema.

    Raises JournalUnusable, sqlite3.Error or OSError when it cannot be used.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # Autocommit: the writer opens its own short transactions. One thread at a time uses it.
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    try:
        check_version(conn, SCHEMA_VERSION)  # before anything is changed in a newer version's file
        _settings(conn)
        check = conn.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise JournalUnusable(f"damaged: {check[0] if check else 'no answer'}")
        _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def in_memory() -> sqlite3.Connection:
    """A journal that lasts as long as the app: used when no file can be."""
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    _settings(conn)
    _migrate(conn)
    return conn


def _settings(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    # Every commit reaches the disk: a power cut loses at most the write in progress.
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")


def check_version(conn: sqlite3.Connection, schema: int) -> int:
    """The file's schema version; JournalTooNew when it is newer than ``schema``, the one this reads."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > schema:
        raise JournalTooNew(
            f"written by a newer version of ambience (schema {version}; this one reads {schema})"
        )
    return int(version)


def migrate(conn: sqlite3.Connection, migrations: Mapping[int, Migration], schema: int) -> None:
    """Bring the file up to ``schema``, one migration a transaction.

    Another process may open the same file meanwhile: the version is read again inside each
    transaction, so a step it took is not taken twice.
    """
    version = check_version(conn, schema)
    while version < schema:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version < schema:
                migrations[version](conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _migrate(conn: sqlite3.Connection) -> None:
    migrate(conn, MIGRATIONS, SCHEMA_VERSION)


def move_aside(path: Path) -> Path | None:
    """Rename the journal (and its WAL companions) to ``NAME.broken-<timestamp>``; None if impossible."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    try:
        if path.exists():
            path.rename(aside)
        # A WAL left beside a new file of the same name could be replayed into it.
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.rename(aside.with_name(aside.name + suffix))
    except OSError:
        return None
    return aside


def reason(exc: BaseException) -> str:
    """Why opening or writing failed, in a few words."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__

"""The studio's day in SQLite: bookings, clients' preferences, calendar feeds and session notes.

A file beside the session journal (``day.sqlite3``) with the same durability: WAL, every commit
synchronous, checked at opening and moved aside when damaged. The panel and the terminal commands
open it at the same time; each write is one short transaction, and ``changed()`` tells a reader
that another process wrote since it last looked.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from ambience.config.paths import default_journal_path
from ambience.journal import store

log = logging.getLogger(__name__)

FILE_NAME = "day.sqlite3"
SCHEMA_VERSION = 1
BUSY_MS = 5000


class BookingState(StrEnum):
    BOOKED = "booked"
    STARTED = "started"
    MISSED = "missed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Booking:
    """A client booked in a room at a time, for a preset."""

    id: str
    room_id: str
    starts_at: float
    minutes: float
    preset: str
    client: str | None = None
    notes: str = ""
    state: BookingState = BookingState.BOOKED
    source: str | None = None  # the calendar feed it came from; None: made in the studio
    source_uid: str | None = None  # the event (and occurrence) in that feed
    edited: bool = False  # changed in the studio: a feed never overwrites it
    session_id: str | None = None

    @property
    def ends_at(self) -> float:
        return self.starts_at + self.minutes * 60.0

    @property
    def imported(self) -> bool:
        return self.source is not None

    @property
    def open(self) -> bool:
        """Still to come or going on (not missed, not cancelled)."""
        return self.state in (BookingState.BOOKED, BookingState.STARTED)


@dataclass(frozen=True)
class ClientPreferences:
    """What a client asked for, as actions only (never anything about their health)."""

    name: str
    no_scent: bool = False
    volume: float | None = None  # their music volume, %
    warmth: float = 0.0  # °C warmer (or cooler) than the preset
    preset: str | None = None  # the preset they usually have
    note: str = ""


@dataclass(frozen=True)
class Feed:
    """A read-only booking calendar: an ICS address (kept in the keyring) or an ``.ics`` file."""

    id: str
    name: str
    location: str  # a file path, or the address shown without its secret part
    is_url: bool
    room_id: str | None = None  # where its events go when no rule names a room
    preset: str | None = None  # and which preset, when no rule names one
    last_ok_at: float | None = None
    last_error: str | None = None
    last_try_at: float | None = None
    good_copy: str | None = field(default=None, repr=False)  # the last copy that read


@dataclass(frozen=True)
class FeedRule:
    """A word in an event's title or location that names a room, a preset or a client."""

    id: int
    kind: str  # "room", "preset" or "client"
    keyword: str
    target: str  # room id, preset name or client name ("" for a client rule: the word is no name)


@dataclass(frozen=True)
class SessionNote:
    """Who a session was for and what went wrong with devices during it."""

    session_id: str
    room_id: str
    booking_id: str | None
    client: str | None
    problems: tuple[str, ...] = ()


def _create_v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE bookings (
            id TEXT PRIMARY KEY,
            room_id TEXT NOT NULL,
            starts_at REAL NOT NULL,
            minutes REAL NOT NULL,
            preset TEXT NOT NULL,
            client TEXT,
            notes TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL,
            source TEXT,
            source_uid TEXT,
            edited INTEGER NOT NULL DEFAULT 0,
            session_id TEXT
        )"""
    )
    conn.execute("CREATE INDEX bookings_time ON bookings (starts_at)")
    conn.execute("CREATE UNIQUE INDEX bookings_source ON bookings (source, source_uid)")
    conn.execute(
        """CREATE TABLE clients (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            no_scent INTEGER NOT NULL DEFAULT 0,
            volume REAL,
            warmth REAL NOT NULL DEFAULT 0,
            preset TEXT,
            note TEXT NOT NULL DEFAULT ''
        )"""
    )
    conn.execute(
        """CREATE TABLE feeds (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            location TEXT NOT NULL,
            is_url INTEGER NOT NULL,
            room_id TEXT,
            preset TEXT,
            last_ok_at REAL,
            last_error TEXT,
            last_try_at REAL,
            good_copy TEXT
        )"""
    )
    conn.execute(
        """CREATE TABLE feed_rules (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            keyword TEXT NOT NULL,
            target TEXT NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE session_notes (
            session_id TEXT PRIMARY KEY,
            room_id TEXT NOT NULL,
            booking_id TEXT,
            client TEXT,
            at REAL NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE session_problems (
            session_id TEXT NOT NULL,
            device TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (session_id, device)
        )"""
    )


MIGRATIONS: dict[int, store.Migration] = {0: _create_v1}

_BOOKING_COLUMNS = (
    "id, room_id, starts_at, minutes, preset, client, notes, state, source, source_uid, edited, session_id"
)
_FEED_COLUMNS = "id, name, location, is_url, room_id, preset, last_ok_at, last_error, last_try_at, good_copy"


def default_daybook_path() -> Path:
    """Beside the session journal, in the user's data folder."""
    return default_journal_path().with_name(FILE_NAME)


def new_id() -> str:
    """A short id a person can type in the terminal (``ambience bookings move 3fa9c1 …``)."""
    return uuid.uuid4().hex[:8]


class DayBook:
    """The day's bookings, the clients, the feeds: read and written synchronously, in short steps."""

    def __init__(self, path: Path | None = None, *, memory: bool = False) -> None:
        """The day book at ``path`` (by default beside the journal); ``memory``: one kept in memory
        only, gone when it is closed (a demo that stands in for a studio not set up yet)."""
        self.path = Path(path) if path is not None else default_daybook_path()
        self.persistent = not memory
        # What went wrong opening the file, in words for the owner (the panel shows it once).
        self.problem: str | None = None
        self._lock = threading.Lock()
        self._conn = self._memory() if memory else self._open()
        self._seen_version = self._data_version()

    @staticmethod
    def _memory() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        _migrate(conn)
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            return _connect(self.path)
        except store.JournalTooNew as exc:
            log.warning("day book %s was %s; bookings are kept in memory for this run", self.path, exc)
            self.problem = (
                f"The day book {self.path} was {exc}. It is left as it is; bookings, clients and"
                " calendars made now are kept only until the panel closes."
            )
        except (store.JournalUnusable, sqlite3.Error, OSError) as exc:
            aside = store.move_aside(self.path) if self.path.exists() else None
            if aside is not None:
                log.warning(
                    "day book %s could not be read (%s); moved it to %s and started a new one",
                    self.path,
                    store.reason(exc),
                    aside.name,
                )
                kept = f"The day book {self.path} (bookings, clients, calendars) could not be read"
                kept += f" ({store.reason(exc)}). It was kept as {aside.name} beside it"
                self.problem = (
                    f"{kept}, and a new one started: add today's bookings again, or read the calendars again."
                )
                with contextlib.suppress(store.JournalUnusable, sqlite3.Error, OSError):
                    return _connect(self.path)
                self.problem = f"{kept}; no new one could be made, so what is made now is kept only"
                self.problem += " until the panel closes."
            else:
                log.warning("day book %s could not be used (%s)", self.path, store.reason(exc))
                self.problem = (
                    f"The day book {self.path} cannot be used ({store.reason(exc)}). Bookings,"
                    " clients and calendars made now are kept only until the panel closes."
                )
        self.persistent = False
        return self._memory()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> DayBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction (it waits for another process's, up to a few seconds)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            self._seen_version = self._version_locked()

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, tuple(args)).fetchall()

    def _version_locked(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _data_version(self) -> int:
        with self._lock:
            return self._version_locked()

    def changed(self) -> bool:
        """Whether another process (the terminal, the panel) wrote since this one last looked."""
        version = self._data_version()
        if version != self._seen_version:
            self._seen_version = version
            return True
        return False

    # Bookings.
    def bookings(
        self, start: float | None = None, end: float | None = None, room_id: str | None = None
    ) -> list[Booking]:
        """Bookings starting in [start, end), in time order (all of them without bounds)."""
        sql = f"SELECT {_BOOKING_COLUMNS} FROM bookings WHERE 1=1"
        args: list[Any] = []
        if start is not None:
            sql += " AND starts_at >= ?"
            args.append(start)
        if end is not None:
            sql += " AND starts_at < ?"
            args.append(end)
        if room_id is not None:
            sql += " AND room_id = ?"
            args.append(room_id)
        return [_booking(row) for row in self._read(sql + " ORDER BY starts_at, id", args)]

    def booking(self, booking_id: str) -> Booking | None:
        rows = self._read(f"SELECT {_BOOKING_COLUMNS} FROM bookings WHERE id = ?", (booking_id,))
        return _booking(rows[0]) if rows else None

    def find_booking(self, prefix: str) -> Booking:
        """A booking by its id or the start of it; LookupError names the problem."""
        rows = self._read(
            f"SELECT {_BOOKING_COLUMNS} FROM bookings WHERE id LIKE ? ORDER BY id", (prefix.strip() + "%",)
        )
        if len(rows) == 1:
            return _booking(rows[0])
        raise LookupError(
            f"no booking has the id '{prefix}'" if not rows else f"'{prefix}' matches several bookings"
        )

    def put_booking(self, booking: Booking) -> Booking:
        with self._tx() as conn:
            _put_booking(conn, booking)
        return booking

    def put_bookings(self, bookings: Sequence[Booking], delete: Sequence[str] = ()) -> None:
        """Several bookings written (and ``delete``'s removed) in one transaction."""
        with self._tx() as conn:
            for booking in bookings:
                _put_booking(conn, booking)
            for booking_id in delete:
                conn.execute("DELETE FROM bookings WHERE id = ?", (booking_id,))

    def set_state(self, booking_id: str, state: BookingState, session_id: str | None = None) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE bookings SET state = ?, session_id = COALESCE(?, session_id) WHERE id = ?",
                (state.value, session_id, booking_id),
            )

    # Clients.
    def clients(self) -> list[ClientPreferences]:
        rows = self._read("SELECT name, no_scent, volume, warmth, preset, note FROM clients ORDER BY name")
        return [_client(row) for row in rows]

    def client(self, name: str) -> ClientPreferences | None:
        rows = self._read(
            "SELECT name, no_scent, volume, warmth, preset, note FROM clients WHERE name = ?", (name.strip(),)
        )
        return _client(rows[0]) if rows else None

    def client_names(self) -> list[str]:
        """Every client the studio knows of: with preferences, or named on a booking or a session.

        One name per client whatever its case (the preferences' spelling first), in name order.
        """
        rows = self._read(
            "SELECT name, 0 FROM clients UNION ALL SELECT client, 1 FROM bookings WHERE client IS NOT NULL"
            " UNION ALL SELECT client, 2 FROM session_notes WHERE client IS NOT NULL"
        )
        names: dict[str, str] = {}
        for name, _rank in sorted(rows, key=lambda row: row[1]):
            text = str(name).strip()
            if text:
                names.setdefault(text.casefold(), text)
        return sorted(names.values(), key=str.casefold)

    def put_client(self, prefs: ClientPreferences, *, was: str | None = None) -> None:
        """Keep ``prefs``; with ``was``, the client called ``was`` is renamed everywhere (one step).

        Raises ValueError when the new name is another client's.
        """
        name = prefs.name.strip()
        with self._tx() as conn:
            if was is not None and was.strip().casefold() != name.casefold():
                taken = conn.execute("SELECT name FROM clients WHERE name = ?", (name,)).fetchone()
                if taken is not None:
                    raise ValueError(f"there is already a client called {taken[0]}")
            if was is not None and was.strip() != name:
                old = was.strip()
                conn.execute("DELETE FROM clients WHERE name = ?", (old,))
                conn.execute("UPDATE bookings SET client = ? WHERE client = ? COLLATE NOCASE", (name, old))
                conn.execute(
                    "UPDATE session_notes SET client = ? WHERE client = ? COLLATE NOCASE", (name, old)
                )
            conn.execute(
                "INSERT OR REPLACE INTO clients (name, no_scent, volume, warmth, preset, note)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    name,
                    int(prefs.no_scent),
                    prefs.volume,
                    prefs.warmth,
                    prefs.preset,
                    prefs.note,
                ),
            )

    def client_data(self, name: str) -> dict[str, Any]:
        """Everything kept about a client, for them to take away."""
        prefs = self.client(name)
        bookings = self._read(
            "SELECT starts_at, room_id, preset, notes, state FROM bookings WHERE client = ? COLLATE NOCASE"
            " ORDER BY starts_at",
            (name.strip(),),
        )
        sessions = self._read(
            "SELECT session_id, room_id, at FROM session_notes WHERE client = ? COLLATE NOCASE ORDER BY at",
            (name.strip(),),
        )
        return {
            "client": name.strip(),
            "preferences": None
            if prefs is None
            else {
                "no_scent": prefs.no_scent,
                "volume": prefs.volume,
                "warmth_c": prefs.warmth,
                "preset": prefs.preset,
                "note": prefs.note,
            },
            "bookings": [
                {"starts_at": b[0], "room": b[1], "preset": b[2], "notes": b[3], "state": b[4]}
                for b in bookings
            ],
            "sessions": [{"session": s[0], "room": s[1], "at": s[2]} for s in sessions],
        }

    def forget_client(self, name: str) -> None:
        """Remove a client's preferences and their name from every booking and session (one step).

        Their bookings stay (a room is still taken then) with no name and no note; one that came
        from a calendar is marked as changed in the studio, so the next poll does not write the
        calendar's copy of the name back.
        """
        name = name.strip()
        with self._tx() as conn:
            conn.execute("DELETE FROM clients WHERE name = ?", (name,))
            conn.execute(
                "UPDATE bookings SET client = NULL, notes = '', edited = CASE WHEN source IS NULL"
                " THEN edited ELSE 1 END WHERE client = ? COLLATE NOCASE",
                (name,),
            )
            conn.execute("UPDATE session_notes SET client = NULL WHERE client = ? COLLATE NOCASE", (name,))

    # Feeds.
    def feeds(self) -> list[Feed]:
        return [_feed(row) for row in self._read(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY name")]

    def put_feed(self, feed: Feed) -> None:
        with self._tx() as conn:
            conn.execute(
                f"INSERT OR REPLACE INTO feeds ({_FEED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    feed.id,
                    feed.name,
                    feed.location,
                    int(feed.is_url),
                    feed.room_id,
                    feed.preset,
                    feed.last_ok_at,
                    feed.last_error,
                    feed.last_try_at,
                    feed.good_copy,
                ),
            )

    def note_feed_read(
        self, feed_id: str, at: float, *, error: str | None = None, good_copy: str | None = None
    ) -> None:
        """How a read of a feed went: its error, or the copy that read (only these columns change,
        so a name or room the owner changed meanwhile stays)."""
        with self._tx() as conn:
            if error is not None:
                conn.execute(
                    "UPDATE feeds SET last_error = ?, last_try_at = ? WHERE id = ?", (error, at, feed_id)
                )
            else:
                conn.execute(
                    "UPDATE feeds SET last_error = NULL, last_try_at = ?, last_ok_at = ?, good_copy = ?"
                    " WHERE id = ?",
                    (at, at, good_copy, feed_id),
                )

    def remove_feed(self, feed_id: str) -> None:
        """Forget a feed and the bookings it brought that nobody changed."""
        with self._tx() as conn:
            conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            conn.execute(
                "DELETE FROM bookings WHERE source = ? AND edited = 0 AND state = ?",
                (feed_id, BookingState.BOOKED.value),
            )

    def rules(self) -> list[FeedRule]:
        rows = self._read("SELECT id, kind, keyword, target FROM feed_rules ORDER BY kind, keyword")
        return [FeedRule(*row) for row in rows]

    def add_rule(self, kind: str, keyword: str, target: str) -> FeedRule:
        """A new rule (see ``RULE_KINDS``); a client rule with no target marks a word as no name."""
        keyword, target = keyword.strip(), target.strip()
        _check_rule(kind, keyword, target)
        with self._tx() as conn:
            cursor = conn.execute(
                "INSERT INTO feed_rules (kind, keyword, target) VALUES (?, ?, ?)", (kind, keyword, target)
            )
            rule_id = int(cursor.lastrowid or 0)
        return FeedRule(rule_id, kind, keyword, target)

    def put_rule(self, rule: FeedRule) -> FeedRule:
        """Change a rule (its kind, keyword or target)."""
        changed = replace(rule, keyword=rule.keyword.strip(), target=rule.target.strip())
        _check_rule(changed.kind, changed.keyword, changed.target)
        with self._tx() as conn:
            conn.execute(
                "UPDATE feed_rules SET kind = ?, keyword = ?, target = ? WHERE id = ?",
                (changed.kind, changed.keyword, changed.target, changed.id),
            )
        return changed

    def remove_rule(self, rule_id: int) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM feed_rules WHERE id = ?", (rule_id,))

    # Sessions: who they were for, and their devices' problems.
    def note_session(
        self, session_id: str, room_id: str, booking_id: str | None, client: str | None, at: float
    ) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO session_notes (session_id, room_id, booking_id, client, at)"
                " VALUES (?, ?, ?, ?, ?)",
                (session_id, room_id, booking_id, client, at),
            )

    def note_problem(self, session_id: str, device: str, reason: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO session_problems (session_id, device, reason) VALUES (?, ?, ?)",
                (session_id, device, reason),
            )

    def session_notes(self, session_ids: Sequence[str] | None = None) -> dict[str, SessionNote]:
        notes = {
            sid: SessionNote(sid, room, booking, client)
            for sid, room, booking, client in self._read(
                "SELECT session_id, room_id, booking_id, client FROM session_notes"
            )
        }
        for sid, device, reason in self._read("SELECT session_id, device, reason FROM session_problems"):
            note = notes.get(sid) or SessionNote(sid, "", None, None)
            notes[sid] = replace(note, problems=(*note.problems, f"{device}: {reason}"))
        if session_ids is not None:
            wanted = set(session_ids)
            notes = {k: v for k, v in notes.items() if k in wanted}
        return notes

    def prune(self, before: float) -> None:
        """Forget bookings and session notes older than ``before`` (the history's retention)."""
        with self._tx() as conn:
            conn.execute("DELETE FROM bookings WHERE starts_at < ?", (before,))
            old = "SELECT session_id FROM session_notes WHERE at < ?"
            conn.execute(f"DELETE FROM session_problems WHERE session_id IN ({old})", (before,))
            conn.execute("DELETE FROM session_notes WHERE at < ?", (before,))


RULE_KINDS = ("room", "preset", "client")


def _check_rule(kind: str, keyword: str, target: str) -> None:
    if kind not in RULE_KINDS:
        raise ValueError(f"a rule names a room, a preset or a client, not '{kind}'")
    if not keyword:
        raise ValueError("a rule needs a word to look for")
    if not target and kind != "client":
        raise ValueError(f"a {kind} rule needs the {kind} it names")


def _put_booking(conn: sqlite3.Connection, b: Booking) -> None:
    conn.execute(
        f"INSERT OR REPLACE INTO bookings ({_BOOKING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            b.id,
            b.room_id,
            b.starts_at,
            b.minutes,
            b.preset,
            b.client,
            b.notes,
            b.state.value,
            b.source,
            b.source_uid,
            int(b.edited),
            b.session_id,
        ),
    )


def _booking(row: tuple[Any, ...]) -> Booking:
    bid, room, starts, minutes, preset, client, notes, state, source, uid, edited, session = row
    try:
        booking_state = BookingState(state)
    except ValueError:
        booking_state = BookingState.CANCELLED  # a state a newer version wrote: shown as not open
    return Booking(
        bid,
        room,
        starts,
        minutes,
        preset,
        client,
        notes or "",
        booking_state,
        source,
        uid,
        bool(edited),
        session,
    )


def _client(row: tuple[Any, ...]) -> ClientPreferences:
    name, no_scent, volume, warmth, preset, note = row
    return ClientPreferences(name, bool(no_scent), volume, warmth or 0.0, preset, note or "")


def _feed(row: tuple[Any, ...]) -> Feed:
    fid, name, location, is_url, room, preset, ok_at, error, try_at, copy = row
    return Feed(fid, name, location, bool(is_url), room, preset, ok_at, error, try_at, copy)


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=BUSY_MS / 1000)
    try:
        store.check_version(conn, SCHEMA_VERSION)  # before anything is changed in a newer version's file
        conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        check = conn.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise store.JournalUnusable(f"damaged: {check[0] if check else 'no answer'}")
        _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    store.migrate(conn, MIGRATIONS, SCHEMA_VERSION)

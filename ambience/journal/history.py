"""The history the owner reads: every finished session with what happened in it, totals, CSV.

Read straight from the journal's file (read-only, so the terminal can look while the panel
runs) and from the day book's notes (who a session was for, which devices failed).
"""

from __future__ import annotations

import contextlib
import csv
import io
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from ambience.journal import store
from ambience.journal.daybook import SessionNote
from ambience.session.timeline import EventKind

CSV_COLUMNS = (
    "day",
    "room",
    "preset",
    "client",
    "start",
    "end",
    "minutes",
    "pauses",
    "extended_minutes",
    "phases_skipped",
    "device_problems",
    "session",
)


@dataclass(frozen=True)
class HistoryRow:
    """One finished session."""

    session_id: str
    room_id: str
    room: str
    preset: str
    client: str | None
    started_at: float
    ended_at: float
    pauses: int = 0
    extended_minutes: float = 0.0
    skipped: int = 0
    problems: tuple[str, ...] = ()

    @property
    def day(self) -> date:
        return datetime.fromtimestamp(self.started_at).date()

    @property
    def minutes(self) -> float:
        return max(0.0, self.ended_at - self.started_at) / 60.0


@dataclass(frozen=True)
class Totals:
    """A day's or a week's sessions at a glance."""

    sessions: int
    minutes: float
    minutes_by_room: dict[str, float] = field(default_factory=dict)
    presets: list[tuple[str, int]] = field(default_factory=list)  # most used first
    rooms_with_problems: list[str] = field(default_factory=list)


def read_history(
    journal_path: Path,
    notes: Mapping[str, SessionNote],
    start: float | None = None,
    end: float | None = None,
    room_names: Mapping[str, str] | None = None,
    room_id: str | None = None,
) -> list[HistoryRow]:
    """Finished sessions that began in [start, end), oldest first; none if there is no journal yet."""
    if not Path(journal_path).exists():
        return []
    names = room_names or {}
    conn = sqlite3.connect(f"file:{Path(journal_path).absolute()}?mode=ro", uri=True, timeout=5.0)
    try:
        sql = f"SELECT {store.COLUMNS} FROM sessions WHERE ended_at IS NOT NULL"
        args: list[object] = []
        if room_id is not None:
            sql += " AND room_id = ?"
            args.append(room_id)
        rows = conn.execute(sql + " ORDER BY started_at, rowid", args).fetchall()
        out = []
        for row in rows:
            stored = store.stored_from_row(row, ())
            events = store.events_from_rows(
                conn.execute(
                    'SELECT kind, at, minutes, "on", amount FROM events WHERE session_id = ? ORDER BY rowid',
                    (stored.id,),
                ).fetchall()
            )
            starts = [e.at for e in events if e.kind is EventKind.START]
            if not starts or stored.ended_at is None:
                continue  # a booking that never began (missed or cancelled) is not a session
            began = min(starts)
            if (start is not None and began < start) or (end is not None and began >= end):
                continue
            note = notes.get(stored.id)
            out.append(
                HistoryRow(
                    session_id=stored.id,
                    room_id=stored.room_id,
                    room=names.get(stored.room_id, stored.room_id),
                    preset=stored.preset_name,
                    client=note.client if note else None,
                    started_at=began,
                    ended_at=max(began, stored.ended_at),
                    pauses=sum(1 for e in events if e.kind is EventKind.PAUSE and e.at <= stored.ended_at),
                    extended_minutes=sum(e.minutes for e in events if e.kind is EventKind.EXTEND),
                    skipped=sum(
                        1 for e in events if e.kind is EventKind.SKIP and e.at <= stored.ended_at + 1e-3
                    ),
                    problems=note.problems if note else (),
                )
            )
        return out
    except sqlite3.Error:
        return []
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def totals(rows: Iterable[HistoryRow]) -> Totals:
    rows = list(rows)
    by_room: dict[str, float] = defaultdict(float)
    for row in rows:
        by_room[row.room] += row.minutes
    presets = Counter(row.preset for row in rows).most_common()
    problems = sorted({row.room for row in rows if row.problems})
    return Totals(len(rows), sum(r.minutes for r in rows), dict(sorted(by_room.items())), presets, problems)


def week_of(day: date) -> tuple[date, date]:
    """The Monday that starts ``day``'s week and the Monday after."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)


def local_bounds(first: date, after: date) -> tuple[float, float]:
    """[first, after) as epoch seconds in the studio's local time."""
    return (
        datetime.combine(first, datetime.min.time()).astimezone().timestamp(),
        datetime.combine(after, datetime.min.time()).astimezone().timestamp(),
    )


def _clock(t: float) -> str:
    return datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M")


def to_csv(rows: Sequence[HistoryRow]) -> str:
    """The rows as CSV with a header line (times in the studio's local time)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            (
                r.day.isoformat(),
                r.room,
                r.preset,
                r.client or "",
                _clock(r.started_at),
                _clock(r.ended_at),
                f"{r.minutes:.0f}",
                r.pauses,
                f"{r.extended_minutes:g}",
                r.skipped,
                "; ".join(r.problems),
                r.session_id,
            )
        )
    return out.getvalue()


def from_csv(text: str) -> list[dict[str, str]]:
    """Rows read back from ``to_csv``'s text."""
    return list(csv.DictReader(io.StringIO(text)))

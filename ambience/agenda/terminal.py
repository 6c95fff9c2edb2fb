"""The studio's day from a terminal: today's bookings, booking changes, a feed sync, the history.

Each command opens the same day book and journal as the panel (short transactions, WAL), so it
is safe while the panel runs; the panel notices a change within seconds and schedules it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from ambience.agenda.bookings import BookingDesk, BookingRefused
from ambience.agenda.clients import (
    Format,
    bounds_words,
    client_export,
    forget_words,
    summaries,
    summary,
    warmth_words,
    write_export,
)
from ambience.agenda.preferences import describe
from ambience.agenda.sync import FeedError, add_feed, sync_all
from ambience.config.library import PresetLibrary
from ambience.config.paths import default_journal_path
from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import Booking, DayBook, default_daybook_path
from ambience.journal.history import local_bounds, read_history, to_csv, totals


class Terminal:
    """The day commands on one studio's stores."""

    def __init__(
        self,
        config: StudioConfig,
        library: PresetLibrary,
        *,
        book_path: Path | None = None,
        journal_path: Path | None = None,
        out: TextIO | None = None,
        now: float | None = None,
    ) -> None:
        self.config = config
        self.library = library
        self.book_path = book_path or default_daybook_path()
        self.journal_path = journal_path or default_journal_path()
        self.out = out or sys.stdout
        self._now = now

    def now(self) -> float:
        return self._now if self._now is not None else datetime.now().timestamp()

    def _print(self, text: str = "") -> None:
        print(text, file=self.out)

    def desk(self, book: DayBook) -> BookingDesk:
        return BookingDesk(book, self.config, self.library, self.now)

    # ambience day
    def day(self, room: str | None = None, day: str | None = None, as_json: bool = False) -> int:
        when = parse_day(day) if day else date.fromtimestamp(self.now())
        room_id = self.config.room(room).id if room else None
        with DayBook(self.book_path) as book:
            bookings = self.desk(book).day(when, room_id)
        if as_json:
            self._print(json.dumps([self._json(b) for b in bookings], indent=2))
            return 0
        rooms = [r for r in self.config.rooms if room_id in (None, r.id)]
        self._print(f"{when:%A %d %B %Y}")
        for r in rooms:
            mine = [b for b in bookings if b.room_id == r.id]
            self._print(f"\n{r.name}" + ("  (starts by itself)" if r.auto_start else ""))
            if not mine:
                self._print("  no bookings")
            for b in mine:
                self._print("  " + booking_line(b))
        return 0

    def _json(self, b: Booking) -> dict[str, object]:
        data = asdict(b)
        data["state"] = b.state.value
        data["starts"] = datetime.fromtimestamp(b.starts_at).isoformat(timespec="minutes")
        data["room"] = self.desk_room_name(b.room_id)
        return data

    def desk_room_name(self, room_id: str) -> str:
        return next((r.name for r in self.config.rooms if r.id == room_id), room_id)

    # ambience bookings …
    def add(
        self, room: str, at: str, preset: str | None, client: str | None, notes: str, day: str | None
    ) -> int:
        with DayBook(self.book_path) as book:
            booking = self.desk(book).add(room, self.moment(at, day), preset, client, notes)
        self._print(f"booked {booking_line(booking)}")
        return 0

    def move(self, booking_id: str, at: str, room: str | None, day: str | None) -> int:
        with DayBook(self.book_path) as book:
            found = book.find_booking(booking_id)
            when = self.moment(at, day or date.fromtimestamp(found.starts_at).isoformat())
            booking = self.desk(book).move(found.id, when, room)
        self._print(f"moved {booking_line(booking)}")
        return 0

    def cancel(self, booking_id: str) -> int:
        with DayBook(self.book_path) as book:
            booking = self.desk(book).cancel(book.find_booking(booking_id).id)
        self._print(f"cancelled {booking_line(booking)}")
        return 0

    def moment(self, at: str, day: str | None) -> float:
        when = parse_day(day) if day else date.fromtimestamp(self.now())
        try:
            clock = datetime.strptime(at.strip(), "%H:%M").time()
        except ValueError as exc:
            raise BookingRefused(f"'{at}' is not a time: write it as HH:MM, e.g. 14:30") from exc
        return datetime.combine(when, clock).astimezone().timestamp()

    # ambience feeds …
    def feeds_sync(self) -> int:
        with DayBook(self.book_path) as book:
            if not book.feeds():
                self._print("no calendar feeds (add one with: ambience feeds add ADDRESS-OR-FILE)")
                return 0
            reports = asyncio.run(sync_all(book, self.config, self.library, self.now()))
        for report in reports:
            for line in report.lines(lambda t: datetime.fromtimestamp(t).strftime("%a %d %b %H:%M")):
                self._print(line)
        return 1 if any(r.error for r in reports) else 0

    def feeds_add(self, source: str, name: str | None, room: str | None, preset: str | None) -> int:
        room_id = self.config.room(room).id if room else None
        preset_name = self.library.find(preset).name if preset else None
        with DayBook(self.book_path) as book:
            feed = add_feed(book, source, name, room_id=room_id, preset=preset_name)
        self._print(f"added {feed.name} ({feed.location}); run: ambience feeds sync")
        return 0

    def feeds_list(self) -> int:
        with DayBook(self.book_path) as book:
            feeds = book.feeds()
        for feed in feeds:
            status = (
                f"failing: {feed.last_error}"
                if feed.last_error
                else "ok"
                if feed.last_ok_at
                else "not read yet"
            )
            self._print(f"{feed.id}  {feed.name:<24} {feed.location}  {status}")
        if not feeds:
            self._print("no calendar feeds")
        return 0

    # ambience history
    def history(
        self, start: str | None, end: str | None, room: str | None = None, as_csv: bool = False
    ) -> int:
        today = date.fromtimestamp(self.now())
        first = parse_day(start) if start else today
        last = parse_day(end) if end else (first if start else today)
        lo, hi = local_bounds(first, last + timedelta(days=1))
        room_id = self.config.room(room).id if room else None
        with DayBook(self.book_path) as book:
            notes = book.session_notes()
        names = {r.id: r.name for r in self.config.rooms}
        rows = read_history(self.journal_path, notes, lo, hi, names, room_id)
        if as_csv:
            self.out.write(to_csv(rows))
            return 0
        for r in rows:
            flags = []
            if r.pauses:
                flags.append(f"{r.pauses} pause" + ("s" if r.pauses > 1 else ""))
            if r.extended_minutes:
                flags.append(f"+{r.extended_minutes:g} min")
            if r.skipped:
                flags.append(f"{r.skipped} skipped")
            if r.problems:
                flags.append("problems: " + "; ".join(r.problems))
            start_text = datetime.fromtimestamp(r.started_at).strftime("%a %d %b %H:%M")
            self._print(
                f"{start_text}–{datetime.fromtimestamp(r.ended_at):%H:%M}  {r.room:<16} {r.preset:<22} "
                f"{r.client or '—':<14} {'  '.join(flags)}".rstrip()
            )
        t = totals(rows)
        self._print(f"\n{t.sessions} sessions, {t.minutes:.0f} min")
        for name, minutes in t.minutes_by_room.items():
            self._print(f"  {name}: {minutes:.0f} min")
        if t.presets:
            self._print("  most used: " + ", ".join(f"{n} ({c})" for n, c in t.presets[:3]))
        if t.rooms_with_problems:
            self._print("  device problems in: " + ", ".join(t.rooms_with_problems))
        return 0

    # ambience clients …
    def find_client(self, book: DayBook, query: str) -> str:
        """A client's name from the name or the start of it (any case); LookupError names the problem."""
        names = book.client_names()
        q = query.strip().casefold()
        tests: tuple[Callable[[str], bool], ...] = (
            lambda n: n.casefold() == q,
            lambda n: n.casefold().startswith(q),
        )
        for test in tests:
            hits = [n for n in names if test(n)]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                raise LookupError(f"'{query}' matches several clients: {', '.join(hits)}")
        raise LookupError(f"no client is called '{query}'" + (" (no clients yet)" if not names else ""))

    def clients_list(self) -> int:
        with DayBook(self.book_path) as book:
            found = summaries(book)
        for client in found:
            wishes = " · ".join(describe(client.prefs)) if client.prefs else "no preferences"
            counts = f"{client.bookings} booking{'s' if client.bookings != 1 else ''}, "
            counts += f"{client.sessions} session{'s' if client.sessions != 1 else ''}"
            self._print(f"{client.name:<24} {wishes}  ({counts})")
        if not found:
            self._print("no clients")
        return 0

    def clients_show(self, name: str) -> int:
        with DayBook(self.book_path) as book:
            found = summary(book, self.find_client(book, name))
            data = client_export(
                book, found.name, journal_path=self.journal_path, room_names=self.room_names()
            )
        prefs = found.prefs
        self._print(found.name)
        if prefs is None:
            self._print("  no preferences")
        else:
            volume = "as the preset" if prefs.volume is None else f"{prefs.volume:g} %"
            self._print(f"  scent: {'none' if prefs.no_scent else 'as the preset'}")
            self._print(f"  music: {volume}")
            self._print(f"  warmth: {warmth_words(prefs.warmth).lower()} ({bounds_words()})")
            self._print(f"  usual preset: {prefs.preset or '—'}")
            if prefs.note:
                self._print(f"  note: {prefs.note}")
        self._print(f"  bookings: {found.bookings}")
        for b in data["bookings"]:
            self._print(f"    {b['starts'].replace('T', ' ')}  {b['room']}  {b['preset']}  {b['state']}")
        self._print(f"  sessions: {found.sessions}")
        for s in data["sessions"]:
            start = str(s.get("start", s.get("at", ""))).replace("T", " ")
            self._print(f"    {start}  {s['room']}  {s.get('preset', '')}".rstrip())
        return 0

    def clients_export(self, name: str, folder: Path | None, fmt: Format) -> int:
        with DayBook(self.book_path) as book:
            client = self.find_client(book, name)
            data = client_export(
                book, client, journal_path=self.journal_path, room_names=self.room_names(), now=self.now()
            )
        path = write_export(data, folder or Path.cwd(), fmt)
        self._print(f"wrote {path}")
        return 0

    def clients_forget(self, name: str, yes: bool, ask: Callable[[str], str] | None = None) -> int:
        """Delete a client's data after saying exactly what goes (``--yes``, or a typed yes)."""
        with DayBook(self.book_path) as book:
            found = summary(book, self.find_client(book, name))
            self._print(forget_words(found))
            if not yes:
                if ask is None:
                    self._print(f"nothing deleted; run again with --yes to delete {found.name}'s data")
                    return 1
                if ask(f"Delete {found.name}'s data? Type yes: ").strip().casefold() != "yes":
                    self._print("nothing deleted")
                    return 1
            book.forget_client(found.name)
        self._print(f"deleted {found.name}'s data")
        return 0

    def room_names(self) -> dict[str, str]:
        return {r.id: r.name for r in self.config.rooms}


def booking_line(b: Booking) -> str:
    """``14:00–15:00  Deep tissue  Anna  [calendar]  booked  (id 3fa9c1d2)``."""
    start = datetime.fromtimestamp(b.starts_at)
    parts = [f"{start:%H:%M}–{datetime.fromtimestamp(b.ends_at):%H:%M}", b.preset, b.client or "—"]
    if b.imported:
        parts.append("[calendar]")
    parts.append(b.state.value)
    if b.notes:
        parts.append(f"“{b.notes}”")
    return "  ".join(parts) + f"  (id {b.id})"


def parse_day(text: str) -> date:
    """``2027-03-22``, ``today`` or ``tomorrow``."""
    word = text.strip().casefold()
    if word == "today":
        return date.today()
    if word == "tomorrow":
        return date.today() + timedelta(days=1)
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise BookingRefused(f"'{text}' is not a day: write it as YYYY-MM-DD") from exc


__all__ = ["BookingRefused", "FeedError", "Terminal"]

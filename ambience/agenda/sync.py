"""Bringing the booking calendars in: fetch each feed, read it, merge its events into the day book.

A feed that cannot be fetched or read keeps its bookings and its last good copy, and says why
(``last_error``). A booking a therapist changed (moved, edited, cancelled) is never touched by a
poll again; one the calendar no longer has is removed only if nobody changed it. A feed's address
can hold a secret (a private calendar link), so it is kept in the system keyring, not in a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from ambience.agenda.bookings import DAY_S, day_bounds, overlapping
from ambience.agenda.feeds import FeedEvent, FeedUnreadable, read_ics
from ambience.agenda.mapping import Mapped, Unmapped, map_event
from ambience.config.library import PresetLibrary
from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import Booking, BookingState, DayBook, Feed, new_id

log = logging.getLogger(__name__)

SERVICE = "ambience-feeds"
HORIZON_DAYS = 14  # how far ahead a calendar's events become bookings
FETCH_TIMEOUT_S = 20.0
MAX_BYTES = 5_000_000
MAX_NAME_CHARS = 60


class FeedError(ValueError):
    """A feed could not be fetched (the message says why, in a few words)."""


class Addresses(Protocol):
    """Where feed addresses are kept."""

    def get(self, feed_id: str) -> str | None: ...

    def put(self, feed_id: str, url: str) -> None: ...

    def forget(self, feed_id: str) -> None: ...


class KeyringAddresses:
    """Feed addresses in the system keyring: a private calendar link is a secret."""

    # keyring loads when an address is first needed, not while the panel starts.
    def get(self, feed_id: str) -> str | None:
        import keyring.errors

        try:
            return keyring.get_password(SERVICE, feed_id)
        except keyring.errors.KeyringError:
            return None

    def put(self, feed_id: str, url: str) -> None:
        import keyring.errors

        try:
            keyring.set_password(SERVICE, feed_id, url)
        except keyring.errors.KeyringError as exc:
            raise FeedError(
                f"this computer has no keyring to keep the address safely ({exc}); save the calendar "
                "as an .ics file and add the file instead"
            ) from exc

    def forget(self, feed_id: str) -> None:
        import keyring.errors

        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(SERVICE, feed_id)


class MemoryAddresses:
    """Feed addresses kept only while the app runs: a demo's calendars never reach the keyring."""

    def __init__(self) -> None:
        self._urls: dict[str, str] = {}

    def get(self, feed_id: str) -> str | None:
        return self._urls.get(feed_id)

    def put(self, feed_id: str, url: str) -> None:
        self._urls[feed_id] = url

    def forget(self, feed_id: str) -> None:
        self._urls.pop(feed_id, None)


def shown_address(url: str) -> str:
    """An address without its secret part: ``https://calendar.example/…``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/…" if parts.netloc else "…"


def add_feed(
    book: DayBook,
    source: str,
    name: str | None = None,
    *,
    room_id: str | None = None,
    preset: str | None = None,
    addresses: Addresses | None = None,
) -> Feed:
    """Subscribe to a calendar: an ``http(s)://`` or ``webcal://`` address, or an ``.ics`` file."""
    source = source.strip()
    if not source:
        raise FeedError("give the calendar's address (https://…) or choose an .ics file")
    name = _plain(name or "")[:MAX_NAME_CHARS].strip() or None
    feed_id = new_id()
    if "://" in source:
        url = "https://" + source[len("webcal://") :] if source.startswith("webcal://") else source
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FeedError("a calendar address starts with https://, http:// or webcal://")
        (addresses or KeyringAddresses()).put(feed_id, url)
        feed = Feed(feed_id, name or parts.netloc, shown_address(url), True, room_id, preset)
    else:
        path = Path(source).expanduser().absolute()
        if not path.is_file():
            raise FeedError(f"{path}: no such file (an address starts with https://)")
        feed = Feed(feed_id, name or path.stem[:MAX_NAME_CHARS], str(path), False, room_id, preset)
    book.put_feed(feed)
    return feed


def _plain(text: str) -> str:
    """``text`` without control characters (a name is shown on one line)."""
    return "".join(c for c in text if c.isprintable())


def remove_feed(book: DayBook, feed: Feed, addresses: Addresses | None = None) -> None:
    if feed.is_url:
        (addresses or KeyringAddresses()).forget(feed.id)
    book.remove_feed(feed.id)


def fetch(feed: Feed, addresses: Addresses | None = None) -> str:
    """The feed's text now (blocking: run it off the UI thread); raises FeedError."""
    if not feed.is_url:
        try:
            return Path(feed.location).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FeedError(f"{feed.location}: {getattr(exc, 'strerror', None) or exc}") from exc
    url = (addresses or KeyringAddresses()).get(feed.id)
    if url is None:
        raise FeedError("its address is not in this computer's keyring; add the feed again")
    # Loaded here, not with the panel: urllib's request module brings ssl and http (a twentieth
    # of a second at start-up) for the first look at a calendar.
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "ambience"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as answer:
            data: bytes = answer.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FeedError(f"the calendar answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise FeedError(f"cannot be reached ({exc.reason})") from exc
    except (OSError, ValueError) as exc:
        raise FeedError(f"cannot be reached ({exc})") from exc
    if len(data) > MAX_BYTES:
        raise FeedError("the calendar is larger than 5 MB")
    return data.decode("utf-8", errors="replace")


REMOVED_MEANWHILE = "removed while it was being read"


@dataclass
class SyncReport:
    """What one poll of one feed changed."""

    feed: str
    added: list[Booking] = field(default_factory=list)
    changed: list[Booking] = field(default_factory=list)
    removed: list[Booking] = field(default_factory=list)
    kept: list[Booking] = field(default_factory=list)  # changed in the studio: left as they are
    skipped: list[str] = field(default_factory=list)  # events that make no booking, and why
    error: str | None = None

    def lines(self, when: Callable[[float], str]) -> list[str]:
        out = [f"{self.feed}: {self.error}" if self.error else f"{self.feed}: read"]
        for word, bookings in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            out += [
                f"  {word} {when(b.starts_at)} {b.room_id} {b.preset} {b.client or ''}".rstrip()
                for b in bookings
            ]
        out += [f"  kept as changed in the studio: {when(b.starts_at)} {b.room_id}" for b in self.kept]
        # A repeating event skipped for one reason is said once, with how many times.
        for reason, times in Counter(self.skipped).items():
            out.append(f"  skipped {f'({times} times) ' if times > 1 else ''}{reason}")
        return out


class Outcome(StrEnum):
    """What a sync does (or did) with one event."""

    BOOKED = "booked"  # in the day book as the calendar has it
    NEW = "new"  # becomes a booking
    CHANGES = "changes"  # its booking follows the calendar (another time, room, preset or client)
    KEPT = "kept"  # its booking was changed in the studio and stays as it is
    DONE = "done"  # its booking has started, was missed or was cancelled
    SKIPPED = "skipped"  # makes no booking (the reason says why)


@dataclass(frozen=True)
class EventOutcome:
    """One event of a feed and what becomes of it."""

    event: FeedEvent
    outcome: Outcome
    mapped: Mapped | None = None
    booking: Booking | None = None  # the booking it makes or made
    reason: str = ""  # why it makes none


@dataclass
class MergePlan:
    """What merging a copy of a feed would change, event by event; ``merge`` writes it."""

    report: SyncReport
    outcomes: list[EventOutcome]
    writes: list[Booking]
    gone: list[Booking]
    problems: list[str] = field(default_factory=list)  # broken events the calendar holds


def plan_merge(
    book: DayBook,
    feed: Feed,
    text: str,
    config: StudioConfig,
    library: PresetLibrary,
    now: float,
) -> MergePlan:
    """Read ``text`` (raises FeedUnreadable) and work out what it changes, writing nothing."""
    start, _ = day_bounds(date.fromtimestamp(now))
    end = start + HORIZON_DAYS * DAY_S
    read = read_ics(text, start, end)
    report = SyncReport(feed.name, skipped=list(read.problems))
    rules = book.rules()
    existing = {b.source_uid: b for b in book.bookings(start, end + DAY_S) if b.source == feed.id}
    uids = {event.uid for event in read.events}
    # What the calendar no longer has goes, unless the studio changed it or it has begun.
    gone = [
        b
        for uid, b in existing.items()
        if uid not in uids and not b.edited and b.state is BookingState.BOOKED and b.starts_at >= now
    ]
    report.removed = gone
    leaving = {b.id for b in gone}
    writes: list[Booking] = []
    outcomes: list[EventOutcome] = []

    def skip(event: FeedEvent, reason: str, mapped: Mapped | None = None) -> None:
        report.skipped.append(f"'{event.summary}': {reason}")
        outcomes.append(EventOutcome(event, Outcome.SKIPPED, mapped, reason=reason))

    for event in read.events:
        mapped = map_event(event, config, library.names(), rules, feed)
        if isinstance(mapped, Unmapped):
            skip(event, mapped.reason)
            continue
        old = existing.get(event.uid)
        if old is not None and (old.edited or old.state is not BookingState.BOOKED):
            if old.edited:
                report.kept.append(old)
            outcome = Outcome.KEPT if old.edited else Outcome.DONE
            outcomes.append(EventOutcome(event, outcome, mapped, old))
            continue
        booking = _booking(mapped, feed, library, old)
        if isinstance(booking, str):
            skip(event, booking, mapped)
            continue
        if old is not None and booking == old:
            outcomes.append(EventOutcome(event, Outcome.BOOKED, mapped, old))
            continue
        clash = overlapping(book, booking, leaving)
        if clash is None:
            clash = next((b for b in writes if b.room_id == booking.room_id and _overlap(b, booking)), None)
        if clash is not None:
            who = clash.client or "no client"
            skip(event, f"the room is already booked then ({clash.preset}, {who})", mapped)
            continue
        writes.append(booking)
        (report.changed if old is not None else report.added).append(booking)
        outcome = Outcome.CHANGES if old is not None else Outcome.NEW
        outcomes.append(EventOutcome(event, outcome, mapped, booking))
    return MergePlan(report, outcomes, writes, gone, list(read.problems))


def merge(
    book: DayBook,
    feed: Feed,
    text: str,
    config: StudioConfig,
    library: PresetLibrary,
    now: float,
) -> SyncReport:
    """Read ``text`` (raises FeedUnreadable) and bring its events into the day book."""
    plan = plan_merge(book, feed, text, config, library, now)
    book.put_bookings(plan.writes, delete=[b.id for b in plan.gone])
    return plan.report


def _overlap(a: Booking, b: Booking) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _booking(mapped: Mapped, feed: Feed, library: PresetLibrary, old: Booking | None) -> Booking | str:
    try:
        loaded = library.find(mapped.preset)
    except LookupError as exc:
        return str(exc.args[0])
    fresh = Booking(
        id=old.id if old is not None else new_id(),
        room_id=mapped.room_id,
        starts_at=mapped.event.starts_at,
        minutes=loaded.preset.minutes,
        preset=loaded.name,
        client=mapped.client,
        notes=mapped.event.description[:200],
        source=feed.id,
        source_uid=mapped.event.uid,
    )
    if old is not None and (old.starts_at, old.room_id, old.preset) == (
        fresh.starts_at,
        fresh.room_id,
        fresh.preset,
    ):
        return replace(fresh, session_id=old.session_id)
    return fresh


async def sync_feed(
    book: DayBook,
    feed: Feed,
    config: StudioConfig,
    library: PresetLibrary,
    now: float,
    addresses: Addresses | None = None,
) -> SyncReport:
    """Fetch one feed (off the loop's thread) and merge it; a failure keeps what it brought before."""
    try:
        text = await asyncio.to_thread(fetch, feed, addresses)
    except FeedError as exc:
        # Removed meanwhile, its address may have gone before the thread looked it up: that is
        # no failure of the calendar, and the answer must not depend on which came first.
        return _removed(book, feed) or _failed(book, feed, now, exc)
    if removed := _removed(book, feed):
        return removed
    try:
        report = merge(book, feed, text, config, library, now)
    except FeedUnreadable as exc:
        return _failed(book, feed, now, exc)
    book.note_feed_read(feed.id, now, good_copy=text)
    return report


def _removed(book: DayBook, feed: Feed) -> SyncReport | None:
    """The report of a read whose feed was removed while it ran (it brings nothing), if it was."""
    if any(f.id == feed.id for f in book.feeds()):
        return None
    return SyncReport(feed.name, error=REMOVED_MEANWHILE)


def _failed(book: DayBook, feed: Feed, now: float, exc: Exception) -> SyncReport:
    """A read that failed: noted on the feed, which keeps what it brought before."""
    book.note_feed_read(feed.id, now, error=str(exc))
    log.info("calendar %s: %s", feed.name, exc)
    return SyncReport(feed.name, error=str(exc))


async def sync_all(
    book: DayBook,
    config: StudioConfig,
    library: PresetLibrary,
    now: float,
    addresses: Addresses | None = None,
) -> list[SyncReport]:
    """Every feed, one after the other."""
    return [await sync_feed(book, feed, config, library, now, addresses) for feed in book.feeds()]

"""Calendar feeds from a loopback HTTP server: repeats, a cancelled occurrence, DST, a broken event."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ambience.agenda.feeds import read_ics
from ambience.agenda.sync import MemoryAddresses, add_feed
from ambience.journal.daybook import Feed
from tests.agenda.studio import App
from tests.support.calendar import CalendarServer
from tests.support.virtual import EPOCH, run

# Monday 22 March 2027, 08:00 UTC: Europe moves its clocks forward on Sunday 28 March.
NOW = datetime(2027, 3, 22, 8, tzinfo=UTC).timestamp()

CALENDAR = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Studio bookings//EN
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:anna-daily
DTSTART;TZID=Europe/Berlin:20270326T100000
DTEND;TZID=Europe/Berlin:20270326T110000
RRULE:FREQ=DAILY;COUNT=4
SUMMARY:Anna - Deep tissue
LOCATION:Lotus
END:VEVENT
BEGIN:VEVENT
UID:anna-daily
RECURRENCE-ID;TZID=Europe/Berlin:20270327T100000
DTSTART;TZID=Europe/Berlin:20270327T100000
DTEND;TZID=Europe/Berlin:20270327T110000
STATUS:CANCELLED
SUMMARY:Anna - Deep tissue
END:VEVENT
BEGIN:VEVENT
UID:ben-once
DTSTART:20270323T130000Z
DTEND:20270323T133000Z
SUMMARY:Quick: Ben
LOCATION:Cedar room
END:VEVENT
BEGIN:VEVENT
UID:broken
DTSTART:not-a-date
SUMMARY:Broken one
END:VEVENT
END:VCALENDAR
"""


def utc(*args: int) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()


Addresses = MemoryAddresses


class SlowAddresses(MemoryAddresses):
    """A keyring that answers only once ``answer`` is set (a look-up that comes late)."""

    def __init__(self) -> None:
        super().__init__()
        self.answer = threading.Event()

    def get(self, feed_id: str) -> str | None:
        self.answer.wait(timeout=10)
        return super().get(feed_id)


@pytest.fixture
def calendar():
    server = CalendarServer(CALENDAR)
    yield server
    server.close()


async def app_reading(tmp_path, url: str, addresses: MemoryAddresses | None = None) -> tuple[App, Feed]:
    """At NOW, a studio subscribed to the calendar at ``url``, its address kept in ``addresses``."""
    await asyncio.sleep(NOW - EPOCH)
    addresses = Addresses() if addresses is None else addresses
    app = App(tmp_path)
    app.planner.addresses = addresses
    return app, add_feed(app.book, url, "Bookings", addresses=addresses)


async def app_reading_file(tmp_path, text: str = CALENDAR) -> tuple[App, Path]:
    """At NOW, a studio subscribed to ``text`` kept as an .ics file (its path, to change it)."""
    await asyncio.sleep(NOW - EPOCH)
    path = tmp_path / "bookings.ics"
    path.write_text(text, encoding="utf-8")
    app = App(tmp_path)
    add_feed(app.book, str(path))
    return app, path


def test_reading_a_calendar_expands_repeats_across_dst_and_leaves_out_what_is_broken_or_cancelled():
    read = read_ics(CALENDAR, NOW, NOW + 14 * 86400)
    assert [(e.summary, e.starts_at) for e in read.events] == [
        ("Quick: Ben", utc(2027, 3, 23, 13)),
        ("Anna - Deep tissue", utc(2027, 3, 26, 9)),  # 10:00 in Berlin, winter time
        ("Anna - Deep tissue", utc(2027, 3, 28, 8)),  # 10:00 in Berlin, summer time
        ("Anna - Deep tissue", utc(2027, 3, 29, 8)),
    ]
    assert len(read.problems) == 1 and "Broken one" in read.problems[0]


def test_a_feed_from_a_loopback_server_becomes_the_right_bookings(tmp_path, calendar):
    async def body():
        app, feed = await app_reading(tmp_path, calendar.url)
        assert "127.0.0.1" in feed.location and "basic.ics" not in feed.location  # the path may be secret
        (report,) = await app.planner.poll_feeds()
        assert report.error is None and len(report.added) == 4
        assert any("Broken one" in s for s in report.skipped)
        got = [(b.room_id, b.starts_at, b.preset, b.client, b.imported) for b in app.book.bookings()]
        assert got == [
            ("cedar", utc(2027, 3, 23, 13), "Quick", "Ben", True),
            ("lotus", utc(2027, 3, 26, 9), "Deep tissue", "Anna", True),
            ("lotus", utc(2027, 3, 28, 8), "Deep tissue", "Anna", True),
            ("lotus", utc(2027, 3, 29, 8), "Deep tissue", "Anna", True),
        ]
        (again,) = await app.planner.poll_feeds()  # nothing new: nothing changes
        assert not (again.added or again.changed or again.removed)
        assert len(app.book.bookings()) == 4
        await app.quit()

    run(body)


def test_a_feed_that_later_fails_keeps_its_last_good_bookings_and_says_why(tmp_path, calendar):
    async def body():
        app, _ = await app_reading(tmp_path, calendar.url)
        await app.planner.poll_feeds()
        calendar.status = 503
        (report,) = await app.planner.poll_feeds()
        assert "503" in report.error
        (feed,) = app.book.feeds()
        assert "503" in feed.last_error and feed.good_copy == CALENDAR
        assert len(app.book.bookings()) == 4
        # It is tried again soon, and recovers.
        assert app.scheduler.job_times()["agenda:feeds"] <= app.clock.now() + 60
        calendar.status = 200
        (report,) = await app.planner.poll_feeds()
        assert report.error is None and app.book.feeds()[0].last_error is None
        await app.quit()

    run(body)


def test_a_therapists_change_survives_the_next_poll(tmp_path, calendar):
    async def body():
        app, _ = await app_reading(tmp_path, calendar.url)
        await app.planner.poll_feeds()
        ben = next(b for b in app.book.bookings() if b.client == "Ben")
        app.planner.move(ben.id, utc(2027, 3, 23, 15))
        anna = next(b for b in app.book.bookings() if b.client == "Anna")
        app.planner.cancel(anna.id)
        calendar.body = CALENDAR.replace("ben-once", "ben-once").replace(
            "20270323T130000Z", "20270323T140000Z"
        )
        (report,) = await app.planner.poll_feeds()
        moved = app.book.booking(ben.id)
        assert moved.starts_at == utc(2027, 3, 23, 15) and moved.edited
        assert app.book.booking(anna.id).state.value == "cancelled"
        assert len(app.book.bookings()) == 4  # nothing came back twice
        assert {b.id for b in report.kept} >= {ben.id, anna.id}
        await app.quit()

    run(body)


def test_an_event_the_calendar_drops_is_removed_unless_the_studio_changed_it(tmp_path, calendar):
    async def body():
        app, _ = await app_reading(tmp_path, calendar.url)
        await app.planner.poll_feeds()
        calendar.body = CALENDAR.replace("UID:ben-once", "UID:ben-other").replace("Quick: Ben", "Quick: Bea")
        (report,) = await app.planner.poll_feeds()
        assert [b.client for b in report.removed] == ["Ben"]
        assert [b.client for b in report.added] == ["Bea"]
        await app.quit()

    run(body)


def test_an_ics_file_can_be_a_feed_and_an_unreadable_one_says_why(tmp_path):
    async def body():
        app, path = await app_reading_file(tmp_path)
        (report,) = await app.planner.poll_feeds()
        assert len(report.added) == 4
        path.write_text("this is not a calendar", encoding="utf-8")
        (report,) = await app.planner.poll_feeds()
        assert "not an iCalendar file" in report.error
        assert len(app.book.bookings()) == 4
        assert isinstance(app.book.feeds()[0], Feed)
        await app.quit()

    run(body)


def test_a_feed_removed_while_it_is_read_brings_nothing_and_a_name_changed_meanwhile_stays(
    tmp_path, calendar
):
    async def body():
        app, feed = await app_reading(tmp_path, calendar.url)
        reading = asyncio.ensure_future(app.planner.sync_feed(feed.id))
        await asyncio.sleep(0)  # the read has begun: the calendar is being fetched
        app.planner.change_feed(feed, "Online bookings", "cedar", None)
        await reading
        (read,) = app.book.feeds()
        assert (read.name, read.room_id, read.last_ok_at) == ("Online bookings", "cedar", app.clock.now())
        again = asyncio.ensure_future(app.planner.sync_feed(feed.id))
        await asyncio.sleep(0)
        bookings = len(app.book.bookings())
        app.planner.remove_feed(feed.id)
        report = await again
        assert report.error == "removed while it was being read"
        assert app.book.feeds() == [] and len(app.book.bookings()) <= bookings
        assert all(b.source != feed.id or b.edited for b in app.book.bookings())
        await app.quit()

    run(body)


def test_a_feed_removed_before_its_address_is_looked_up_says_it_was_removed(tmp_path, calendar):
    async def body():
        addresses = SlowAddresses()
        app, feed = await app_reading(tmp_path, calendar.url, addresses)
        reading = asyncio.ensure_future(app.planner.sync_feed(feed.id))
        await asyncio.sleep(0)  # the read has begun and waits for the keyring
        app.planner.remove_feed(feed.id)  # the address goes with the feed
        addresses.answer.set()
        report = await reading
        assert report.error == "removed while it was being read"  # not "no address in the keyring"
        assert app.book.feeds() == [] and app.book.bookings() == []
        await app.quit()

    run(body)

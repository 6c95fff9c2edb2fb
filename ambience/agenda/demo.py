"""The demo studio's day: three bookings (one from the bundled sample calendar), clients, a history.

So a presenter can show the day view, a room preheating and becoming Ready, a start for a
client who asked for no scent, and a history with the day's totals, with nothing to set up.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ambience.agenda.planner import Planner
from ambience.agenda.sync import MemoryAddresses, add_feed
from ambience.config.demo import DemoFolder
from ambience.config.rooms import StudioConfig, demo_studio
from ambience.engine.clock import SystemClock
from ambience.engine.recorder import SessionRecorder
from ambience.engine.scheduling import CueScheduler
from ambience.engine.studio import Studio
from ambience.journal.daybook import FILE_NAME as DAY_FILE
from ambience.journal.daybook import ClientPreferences, DayBook
from ambience.journal.journal import FILE_NAME as JOURNAL_FILE
from ambience.journal.journal import SessionJournal
from ambience.session.timeline import EventKind, Session

SAMPLE_CALENDAR = Path(__file__).with_name("sample-bookings.ics")
MIN = 60.0


def seed_demo_day(planner: Planner, recorder: SessionRecorder | None) -> None:
    """Fill an empty demo day book (and the demo's journal) with a believable day."""
    book = planner.book
    if book.bookings() or book.feeds():
        return
    studio = planner.studio
    now = planner.clock.now()
    rooms = [r.id for r in studio.config.rooms]
    first, second = rooms[0], rooms[-1]
    book.put_client(ClientPreferences("Anna", no_scent=True, volume=20.0, note="Quiet music, no oils"))
    book.put_client(ClientPreferences("Ben", warmth=1.5, preset="Swedish massage"))
    # Anna's booking begins in a quarter of an hour: the room preheats at once and is Ready soon.
    soon = math.ceil((now + 15 * MIN) / (5 * MIN)) * 5 * MIN
    planner.add(first, soon, _preset(planner, "Deep tissue"), client="Anna", notes="Shoulders")
    planner.add(first, soon + 90 * MIN, _preset(planner, "Swedish"), client="Ben")
    add_feed(book, str(SAMPLE_CALENDAR), "Online bookings (sample)", room_id=second)
    if recorder is not None:
        _earlier_today(planner, recorder, now, first, second)


def _preset(planner: Planner, name: str) -> str:
    try:
        return planner.studio.library.find(name).name
    except LookupError:
        return planner.studio.library.presets[0].name


def _earlier_today(planner: Planner, recorder: SessionRecorder, now: float, first: str, second: str) -> None:
    """Three finished sessions earlier in the day, so the history has something to total."""
    studio = planner.studio
    for room_id, began, preset, client, minutes, extra in (
        (first, now - 5 * 60 * MIN, "Swedish", "Dora", 60.0, EventKind.EXTEND),
        (second, now - 4 * 60 * MIN, "Express", None, 30.0, EventKind.PAUSE),
        (first, now - 2 * 60 * MIN, "Trigger", "Eli", 45.0, EventKind.SKIP),
    ):
        try:
            loaded = studio.library.find(preset)
        except LookupError:
            continue
        session = Session(studio.plan(loaded), client=client)
        session.add(EventKind.START, began)
        recorder.record_start(room_id, session)
        event = session.add(extra, began + 20 * MIN, minutes=5.0)
        recorder.record_event(session, event)
        if extra is EventKind.PAUSE:
            recorder.record_event(session, session.add(EventKind.RESUME, began + 23 * MIN))
        recorder.record_end(session, session.ended_at(began + (minutes + 10) * MIN) or began + minutes * MIN)
        planner.book.note_session(session.id, room_id, None, client, began)


@contextlib.contextmanager
def demo_day() -> Iterator[DemoDay]:
    """The demo studio's day as the demo panel opens on it (its bookings, the sample calendar read,
    its clients, the sessions earlier today), in a throw-away folder removed afterwards: what the
    terminal's commands show with ``--demo``, never the studio's own day book."""
    folder = DemoFolder.create()
    try:
        config = demo_studio(real_music=False).model_copy(update={"presets_dir": str(folder.presets_dir)})
        day = DemoDay(config, folder.path / DAY_FILE, folder.path / JOURNAL_FILE)
        asyncio.run(_seed(day))
        yield day
    finally:
        folder.remove()


@dataclass(frozen=True)
class DemoDay:
    """Where a demo's day is kept while a terminal command reads it."""

    config: StudioConfig
    book_path: Path
    journal_path: Path


async def _seed(day: DemoDay) -> None:
    clock = SystemClock()
    scheduler = CueScheduler.create(clock)  # never started: the day is written, nothing runs
    journal = SessionJournal(day.journal_path, clock=clock.now)
    book = DayBook(day.book_path)
    studio = Studio.build(day.config, clock, scheduler, recorder=journal)
    try:
        planner = Planner(studio, book, addresses=MemoryAddresses())
        seed_demo_day(planner, journal)
        await planner.poll_feeds()  # as the demo panel does when it opens
    finally:
        await studio.close()
        journal.close()
        book.close()

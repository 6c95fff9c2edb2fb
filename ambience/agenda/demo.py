"""The demo studio's day: three bookings (one from the bundled sample calendar), clients, a history.

So a presenter can show the day view, a room preheating and becoming Ready, a start for a
client who asked for no scent, and a history with the day's totals, with nothing to set up.
"""

from __future__ import annotations

import math
from pathlib import Path

from ambience.agenda.planner import Planner
from ambience.agenda.sync import add_feed
from ambience.engine.recorder import SessionRecorder
from ambience.journal.daybook import ClientPreferences
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

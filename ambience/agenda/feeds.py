"""Reading a booking calendar (ICS/iCal): its events, with repeats, time zones and cancellations.

``icalendar`` parses the file and ``recurring-ical-events`` expands repeating events (RRULE,
RDATE, EXDATE, moved or cancelled occurrences) in their own time zone, so an appointment at
10:00 stays at 10:00 across a daylight-saving change. Each event is read on its own: one broken
event is reported and skipped, never the whole calendar.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any


class FeedUnreadable(ValueError):
    """The text is not a calendar at all (the reason says why)."""


@dataclass(frozen=True)
class FeedEvent:
    """One appointment (one occurrence of a repeating one) as the calendar gives it."""

    uid: str  # the event's UID, and for a repeat the occurrence's start: unique in the feed
    starts_at: float
    ends_at: float
    summary: str
    location: str = ""
    description: str = ""


@dataclass
class FeedRead:
    """What a calendar holds in a window, and why any event in it was left out."""

    events: list[FeedEvent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_ics(text: str, start: float, end: float) -> FeedRead:
    """The events of ``text`` that start in [start, end); raises FeedUnreadable if it is no calendar."""
    # The calendar libraries load when a calendar is first read, not while the panel starts.
    import icalendar
    import recurring_ical_events

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as exc:  # the library raises several kinds for text that is not iCalendar
        raise FeedUnreadable(f"not an iCalendar file ({_short(exc)})") from exc
    if calendar.name != "VCALENDAR":
        raise FeedUnreadable("not an iCalendar file (no VCALENDAR)")
    zones = list(calendar.walk("VTIMEZONE"))
    groups: dict[str, list[Any]] = defaultdict(list)
    read = FeedRead()
    for index, event in enumerate(calendar.walk("VEVENT")):
        uid = str(event.get("UID") or f"no-uid-{index}")
        groups[uid].append(event)
    window = (datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC))
    for uid, events in groups.items():
        problem = _broken(events)
        if problem is not None:
            read.problems.append(f"{_title(events)}: {problem}; left out")
            continue
        single = icalendar.Calendar()
        for part in (*zones, *events):
            single.add_component(part)
        try:
            occurrences = recurring_ical_events.of(single).between(*window)
        except Exception as exc:  # a rule the library cannot expand: that event only is left out
            read.problems.append(f"{_title(events)}: {_short(exc)}; left out")
            continue
        repeats = any(e.get(name) is not None for e in events for name in ("RRULE", "RDATE", "RECURRENCE-ID"))
        for occurrence in occurrences:
            found = _event(uid, occurrence, repeats)
            if found is not None and start <= found.starts_at < end:
                read.events.append(found)
    read.events.sort(key=lambda e: (e.starts_at, e.uid))
    return read


def _broken(events: list[Any]) -> str | None:
    for event in events:
        errors = getattr(event, "errors", None)
        if errors:
            name, reason = errors[0]
            return f"{name} {reason}".strip()
        if event.get("DTSTART") is None:
            return "no start time"
    return None


def _event(uid: str, occurrence: Any, repeats: bool) -> FeedEvent | None:
    if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
        return None
    start = occurrence.decoded("DTSTART")
    if not isinstance(start, datetime):
        return None  # an all-day event (a holiday, a day off) books no room
    end = occurrence.decoded("DTEND") if occurrence.get("DTEND") is not None else None
    duration = occurrence.decoded("DURATION") if occurrence.get("DURATION") is not None else None
    if not isinstance(end, datetime):
        end = start + duration if duration is not None else start
    starts_at, ends_at = _epoch(start), _epoch(end)
    if repeats:
        # An occurrence is named by the time it was planned for, so a moved one keeps its name.
        planned = (
            occurrence.decoded("RECURRENCE-ID") if occurrence.get("RECURRENCE-ID") is not None else start
        )
        uid = f"{uid}@{datetime.fromtimestamp(_epoch(planned), UTC):%Y%m%dT%H%M%SZ}"
    return FeedEvent(
        uid=uid,
        starts_at=starts_at,
        ends_at=max(ends_at, starts_at),
        summary=str(occurrence.get("SUMMARY", "")).strip(),
        location=str(occurrence.get("LOCATION", "")).strip(),
        description=str(occurrence.get("DESCRIPTION", "")).strip(),
    )


def _epoch(moment: datetime | date) -> float:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a "floating" time is the studio's local time
    return moment.timestamp()


def _title(events: list[Any]) -> str:
    summary = next((str(e.get("SUMMARY")) for e in events if e.get("SUMMARY")), "")
    return f"event '{summary}'" if summary else "an event"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]

"""The owner's preview of a calendar: how its upcoming events become bookings under today's rules.

Worked out from the feed's last good copy (nothing is fetched and nothing is written), with the
same steps as a sync, so what the preview says is what the next sync does: each event's room,
preset and client and where each came from, or the reason it makes no booking.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ambience.agenda.feeds import FeedUnreadable
from ambience.agenda.sync import EventOutcome, Outcome, plan_merge
from ambience.config.library import PresetLibrary
from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import DayBook, Feed

MAX_LINES = 200


@dataclass
class FeedPreview:
    """A feed's upcoming events and what becomes of each; ``error`` when there is nothing to show."""

    feed: Feed
    outcomes: list[EventOutcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # broken events, left out
    error: str | None = None

    @property
    def unmapped(self) -> list[EventOutcome]:
        return [o for o in self.outcomes if o.outcome is Outcome.SKIPPED]


def preview_feed(
    book: DayBook, feed: Feed, config: StudioConfig, library: PresetLibrary, now: float
) -> FeedPreview:
    """The feed's events that have not ended yet, mapped with the rules as they are now."""
    if feed.good_copy is None:
        reason = f"not read yet ({feed.last_error})" if feed.last_error else "not read yet"
        return FeedPreview(feed, error=reason)
    try:
        plan = plan_merge(book, feed, feed.good_copy, config, library, now)
    except FeedUnreadable as exc:
        return FeedPreview(feed, error=str(exc))
    upcoming = [o for o in plan.outcomes if o.event.ends_at > now][:MAX_LINES]
    return FeedPreview(feed, upcoming, plan.problems)


def outcome_words(o: EventOutcome, room_names: dict[str, str]) -> tuple[str, str]:
    """What the event becomes (``Lavender room · Deep tissue · Anna``) and how, or why it makes none."""
    if o.outcome is Outcome.SKIPPED or o.mapped is None:
        return "Not booked", o.reason[:1].upper() + o.reason[1:]
    m = o.mapped
    shown = o.booking if o.outcome in (Outcome.KEPT, Outcome.DONE) and o.booking is not None else None
    room_id = shown.room_id if shown else m.room_id
    preset = shown.preset if shown else m.preset
    client = (shown.client if shown else m.client) or "no client"
    what = f"{room_names.get(room_id, room_id)} · {preset} · {client}"
    how = [f"room from {m.room_by}", f"preset from {m.preset_by}"]
    how.append(f"client from {m.client_by}" if m.client_by else "no client named")
    state = {
        Outcome.BOOKED: "Booked",
        Outcome.NEW: "Booked at the next sync",
        Outcome.CHANGES: "Changes at the next sync",
        Outcome.KEPT: "Kept as changed in the studio",
        Outcome.DONE: f"Booking {shown.state.value}" if shown else "Done",
    }[o.outcome]
    return what, f"{state} · " + ", ".join(how)

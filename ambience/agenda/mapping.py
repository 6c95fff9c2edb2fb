"""Turning a calendar event into a booking: which room, which preset, which client.

The owner's rules come first (a keyword in the event's title or location names a room or a
preset); then a room whose name is in the location or title, a preset whose name is in the
title or description; then the feed's own room and preset. The client is the part of the
title that names neither (``Anna – Deep tissue`` → Anna).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ambience.agenda.feeds import FeedEvent
from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import Feed, FeedRule

SEPARATORS = re.compile(r"\s+[-–—|·/]\s+|[:,;()\[\]]")


@dataclass(frozen=True)
class Mapped:
    """An event with its room, preset and client found."""

    event: FeedEvent
    room_id: str
    preset: str
    client: str | None


def map_event(
    event: FeedEvent,
    config: StudioConfig,
    presets: Sequence[str],
    rules: Sequence[FeedRule],
    feed: Feed,
) -> Mapped | str:
    """The booking an event makes, or the reason it makes none."""
    where = f"{event.location} {event.summary}".casefold()
    what = f"{event.summary} {event.description}".casefold()
    room_id = _rule(rules, "room", where)
    if room_id is None:
        room_id = next((r.id for r in config.rooms if _names_room(r.id, r.name, where)), None)
    room_id = room_id or feed.room_id
    if room_id is None or room_id not in {r.id for r in config.rooms}:
        return f"'{event.summary}': no room named in its title or location (add a rule)"
    preset = _rule(rules, "preset", what)
    if preset is None:
        preset = next((p for p in sorted(presets, key=len, reverse=True) if p.casefold() in what), None)
    preset = preset or feed.preset
    if preset is None:
        return f"'{event.summary}': no preset named in its title (add a rule)"
    room_name = next(r.name for r in config.rooms if r.id == room_id)
    words = [preset, room_name, room_id, _short_room(room_name)]
    words += [r.keyword for r in rules]
    return Mapped(event, room_id, preset, client_of(event.summary, words))


def client_of(summary: str, words: Sequence[str]) -> str | None:
    """The first part of the title that is not a preset, room or rule word."""
    known = [w.casefold() for w in words if w]
    for part in SEPARATORS.split(summary):
        text = part.strip()
        if text and not any(k in text.casefold() or text.casefold() in k for k in known):
            return text[:60]
    return None


def _rule(rules: Sequence[FeedRule], kind: str, text: str) -> str | None:
    for rule in rules:
        if rule.kind == kind and rule.keyword.casefold() in text:
            return rule.target
    return None


def _short_room(name: str) -> str:
    """ "Lotus room" is often written "Lotus"."""
    return re.sub(r"\s+room$", "", name.strip(), flags=re.IGNORECASE)


def _names_room(room_id: str, name: str, text: str) -> bool:
    return any(
        re.search(rf"\b{re.escape(word.casefold())}\b", text) for word in (room_id, name, _short_room(name))
    )

"""Turning a calendar event into a booking: which room, which preset, which client, and why.

The owner's rules come first (a keyword in the event's title or location names a room, a
preset or a client); then a room whose name is in the location or title, a preset whose name is
in the title or description; then the feed's own room and preset. The client is the part of the
title that names none of these (``Anna – Deep tissue`` → Anna), unless a client rule names them.
Each answer says where it came from, so the owner's preview can show why an event maps as it does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ambience.agenda.feeds import FeedEvent
from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import Feed, FeedRule

SEPARATORS = re.compile(r"\s+[-–—|·/]\s+|[:,;()\[\]]")
MAX_CLIENT_CHARS = 60


@dataclass(frozen=True)
class Mapped:
    """An event with its room, preset and client found, and how each was found."""

    event: FeedEvent
    room_id: str
    preset: str
    client: str | None
    room_by: str = ""  # "rule “upstairs”", "its location", "its title", "the calendar's room"
    preset_by: str = ""
    client_by: str = ""


@dataclass(frozen=True)
class Unmapped:
    """An event that makes no booking, and the reason in the owner's words."""

    event: FeedEvent
    reason: str

    def __str__(self) -> str:
        return f"'{self.event.summary}': {self.reason}"


def map_event(
    event: FeedEvent,
    config: StudioConfig,
    presets: Sequence[str],
    rules: Sequence[FeedRule],
    feed: Feed,
) -> Mapped | Unmapped:
    """The booking an event makes, or the reason it makes none."""
    location, title = event.location.casefold(), event.summary.casefold()
    what = f"{event.summary} {event.description}".casefold()
    rooms = {r.id: r for r in config.rooms}

    room_id: str | None
    rule = _rule(rules, "room", f"{location} {title}")
    if rule is not None:
        if rule.target not in rooms:
            return Unmapped(event, f"the rule “{rule.keyword}” names a room the studio no longer has")
        room_id, room_by = rule.target, f"rule “{rule.keyword}”"
    else:
        room_id, room_by = _named_room(config, location, title)
        if room_id is None and feed.room_id is not None and feed.room_id in rooms:
            room_id, room_by = feed.room_id, "the calendar's room"
    if room_id is None:
        return Unmapped(event, "no room named in its title or location (add a rule)")

    rule = _rule(rules, "preset", what)
    preset_by = f"rule “{rule.keyword}”" if rule is not None else ""
    preset = rule.target if rule is not None else None
    if preset is None:
        preset = next((p for p in sorted(presets, key=len, reverse=True) if _has(what, p)), None)
        preset_by = "its title" if preset is not None else ""
    if preset is None and feed.preset:
        preset, preset_by = feed.preset, "the calendar's preset"
    if preset is None:
        return Unmapped(event, "no preset named in its title (add a rule)")

    client, client_by = None, ""
    rule = next((r for r in _matching(rules, "client", title) if r.target), None)
    if rule is not None:
        client, client_by = rule.target, f"rule “{rule.keyword}”"
    else:
        room_name = rooms[room_id].name
        words = [preset, room_name, room_id, _short_room(room_name), *(r.keyword for r in rules)]
        client = client_of(event.summary, words)
        client_by = "its title" if client else ""
    return Mapped(event, room_id, preset, client, room_by, preset_by, client_by)


def client_of(summary: str, words: Sequence[str]) -> str | None:
    """The first part of the title that is not a preset, room or rule word."""
    known = [w for w in words if w.strip()]
    for part in SEPARATORS.split(summary):
        text = part.strip()
        if text and not any(_has(text, k) or _has(k, text) for k in known):
            return text[:MAX_CLIENT_CHARS]
    return None


def _matching(rules: Sequence[FeedRule], kind: str, text: str) -> list[FeedRule]:
    return [rule for rule in rules if rule.kind == kind and _has(text, rule.keyword)]


def _rule(rules: Sequence[FeedRule], kind: str, text: str) -> FeedRule | None:
    found = _matching(rules, kind, text)
    return found[0] if found else None


def _has(text: str, word: str) -> bool:
    """``word`` in ``text`` (both any case), not as part of a longer word ("AJ" is not in "Ajax")."""
    word = word.strip().casefold()
    if not word:
        return False
    before = r"(?<!\w)" if word[0].isalnum() else ""
    after = r"(?!\w)" if word[-1].isalnum() else ""
    return re.search(before + re.escape(word) + after, text.casefold()) is not None


def _named_room(config: StudioConfig, location: str, title: str) -> tuple[str | None, str]:
    for text, where in ((location, "its location"), (title, "its title")):
        for room in config.rooms:
            if any(_has(text, word) for word in (room.id, room.name, _short_room(room.name))):
                return room.id, where
    return None, ""


def _short_room(name: str) -> str:
    """ "Lotus room" is often written "Lotus"."""
    return re.sub(r"\s+room$", "", name.strip(), flags=re.IGNORECASE)

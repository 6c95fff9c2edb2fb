"""The owner's rules for calendar events, in words: what each kind does, its target, its problems."""

from __future__ import annotations

from collections.abc import Sequence

from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import RULE_KINDS, FeedRule

MAX_KEYWORD_CHARS = 60
KIND_TITLES = {"room": "Room", "preset": "Preset", "client": "Client"}
KIND_HELP = {
    "room": "When the word is in an event's location or title, the booking is in this room.",
    "preset": "When the word is in an event's title or description, the booking is for this preset.",
    "client": "When the word is in an event's title, the booking is for this client; or mark the "
    "word as no one's name, so it is never taken for the client.",
}


def target_words(rule: FeedRule, room_names: dict[str, str]) -> str:
    """``Lavender room``, ``Deep tissue``, ``Anna``, or ``not a client's name``."""
    if rule.kind == "room":
        return room_names.get(rule.target, f"{rule.target} (no longer a room)")
    if rule.kind == "client" and not rule.target:
        return "not a client's name"
    return rule.target


def check_rule(
    kind: str,
    keyword: str,
    target: str,
    config: StudioConfig,
    presets: Sequence[str],
    rules: Sequence[FeedRule] = (),
    rule_id: int | None = None,
) -> str:
    """The rule's problem in the owner's words ("" when it can be saved)."""
    keyword, target = keyword.strip(), target.strip()
    if kind not in RULE_KINDS:
        return "choose what the word names: a room, a preset or a client"
    if not keyword:
        return "type the word to look for in the events"
    if len(keyword) > MAX_KEYWORD_CHARS or not keyword.isprintable():
        return f"the word: one line of at most {MAX_KEYWORD_CHARS} characters"
    if kind == "room" and target not in {r.id for r in config.rooms}:
        return "choose the room"
    if kind == "preset" and target not in presets:
        return "choose the preset"
    if kind == "client" and (len(target) > 60 or not target.isprintable()):
        return "the client's name: one line of at most 60 characters"
    for rule in rules:
        if rule.id != rule_id and rule.kind == kind and rule.keyword.casefold() == keyword.casefold():
            return f"there is already a {kind} rule for “{rule.keyword}”"
    return ""

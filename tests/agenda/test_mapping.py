"""Calendar events to bookings: rules first, then names in the event, then the feed's own; each says how."""

from __future__ import annotations

from ambience.agenda.feeds import FeedEvent
from ambience.agenda.mapping import Mapped, Unmapped, map_event
from ambience.agenda.rules import check_rule, target_words
from ambience.journal.daybook import DayBook, Feed, FeedRule
from tests.agenda.studio import studio_config

PRESETS = ["Deep tissue", "Quick", "Swedish massage"]
FEED = Feed("f1", "Bookings", "/tmp/x.ics", False)


def event(summary: str, location: str = "", description: str = "") -> FeedEvent:
    return FeedEvent("uid", 1_800_000_000.0, 1_800_003_600.0, summary, location, description)


def test_a_room_and_a_preset_named_in_the_event_map_with_the_rest_of_the_title_as_the_client():
    mapped = map_event(event("Anna - Deep tissue", "Lotus"), studio_config(), PRESETS, [], FEED)
    assert isinstance(mapped, Mapped)
    assert (mapped.room_id, mapped.preset, mapped.client) == ("lotus", "Deep tissue", "Anna")
    assert (mapped.room_by, mapped.preset_by, mapped.client_by) == ("its location", "its title", "its title")


def test_the_owners_rules_come_before_the_names_in_the_event():
    rules = [
        FeedRule(1, "room", "upstairs", "cedar"),
        FeedRule(2, "preset", "60 min", "Quick"),
        FeedRule(3, "client", "AJ", "Anna Jones"),
    ]
    mapped = map_event(
        event("AJ 60 min deep tissue", "Lotus, upstairs"), studio_config(), PRESETS, rules, FEED
    )
    assert isinstance(mapped, Mapped)
    assert (mapped.room_id, mapped.preset, mapped.client) == ("cedar", "Quick", "Anna Jones")
    assert mapped.room_by == "rule “upstairs”" and mapped.client_by == "rule “AJ”"


def test_a_rule_word_matches_whole_words_only():
    rules = [FeedRule(1, "client", "AJ", "Anna Jones")]
    mapped = map_event(event("Ajax - Quick", "Lotus"), studio_config(), PRESETS, rules, FEED)
    assert isinstance(mapped, Mapped) and mapped.client == "Ajax"


def test_a_word_marked_as_no_name_is_never_taken_for_the_client():
    rules = [FeedRule(1, "client", "Appointment", "")]
    mapped = map_event(event("Appointment: Ben - Quick", "Lotus"), studio_config(), PRESETS, rules, FEED)
    assert isinstance(mapped, Mapped) and mapped.client == "Ben"
    plain = map_event(event("Appointment: Ben - Quick", "Lotus"), studio_config(), PRESETS, [], FEED)
    assert isinstance(plain, Mapped) and plain.client == "Appointment"


def test_the_feeds_room_and_preset_serve_events_that_name_none():
    feed = Feed("f1", "Bookings", "/tmp/x.ics", False, room_id="cedar", preset="Quick")
    mapped = map_event(event("Ben"), studio_config(), PRESETS, [], feed)
    assert isinstance(mapped, Mapped)
    assert (mapped.room_id, mapped.preset, mapped.client) == ("cedar", "Quick", "Ben")
    assert (mapped.room_by, mapped.preset_by) == ("the calendar's room", "the calendar's preset")


def test_an_event_that_names_no_room_or_preset_says_why():
    no_room = map_event(event("Anna - Deep tissue"), studio_config(), PRESETS, [], FEED)
    assert isinstance(no_room, Unmapped) and "no room named" in no_room.reason
    no_preset = map_event(event("Anna", "Lotus"), studio_config(), PRESETS, [], FEED)
    assert isinstance(no_preset, Unmapped) and "no preset named" in no_preset.reason
    gone = map_event(
        event("Anna - Quick", "attic"), studio_config(), PRESETS, [FeedRule(1, "room", "attic", "old")], FEED
    )
    assert isinstance(gone, Unmapped) and "no longer has" in gone.reason
    assert str(gone).startswith("'Anna - Quick': the rule “attic”")


def test_rules_are_kept_changed_and_checked_in_the_owners_words(tmp_path):
    config = studio_config()
    with DayBook(tmp_path / "day.sqlite3") as book:
        rule = book.add_rule("room", " upstairs ", "cedar")
        assert book.rules() == [FeedRule(rule.id, "room", "upstairs", "cedar")]
        book.put_rule(FeedRule(rule.id, "room", "first floor", "lotus"))
        (changed,) = book.rules()
        assert (changed.keyword, changed.target) == ("first floor", "lotus")
        assert target_words(changed, {"lotus": "Lotus room"}) == "Lotus room"
        no_name = book.add_rule("client", "Appointment", "")
        assert target_words(no_name, {}) == "not a client's name"
        rules = book.rules()
    assert check_rule("room", "First Floor", "cedar", config, PRESETS, rules) == (
        "there is already a room rule for “first floor”"
    )
    assert check_rule("room", "First Floor", "cedar", config, PRESETS, rules, rule_id=changed.id) == ""
    assert check_rule("room", "x", "attic", config, PRESETS) == "choose the room"
    assert check_rule("preset", "x", "Nope", config, PRESETS) == "choose the preset"
    assert check_rule("preset", " ", "Quick", config, PRESETS) == "type the word to look for in the events"

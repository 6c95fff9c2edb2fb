"""The owner's calendars screen: a calendar from a loopback server, its state, rules, a preview."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ambience.ui.calendars.feed_editor import FeedEditor
from ambience.ui.calendars.page import CalendarsPage
from ambience.ui.calendars.rule_editor import RuleEditor
from ambience.ui.owner.pin_dialog import PinDialog
from ambience.ui.panel.dialogs import Question
from ambience.ui.qt import Qt
from tests.support.calendar import CalendarServer
from tests.ui.conftest import START, WAIT_MS

LEFT = Qt.MouseButton.LeftButton
HOUR = 3600.0


def stamp(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y%m%dT%H%M%SZ")


def event(uid: str, at: float, minutes: int, summary: str, location: str = "") -> str:
    where = f"LOCATION:{location}\n" if location else ""
    return (
        f"BEGIN:VEVENT\nUID:{uid}\nDTSTART:{stamp(at)}\nDTEND:{stamp(at + minutes * 60)}\n"
        f"SUMMARY:{summary}\n{where}END:VEVENT\n"
    )


CALENDAR = (
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Online bookings//EN\n"
    + event("anna", START + 2 * HOUR, 30, "Anna - Relax", "Lavender")
    + event("ben", START + 3 * HOUR, 20, "Ben: Express", "Cedar room")
    + event("cleo", START + 5 * HOUR, 30, "Upstairs - Cleo - Relax")
    + "END:VCALENDAR\n"
)


@pytest.fixture
def calendar():
    server = CalendarServer(CALENDAR)
    yield server
    server.close()


def open_page(p) -> CalendarsPage:
    return p.open_owner_screen(p.window.open_calendars, CalendarsPage)


def add_by_address(p, page: CalendarsPage, url: str, name: str = "Online bookings") -> None:
    p.qtbot.mouseClick(page.feeds_tab.add_button, LEFT)
    editor = page.dialog
    assert isinstance(editor, FeedEditor)
    editor.address.setText(url)
    editor.name.setText(name)
    p.qtbot.mouseClick(editor.save_button, LEFT)
    p.qtbot.waitUntil(
        lambda: page.dialog is None and bool(p.book.feeds()) and not page.reading, timeout=WAIT_MS
    )


def test_the_calendars_open_in_owner_mode_from_the_owners_menu(day_panel):
    p = day_panel
    titles = [e.title for e in p.window.owner_entries()]
    assert "Calendars" in titles and "Clients" in titles
    p.window.open_calendars()
    assert isinstance(p.window.owner.prompt, PinDialog) and p.window.dialog is None


def test_a_calendar_added_by_its_address_brings_its_bookings(day_panel, calendar):
    p = day_panel
    page = open_page(p)
    add_by_address(p, page, calendar.url)
    (feed,) = p.book.feeds()
    assert feed.name == "Online bookings" and "basic.ics" not in feed.location  # the secret part stays out
    assert p.planner.addresses.get(feed.id) == calendar.url
    got = [(b.room_id, b.preset, b.client, b.imported) for b in p.book.bookings()]
    assert got == [("lavender", "Relax", "Anna", True), ("cedar", "Express", "Ben", True)]
    card = page.feeds_tab.cards[feed.id]
    assert card.state.text().startswith("Read at ") and "2 bookings to come" in card.state.text()
    assert "next read at" in card.state.text()
    assert page.status.text() == "Online bookings: 2 new; 1 event not booked (see Preview)."
    p.window.dialog.accept()
    p.qtbot.waitUntil(lambda: p.window.dialog is None)
    p.window.open_day()
    (row,) = p.window.dialog.rows
    assert row.who.text() == "Anna  ·  from the calendar"


def test_a_failing_calendar_says_why_and_when_it_is_tried_again(day_panel, calendar):
    p = day_panel
    p.advance(1)  # the first read of the calendars (there are none yet) is behind us
    page = open_page(p)
    add_by_address(p, page, calendar.url)
    (feed,) = p.book.feeds()
    calendar.status = 404
    card = page.feeds_tab.cards[feed.id]
    p.qtbot.mouseClick(card.read_button, LEFT)
    p.qtbot.waitUntil(lambda: not page.reading and p.book.feeds()[0].last_error is not None, timeout=WAIT_MS)
    text = card.state.text()
    assert text.startswith("Not read since ") and "the calendar answered 404" in text
    retry = datetime.fromtimestamp(START + 60).strftime("%H:%M")
    assert f"trying again at {retry}" in text and "Its 2 bookings to come stay as they were" in text
    assert card.state.property("role") == "warning"
    assert len(p.book.bookings()) == 2  # the last good copy's bookings stay

    calendar.status = 503
    add_by_address(p, page, calendar.url, "Second calendar")
    second = next(f for f in p.book.feeds() if f.name == "Second calendar")
    p.qtbot.waitUntil(lambda: page.feeds_tab.cards[second.id].read_button.isEnabled(), timeout=WAIT_MS)
    assert page.feeds_tab.cards[second.id].state.text().startswith("Could not be read")
    assert page.status.text() == "Second calendar: not read (the calendar answered 503 Service Unavailable)."


def test_an_address_that_is_no_address_is_refused_in_the_editor(day_panel):
    p = day_panel
    page = open_page(p)
    p.qtbot.mouseClick(page.feeds_tab.add_button, LEFT)
    editor = page.dialog
    p.qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.error.text() == "Type the calendar's address."
    editor.address.setText("ftp://example.invalid/cal.ics")
    p.qtbot.mouseClick(editor.save_button, LEFT)
    p.qtbot.waitUntil(lambda: editor.error.isVisible() and "starts with https://" in editor.error.text())
    assert p.book.feeds() == [] and page.dialog is editor


def test_a_rule_added_on_the_screen_shows_in_the_preview_and_changes_the_next_read(day_panel, calendar):
    p = day_panel
    page = open_page(p)
    add_by_address(p, page, calendar.url)
    page.show_tab("preview")
    p.qtbot.waitUntil(lambda: len(page.preview_tab.rows) == 3, timeout=WAIT_MS)
    cleo = page.preview_tab.rows[2]
    assert cleo.what.text() == "✕ Not booked" and cleo.how.text().startswith("No room named")

    page.show_tab("rules")
    p.qtbot.mouseClick(page.rules_tab.add_button, LEFT)
    editor = page.dialog
    assert isinstance(editor, RuleEditor)
    editor.keyword.setText("Upstairs")
    p.qtbot.mouseClick(editor.room.buttons["cedar"], LEFT)
    p.qtbot.mouseClick(editor.save_button, LEFT)
    assert page.dialog is None
    assert page.rules_tab.row("Upstairs").words.text() == "“Upstairs”  →  Cedar room"
    assert "next read books by it" in page.status.text()
    assert [b.client for b in p.book.bookings()] == ["Anna", "Ben"]  # nothing booked before the read

    page.show_tab("preview")
    p.qtbot.waitUntil(lambda: page.preview_tab.rows[2].what.text().startswith("→"), timeout=WAIT_MS)
    cleo = page.preview_tab.rows[2]
    assert cleo.what.text() == "→ Cedar room · Relax · Cleo"
    assert cleo.how.text().startswith("Booked at the next sync · room from rule “Upstairs”")

    p.qtbot.mouseClick(page.read_all_button, LEFT)
    p.qtbot.waitUntil(lambda: len(p.book.bookings()) == 3, timeout=WAIT_MS)
    booked = p.book.bookings()[2]
    assert (booked.room_id, booked.client, booked.preset) == ("cedar", "Cleo", "Relax")

    # The same word twice is refused with the reason; a rule changed moves the booking at the next read.
    page.show_tab("rules")
    p.qtbot.mouseClick(page.rules_tab.add_button, LEFT)
    twice = page.dialog
    twice.keyword.setText("upstairs")
    p.qtbot.mouseClick(twice.room.buttons["lavender"], LEFT)
    p.qtbot.mouseClick(twice.save_button, LEFT)
    assert twice.error.text() == "There is already a room rule for “Upstairs”."
    p.qtbot.mouseClick(twice.close_button, LEFT)
    p.qtbot.mouseClick(page.rules_tab.row("Upstairs").change_button, LEFT)
    change = page.dialog
    p.qtbot.mouseClick(change.room.buttons["lavender"], LEFT)
    p.qtbot.mouseClick(change.save_button, LEFT)
    p.qtbot.mouseClick(page.read_all_button, LEFT)
    p.qtbot.waitUntil(lambda: p.book.bookings()[2].room_id == "lavender", timeout=WAIT_MS)


def test_a_client_rule_names_the_client_or_marks_a_word_as_no_name(day_panel, calendar):
    p = day_panel
    page = open_page(p)
    p.qtbot.mouseClick(page.rules_tab.add_button, LEFT)
    editor = page.dialog
    p.qtbot.mouseClick(editor.kind.buttons["client"], LEFT)
    editor.keyword.setText("Upstairs")
    p.qtbot.mouseClick(editor.save_button, LEFT)
    assert "Type the client's name" in editor.error.text()
    p.qtbot.mouseClick(editor.no_name, LEFT)
    assert not editor.client.isEnabled()
    p.qtbot.mouseClick(editor.save_button, LEFT)
    assert page.rules_tab.row("Upstairs").words.text() == "“Upstairs”  →  not a client's name"


def test_removing_a_calendar_asks_first_and_takes_its_bookings_away(day_panel, calendar):
    p = day_panel
    page = open_page(p)
    add_by_address(p, page, calendar.url)
    (feed,) = p.book.feeds()
    p.qtbot.mouseClick(page.feeds_tab.cards[feed.id].remove_button, LEFT)
    question = page.dialog
    assert isinstance(question, Question)
    assert "Its 2 bookings to come that nobody changed in the studio go" in question.body.text()
    assert "keyring" in question.body.text()
    p.qtbot.mouseClick(question.cancel_button, LEFT)
    assert len(p.book.feeds()) == 1
    p.qtbot.mouseClick(page.feeds_tab.cards[feed.id].remove_button, LEFT)
    p.qtbot.mouseClick(page.dialog.confirm_button, LEFT)
    assert p.book.feeds() == [] and p.book.bookings() == []
    assert p.planner.addresses.get(feed.id) is None
    assert page.feeds_tab.empty.isVisible()


def test_a_calendar_file_is_added_and_read(day_panel, tmp_path):
    p = day_panel
    path = tmp_path / "bookings.ics"
    path.write_text(CALENDAR, encoding="utf-8")
    page = open_page(p)
    p.qtbot.mouseClick(page.feeds_tab.add_button, LEFT)
    editor = page.dialog
    editor.use_file(str(path))
    p.qtbot.mouseClick(editor.room.buttons["lavender"], LEFT)
    p.qtbot.mouseClick(editor.save_button, LEFT)
    p.qtbot.waitUntil(
        lambda: page.dialog is None and not page.reading and bool(p.book.feeds()), timeout=WAIT_MS
    )
    (feed,) = p.book.feeds()
    assert (feed.name, feed.location, feed.room_id) == ("bookings", str(path), "lavender")
    # The calendar's own room serves the event that named none.
    assert [b.room_id for b in p.book.bookings()] == ["lavender", "cedar", "lavender"]
    assert page.feeds_tab.cards[feed.id].defaults.text() == "Events that name none go to Lavender room."

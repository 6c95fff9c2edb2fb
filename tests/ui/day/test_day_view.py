"""The day on the panel: the day view in one touch, booking by touch, Ready, a client's line, history."""

from __future__ import annotations

from ambience.journal.daybook import ClientPreferences
from ambience.session.roomstate import Status
from ambience.ui.day.booking_editor import BookingEditor
from ambience.ui.day.day_view import DayView
from ambience.ui.history.history_view import HistoryView
from ambience.ui.qt import Qt
from tests.ui.conftest import START

MIN = 60.0
LEFT = Qt.MouseButton.LeftButton


def test_the_day_view_opens_in_one_touch_on_the_room_shown(day_panel, qtbot):
    p = day_panel
    p.planner.add("lavender", START + 2 * 3600, "Relax", client="Anna", notes="Shoulders")
    p.window.show_room(0)
    qtbot.mouseClick(p.window.day_button, LEFT)
    view = p.window.dialog
    assert isinstance(view, DayView) and view.room_id == "lavender"
    (row,) = view.rows
    assert row.what.text() == "Relax" and row.who.text() == "Anna" and row.state.text() == "Booked"
    assert "Shoulders" in row.extra.text()


def test_a_booking_is_added_by_touch_and_an_overlap_is_refused_with_its_reason(day_panel, qtbot):
    p = day_panel
    qtbot.mouseClick(p.window.day_button, LEFT)
    view = p.window.dialog
    qtbot.mouseClick(view.add_button, LEFT)
    editor = view.editor
    assert isinstance(editor, BookingEditor)
    assert editor.room.currentData() == "lavender" and editor.preset.currentData()  # pre-selected
    before = editor.time.minutes()
    qtbot.mouseClick(editor.time.buttons["hour+"], LEFT)
    assert editor.time.minutes() == (before + 60) % (24 * 60)
    editor.client.setCurrentText("Anna")
    qtbot.mouseClick(editor.save_button, LEFT)
    (booking,) = p.book.bookings()
    assert booking.client == "Anna" and booking.room_id == "lavender"
    assert len(view.rows) == 1

    qtbot.mouseClick(view.add_button, LEFT)
    clash = view.editor
    clash.time.set_minutes(editor.time.minutes())
    qtbot.mouseClick(clash.save_button, LEFT)
    assert clash.isVisible() and "already booked" in clash.error.text()
    assert len(p.book.bookings()) == 1


def test_a_booked_room_becomes_ready_and_starts_for_a_client_with_no_scent(day_panel, qtbot):
    p = day_panel
    p.book.put_client(ClientPreferences("Anna", no_scent=True))
    at = START + 30 * MIN
    p.planner.add("lavender", at, "Relax", client="Anna")
    p.advance(30 * MIN + 1)
    page = p.window.page_for("lavender")
    assert p.room("lavender").state().ready
    assert page.running.phase.text() == "Ready for Anna"
    assert "touch Start" in page.running.next.text()
    assert page.running.client.text() == "No scent for Anna"
    assert page.controls.currentIndex() == 3 and page.start_booked_button.isVisible()
    qtbot.mouseClick(page.start_booked_button, LEFT)
    p.advance(6 * MIN)
    assert p.room("lavender").state().status is Status.RUNNING
    assert not p.device("lavender", "diffuser").reading().on  # Relax would scent the room now
    assert page.running.client.text() == "No scent for Anna"


def test_a_booked_room_that_is_ready_says_ready_on_its_tab_too(day_panel):
    p = day_panel
    p.planner.add("lavender", START + 30 * MIN, "Relax", client="Anna")
    p.advance(30 * MIN + 1)
    (tab, _) = p.window.room_buttons
    assert p.window.page_for("lavender").running.status.text() == "Ready"
    assert tab.status.text() == "Ready · Anna"


def test_start_now_for_a_picked_client_applies_their_preferences(day_panel, qtbot):
    p = day_panel
    p.book.put_client(ClientPreferences("Ben", no_scent=True))
    page = p.window.page_for("lavender")
    qtbot.mouseClick(page.client_button, LEFT)
    picker = page.dialog
    (button,) = picker.buttons
    qtbot.mouseClick(button, LEFT)
    assert page.client_button.text() == "For Ben"
    page.room.start(p.studio.library.find("Relax"))
    p.advance(MIN)
    assert p.room("lavender").snapshot().client == "Ben"
    assert p.room("lavender").state().no_scent


def test_the_history_shows_the_days_sessions_and_totals(day_panel, qtbot, tmp_path):
    p = day_panel
    page = p.window.page_for("lavender")
    page.room.client = "Cleo"
    page.room.start(p.studio.library.find("Relax"))
    p.advance(31 * MIN)
    p.journal.flush()
    p.window._open_history()
    view = p.window.dialog
    assert isinstance(view, HistoryView)
    assert len(view.rows) == 1 and view.rows[0].client == "Cleo"
    assert view.summary.text().startswith("1 session")
    view.export_dir = tmp_path / "exports"
    path = view.export()
    assert path is not None and "Cleo" in path.read_text(encoding="utf-8")

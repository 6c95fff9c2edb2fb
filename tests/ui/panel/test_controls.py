"""Pause/Resume, -5 and +5 min, Next phase (asked first, undone), Stop, Lights up and volume."""

from __future__ import annotations

from ambience.session.roomstate import Status
from ambience.session.timeline import LIGHTS_UP_LEVEL
from ambience.ui.qt import Qt
from tests.ui.panel.test_start import start

MIN = 60.0


def click(panel, button):
    panel.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    panel.settle()


def test_pause_resume_extend_and_next_phase_follow_the_timeline(panel):
    page = start(panel)
    view = page.running
    panel.advance(10 * MIN)
    assert (view.phase.text(), view.countdown.text()) == ("Treatment", "20:00")
    assert view.next.text().startswith("Next: Wake-up at ")

    click(panel, page.pause_button)
    assert view.status.text() == "❚❚ PAUSED" and page.pause_button.text() == "Resume"
    panel.advance(5 * MIN)
    assert view.countdown.text() == "20:00"  # a paused session keeps its time
    assert not panel.device("lavender", "diffuser").reading().on

    click(panel, page.pause_button)
    panel.advance(1 * MIN)
    assert (view.status.text(), view.countdown.text()) == ("Running", "19:00")

    click(panel, page.extend_button)
    assert view.countdown.text() == "24:00"
    assert view.phase.text() == "Treatment"
    click(panel, page.shorten_button)
    assert view.countdown.text() == "19:00"

    next_phase(panel, page)
    assert view.phase.text() == "Wake-up"
    assert view.countdown.text() == "05:00"
    click(panel, page.adjust_button)
    assert not page.sheet.next_button.isEnabled()  # from the last phase only Stop ends the session
    click(panel, page.sheet.close_button)
    panel.advance(2)
    assert round(panel.device("lavender", "ceiling").reading().level) == 60
    state = panel.room("lavender").state()
    assert (state.phase, state.remaining_s) == ("Wake-up", 5 * MIN - 2)


def next_phase(panel, page):
    """Adjust, Next phase, and yes."""
    click(panel, page.adjust_button)
    click(panel, page.sheet.next_button)
    assert page.dialog is not None
    click(panel, page.dialog.confirm_button)
    panel.qtbot.waitUntil(lambda: page.dialog is None)


def test_next_phase_asks_first_and_sits_apart_from_five_more_minutes(panel):
    page = start(panel)
    panel.advance(10 * MIN)
    assert not page.sheet.isVisible()
    assert page.extend_button.isVisible() and not page.sheet.next_button.isVisible()
    click(panel, page.adjust_button)
    click(panel, page.sheet.next_button)
    question = page.dialog
    assert question.windowTitle() == "Move on to Wake-up?"
    assert "Treatment has 15 min left" in question.body.text()
    click(panel, question.cancel_button)  # "Stay in Treatment"
    panel.qtbot.waitUntil(lambda: page.dialog is None)
    state = panel.room("lavender").state()
    assert (state.phase, state.remaining_s) == ("Treatment", 20 * MIN)
    assert not page.undo_bar.isVisible()


def test_undo_after_next_phase_restores_the_phase_and_the_time_left(panel):
    page = start(panel)
    panel.advance(10 * MIN)
    next_phase(panel, page)
    assert page.undo_bar.isVisible() and page.undo_bar.label.text() == "Now in Wake-up"
    assert page.undo_bar.button.text() == "Undo · 10"
    panel.advance(3)
    page.undo_bar.tick()
    assert page.undo_bar.button.text() == "Undo · 9"
    click(panel, page.undo_bar.button)
    state = panel.room("lavender").state()
    assert (state.phase, state.remaining_s) == ("Treatment", 20 * MIN - 3)
    assert page.running.phase.text() == "Treatment"
    assert not page.undo_bar.isVisible()


def test_the_undo_goes_away_after_ten_seconds(panel):
    page = start(panel)
    panel.advance(10 * MIN)
    next_phase(panel, page)
    for _ in range(10):
        page.undo_bar.tick()
    assert not page.undo_bar.isVisible()
    assert panel.room("lavender").state().phase == "Wake-up"


def test_previous_phase_acts_at_once_and_can_be_undone(panel):
    page = start(panel)
    panel.advance(6 * MIN)
    click(panel, page.adjust_button)
    click(panel, page.sheet.previous_button)
    assert panel.room("lavender").state().phase == "Welcome"
    assert page.undo_bar.label.text() == "Back in Welcome"
    click(panel, page.undo_bar.button)
    assert panel.room("lavender").state().phase == "Treatment"


def test_the_sheet_adjusts_light_music_and_warmth_and_shows_where_they_are(panel):
    page = start(panel)
    panel.advance(10 * MIN)
    click(panel, page.adjust_button)
    sheet = page.sheet
    assert (sheet.light_value.text(), sheet.volume_value.text(), sheet.warmth_value.text()) == (
        "20 %",
        "30 %",
        "24.0 °C",
    )
    click(panel, sheet.brighter)
    click(panel, sheet.warmer)
    click(panel, sheet.mute_button)
    panel.advance(3)
    assert sheet.light_value.text() == "30 %"
    assert round(panel.device("lavender", "ceiling").reading().level) == 30
    assert sheet.warmth_value.text() == "24.5 °C"
    assert panel.device("lavender", "radiator").reading().target_c == 24.5
    assert sheet.volume_value.text() == "Muted" and sheet.mute_button.text() == "Unmute"
    assert round(panel.device("lavender", "music").now_playing().volume) == 0
    click(panel, sheet.off_button)
    panel.advance(2)
    assert sheet.light_value.text() == "Off" and sheet.off_button.text() == "On"
    assert not panel.device("lavender", "ceiling").reading().on
    click(panel, sheet.off_button)
    click(panel, sheet.mute_button)
    panel.advance(3)
    assert round(panel.device("lavender", "ceiling").reading().level) == 30
    assert round(panel.device("lavender", "music").now_playing().volume) == 30


def test_outside_a_session_the_sheet_offers_only_the_light(panel):
    page = panel.window.page_for("lavender")
    click(panel, page.adjust_button)
    sheet = page.sheet
    assert sheet.dimmer.isVisible() and sheet.off_button.isVisible()
    assert not sheet.mute_button.isVisible() and not sheet.warmer.isVisible()
    assert not sheet.next_button.isVisible()
    click(panel, sheet.brighter)
    panel.advance(2)
    assert round(panel.device("lavender", "ceiling").reading().level) == 10
    click(panel, sheet.off_button)
    panel.advance(2)
    assert not panel.device("lavender", "ceiling").reading().on


def test_the_session_runs_to_its_end_and_offers_a_new_one(panel):
    page = start(panel)
    panel.advance(30 * MIN + 1)
    assert page.running.phase.text() == "Session ended"
    assert page.running.countdown.text() == "00:00"
    assert page.controls.currentWidget().isAncestorOf(page.new_button)
    panel.advance(5)
    assert round(panel.device("lavender", "ceiling").reading().level) == 70  # turnover level
    click(panel, page.new_button)
    assert page.views.currentWidget() is page.tiles


def test_stop_asks_first_then_ends_the_session_in_turnover(panel):
    page = start(panel)
    panel.advance(3 * MIN)
    click(panel, page.stop_button)
    assert page.dialog is not None and "Relax in Lavender room ends now" in page.dialog.body.text()
    click(panel, page.dialog.cancel_button)
    panel.qtbot.waitUntil(lambda: page.dialog is None)
    assert panel.room("lavender").state().status is Status.RUNNING

    click(panel, page.stop_button)
    click(panel, page.dialog.confirm_button)
    panel.qtbot.waitUntil(lambda: page.dialog is None)
    assert panel.room("lavender").state().status is Status.ENDED
    assert page.running.phase.text() == "Session ended"
    panel.advance(5)
    assert round(panel.device("lavender", "ceiling").reading().level) == 70
    assert not panel.device("lavender", "music").now_playing().playing


def test_escape_asks_to_stop_and_a_second_escape_keeps_the_session(panel):
    page = start(panel)
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_Escape)
    assert page.dialog is not None
    panel.qtbot.keyClick(page.dialog, Qt.Key.Key_Escape)
    panel.qtbot.waitUntil(lambda: page.dialog is None)
    assert panel.room("lavender").running
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_Escape)
    panel.qtbot.keyClick(page.dialog, Qt.Key.Key_Space)  # Space out of habit: nothing happens
    assert page.dialog is not None and panel.room("lavender").running
    panel.qtbot.keyClick(page.dialog, Qt.Key.Key_Return)
    panel.qtbot.waitUntil(lambda: page.dialog is None)
    assert panel.room("lavender").state().status is Status.ENDED


def test_space_pauses_and_resumes(panel):
    page = start(panel)
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_Space)
    assert panel.room("lavender").state().status is Status.PAUSED
    assert page.pause_button.text() == "Resume"
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_Space)
    assert panel.room("lavender").state().status is Status.RUNNING


def test_lights_up_from_the_button_and_back(panel):
    page = start(panel)
    panel.advance(2)
    assert page.lights_button.text() == "Lights up"
    click(panel, page.lights_button)
    panel.advance(2)
    assert page.lights_button.isChecked()
    assert page.lights_button.text() == "Back to session light"
    assert round(panel.device("lavender", "ceiling").reading().level) == LIGHTS_UP_LEVEL
    assert page.running.devices.row("ceiling").tag.text() == "lights up"
    click(panel, page.lights_button)
    panel.advance(2)
    assert not page.lights_button.isChecked()
    assert page.lights_button.text() == "Lights up"
    assert round(panel.device("lavender", "ceiling").reading().level) == 40


def test_lights_up_from_the_keyboard_with_or_without_a_session(panel):
    page = panel.window.page_for("lavender")
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_L)  # no session: the room simply lights up
    panel.advance(2)
    assert round(panel.device("lavender", "ceiling").reading().level) == LIGHTS_UP_LEVEL
    assert round(panel.device("cedar", "ceiling").reading().level) == 0
    start(panel)
    panel.advance(2)
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_L)
    panel.advance(2)
    assert page.lights_button.isChecked()
    assert round(panel.device("lavender", "ceiling").reading().level) == LIGHTS_UP_LEVEL


def test_plus_and_minus_nudge_the_music_volume(panel):
    page = start(panel)
    panel.advance(2)
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_Plus)
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_Plus)
    panel.advance(3)
    assert round(panel.device("lavender", "music").now_playing().volume) == 40
    assert page.running.devices.row("music").text.text() == "♪ soft rain · 40 % (+10)"
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_Minus)
    click(panel, page.softer_button)
    click(panel, page.softer_button)
    panel.advance(3)
    assert round(panel.device("lavender", "music").now_playing().volume) == 25

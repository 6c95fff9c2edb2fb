"""The room shown gets its page (its tiles) first; the other rooms' pages come a moment later, or
when the room is shown, and behave as if they had been there from the start."""

from __future__ import annotations

from ambience.ui.facade import StudioFacade
from ambience.ui.panel.room_page import RoomPage
from ambience.ui.panel.window import PAGES_LATER_MS, MainWindow
from ambience.ui.qt import Qt, QWidget
from tests.ui.conftest import WAIT_MS
from tests.ui.panel.test_rooms import MIN
from tests.ui.panel.test_start import start


def fresh_window(panel) -> MainWindow:
    """Another window on the panel's studio, as the app makes it (not shown yet)."""
    window = MainWindow(StudioFacade(panel.studio))
    window.resize(1024, 600)
    return window


def built(window: MainWindow) -> list[bool]:
    return [isinstance(window.pages.widget(i), RoomPage) for i in range(window.pages.count())]


def test_the_room_shown_has_its_tiles_at_once_and_the_others_follow_once_the_panel_is_up(panel):
    window = fresh_window(panel)
    try:
        assert built(window) == [True, False]
        assert window.page.tiles.names()  # the room shown: its tiles are there
        window.show()
        panel.qtbot.waitExposed(window)
        later = window._later
        assert later.isActive() or built(window) == [True, True]
        assert later.interval() in (PAGES_LATER_MS, 0)
        panel.qtbot.waitUntil(lambda: built(window) == [True, True], timeout=WAIT_MS)
        assert not later.isActive()
    finally:
        window.facade.close()
        window.hide()
        window.deleteLater()


def test_a_room_shown_before_its_page_was_built_gets_it_then(panel):
    window = fresh_window(panel)
    try:
        assert built(window) == [True, False]
        window.show_room(1)
        assert built(window) == [True, True]
        assert window.page.room.id == "cedar" and window.page.tiles.names()
    finally:
        window.facade.close()
        window.deleteLater()


def test_a_page_built_later_shows_a_session_started_meanwhile(panel):
    window = fresh_window(panel)
    try:
        relax = next(p for p in panel.studio.presets_for(panel.room("cedar")) if p.name == "Relax")
        panel.room("cedar").start(panel.studio.plan(relax))
        panel.advance(2 * MIN)
        window.show()
        panel.qtbot.waitExposed(window)
        window.facade.refresh()  # its tick (this window's facade does not tick by itself)
        window.show_room(1)
        assert window.page.running.countdown.text() == "28:00"
        assert window.room_buttons[1].status.text() == "● Running · 28:00"
    finally:
        window.facade.close()
        window.hide()
        window.deleteLater()


def test_the_countdown_of_the_room_shown_moves_every_second(panel):
    page = start(panel)
    panel.advance(1)
    panel.facade.start_ticking()
    shown = page.running.countdown.text()
    assert shown == "29:59"
    for expected in ("29:58", "29:57", "29:56"):
        due = panel.facade.tick_due
        assert due is not None and panel.facade.timer.isActive()
        panel.clock.set(due)  # the tick, when its timer fires
        panel.facade.refresh()
        assert page.running.countdown.text() == expected
        assert panel.window.room_buttons[0].status.text() == f"● Running · {expected}"


def test_every_room_has_a_page_for_those_who_ask(panel):
    pages = panel.window.room_pages
    assert [p.room.id for p in pages] == ["lavender", "cedar"]
    assert all(isinstance(p, QWidget) for p in pages)
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_2)
    assert panel.window.page is pages[1]


def test_the_words_around_the_countdown_follow_a_pause_a_resume_and_a_new_phase(panel):
    page = start(panel)
    view = page.running
    panel.advance(3)
    assert (view.status.text(), view.countdown.text()) == ("Running", "29:57")
    phase = view.phase.text()
    page.room.toggle_pause()
    panel.advance(5)
    assert view.status.text() == "❚❚ PAUSED" and view.countdown.text() == "29:57"
    assert view.ends.text() == "Paused: the clock is stopped · 30 min session"
    page.room.toggle_pause()
    panel.advance(1)
    assert view.status.text() == "Running" and view.countdown.text() == "29:56"
    assert view.ends.text().startswith("left of 30 min · ends at ")
    page.room.skip()
    panel.advance(1)
    assert view.phase.text() not in ("", phase)

"""The calendars screen and its editors fit 800×480 to 1920×1080: nothing overlaps, no word is cut."""

from __future__ import annotations

import pytest

from ambience.config.rooms import StudioConfig
from ambience.ui.calendars.page import CalendarsPage
from ambience.ui.qt import Qt
from tests.support.calendar import CalendarServer
from tests.ui.calendars.test_calendars_page import CALENDAR, add_by_address
from tests.ui.conftest import WAIT_MS, build_day_panel, room_config, tear_down_day
from tests.ui.layout import SIZES, assert_fits, screen_of

LEFT = Qt.MouseButton.LeftButton
ROOMS = StudioConfig(
    rooms=(
        room_config("lavender", "The lavender treatment room upstairs"),
        room_config("cedar", "The cedar room next to the garden door"),
        room_config("birch", "Birch room"),
    )
)


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def screen(request, loop, qtbot, tmp_path):
    server = CalendarServer(CALENDAR)
    p = build_day_panel(qtbot, tmp_path, ROOMS, size=request.param)
    qtbot.waitUntil(lambda: p.window.width() == request.param[0])
    p.advance(1)
    page = p.open_owner_screen(p.window.open_calendars, CalendarsPage)
    add_by_address(p, page, server.url, "Online bookings from the studio's booking service")
    server.status = 404
    add_by_address(p, page, server.url + "?second", "A second calendar that cannot be read")
    p.book.add_rule("room", "Upstairs", "lavender")
    p.book.add_rule("client", "Appointment", "")
    p.book.add_rule("preset", "a long keyword for the hot stone massage", "Relax")
    yield p, page
    server.close()
    tear_down_day(p)


def test_every_tab_fits(screen):
    p, page = screen
    page.refresh()
    assert_fits(p.window.dialog, screen_of(p))
    page.show_tab("rules")
    assert_fits(p.window.dialog, screen_of(p))
    page.show_tab("preview")
    page.show_preview(p.book.feeds()[1].id)
    p.qtbot.waitUntil(lambda: len(page.preview_tab.rows) == 3, timeout=WAIT_MS)
    assert_fits(p.window.dialog, screen_of(p))


def test_the_editors_fit(screen):
    p, page = screen
    p.qtbot.mouseClick(page.feeds_tab.add_button, LEFT)
    assert_fits(page.dialog, screen_of(p))
    page.dialog.reject()
    page.change_calendar(p.book.feeds()[0])
    assert_fits(page.dialog, screen_of(p))
    page.dialog.reject()
    for kind in ("room", "preset", "client"):
        page.edit_rule(None)
        p.qtbot.mouseClick(page.dialog.kind.buttons[kind], LEFT)
        assert_fits(page.dialog, screen_of(p))
        page.dialog.reject()
    page.remove_calendar(p.book.feeds()[0])
    assert_fits(page.dialog, screen_of(p))
    page.dialog.reject()

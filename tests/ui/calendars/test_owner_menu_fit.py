"""The owner's menu, with the calendars and the clients in it, fits every screen."""

from __future__ import annotations

import pytest

from tests.ui.conftest import WAIT_MS, build_day_panel, tear_down_day
from tests.ui.layout import SIZES, assert_fits, screen_of


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_owners_menu_fits_with_every_owner_screen(loop, qtbot, tmp_path, size):
    p = build_day_panel(qtbot, tmp_path, size=size)
    try:
        qtbot.waitUntil(lambda: p.window.width() == size[0])
        p.open_owner_mode()
        p.window.open_owner()
        qtbot.waitUntil(lambda: p.window.owner_menu is not None, timeout=WAIT_MS)
        menu = p.window.owner_menu
        titles = [b.entry.title for b in menu.buttons]
        assert {"History", "Calendars", "Clients"} <= set(titles)
        menu.resize(p.window.size())
        assert_fits(menu, screen_of(p))
        menu.reject()
    finally:
        tear_down_day(p)

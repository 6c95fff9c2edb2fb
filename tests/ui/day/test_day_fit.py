"""The day view, the booking editor and the history fit every screen, scale up, and cut no word."""

from __future__ import annotations

import pytest

from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import ClientPreferences
from ambience.ui.history.history_view import HistoryView
from ambience.ui.theme import TOUCH
from tests.ui.conftest import START, build_day_panel, room_config, tear_down_day
from tests.ui.layout import SIZES, assert_fits, screen_of

LONG_ROOMS = StudioConfig(
    rooms=(
        room_config("lavender", "The lavender treatment room upstairs"),
        room_config("cedar", "The cedar room next to the garden door"),
        room_config("birch", "Birch room"),
        room_config("oak", "Oak room by the stairs"),
    )
)


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def long_day(request, loop, qtbot, tmp_path):
    p = build_day_panel(qtbot, tmp_path, LONG_ROOMS, size=request.param)
    p.book.put_client(ClientPreferences("Anna-Louise Fitzgerald-Montgomery", no_scent=True, volume=20.0))
    p.planner.add(
        "lavender",
        START + 2 * 3600,
        "Relax",
        client="Anna-Louise Fitzgerald-Montgomery",
        notes="Shoulders and the lower back, a little warmer please",
    )
    qtbot.waitUntil(lambda: p.window.size().width() == request.param[0])
    yield p
    tear_down_day(p)


def test_the_day_view_and_the_booking_editor_fit_with_long_room_names(long_day):
    p = long_day
    p.window.open_day()
    view = p.window.dialog
    assert_fits(view, screen_of(p))
    view.new_booking()
    assert_fits(view.editor, screen_of(p))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_room_ready_for_its_client_reads_whole_at_every_size(loop, qtbot, tmp_path, size):
    p = build_day_panel(qtbot, tmp_path, size=size)
    try:
        qtbot.waitUntil(lambda: p.window.size().width() == size[0])
        p.book.put_client(ClientPreferences("Anna", no_scent=True))
        p.planner.add("lavender", START + 30 * 60, "Relax", client="Anna")
        p.advance(30 * 60 + 1)
        running = p.window.page_for("lavender").running
        assert running.phase.text().startswith("Ready for Anna")
        for label in (running.phase, running.client, running.preset):
            assert not label.elided, f"{label.text()!r} is cut at {size}"
        assert_fits(p.window)
    finally:
        tear_down_day(p)


def test_the_history_fits_and_scales_with_the_panel(long_day):
    p = long_day
    p.open_owner_mode()
    p.window.open_history()
    view = p.window.dialog
    assert isinstance(view, HistoryView)
    assert_fits(view, screen_of(p))
    if p.window.width() >= 1920:
        assert view.day_button.height() >= 1.5 * TOUCH
        assert view.title.font().pixelSize() >= 1.5 * 22
        assert view.layout().contentsMargins().left() >= 1.5 * 16

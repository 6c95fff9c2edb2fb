"""The clients screen, the editor, the export and the delete question fit 800×480 to 1920×1080."""

from __future__ import annotations

import pytest

from ambience.journal.daybook import ClientPreferences
from ambience.ui.clients.page import ClientsPage
from tests.ui.conftest import START, build_day_panel, tear_down_day
from tests.ui.layout import SIZES, assert_fits, screen_of

LONG = "Anna-Louise Fitzgerald-Montgomery of the upper village"  # 55 characters


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def screen(request, loop, qtbot, tmp_path):
    p = build_day_panel(qtbot, tmp_path, size=request.param)
    qtbot.waitUntil(lambda: p.window.width() == request.param[0])
    note = "Quiet music, the window a little open, an extra towel and the door closed"
    p.book.put_client(
        ClientPreferences(LONG, no_scent=True, volume=20.0, warmth=-2.5, preset="Relax", note=note)
    )
    for index in range(12):
        p.book.put_client(ClientPreferences(f"Client number {index}", warmth=0.5 * index % 3))
    p.planner.add("lavender", START + 3600, "Relax", client=LONG)
    page = p.open_owner_screen(p.window.open_clients, ClientsPage)
    yield p, page
    tear_down_day(p)


def test_the_clients_screen_fits_with_long_names_and_a_long_list(screen):
    p, page = screen
    page.choose(LONG)
    assert_fits(p.window.dialog, screen_of(p))
    page.search.setText("number")
    assert_fits(p.window.dialog, screen_of(p))


def test_the_editor_the_export_and_the_delete_question_fit(screen):
    p, page = screen
    page.choose(LONG)
    page.edit(LONG)
    page.dialog.note.setText("Pregnant, no lavender")
    page.dialog.note.textEdited.emit(page.dialog.note.text())
    page.dialog.show_problems(
        {"name": "there is already a client called Anna", "note": "at most 120 characters"}
    )
    assert_fits(page.dialog, screen_of(p))
    page.dialog.reject()
    page.export()
    assert_fits(page.dialog, screen_of(p))
    page.dialog.reject()
    page.delete()
    assert_fits(page.dialog, screen_of(p))
    page.dialog.reject()

"""Every screen size the panel is mounted on, with 1 to 8 rooms and up to 10 devices in a room:
no two visible widgets overlap, no text is cut off, nothing reaches outside the window."""

from __future__ import annotations

import pytest

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig
from ambience.ui.qt import Qt
from tests.support.layout import layout_problems
from tests.ui.conftest import build_panel, tear_down

SIZES = [(800, 480), (1024, 600), (1280, 800), (1920, 1080)]
ROLES = [Role.LIGHT, Role.DIFFUSER, Role.THERMOSTAT, Role.MUSIC, Role.LIGHT, Role.LIGHT]
NAMES = [
    "Lavender room",
    "Cedar room",
    "Birch room",
    "Jasmine room",
    "Sandalwood room",
    "Lotus",
    "Sage",
    "Rose",
]


def room(index: int, devices: int) -> RoomConfig:
    return RoomConfig(
        id=f"room{index}",
        name=NAMES[index],
        devices=tuple(
            DeviceConfig(
                id=f"d{n}",
                name=f"{ROLES[n % len(ROLES)].value.capitalize()} by the window {n + 1}",
                role=ROLES[n % len(ROLES)] if n < 4 else Role.LIGHT,
            )
            for n in range(devices)
        ),
    )


@pytest.fixture(params=[(1, 4), (8, 10)], ids=lambda p: f"{p[0]}rooms-{p[1]}devices")
def studio_panel(request, loop, qtbot, tmp_path):
    rooms, devices = request.param
    config = StudioConfig(rooms=tuple(room(i, devices) for i in range(rooms)))
    p = build_panel(qtbot, tmp_path / "presets", config)
    yield p
    tear_down(p)


def check(panel, size, what):
    panel.window.resize(*size)
    panel.qtbot.waitUntil(lambda: (panel.window.width(), panel.window.height()) == size, timeout=2000)
    problems = layout_problems(panel.window)
    assert not problems, f"{what} at {size[0]}×{size[1]}:\n" + "\n".join(problems)


def test_every_size_fits_the_tiles_the_running_view_pause_the_sheet_and_a_silent_device(studio_panel):
    panel = studio_panel
    window = panel.window
    page = window.room_pages[-1]
    window.show_room(len(window.room_pages) - 1)
    for size in SIZES:
        check(panel, size, "the preset tiles")
    panel.qtbot.mouseClick(page.tiles.tile("Relax"), Qt.MouseButton.LeftButton)  # opens its description
    panel.qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: page.room.active, timeout=3000)
    for room_page in window.room_pages[:-1]:  # every room busy: the longest words on every tab
        room_page.room.start(room_page.tiles.tiles[0].loaded)
    panel.advance(60)
    first = next(iter(page.running.devices.rows))
    panel.faults(page.room.id, first).offline = True
    panel.run(panel.studio.room(page.room.id).poll())
    panel.facade.refresh()
    page.running.devices.row(first).toggle_details()  # the reason, in words, on the row
    for size in SIZES:
        check(panel, size, "the running view")
    page.pause_button.click()
    for size in SIZES:
        check(panel, size, "a paused session")
    page.toggle_adjust()
    for size in SIZES:
        check(panel, size, "the sheet open")
    page.toggle_adjust()
    page.undo_bar.offer("Now in Wake-up")
    for size in SIZES:
        check(panel, size, "the undo bar")


def test_rooms_hidden_past_an_edge_of_the_strip_are_a_touch_on_its_arrow_away(loop, qtbot, tmp_path):
    config = StudioConfig(rooms=tuple(room(i, 1) for i in range(8)))
    panel = build_panel(qtbot, tmp_path / "presets", config)
    try:
        panel.window.resize(800, 480)
        bar = panel.window.room_bar
        panel.qtbot.waitUntil(lambda: bar.more_after.isVisible(), timeout=2000)
        assert not bar.more_before.isVisible()

        for _ in range(len(NAMES)):
            if not bar.more_after.isVisible():
                break
            panel.qtbot.mouseClick(bar.more_after, Qt.MouseButton.LeftButton)
        assert bar.hidden_rooms(+1) == []  # the last room, Rose, is in view
        assert not bar.more_after.isVisible()
        assert bar.more_before.isVisible()

        panel.qtbot.mouseClick(bar.more_before, Qt.MouseButton.LeftButton)
        assert bar.more_after.isVisible()

        panel.window.resize(3840, 1080)  # a screen wide enough for every room
        panel.qtbot.waitUntil(lambda: not bar.more_after.isVisible() and not bar.more_before.isVisible())
    finally:
        tear_down(panel)

"""A finger drags the preset tiles and the device list (kinetic scrolling), and a drag presses nothing."""

from __future__ import annotations

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig
from ambience.ui.qt import QPoint, QTest
from tests.ui.conftest import EXPRESS, build_panel, tear_down

DEVICES = 10


def drag(panel, area, distance: int) -> None:
    """A finger on ``area``'s viewport, moved up by ``distance`` pixels in small steps, then lifted.

    The scroller follows the finger on its own animation timer: after each step the test waits
    (on Qt's loop) until the list has moved, rather than for a set time.
    """
    view = area.viewport()
    touch = QTest.createTouchDevice()
    x, y = view.width() // 2, view.height() - 10
    QTest.touchEvent(view, touch).press(0, QPoint(x, y), view).commit()
    bar = area.verticalScrollBar()
    for step in range(1, 9):
        before = bar.value()
        QTest.touchEvent(view, touch).move(0, QPoint(x, y - step * distance // 8), view).commit()
        if step > 1:  # the first step only tells a drag from a tap
            panel.qtbot.waitUntil(lambda before=before: bar.value() != before, timeout=1000)
    QTest.touchEvent(view, touch).release(0, QPoint(x, y - distance), view).commit()


def many_presets() -> dict[str, str]:
    return {f"extra{i}.toml": EXPRESS.replace('name = "Express"', f'name = "Express {i}"') for i in range(8)}


def test_a_finger_scrolls_the_tiles_and_the_device_list_and_presses_nothing(loop, qtbot, tmp_path):
    lamps = [DeviceConfig(id=f"lamp{i}", name=f"Lamp {i}", role=Role.LIGHT) for i in range(DEVICES - 1)]
    devices = (*lamps, DeviceConfig(id="music", name="Music", role=Role.MUSIC))
    config = StudioConfig(rooms=(RoomConfig(id="lavender", name="Lavender room", devices=devices),))
    panel = build_panel(qtbot, tmp_path / "presets", config, many_presets())
    try:
        panel.window.resize(800, 480)
        qtbot.waitUntil(lambda: panel.window.height() == 480)
        page = panel.window.page
        tiles = page.tiles.scroll_area
        assert tiles.verticalScrollBar().maximum() > 0  # more presets than fit
        drag(panel, tiles, 200)
        assert tiles.verticalScrollBar().value() > 50
        assert page.tiles.current is None  # the finger chose no tile on its way

        page.tiles.select(page.tiles.tile("Relax").loaded)
        page.room.start(page.tiles.current)
        panel.settle()
        rows = page.running.devices
        assert rows.verticalScrollBar().maximum() > 0  # ten devices do not fit at 800×480
        drag(panel, rows, 150)
        assert rows.verticalScrollBar().value() > 30
        assert not any(row.expanded for row in rows.rows.values())  # no row opened on the way
    finally:
        tear_down(panel)

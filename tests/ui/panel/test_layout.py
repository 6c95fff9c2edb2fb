"""The panel fits a 1024×600 screen with the longest names allowed, and nothing is cut off."""

from __future__ import annotations

import pytest

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig
from ambience.ui.qt import QApplication, QFontMetrics, QLabel, QPushButton, Qt
from ambience.ui.theme import TOUCH
from ambience.ui.widgets import ElidedLabel
from tests.ui.conftest import RELAX, build_panel, tear_down

LONG_PRESET = "Hot stone and aromatherapy massage with a long, slow wake-up"  # 60 characters, the maximum


def long_room(room_id: str, name: str) -> RoomConfig:
    return RoomConfig(
        id=room_id,
        name=name,
        devices=(
            DeviceConfig(id="ceiling", name="Ceiling light above the massage table", role=Role.LIGHT),
            DeviceConfig(id="diffuser", name="Essential oil diffuser by the window", role=Role.DIFFUSER),
            DeviceConfig(id="radiator", name="Radiator thermostat under the window", role=Role.THERMOSTAT),
            DeviceConfig(id="music", name="Music through the ceiling speakers", role=Role.MUSIC),
        ),
    )


@pytest.fixture
def long_panel(loop, qtbot, tmp_path):
    config = StudioConfig(
        rooms=(
            long_room("lavender", "The lavender treatment room upstairs"),
            long_room("cedar", "The cedar room next to the garden door"),
            long_room("birch", "Birch room"),
        )
    )
    extra = {"long.toml": RELAX.replace('name = "Relax"', f'name = "{LONG_PRESET}"')}
    p = build_panel(qtbot, tmp_path / "presets", config, extra)
    yield p
    tear_down(p)


def assert_fits(window):
    QApplication.processEvents()  # let the layouts catch up with the last text changes
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 600, hint
    assert (window.width(), window.height()) == (1024, 600)
    for label in window.findChildren(QLabel):
        if not label.isVisible() or isinstance(label, ElidedLabel) or label.wordWrap() or not label.text():
            continue
        needed = QFontMetrics(label.font()).horizontalAdvance(label.text())
        assert label.contentsRect().width() >= needed - 1, (label.text(), label.width(), needed)
    for button in window.findChildren(QPushButton):
        if button.isVisible():
            assert button.height() >= TOUCH - 4 and button.width() >= TOUCH - 4, button.text()
            if button.text():
                needed = QFontMetrics(button.font()).horizontalAdvance(button.text())
                assert button.contentsRect().width() >= needed, button.text()


def test_the_tiles_and_the_running_view_fit_1024_by_600_with_long_names(long_panel):
    panel = long_panel
    page = panel.window.page
    assert_fits(panel.window)
    panel.qtbot.mouseClick(page.tiles.tile(LONG_PRESET), Qt.MouseButton.LeftButton)
    assert "…" in page.start_button.text()
    assert_fits(panel.window)
    panel.qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: panel.room("lavender").running, timeout=3000)
    panel.advance(60)
    assert_fits(panel.window)
    countdown = page.running.countdown
    assert countdown.contentsRect().width() >= QFontMetrics(countdown.font()).horizontalAdvance(
        countdown.text()
    )
    assert countdown.font().pixelSize() >= 100  # readable from across the room
    assert page.running.preset.text() == LONG_PRESET and page.running.preset.elided
    tile = page.tiles.tile(LONG_PRESET)
    assert tile.name.height() >= tile.name.heightForWidth(tile.name.width())  # the name wraps, whole


def test_the_window_scales_up_on_a_large_screen(panel):
    panel.window.resize(1920, 1080)
    panel.qtbot.waitUntil(lambda: panel.window.width() == 1920)
    button = panel.window.page.lights_button
    assert button.height() >= 1.5 * TOUCH

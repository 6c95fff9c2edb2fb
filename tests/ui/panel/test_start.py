"""One touch from a preset to a running session: tiles, Start, the pre-flight check."""

from __future__ import annotations

import pytest

from ambience.session.roomstate import Status
from ambience.ui.qt import Qt


def start(panel, preset: str = "Relax", room: str = "lavender"):
    page = panel.window.page_for(room)
    panel.window.show_room(panel.window.room_pages.index(page))
    panel.qtbot.mouseClick(page.tiles.tile(preset), Qt.MouseButton.LeftButton)
    panel.qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: panel.room(room).running, timeout=3000)
    panel.settle()
    return page


def test_the_tiles_show_each_preset_with_its_summary(panel):
    page = panel.window.page_for("lavender")
    tile = page.tiles.tile("Relax")
    assert tile.length.text() == "30 min"
    assert tile.summary.text() == "20 % · 2700 K · 24 °C · diffuser 10/10 · 1 track"
    assert page.tiles.tile("Express").summary.text() == "30 % · 3000 K · 23 °C · no diffuser · 1 track"
    assert not page.start_button.isEnabled()


def test_a_tile_and_start_bring_the_devices_to_the_first_phase(panel):
    page = start(panel)
    panel.advance(2)  # the lights' one-second settle transition
    light = panel.device("lavender", "ceiling").reading()
    assert (round(light.level), light.kelvin) == (40, 2700)
    assert panel.device("lavender", "radiator").reading().target_c == 24.0
    assert panel.device("lavender", "diffuser").reading().on
    music = panel.device("lavender", "music").now_playing()
    assert music.playing and round(music.volume) == 30 and music.title == "soft rain"
    running = page.running
    assert page.views.currentWidget() is running
    assert running.phase.text() == "Welcome"
    assert running.countdown.text() == "29:58"
    assert running.devices.row("ceiling").text.text() == "40 % · 2700 K"
    assert running.devices.row("music").text.text() == "♪ soft rain · 30 %"
    assert running.devices.row("radiator").tag.text() == "heating"
    assert "Running" in panel.window.room_buttons[0].status.text()


def test_space_starts_the_chosen_preset(panel):
    page = panel.window.page_for("lavender")
    page.tiles.move_selection(1)
    chosen = page.tiles.current
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_Space)
    panel.qtbot.waitUntil(lambda: panel.room("lavender").running, timeout=3000)
    assert panel.room("lavender").snapshot().preset_name == chosen.name


def test_unreachable_devices_are_listed_before_the_start_and_can_be_skipped(panel):
    panel.faults("lavender", "ceiling").offline = True
    page = panel.window.page_for("lavender")
    panel.qtbot.mouseClick(page.tiles.tile("Relax"), Qt.MouseButton.LeftButton)
    panel.qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: page.dialog is not None, timeout=3000)
    assert "Ceiling light is not answering — is it switched on at the wall?" in page.dialog.body.text()
    assert "127.0.0.1" not in page.dialog.body.text() and "offline:" not in page.dialog.body.text()
    assert not page.dialog.details.isVisibleTo(page.dialog)
    panel.qtbot.mouseClick(page.dialog.details_button, Qt.MouseButton.LeftButton)
    assert "Ceiling light: offline: not reachable" in page.dialog.details.text()
    assert not panel.room("lavender").running
    panel.qtbot.mouseClick(page.dialog.confirm_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: panel.room("lavender").running, timeout=3000)
    panel.settle()
    assert page.running.devices.row("ceiling").offline
    assert panel.device("lavender", "radiator").reading().target_c == 24.0


@pytest.mark.parametrize("answer", ["cancel", "confirm"])
def test_cancelling_the_pre_flight_question_starts_nothing(panel, answer):
    panel.faults("lavender", "diffuser").offline = True
    page = panel.window.page_for("lavender")
    panel.qtbot.mouseClick(page.tiles.tile("Relax"), Qt.MouseButton.LeftButton)
    panel.qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: page.dialog is not None, timeout=3000)
    button = page.dialog.cancel_button if answer == "cancel" else page.dialog.confirm_button
    panel.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: page.dialog is None, timeout=3000)
    assert panel.room("lavender").running is (answer == "confirm")
    assert page.room.snapshot.state.status is (Status.RUNNING if answer == "confirm" else Status.IDLE)

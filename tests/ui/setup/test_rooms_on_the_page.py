"""On the Devices page the owner renames, reorders and removes rooms (removing asks first), and
leaving the page with changes not saved asks before they are dropped."""

from __future__ import annotations

import pytest

from ambience.config.rooms import load_rooms, save_rooms
from ambience.ui.qt import Qt
from tests.ui.conftest import tear_down
from tests.ui.setup.test_devices_dialog import TWO_ROOMS, make_panel, open_devices


@pytest.fixture
def rooms_file(tmp_path):
    path = tmp_path / "rooms.toml"
    save_rooms(TWO_ROOMS, path)
    return path


@pytest.fixture
def real_panel(loop, qtbot, tmp_path, rooms_file, owner):
    p = make_panel(qtbot, tmp_path, rooms_file)
    yield p
    tear_down(p)


def click(panel, button) -> None:
    panel.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_room_is_renamed_moved_and_removed_from_its_name_in_the_list(real_panel, rooms_file):
    panel = real_panel
    page = open_devices(panel)
    click(panel, page.device_list.room_rows["cedar"])  # a tap on the room's name shows the room
    box = page.room_box
    assert box.isVisible() and not page.details.isVisible()
    assert box.name_field.text() == "Cedar room" and not box.later_button.isEnabled()
    box.name_field.setText("Cedar suite")
    box.name_field.editingFinished.emit()
    click(panel, box.earlier_button)
    assert [r.name for r in page.setup.config.rooms] == ["Cedar suite", "Lavender room"]
    click(panel, box.remove_button)
    question = page.question
    assert question is not None and question.windowTitle() == "Remove Cedar suite?"
    assert "not in a room" in question.body.text()
    click(panel, question.cancel_button)
    panel.qtbot.waitUntil(lambda: page.question is None)
    assert len(page.setup.config.rooms) == 2
    click(panel, box.remove_button)
    click(panel, page.question.confirm_button)
    assert [r.id for r in page.setup.config.rooms] == ["lavender"]
    assert load_rooms(rooms_file) == TWO_ROOMS  # nothing is written before Save


def test_closing_the_page_with_changes_not_saved_asks_first(real_panel, rooms_file):
    panel = real_panel
    page = open_devices(panel)
    dialog = panel.window.dialog
    page.device_list.room_field.setText("Birch room")
    click(panel, page.device_list.add_room_button)
    dialog.accept()  # Close
    question = page.question
    assert question is not None and question.windowTitle() == "Leave without saving?"
    click(panel, question.cancel_button)  # Keep editing
    panel.qtbot.waitUntil(lambda: page.question is None)
    assert panel.window.dialog is dialog and dialog.isVisible()
    dialog.reject()  # Esc
    click(panel, page.question.confirm_button)  # Leave without saving
    panel.qtbot.waitUntil(lambda: panel.window.dialog is None)
    assert load_rooms(rooms_file) == TWO_ROOMS


def test_closing_the_page_with_nothing_changed_asks_nothing(real_panel):
    panel = real_panel
    open_devices(panel)
    panel.window.dialog.accept()
    panel.qtbot.waitUntil(lambda: panel.window.dialog is None)

"""The studio settings screen: every declared setting is there, problems show as you go, saving
changes only the settings, and the studio uses them."""

from __future__ import annotations

import pytest

from ambience.config.rooms import StudioConfig, load_rooms, save_rooms
from ambience.config.settings import declared_settings
from ambience.ui.owner.pin_dialog import PinDialog
from ambience.ui.qt import QApplication, Qt
from ambience.ui.settings.editors import editor_for
from ambience.ui.settings.page import SettingsPage
from tests.config.test_settings import Example
from tests.support.disk import read_only
from tests.ui.conftest import WAIT_MS, build_panel, room_config, tear_down

TWO_ROOMS = StudioConfig(rooms=(room_config("lavender", "Lavender room"), room_config("cedar", "Cedar room")))


@pytest.fixture
def rooms_file(tmp_path):
    path = tmp_path / "config" / "rooms.toml"
    save_rooms(TWO_ROOMS, path)
    return path


@pytest.fixture
def settings_panel(loop, qtbot, tmp_path, rooms_file):
    p = build_panel(qtbot, tmp_path / "presets", TWO_ROOMS, demo=False, config_path=rooms_file)
    yield p
    tear_down(p)


def open_settings(panel) -> SettingsPage:
    return panel.open_owner_screen(panel.window.open_settings, SettingsPage)


def test_every_declared_setting_has_a_row_with_its_words(settings_panel):
    page = open_settings(settings_panel)
    assert list(page.rows) == [s.key for s in declared_settings(StudioConfig)]
    row = page.rows["volume_cap"]
    assert "(0–100 %)" in row.about.text()
    assert row.editor.value() == 80.0


def test_a_setting_of_any_kind_gets_an_editor_that_reads_back_its_value(qtbot):
    for spec in declared_settings(Example):
        editor = editor_for(spec)
        qtbot.addWidget(editor)
        value = {"label": "calm", "count": 4, "loud": True, "mode": "bright", "policy": "end_sessions"}.get(
            spec.key, ("/srv/music", "/media/usb")
        )
        editor.set_value(value)
        assert editor.value() == value, spec.key


def test_the_studio_settings_open_only_in_owner_mode(settings_panel):
    panel = settings_panel
    panel.window.open_settings()
    assert isinstance(panel.window.owner.prompt, PinDialog)
    assert panel.window.dialog is None


def test_a_refused_value_shows_beside_its_setting_and_keeps_save_disabled(settings_panel):
    page = open_settings(settings_panel)
    name = page.rows["name"]
    name.editor.field.setText("")
    name.editor.field.textEdited.emit("")
    assert name.problem.isVisibleTo(page) and name.problem.text() == "must not be empty"
    assert not page.save_button.isEnabled()
    name.editor.field.setText("Lotus spa")
    name.editor.field.textEdited.emit("Lotus spa")
    assert not name.problem.isVisibleTo(page)
    assert page.save_button.isEnabled() and page.revert_button.isEnabled()
    page.revert()
    assert name.editor.value() == "Studio" and not page.save_button.isEnabled()


def test_saving_changes_only_the_settings_and_the_studio_uses_them(settings_panel, rooms_file):
    panel = settings_panel
    page = open_settings(panel)
    # Meanwhile the file gained a room (edited by hand): saving the settings keeps it.
    three = (*TWO_ROOMS.rooms, room_config("birch", "Birch"))
    save_rooms(TWO_ROOMS.model_copy(update={"rooms": three}), rooms_file)
    page.rows["name"].editor.set_value("Lotus spa")
    cap = page.rows["volume_cap"].editor.stepper
    panel.qtbot.mouseClick(cap.minus, Qt.MouseButton.LeftButton)
    lock = page.rows["owner_lock_minutes"].editor.stepper
    for _ in range(2):
        panel.qtbot.mouseClick(lock.plus, Qt.MouseButton.LeftButton)
    page.check()
    panel.qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: not page.saving, timeout=WAIT_MS)
    saved = load_rooms(rooms_file)
    assert (saved.name, saved.volume_cap, saved.owner_lock_minutes) == ("Lotus spa", 79.0, 5.0)
    assert [r.id for r in saved.rooms] == ["lavender", "cedar", "birch"]
    assert rooms_file.with_name("rooms.toml.bak").exists()
    assert page.status.text() == f"Saved to {rooms_file}"
    assert panel.window.windowTitle() == "Ambience · Lotus spa"
    assert panel.window.owner.lock.idle_s == 300
    panel.window.dialog.accept()
    panel.qtbot.waitUntil(lambda: panel.studio.config.volume_cap == 79.0, timeout=WAIT_MS)


def test_a_failed_save_keeps_the_file_and_says_why(settings_panel, rooms_file, monkeypatch):
    page = open_settings(settings_panel)
    before = rooms_file.read_bytes()
    with read_only(monkeypatch, rooms_file.parent):
        page.rows["name"].editor.set_value("Lotus spa")
        page.check()
        page.save()
        settings_panel.qtbot.waitUntil(lambda: not page.saving, timeout=WAIT_MS)
    assert page.status.text() == "Not saved, the file is as it was: Permission denied"
    assert rooms_file.read_bytes() == before
    assert page.save_button.isEnabled()  # try again once the folder is writable


def test_a_rooms_config_that_cannot_be_read_is_never_overwritten(settings_panel, rooms_file):
    rooms_file.write_text("schema = 1\nvolume_cap = \n")
    page = open_settings(settings_panel)
    assert page.status.text().startswith("Cannot read the rooms config: rooms.toml: line 2")
    page.rows["name"].editor.set_value("Lotus spa")
    page.check()
    assert not page.save_button.isEnabled()


@pytest.mark.parametrize("size", [(800, 480), (1024, 600), (1920, 1080)])
def test_the_settings_fit_the_screen(settings_panel, size):
    panel = settings_panel
    panel.window.resize(*size)
    open_settings(panel)
    QApplication.processEvents()
    hint = panel.window.dialog.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1], hint


def test_each_rooms_own_settings_are_listed_and_saved_to_that_room_only(settings_panel, rooms_file):
    panel = settings_panel
    page = open_settings(panel)
    assert list(page.room_rows) == [("lavender", "auto_start"), ("cedar", "auto_start")]
    row = page.room_rows[("cedar", "auto_start")]
    assert row.findChild(type(page.status)).text() == "Cedar room: start booked sessions by themselves"
    assert not page.save_button.isEnabled()
    panel.qtbot.mouseClick(row.editor.switch, Qt.MouseButton.LeftButton)
    assert page.dirty and page.save_button.isEnabled()
    page.save()
    panel.qtbot.waitUntil(lambda: not page.saving, timeout=WAIT_MS)
    saved = load_rooms(rooms_file)
    assert [(r.id, r.auto_start) for r in saved.rooms] == [("lavender", False), ("cedar", True)]
    assert not page.dirty
    panel.window.dialog.accept()
    panel.qtbot.waitUntil(lambda: panel.studio.config.room("cedar").auto_start, timeout=WAIT_MS)


def test_the_agenda_settings_are_on_the_screen(settings_panel):
    page = open_settings(settings_panel)
    for key in ("history_days", "prescent_minutes", "missed_after_minutes", "feed_poll_minutes"):
        assert key in page.rows

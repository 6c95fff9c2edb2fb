"""The owner's Devices page over the panel: the rooms saved there are used without a restart,
and the dialog fits a small screen."""

from __future__ import annotations

import logging

import pytest

from ambience.config.rooms import KasaConnectionConfig, StudioConfig, load_rooms, save_rooms
from ambience.devices.errors import DeviceOffline
from ambience.session.roomstate import Status
from ambience.ui.panel.window import WAITING_NOTICE
from ambience.ui.qt import Qt
from ambience.ui.setup.devices_page import DevicesPage
from kasa_emulator import EmulatedStudio
from tests.ui.conftest import WAIT_MS, build_panel, room_config, tear_down
from tests.ui.panel.test_layout import assert_fits
from tests.ui.panel.test_start import start

MIN = 60.0
TWO_ROOMS = StudioConfig(rooms=(room_config("lavender", "Lavender room"), room_config("cedar", "Cedar room")))


@pytest.fixture
def rooms_file(tmp_path):
    path = tmp_path / "rooms.toml"
    save_rooms(TWO_ROOMS, path)
    return path


def make_panel(qtbot, tmp_path, rooms_file, *, demo: bool = False, keep_demo: bool | None = None):
    return build_panel(
        qtbot, tmp_path / "presets", TWO_ROOMS, demo=demo, keep_demo=keep_demo, config_path=rooms_file
    )


@pytest.fixture
def real_panel(loop, qtbot, tmp_path, rooms_file, owner):
    """The panel in its everyday mode (not the demo), on the rooms of ``rooms_file``."""
    p = make_panel(qtbot, tmp_path, rooms_file)
    yield p
    tear_down(p)


def open_devices(panel) -> DevicesPage:
    return panel.open_owner_screen(panel.window.open_devices, DevicesPage)


def titles(panel) -> list[str]:
    return [button.title.text() for button in panel.window.room_buttons]


def replaced(panel, old) -> None:
    """Wait until the studio was replaced and the old one has finished closing."""
    panel.qtbot.waitUntil(lambda: panel.studio is not old and not panel.facade._retiring, timeout=WAIT_MS)


def test_a_room_added_and_saved_appears_at_once_and_can_run_a_session(real_panel):
    panel = real_panel
    old = panel.studio
    panel.window.show_room(1)  # Cedar
    page = open_devices(panel)
    page.device_list.room_field.setText("Birch room")
    panel.qtbot.mouseClick(page.device_list.add_room_button, Qt.MouseButton.LeftButton)
    panel.qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: not page.setup.saving)
    replaced(panel, old)
    assert titles(panel) == ["Lavender room", "Cedar room", "Birch room"]
    assert panel.window.page.room.id == "cedar"  # the room on screen stays on screen
    assert panel.window.room_buttons[1].isChecked()
    assert [r.id for r in panel.facade.rooms] == ["lavender", "cedar", "birch-room"]
    assert panel.window.notice.text() == ""
    # The old rooms are closed: none of their jobs is left; the new ones poll their devices.
    assert panel.scheduler.scheduler.get_job("room:birch-room:poll") is not None
    old_jobs = {f"room:{room.id}:poll" for room in old.rooms}
    assert all(job.args[0].__self__ in panel.studio.rooms for job in panel.scheduler.scheduler.get_jobs())
    assert old_jobs <= {job.id for job in panel.scheduler.scheduler.get_jobs()}  # re-booked by the new
    panel.window.dialog.accept()
    panel.qtbot.waitUntil(lambda: panel.window.dialog is None)

    start(panel, "Relax", "cedar")
    panel.advance(2)
    assert round(panel.device("cedar", "ceiling").reading().level) == 40
    assert panel.window.page_for("cedar").running.phase.text() == "Welcome"


def test_renamed_and_removed_rooms_are_followed(real_panel):
    panel = real_panel
    old = panel.studio
    assert panel.window.page.room.id == "lavender"
    renamed = room_config("cedar", "Cedar suite")
    panel.window.devices_saved(StudioConfig(rooms=(renamed, room_config("birch", "Birch room"))))
    replaced(panel, old)
    assert titles(panel) == ["Cedar suite", "Birch room"]
    assert panel.window.page.room.id == "cedar"  # Lavender is gone: the first room is shown
    assert panel.window.room_buttons[0].isChecked()
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_2)
    assert panel.window.page.room.name == "Birch room"


def test_a_running_session_is_left_alone_until_it_ends(real_panel):
    panel = real_panel
    old = panel.studio
    page = start(panel, "Relax", "lavender")
    panel.advance(5 * MIN)
    devices = open_devices(panel)
    devices.device_list.room_field.setText("Birch room")
    panel.qtbot.mouseClick(devices.device_list.add_room_button, Qt.MouseButton.LeftButton)
    panel.qtbot.mouseClick(devices.save_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: not devices.setup.saving)
    assert devices.status.text().endswith(f"{WAITING_NOTICE}.")
    assert panel.window.notice.text() == WAITING_NOTICE
    panel.window.dialog.accept()

    panel.advance(10 * MIN)
    assert panel.window.new_config is not None  # held back
    assert panel.studio is old and titles(panel) == ["Lavender room", "Cedar room"]
    assert page.running.countdown.text() == "15:00"
    assert panel.room("lavender").state().status is Status.RUNNING
    assert panel.window.notice.text() == WAITING_NOTICE

    panel.advance(15 * MIN)  # the session ends by itself
    replaced(panel, old)
    assert titles(panel) == ["Lavender room", "Cedar room", "Birch room"]
    assert panel.window.notice.text() == ""


def test_the_rooms_change_as_soon_as_the_last_session_is_stopped(real_panel):
    panel = real_panel
    old = panel.studio
    start(panel, "Relax", "lavender")
    cedar = start(panel, "Express", "cedar")
    panel.window.devices_saved(StudioConfig(rooms=(room_config("cedar", "Cedar suite"),)))
    panel.room("lavender").stop()
    panel.facade.refresh()
    assert panel.window.new_config is not None and panel.studio is old  # Cedar still runs
    assert panel.window.notice.text() == WAITING_NOTICE
    cedar.ask_stop()
    panel.qtbot.mouseClick(cedar.dialog.confirm_button, Qt.MouseButton.LeftButton)
    panel.facade.refresh()
    replaced(panel, old)
    assert titles(panel) == ["Cedar suite"]


def test_lights_up_between_sessions_stays_up_in_the_new_rooms(real_panel):
    panel = real_panel
    old = panel.studio
    panel.window.show_room(1)
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_L)
    panel.settle()
    assert panel.room("cedar").state().lights_up
    panel.window.devices_saved(TWO_ROOMS)
    replaced(panel, old)
    panel.settle()
    assert panel.room("cedar").state().lights_up and not panel.room("lavender").state().lights_up
    assert panel.window.page_for("cedar").lights_button.isChecked()


def test_an_open_question_holds_the_change_back_until_it_is_answered(real_panel):
    panel = real_panel
    old = panel.studio
    panel.faults("lavender", "ceiling").offline = True
    page = panel.window.page_for("lavender")
    panel.qtbot.mouseClick(page.tiles.tile("Relax"), Qt.MouseButton.LeftButton)
    panel.qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: page.dialog is not None, timeout=WAIT_MS)  # "start anyway?"
    panel.window.devices_saved(StudioConfig(rooms=(room_config("cedar", "Cedar suite"),)))
    panel.facade.refresh()
    assert panel.window.new_config is not None and panel.studio is old
    assert panel.window.notice.text() == ""  # no session runs: nothing to say
    panel.qtbot.mouseClick(page.dialog.cancel_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    panel.facade.refresh()
    replaced(panel, old)
    assert titles(panel) == ["Cedar suite"]


def test_the_demo_keeps_its_studio_and_says_where_the_rooms_went(loop, qtbot, tmp_path, rooms_file, owner):
    panel = make_panel(qtbot, tmp_path, rooms_file, demo=True)
    try:
        old = panel.studio
        page = open_devices(panel)
        page.device_list.room_field.setText("Birch room")
        panel.qtbot.mouseClick(page.device_list.add_room_button, Qt.MouseButton.LeftButton)
        panel.qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        panel.qtbot.waitUntil(lambda: not page.setup.saving)
        assert page.status.text() == (
            f"Saved to {rooms_file}. Start ambience without --demo to use these rooms."
        )
        assert load_rooms(rooms_file).room("birch").name == "Birch room"
        panel.facade.refresh()
        assert panel.studio is old and titles(panel) == ["Lavender room", "Cedar room"]
        assert panel.window.notice.text() == ""
    finally:
        tear_down(panel)


def test_the_first_run_demo_gives_way_to_the_rooms_the_owner_saves(loop, qtbot, tmp_path, rooms_file, owner):
    panel = make_panel(qtbot, tmp_path, rooms_file, demo=True, keep_demo=False)
    try:
        old = panel.studio
        assert panel.window.badge.text() == "Demo"
        page = open_devices(panel)
        page.device_list.room_field.setText("Birch room")
        panel.qtbot.mouseClick(page.device_list.add_room_button, Qt.MouseButton.LeftButton)
        panel.qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        panel.qtbot.waitUntil(lambda: not page.setup.saving)
        replaced(panel, old)
        assert "Birch room" in titles(panel)
        assert not panel.window.badge.isVisibleTo(panel.window)
    finally:
        tear_down(panel)


def test_a_kasa_bulb_saved_on_the_page_lights_the_next_session(real_panel, rooms_file):
    panel = real_panel
    emulated = EmulatedStudio.from_specs(["bulb=Table lamp"])
    panel.run(emulated.start())
    try:
        lamp = emulated.server("Table lamp")
        old = panel.studio
        page = open_devices(panel)
        page.device_list.address_field.setText(f"{lamp.host}:{lamp.port}")
        panel.qtbot.mouseClick(page.device_list.add_button, Qt.MouseButton.LeftButton)
        panel.qtbot.waitUntil(lambda: not page.setup.busy, timeout=WAIT_MS)
        cedar = next(b for b in page.details.room_group.buttons() if b.property("roomId") == "cedar")
        panel.qtbot.mouseClick(cedar, Qt.MouseButton.LeftButton)
        panel.qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        panel.qtbot.waitUntil(lambda: not page.setup.saving)
        replaced(panel, old)
        panel.window.dialog.accept()
        rows = panel.window.page_for("cedar").running.devices
        assert rows.row("table-lamp") is not None

        # Saved with the way it talks, so the rooms reach it at once, without looking for it.
        (entry,) = [d for d in load_rooms(rooms_file).room("cedar").devices if d.backend == "kasa"]
        assert entry.connection == KasaConnectionConfig(family="IOT.SMARTBULB", encryption="XOR")

        start(panel, "Relax", "cedar")
        panel.advance(2)
        bulb = emulated.device("Table lamp").state()
        assert bulb["on"] and bulb["level"] == 40 and bulb["kelvin"] == 2700
        assert panel.device("cedar", "table-lamp").link.discoveries == 0
    finally:
        panel.run(emulated.stop())


def test_the_dialog_fits_1024_by_600_and_its_device_rows_shorten_long_reasons(real_panel):
    panel = real_panel
    emulated = EmulatedStudio.from_specs(
        ["bulb=Ceiling light above the massage table", "plug:P110(UK)=Diffuser"]
    )
    panel.run(emulated.start())
    try:
        where = {d["alias"]: f"{d['host']}:{d['port']}" for d in emulated.describe()}
        page = open_devices(panel)
        for address in where.values():
            page.device_list.address_field.setText(address)
            panel.qtbot.mouseClick(page.device_list.add_button, Qt.MouseButton.LeftButton)
        # No account is kept: the Tapo plug refuses the app, which says why at length.
        panel.qtbot.waitUntil(lambda: not page.setup.busy, timeout=WAIT_MS)
        assert not page.device_list.target_field.hasFocus()  # nothing is highlighted before it is touched
        dialog = panel.window.dialog
        assert_fits(dialog)
        rows = list(page.device_list.rows.values())
        assert len(rows) == 2
        refused = next(row for row in rows if "refuses the TP-Link account" in row.detail.text())
        assert refused.detail.elided and "Third-Party Compatibility is on" in refused.toolTip()
        close = next(b for b in dialog.findChildren(type(page.save_button)) if b.text() == "Close")
        beside = close.geometry().center().y() - page.save_button.geometry().center().y()
        assert close.parent() is page and abs(beside) <= 2
        panel.qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
        panel.qtbot.waitUntil(lambda: panel.window.dialog is None)
    finally:
        panel.run(emulated.stop())


def test_a_device_that_does_not_answer_is_an_outcome_not_a_fault(real_panel, caplog):
    async def offline():
        raise DeviceOffline("127.0.0.1:9 cannot be reached")

    async def broken():
        raise KeyError("light_state")

    with caplog.at_level(logging.INFO, logger="ambience.ui.facade"):
        for coro in (offline(), broken()):
            task = real_panel.facade.run_async(coro)
            real_panel.qtbot.waitUntil(task.done)
    assert [(r.levelno, r.exc_info is not None) for r in caplog.records] == [
        (logging.INFO, False),  # shown by whoever asked (the Devices page: "not answering")
        (logging.ERROR, True),  # a bug: logged with its traceback
    ]

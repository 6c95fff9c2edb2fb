"""Owner mode on the panel: the owner's screens open only after the PIN, and lock again by themselves."""

from __future__ import annotations

import pytest

from ambience.config.owner import load_owner
from ambience.session.roomstate import Status
from ambience.ui.owner.menu import OwnerMenu
from ambience.ui.owner.pin_dialog import PinDialog, PinMode
from ambience.ui.qt import QApplication, Qt
from ambience.ui.setup.devices_page import DevicesPage
from tests.support.kasa import memory_keyring
from tests.support.virtual import HandClock
from tests.ui.conftest import WAIT_MS, build_panel, tear_down
from tests.ui.panel.test_layout import assert_fits


@pytest.fixture
def owner_panel(loop, qtbot, tmp_path):
    """The panel on a real rooms config path (owner.toml goes beside it), with a clock for the lock."""
    with memory_keyring():
        p = build_panel(qtbot, tmp_path / "presets", demo=False, config_path=tmp_path / "rooms.toml")
        p.owner_clock = HandClock()
        p.window.owner.lock.now = p.owner_clock
        yield p
        tear_down(p)


def prompt(panel) -> PinDialog:
    dialog = panel.window.owner.prompt
    assert isinstance(dialog, PinDialog)
    return dialog


def devices_page(panel) -> DevicesPage | None:
    return panel.window.dialog.findChild(DevicesPage) if panel.window.dialog is not None else None


def test_the_first_owner_screen_asks_to_choose_a_pin_typed_twice_and_keeps_only_its_hash(owner_panel):
    panel = owner_panel
    panel.window.open_devices()
    assert devices_page(panel) is None
    dialog = prompt(panel)
    assert dialog.mode is PinMode.CHOOSE
    dialog.enter("97531")
    assert dialog.title.text() == "Enter the same PIN again"
    dialog.enter("97532")
    assert "not the same" in dialog.message.text()
    dialog.enter("97531")
    dialog.enter("97531")
    panel.qtbot.waitUntil(lambda: devices_page(panel) is not None, timeout=WAIT_MS)
    owner_file = panel.window.owner.lock.path
    assert "97531" not in owner_file.read_text()
    assert load_owner(owner_file).pin.startswith("scrypt$")


def test_without_the_pin_the_devices_page_and_the_owner_menu_stay_closed(owner_panel):
    panel = owner_panel
    panel.open_owner_mode()
    panel.window.owner.lock_now()
    panel.window.open_devices()
    dialog = prompt(panel)
    assert dialog.mode is PinMode.UNLOCK
    dialog.enter("1111")
    assert dialog.message.text() == "Wrong PIN."
    panel.qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: panel.window.owner.prompt is None, timeout=WAIT_MS)
    assert devices_page(panel) is None
    panel.qtbot.mouseClick(panel.window.owner_button, Qt.MouseButton.LeftButton)
    assert panel.window.owner_menu is None
    prompt(panel).enter("2468")
    panel.qtbot.waitUntil(lambda: panel.window.owner_menu is not None, timeout=WAIT_MS)


def test_a_wrong_pin_rests_the_keypad_for_longer_and_longer(owner_panel):
    panel = owner_panel
    panel.open_owner_mode()
    panel.window.owner.lock_now()
    panel.window.open_devices()
    dialog = prompt(panel)
    dialog.enter("0000")
    dialog.enter("0001")
    assert dialog.pad.isEnabled()
    dialog.enter("0002")
    assert not dialog.pad.isEnabled()
    assert dialog.message.text() == "Too many wrong tries. Try again in 5 s."
    assert dialog.help.isVisible() and "owner.toml" in dialog.help.text()
    dialog.enter("2468")  # keys do nothing while it rests
    assert devices_page(panel) is None
    panel.owner_clock.t += 5
    dialog.refresh()
    assert dialog.pad.isEnabled()
    dialog.enter("0003")
    assert dialog.message.text() == "Too many wrong tries. Try again in 15 s."
    panel.owner_clock.t += 15
    dialog.refresh()
    dialog.enter("2468")
    panel.qtbot.waitUntil(lambda: devices_page(panel) is not None, timeout=WAIT_MS)


def test_going_back_to_the_rooms_locks_owner_mode(owner_panel):
    panel = owner_panel
    panel.open_owner_mode()
    panel.window.open_owner()
    menu = panel.window.owner_menu
    assert isinstance(menu, OwnerMenu)
    panel.qtbot.mouseClick(menu.button("Devices"), Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: devices_page(panel) is not None, timeout=WAIT_MS)
    panel.window.dialog.reject()  # back to the owner's menu: still open
    panel.qtbot.waitUntil(lambda: panel.window.dialog is None, timeout=WAIT_MS)
    assert panel.window.owner.is_open
    panel.qtbot.mouseClick(menu.lock_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: panel.window.owner_menu is None, timeout=WAIT_MS)
    assert not panel.window.owner.is_open
    panel.window.open_devices()
    assert prompt(panel).mode is PinMode.UNLOCK


def test_owner_mode_locks_itself_after_idle_minutes_and_the_pin_carries_on(owner_panel):
    panel = owner_panel
    panel.open_owner_mode()
    panel.window.open_devices()
    page = devices_page(panel)
    panel.owner_clock.t += 120
    panel.qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)  # a touch: counting starts again
    panel.owner_clock.t += 120
    panel.window.owner.check_idle()
    assert panel.window.owner.is_open
    panel.owner_clock.t += 61
    panel.window.owner.check_idle()
    dialog = prompt(panel)
    assert dialog.mode is PinMode.RELOCK and not panel.window.owner.is_open
    dialog.enter("2468")
    panel.qtbot.waitUntil(lambda: panel.window.owner.prompt is None, timeout=WAIT_MS)
    assert devices_page(panel) is page  # where the owner was


def test_back_to_rooms_from_an_idle_lock_closes_the_owner_screens(owner_panel):
    panel = owner_panel
    panel.open_owner_mode()
    panel.window.open_owner()
    panel.window.open_devices()
    panel.owner_clock.t += 181
    panel.window.owner.check_idle()
    panel.qtbot.mouseClick(prompt(panel).back_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(
        lambda: panel.window.dialog is None and panel.window.owner_menu is None, timeout=WAIT_MS
    )
    assert not panel.window.owner.screens


def test_therapists_run_sessions_without_the_pin(owner_panel):
    panel = owner_panel
    panel.open_owner_mode()
    panel.window.owner.lock_now()
    page = panel.window.page
    page.tiles.select(page.tiles.tiles[0].loaded)
    panel.room("lavender").start(panel.studio.plan(page.tiles.current))
    panel.qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    assert panel.room("lavender").state().status is Status.PAUSED
    panel.qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    panel.qtbot.mouseClick(page.extend_button, Qt.MouseButton.LeftButton)
    assert panel.room("lavender").state().status is Status.RUNNING
    assert panel.window.owner.prompt is None


@pytest.mark.parametrize("size", [(800, 480), (1024, 600), (1920, 1080)])
def test_the_keypad_fits_every_screen_with_keys_a_finger_hits(owner_panel, size):
    panel = owner_panel
    panel.window.resize(*size)
    panel.window.open_devices()
    dialog = prompt(panel)
    QApplication.processEvents()
    hint = dialog.sizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1], hint
    for key in dialog.pad.keys.values():
        assert key.height() >= 60 and key.width() >= 88


def test_the_demo_says_where_the_owners_changes_go(loop, qtbot, tmp_path):
    panel = build_panel(qtbot, tmp_path / "presets", demo=True, config_path=tmp_path / "demo" / "rooms.toml")
    try:
        panel.window.demo_folder = tmp_path / "demo"
        panel.window.owner.note = panel.window.demo_note()
        panel.window.open_owner()
        dialog = prompt(panel)
        assert dialog.note.isVisibleTo(dialog)
        assert str(tmp_path / "demo") in dialog.note.text() and "throw-away" in dialog.note.text()
        dialog.enter("1234")
        dialog.enter("1234")
        panel.qtbot.waitUntil(lambda: panel.window.owner_menu is not None, timeout=WAIT_MS)
        assert "throw-away" in panel.window.owner_menu.note.text()
        assert (tmp_path / "demo" / "owner.toml").exists()
        assert_fits(panel.window)
    finally:
        tear_down(panel)

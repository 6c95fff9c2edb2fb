"""The Devices page's Music choice: where each room's music plays, saved to the rooms config (offscreen)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig, load_rooms, save_rooms
from ambience.devices.audio import mixer as audio_mixer
from ambience.engine.factory import KasaOptions
from ambience.setup.service import DeviceSetup
from ambience.ui.qt import Qt
from ambience.ui.setup.devices_page import DevicesPage
from tests.support.kasa import EMULATED_ACCOUNT
from tests.ui.conftest import WAIT_MS, build_panel, tear_down
from tests.ui.panel.test_layout import assert_fits

LIGHT = DeviceConfig(id="ceiling", name="Ceiling", role=Role.LIGHT)
PLAYER = DeviceConfig(id="music", name="Music", role=Role.MUSIC, backend="pygame")
OUTPUTS = ["Built-in speakers", "USB speakers"]


@pytest.fixture
def outputs(monkeypatch):
    """What the computer offers (a list the test changes); each listing's thread is recorded."""
    offered = list(OUTPUTS)
    threads: list[threading.Thread] = []

    def audio_outputs() -> list[str]:
        threads.append(threading.current_thread())
        return list(offered)

    monkeypatch.setattr(audio_mixer, "audio_outputs", audio_outputs)
    return offered, threads


def rooms(lotus: tuple[DeviceConfig, ...] = (), cedar: tuple[DeviceConfig, ...] = ()) -> StudioConfig:
    return StudioConfig(
        rooms=(
            RoomConfig(id="lotus", name="Lotus room", devices=(LIGHT, *lotus)),
            RoomConfig(id="cedar", name="Cedar room", devices=cedar),
        )
    )


def open_page(qtbot, path: Path, config: StudioConfig | None = None) -> DevicesPage:
    if config is not None:
        save_rooms(config, path)
    page = DevicesPage(DeviceSetup(path, kasa=KasaOptions(credentials=lambda: EMULATED_ACCOUNT)))
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show()
    qtbot.waitUntil(lambda: not page.setup.busy, timeout=WAIT_MS)
    return page


def labels(page: DevicesPage) -> list[str]:
    return [button.label.text() for button in page.music_panel.buttons()]


def checked(page: DevicesPage) -> str:
    (button,) = [b for b in page.music_panel.buttons() if b.isChecked()]
    return button.label.text()


def choose(qtbot, page: DevicesPage, label: str) -> None:
    qtbot.mouseClick(page.music_panel.button(label), Qt.MouseButton.LeftButton)


def music(path: Path, room_id: str) -> list[DeviceConfig]:
    return [d for d in load_rooms(path).room(room_id).devices if d.role is Role.MUSIC]


def test_choosing_an_output_and_saving_writes_the_rooms_music_device(loop, qtbot, tmp_path, outputs):
    path = tmp_path / "rooms.toml"
    page = open_page(qtbot, path, rooms())
    assert page.device_list.music_rows["lotus"].detail.text() == "no music"
    qtbot.mouseClick(page.device_list.music_rows["lotus"], Qt.MouseButton.LeftButton)
    assert page.music_panel.isVisible() and not page.details.isVisible()
    assert page.music_panel.heading.text() == "MUSIC IN LOTUS ROOM"
    assert labels(page) == ["No music", "This computer — default output", *OUTPUTS]
    assert checked(page) == "No music" and not page.setup.dirty

    choose(qtbot, page, "USB speakers")
    assert page.setup.dirty and page.device_list.music_rows["lotus"].detail.text() == "USB speakers"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.setup.saving)
    assert music(path, "lotus") == [
        DeviceConfig(id="music", name="Music", role=Role.MUSIC, backend="pygame", output="USB speakers")
    ]
    assert load_rooms(path).room("lotus").devices[0] == LIGHT  # the room's other devices stay
    assert not page.setup.dirty

    choose(qtbot, page, "This computer — default output")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.setup.saving)
    assert music(path, "lotus") == [PLAYER]  # the default output: no name written


def test_no_music_removes_the_rooms_music_device(loop, qtbot, tmp_path, outputs):
    path = tmp_path / "rooms.toml"
    page = open_page(qtbot, path, rooms(lotus=(PLAYER.model_copy(update={"output": "USB speakers"}),)))
    page.setup.select_music("lotus")
    assert checked(page) == "USB speakers"
    choose(qtbot, page, "No music")
    assert page.device_list.music_rows["lotus"].detail.text() == "no music"
    page.save_button.click()
    qtbot.waitUntil(lambda: not page.setup.saving)
    assert music(path, "lotus") == [] and load_rooms(path).room("lotus").devices == (LIGHT,)


def test_a_simulated_music_device_is_shown_as_such_and_survives_a_save_untouched(
    loop, qtbot, tmp_path, outputs
):
    path = tmp_path / "rooms.toml"
    simulated = DeviceConfig(id="speaker", name="Test speaker", role=Role.MUSIC)
    page = open_page(qtbot, path, rooms(lotus=(simulated,)))
    assert page.device_list.music_rows["lotus"].name.text() == "Test speaker  ·  Music"
    assert page.device_list.music_rows["lotus"].detail.text() == "simulated player (no sound)"
    page.setup.select_music("lotus")
    assert checked(page) == "Simulated player (no sound)"
    assert page.music_panel.button("Simulated player (no sound)").detail.text() == "as configured"

    page.setup.select_music("cedar")  # another room changes; this one is saved as it was
    choose(qtbot, page, "Built-in speakers")
    page.save_button.click()
    qtbot.waitUntil(lambda: not page.setup.saving)
    assert music(path, "lotus") == [simulated]
    assert [d.output for d in music(path, "cedar")] == ["Built-in speakers"]

    # Changed and changed back before a save: still the entry as written.
    page.setup.select_music("lotus")
    choose(qtbot, page, "This computer — default output")
    assert page.setup.config.room("lotus").devices[1].backend == "pygame"
    assert page.setup.config.room("lotus").devices[1].id == "speaker"  # its place and id are kept
    choose(qtbot, page, "Simulated player (no sound)")
    assert not page.setup.dirty

    # Once this computer's player is saved in its place, the simulated one is not offered any more.
    choose(qtbot, page, "This computer — default output")
    page.save_button.click()
    qtbot.waitUntil(lambda: not page.setup.saving)
    assert "Simulated player (no sound)" not in labels(page)
    assert music(path, "lotus") == [
        DeviceConfig(id="speaker", name="Music", role=Role.MUSIC, backend="pygame")
    ]


def test_two_rooms_through_this_computer_are_told_plainly_and_can_still_be_saved(
    loop, qtbot, tmp_path, outputs
):
    path = tmp_path / "rooms.toml"
    page = open_page(qtbot, path, rooms(lotus=(PLAYER,)))
    page.setup.select_music("cedar")
    assert not page.music_panel.warning.isVisible()
    choose(qtbot, page, "This computer — default output")
    assert page.music_panel.warning.isVisible()
    assert page.music_panel.warning.text() == (
        "Lotus room also plays through this computer: one computer plays through one output at a "
        "time, so both rooms would hear both playlists."
    )
    assert page.device_list.music_rows["lotus"].detail.text().endswith("shared with Cedar room")
    assert page.save_button.isEnabled()
    page.save_button.click()
    qtbot.waitUntil(lambda: not page.setup.saving)
    assert music(path, "cedar") == [PLAYER] and music(path, "lotus") == [PLAYER]
    choose(qtbot, page, "No music")
    assert not page.music_panel.warning.isVisible()


def test_with_no_audio_system_only_no_music_and_the_default_are_offered(loop, qtbot, tmp_path, outputs):
    offered, _ = outputs
    offered.clear()
    page = open_page(qtbot, tmp_path / "rooms.toml", rooms(lotus=(PLAYER,)))
    page.setup.select_music("lotus")
    assert labels(page) == ["No music", "This computer — default output"]
    assert page.music_panel.note.text().startswith("No audio output found on this computer")
    row = page.device_list.music_rows["lotus"]
    assert row.detail.text() == "This computer — default output · no audio output found"


def test_an_output_that_is_not_connected_stays_chosen_and_says_so(loop, qtbot, tmp_path, outputs):
    path = tmp_path / "rooms.toml"
    page = open_page(qtbot, path, rooms(lotus=(PLAYER.model_copy(update={"output": "HDMI"}),)))
    page.setup.select_music("lotus")
    assert labels(page)[-1] == "HDMI" and checked(page) == "HDMI"
    assert page.music_panel.button("HDMI").detail.text() == "not connected now"
    assert "plays on the default one" in page.music_panel.note.text()


def test_outputs_are_listed_off_the_ui_thread_once_and_again_on_request(loop, qtbot, tmp_path, outputs):
    offered, threads = outputs
    page = open_page(qtbot, tmp_path / "rooms.toml", rooms())
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    page.setup.select_music("cedar")
    offered.append("HDMI")
    qtbot.mouseClick(page.music_panel.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.setup.busy, timeout=WAIT_MS)
    assert len(threads) == 2 and labels(page)[-1] == "HDMI"
    assert page.music_panel.note.text() == "This computer offers 3 audio outputs."


def test_the_dialog_with_the_music_choice_fits_1024_by_600(loop, qtbot, tmp_path, outputs, owner):
    offered, _ = outputs
    offered[:] = ["Built-in Audio Analog Stereo", "USB speakers by the massage table (UCA202)"]
    path = tmp_path / "rooms.toml"
    long_name = "The cedar room next to the garden door"
    save_rooms(
        StudioConfig(
            rooms=(
                RoomConfig(id="lotus", name="Lotus room", devices=(PLAYER,)),
                RoomConfig(id="cedar", name=long_name, devices=(LIGHT,)),
            )
        ),
        path,
    )
    panel = build_panel(qtbot, tmp_path / "presets", demo=False, config_path=path)
    try:
        page = panel.open_owner_screen(panel.window.open_devices, DevicesPage)
        qtbot.waitUntil(lambda: not page.setup.busy, timeout=WAIT_MS)
        page.setup.select_music("cedar")
        choose(qtbot, page, offered[1])
        assert page.music_panel.warning.isVisible()
        assert_fits(panel.window.dialog)
        assert page.music_panel.button(offered[1]).width() <= page.music_panel.width()
        panel.window.dialog.accept()
        qtbot.mouseClick(page.question.confirm_button, Qt.MouseButton.LeftButton)  # leave unsaved
        qtbot.waitUntil(lambda: panel.window.dialog is None, timeout=WAIT_MS)
    finally:
        tear_down(panel)

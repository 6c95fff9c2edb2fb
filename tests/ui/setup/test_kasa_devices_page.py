"""The owner's Devices page against emulated Kasa devices on loopback addresses (offscreen)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ambience.config.roles import Role
from ambience.config.rooms import (
    DeviceConfig,
    KasaConnectionConfig,
    RoomConfig,
    StudioConfig,
    load_rooms,
    save_rooms,
)
from ambience.engine.factory import KasaOptions
from ambience.setup.placement import Spot, parse_address
from ambience.setup.service import DeviceSetup
from ambience.ui.setup.devices_page import DevicesPage
from kasa_emulator import EmulatedStudio
from tests.support.kasa import DISCOVERY_TIMEOUT_S, EMULATED_ACCOUNT

WAIT_MS = 5000


class Bench:
    """An emulated studio on the panel's loop, and ways to wait for the page."""

    def __init__(self, qtbot, specs: list[str]) -> None:
        self.qtbot = qtbot
        self.studio = EmulatedStudio.from_specs(specs)
        self.run(self.studio.start())

    def run(self, coro):
        task = asyncio.ensure_future(coro)
        self.qtbot.waitUntil(task.done, timeout=WAIT_MS)
        return task.result()

    def spot(self, alias: str) -> Spot:
        entry = next(d for d in self.studio.describe() if d["alias"] == alias)
        return Spot(entry["host"], entry["port"], entry.get("device_id"))

    def idle(self, page: DevicesPage, timeout_ms: int = WAIT_MS) -> None:
        self.qtbot.waitUntil(lambda: not page.setup.busy, timeout=timeout_ms)


@pytest.fixture
def bench(loop, qtbot, owner):
    benches: list[Bench] = []

    def make(*specs: str) -> Bench:
        benches.append(Bench(qtbot, list(specs)))
        return benches[-1]

    yield make
    for b in benches:
        b.run(b.studio.stop())


def make_page(qtbot, path: Path, **kwargs) -> DevicesPage:
    kwargs.setdefault(
        "kasa", KasaOptions(credentials=lambda: EMULATED_ACCOUNT, discovery_timeout_s=DISCOVERY_TIMEOUT_S)
    )
    page = DevicesPage(DeviceSetup(path, discovery_timeout_s=0.2, identify_pause_s=0.0, **kwargs))
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show()
    return page


def studio_with(*devices: DeviceConfig) -> StudioConfig:
    return StudioConfig(
        rooms=(
            RoomConfig(id="lotus", name="Lotus room", devices=devices),
            RoomConfig(id="cedar", name="Cedar room"),
        )
    )


def test_it_shows_each_configured_device_with_its_model_state_and_reachability(bench, qtbot, tmp_path):
    b = bench("bulb=Ceiling light", "plug=Diffuser")
    bulb, plug = b.spot("Ceiling light"), b.spot("Diffuser")
    path = tmp_path / "rooms.toml"
    # As the page saves them: with the way each device talks.
    save_rooms(
        studio_with(
            DeviceConfig(
                id="ceiling",
                name="Ceiling",
                role=Role.LIGHT,
                backend="kasa",
                host=bulb.host,
                port=bulb.port,
                connection=KasaConnectionConfig(family="IOT.SMARTBULB", encryption="XOR"),
            ),
            DeviceConfig(
                id="diffuser",
                name="Diffuser",
                role=Role.DIFFUSER,
                backend="kasa",
                host=plug.host,
                port=plug.port,
                connection=KasaConnectionConfig(family="IOT.SMARTPLUGSWITCH", encryption="XOR"),
            ),
        ),
        path,
    )
    b.run(b.studio.server("Diffuser").stop())
    page = make_page(qtbot, path)
    b.idle(page)  # the diffuser is asked the way it talks, does not answer, and is said to be off
    rows = dict(page.device_list.row_texts())
    assert rows["Ceiling  ·  Light"] == f"{bulb.where} · KL130 bulb · on, 100 %, 2700 K"
    assert rows["Diffuser  ·  Diffuser"] == f"{plug.where} · off, or not on the network"
    page.setup.select(plug)
    assert page.details.reach_label.text() == (
        f"Does not answer: off, or not on the network ({plug.where} cannot be reached (connection refused))"
    )
    assert not page.setup.dirty and not page.save_button.isEnabled()


def test_discover_finds_a_device_and_it_can_be_put_in_a_room_and_saved(bench, qtbot, tmp_path):
    b = bench("plug:KP115(US)=Scent plug")
    plug = b.spot("Scent plug")
    path = tmp_path / "rooms.toml"
    save_rooms(studio_with(), path)
    page = make_page(qtbot, path, discovery_port=plug.port)
    page.device_list.target_field.setText(plug.host)  # never a real network in tests
    page.device_list.discover_button.click()
    b.idle(page)
    assert ("Scent plug", f"{plug.where} · KP115 plug · off") in page.device_list.row_texts()
    page.setup.select(plug)
    assert page.details.model_label.text() == "KP115 plug" and page.details.reach_label.text() == "Answers"
    saved = []
    page.saved.connect(saved.append)
    cedar = next(b for b in page.details.room_group.buttons() if b.property("roomId") == "cedar")
    cedar.click()
    assert page.setup.dirty and page.details.role_buttons[Role.DIFFUSER].isChecked()
    page.save_button.click()
    qtbot.waitUntil(lambda: not page.setup.saving)
    (entry,) = load_rooms(path).room("cedar").devices
    assert (entry.name, entry.role, entry.backend, entry.host, entry.port) == (
        "Scent plug",
        Role.DIFFUSER,
        "kasa",
        plug.host,
        plug.port,
    )
    assert saved and not page.setup.dirty


def test_a_hub_added_by_address_offers_its_thermostats_each_by_its_id_with_its_name_shown(
    bench, qtbot, tmp_path
):
    b = bench("thermostat=Radiator", "thermostat=Radiator")
    hub = b.spot("Hub")
    first, second = (c.identity.device_id for c in b.studio.server("Hub").device.children)
    path = tmp_path / "rooms.toml"
    save_rooms(studio_with(), path)
    page = make_page(qtbot, path)
    page.device_list.address_field.setText(f"{hub.host}:{hub.port}")
    page.device_list.add_button.click()
    b.idle(page)
    assert page.device_list.row_texts() == [
        ("Radiator", f"{hub.where} › Radiator · KE100 thermostat · 19.5 °C, set to 21 °C, heating"),
        ("Radiator", f"{hub.where} › Radiator · KE100 thermostat · 19.5 °C, set to 21 °C, heating"),
        ("Hub", f"{hub.where} · KH100 hub · 2 devices paired · a hub: its devices are listed on their own"),
    ]  # what can go in a room first, the hub after
    assert page.details.model_label.text() == "KE100 thermostat"  # the first usable device is selected
    lotus = next(b for b in page.details.room_group.buttons() if b.property("roomId") == "lotus")
    lotus.click()
    page.device_list.rows[Spot(hub.host, hub.port, second).key].click()
    lotus.click()  # the second radiator of that name joins the first, never replaces it
    assert page.device_list.row_texts()[:2] == [
        (
            "Radiator  ·  Thermostat",
            f"{hub.where} › Radiator · KE100 thermostat · 19.5 °C, set to 21 °C, heating",
        ),
        (
            "Radiator  ·  Thermostat",
            f"{hub.where} › Radiator · KE100 thermostat · 19.5 °C, set to 21 °C, heating",
        ),
    ]
    page.save_button.click()
    qtbot.waitUntil(lambda: not page.setup.saving)
    entries = load_rooms(path).room("lotus").devices
    assert [(e.role, e.port, e.child) for e in entries] == [
        (Role.THERMOSTAT, hub.port, first),
        (Role.THERMOSTAT, hub.port, second),
    ]
    assert entries[0].connection == entries[1].connection is not None  # the hub's way, for the next start
    assert not page.details.identify_button.isEnabled()  # a thermostat has nothing to blink


def test_identify_blinks_the_light_and_puts_it_back(bench, qtbot, tmp_path):
    b = bench("bulb=Ceiling light")
    bulb = b.studio.device("Ceiling light")
    bulb.brightness, bulb.color_temp = 35, 3000
    page = make_page(qtbot, tmp_path / "rooms.toml")
    page.device_list.address_field.setText(b.spot("Ceiling light").where)
    page.device_list.add_button.click()
    b.idle(page)
    assert page.details.identify_button.isEnabled()
    page.details.identify_button.click()
    b.idle(page)
    levels = [h["level"] for h in bulb.history]
    assert levels[-5:] == [0, 100, 0, 100, 35]
    assert bulb.state() == {"on": True, "level": 35, "brightness": 35, "kelvin": 3000}
    assert "showed itself" in page.status.text()


def test_roles_names_and_removal_change_the_config_until_saved(bench, qtbot, tmp_path):
    b = bench("dimmer=Wall dimmer")
    dimmer = b.spot("Wall dimmer")
    path = tmp_path / "rooms.toml"
    page = make_page(qtbot, path)
    assert "No rooms config yet" in page.status.text()
    page.device_list.room_field.setText("Lotus room")
    page.device_list.add_room_button.click()
    page.device_list.address_field.setText(dimmer.where)
    page.device_list.add_button.click()
    b.idle(page)
    next(b for b in page.details.room_group.buttons() if b.property("roomId") == "lotus-room").click()
    page.details.role_buttons[Role.DIFFUSER].click()
    page.details.name_field.setText("Wall lamp")
    page.details.name_field.editingFinished.emit()
    music, entry = page.setup.config.room("lotus-room").devices
    assert (music.role, music.backend, music.output) == (Role.MUSIC, "pygame", None)  # this computer's
    assert (entry.name, entry.role, entry.id) == ("Wall lamp", Role.DIFFUSER, "wall-dimmer")
    page.details.remove_button.click()
    assert page.setup.config.room("lotus-room").devices == (music,)
    assert not path.exists()  # nothing is written before Save
    page.save_button.click()
    qtbot.waitUntil(lambda: not page.setup.saving)
    assert load_rooms(path).room("lotus-room").name == "Lotus room"


def test_the_account_is_kept_in_the_keychain_and_forgotten(bench, qtbot, tmp_path):
    b = bench("plug")
    page = make_page(qtbot, tmp_path / "rooms.toml", kasa=KasaOptions())
    b.idle(page)
    assert page.account.account_label.text().startswith("No account kept")
    page.account.user_field.setText("owner@studio.example")
    page.account.password_field.setText("s3cret")
    page.account.store_button.click()
    b.idle(page)
    assert page.account.account_label.text() == "Kept in this computer's keychain: owner@studio.example"
    assert page.account.password_field.text() == ""
    page.account.forget_button.click()  # asks first: the newer devices will stop answering
    assert page.question is not None and "stop answering" in page.question.body.text()
    page.question.cancel_button.click()
    b.idle(page)
    assert page.account.account_label.text().startswith("Kept in this computer's keychain")
    page.account.forget_button.click()
    page.question.confirm_button.click()
    b.idle(page)
    assert page.account.account_label.text().startswith("No account kept")


def test_addresses_are_read_as_typed():
    assert parse_address(" 192.0.2.10 ") == Spot("192.0.2.10")
    assert parse_address("127.0.0.1:9999") == Spot("127.0.0.1", 9999)
    assert parse_address("127.0.0.1:80 › Radiator") == Spot("127.0.0.1", 80, "Radiator")
    assert parse_address("") is None
    with pytest.raises(ValueError):
        parse_address("127.0.0.1:http")


def test_a_rooms_config_that_cannot_be_read_is_named_and_never_overwritten(bench, qtbot, tmp_path):
    bench()
    path = tmp_path / "rooms.toml"
    path.write_text('schema = 1\n[[rooms]]\nid = "Lotus Room"\nname = "Lotus"\n')
    before = path.read_bytes()
    page = make_page(qtbot, path)
    assert "rooms.toml: rooms[0].id" in page.status.text()
    page.device_list.room_field.setText("Birch room")
    page.device_list.add_room_button.click()
    assert not page.save_button.isEnabled()
    page.setup.save()
    assert path.read_bytes() == before

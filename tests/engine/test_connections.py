"""What the studio learns of its Kasa devices is kept in the rooms config, beside the device."""

from __future__ import annotations

import asyncio

from ambience.config.roles import Role
from ambience.config.rooms import (
    DeviceConfig,
    KasaConnectionConfig,
    RoomConfig,
    StudioConfig,
    load_rooms,
    save_rooms,
)
from ambience.devices.kasa.link import KasaConnection
from ambience.engine.connections import ConnectionBook
from ambience.engine.factory import create_device
from kasa_emulator import EmulatedStudio
from tests.support.kasa import kasa_config, kasa_context


def studio(*devices: DeviceConfig) -> StudioConfig:
    return StudioConfig(rooms=(RoomConfig(id="lotus", name="Lotus", devices=devices),))


def kasa(device_id: str, child: str | None = None, port: int = 9999) -> DeviceConfig:
    role = Role.THERMOSTAT if child else Role.LIGHT
    return DeviceConfig(id=device_id, name=device_id, role=role, backend="kasa", host="127.0.0.5", port=port,
                        child=child)  # fmt: skip


def test_the_way_a_device_talks_is_written_beside_every_entry_at_its_address(tmp_path):
    path = tmp_path / "rooms.toml"
    save_rooms(studio(kasa("a", "Radiator"), kasa("b", "Radiator 2"), kasa("c", port=80)), path)
    backup = (
        path.with_name("rooms.toml.bak").read_bytes() if path.with_name("rooms.toml.bak").exists() else None
    )
    ConnectionBook(path).found("127.0.0.5", 9999, KasaConnection("SMART.KASAHUB", "AES", 2, False, 80))
    devices = {d.id: d for d in load_rooms(path).room("lotus").devices}
    assert devices["a"].connection == devices["b"].connection
    assert (devices["a"].connection.encryption, devices["a"].connection.login_version) == ("AES", 2)
    assert devices["c"].connection is None  # another address
    after = path.with_name("rooms.toml.bak")
    assert (after.read_bytes() if after.exists() else None) == backup  # the owner's backup is left alone


def test_a_hub_child_named_by_its_name_is_rewritten_to_its_device_id_keeping_its_shown_name(tmp_path):
    path = tmp_path / "rooms.toml"
    save_rooms(studio(kasa("radiator", "Lotus radiator")), path)
    ConnectionBook(path).child_found("127.0.0.5", 9999, "lotus radiator", "80123ABC")
    (entry,) = load_rooms(path).room("lotus").devices
    assert (entry.child, entry.name) == ("80123ABC", "radiator")


def test_a_rooms_file_that_does_not_load_is_left_as_it_is(tmp_path):
    path = tmp_path / "rooms.toml"
    path.write_text("schema = 1\nrooms = [", encoding="utf-8")
    book = ConnectionBook(path)
    book.found("127.0.0.5", 9999, KasaConnection("IOT.SMARTBULB", "XOR"))
    assert path.read_text(encoding="utf-8") == "schema = 1\nrooms = [" and book.writes == 0


def test_a_studio_that_keeps_its_rooms_file_writes_what_its_devices_taught_it(tmp_path):
    path = tmp_path / "rooms.toml"

    async def body():
        async with EmulatedStudio.from_specs(["bulb=Lamp", "thermostat=Lotus radiator"]) as emulated:
            lamp = kasa_config(emulated, "Lamp", device_id="lamp")
            radiator = kasa_config(emulated, "Lotus radiator", device_id="radiator")
            save_rooms(studio(lamp, radiator), path)
            context = kasa_context()
            context.kasa.rooms_path = path
            devices = [create_device("lotus", d, context) for d in (lamp, radiator)]
            for device in devices:
                await device.refresh()
                await device.close()
            return emulated.server("Hub").device.children[0].identity.device_id

    device_id = asyncio.run(body())
    lamp, radiator = load_rooms(path).room("lotus").devices
    assert lamp.connection == KasaConnectionConfig(family="IOT.SMARTBULB", encryption="XOR")
    assert radiator.connection is not None and radiator.connection.encryption == "KLAP"
    assert (radiator.child, radiator.name) == (device_id, "Lotus radiator")

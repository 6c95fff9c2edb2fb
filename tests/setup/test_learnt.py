"""What looking at devices teaches the rooms config: the way each address talks, hub devices by id."""

from __future__ import annotations

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, KasaConnectionConfig, RoomConfig, StudioConfig
from ambience.devices.errors import DeviceOffline
from ambience.setup.found import FoundDevice, unreachable
from ambience.setup.learnt import learn, renamed
from ambience.setup.placement import Spot

HUB = "127.0.0.7"
KLAP = KasaConnectionConfig(family="SMART.KASAHUB", encryption="KLAP", login_version=2, http_port=80)
AES = KasaConnectionConfig(family="SMART.KASAHUB", encryption="AES", login_version=2, http_port=80)
XOR = KasaConnectionConfig(family="IOT.SMARTBULB", encryption="XOR")


def radiator(child: str, device_id: str = "radiator", connection: KasaConnectionConfig | None = None):
    return DeviceConfig(
        id=device_id,
        name="Radiator",
        role=Role.THERMOSTAT,
        backend="kasa",
        host=HUB,
        port=80,
        child=child,
        connection=connection,
    )


def seen(device_id: str, alias: str, connection=KLAP) -> FoundDevice:
    return FoundDevice(Spot(HUB, 80, device_id), alias, "KE100", "thermostat", connection=connection)


def studio(*devices: DeviceConfig) -> StudioConfig:
    return StudioConfig(rooms=(RoomConfig(id="lotus", name="Lotus", devices=devices),))


def test_the_way_an_address_talks_is_kept_next_to_each_of_its_devices_and_follows_a_firmware_update():
    lamp = DeviceConfig(id="lamp", name="Lamp", role=Role.LIGHT, backend="kasa", host="127.0.0.8")
    config = studio(radiator("AAA"), lamp)
    config = learn(config, [seen("AAA", "Radiator")])
    assert config.room("lotus").devices[0].connection == KLAP
    assert config.room("lotus").devices[1] == lamp  # another address: untouched
    config = learn(config, [seen("AAA", "Radiator", AES)])  # the firmware talks another way now
    assert config.room("lotus").devices[0].connection == AES
    assert learn(config, [seen("AAA", "Radiator", AES)]) is config  # nothing new: the same config


def test_a_device_that_does_not_answer_teaches_nothing():
    off = unreachable(Spot(HUB, 80), DeviceOffline("off"), connection=KLAP)
    config = studio(radiator("Radiator", connection=AES))
    assert learn(config, [off]) is config


def test_a_hub_device_named_by_its_name_is_named_by_its_id_the_first_of_two_of_one_name():
    config = studio(radiator(" radiator "), radiator("BBB", "radiator-2"), radiator("Sauna", "sauna"))
    config = learn(config, [seen("AAA", "Radiator"), seen("BBB", "Radiator")])
    assert [d.child for d in config.room("lotus").devices] == ["AAA", "BBB", "Sauna"]  # Sauna: not seen
    assert renamed([seen("AAA", "Radiator"), seen("BBB", "Radiator")]) == {
        (HUB, 80, "radiator"): (HUB, 80, "aaa")
    }


def test_an_id_the_rooms_config_cannot_hold_leaves_the_entry_as_it_was():
    config = studio(radiator("Radiator"))
    assert learn(config, [seen("A\x00B", "Radiator", None)]) == config

"""Placing Kasa devices in the rooms config, and looking at them, for the Devices page."""

from __future__ import annotations

import asyncio

import pytest

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig
from ambience.devices.errors import DeviceOffline, DeviceUnsupported
from ambience.engine.factory import KasaOptions
from ambience.setup.kasa import discover, identify, look
from ambience.setup.placement import Spot, add_room, place, slug, unplace
from kasa_emulator import EmulatedStudio
from tests.support.kasa import EMULATED_ACCOUNT

LAMP = Spot("127.0.0.1", 9999)
RADIATOR = Spot("127.0.0.1", 80, "Lotus radiator")


def studio() -> StudioConfig:
    music = DeviceConfig(id="music", name="Music", role=Role.MUSIC)
    return StudioConfig(
        rooms=(RoomConfig(id="lotus", name="Lotus", devices=(music,)), RoomConfig(id="cedar", name="Cedar"))
    )


def test_placing_adds_an_entry_and_moving_keeps_one():
    config = place(studio(), LAMP, room_id="lotus", role=Role.LIGHT, name="Floor lamp")
    entry = config.room("lotus").devices[-1]
    assert (entry.id, entry.name, entry.backend, entry.host, entry.port) == (
        "floor-lamp",
        "Floor lamp",
        "kasa",
        "127.0.0.1",
        9999,
    )
    config = place(config, LAMP, room_id="lotus", role=Role.DIFFUSER, name="Floor lamp")
    assert [d.id for d in config.room("lotus").devices] == ["music", "floor-lamp"]
    assert config.room("lotus").devices[-1].role is Role.DIFFUSER
    config = place(config, LAMP, room_id="cedar", role=Role.LIGHT, name="Floor lamp")
    assert [d.id for d in config.room("lotus").devices] == ["music"]
    assert [d.id for d in config.room("cedar").devices] == ["floor-lamp"]
    assert unplace(config, LAMP) == studio()


def test_a_hub_child_is_told_apart_by_its_name():
    config = place(studio(), RADIATOR, room_id="cedar", role=Role.THERMOSTAT, name="Radiator")
    other = Spot("127.0.0.1", 80, "Sauna radiator")
    config = place(config, other, room_id="cedar", role=Role.THERMOSTAT, name="Radiator")
    assert [(d.id, d.child) for d in config.room("cedar").devices] == [
        ("radiator", "Lotus radiator"),
        ("radiator-2", "Sauna radiator"),
    ]
    with pytest.raises(LookupError):
        place(config, LAMP, room_id="sauna", role=Role.LIGHT, name="Lamp")


def test_new_rooms_and_ids_are_slugs():
    config, room_id = add_room(studio(), "Lotus")
    assert room_id == "lotus-2" and config.room("lotus-2").name == "Lotus"
    assert slug("Ceiling light (big)", {"ceiling-light-big"}) == "ceiling-light-big-2"
    assert slug("!!!", set()) == "device"


def test_looking_at_a_hub_lists_its_thermostats_and_a_missing_one_says_so():
    async def body():
        async with EmulatedStudio.from_specs(["thermostat=Lotus radiator"]) as emulated:
            host, port = emulated.server("Hub").host, emulated.server("Hub").port
            links = KasaOptions(credentials=lambda: EMULATED_ACCOUNT).links()
            hub, radiator = await look(Spot(host, port), links)
            assert (hub.kind, hub.model, hub.role, hub.state) == ("hub", "KH100", None, "1 device paired")
            assert (radiator.kind, radiator.role, radiator.spot.child) == (
                "thermostat",
                Role.THERMOSTAT,
                "Lotus radiator",
            )
            assert radiator.state == "19.5 °C, set to 21 °C, heating"
            with pytest.raises(DeviceUnsupported, match="no device 'Sauna'"):
                await look(Spot(host, port, "Sauna"), links)
            with pytest.raises(DeviceUnsupported, match="cannot show itself"):
                await identify(radiator.spot, Role.THERMOSTAT, links, pause_s=0)

    asyncio.run(body())


def test_identify_clicks_a_plug_and_leaves_it_as_it_was():
    async def body():
        async with EmulatedStudio.from_specs(["plug=Scent"]) as emulated:
            spot = Spot(emulated.server("Scent").host, emulated.server("Scent").port)
            await identify(spot, Role.DIFFUSER, KasaOptions().links(), pause_s=0)
            assert [h["on"] for h in emulated.device("Scent").history] == [False, True, False, True, False]

    asyncio.run(body())


def test_discovery_on_a_loopback_target_finds_the_device_there():
    async def body():
        async with EmulatedStudio.from_specs(["bulb:KL125(US)=Floor lamp"]) as emulated:
            host, port = emulated.server("Floor lamp").host, emulated.server("Floor lamp").port
            (found,) = await discover(host, port=port, timeout_s=0.2, credentials=lambda: None)
            assert (found.alias, found.model, found.kind, found.role) == (
                "Floor lamp",
                "KL125",
                "bulb",
                Role.LIGHT,
            )
            assert found.spot == Spot(host, port) and found.state == "on, 100 %, 2700 K"
            await emulated.stop()
            with pytest.raises(DeviceOffline):
                await look(found.spot, KasaOptions().links())

    asyncio.run(body())

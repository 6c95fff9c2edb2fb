"""Placing Kasa devices in the rooms config, and looking at them, for the Devices page."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from kasa import Discover

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, KasaConnectionConfig, RoomConfig, StudioConfig
from ambience.devices.errors import DeviceOffline, DeviceUnsupported
from ambience.engine.factory import KasaOptions
from ambience.setup.kasa import discover, identify, look
from ambience.setup.placement import Spot, add_room, place, slug, unplace
from kasa_emulator import EmulatedStudio, load_recording, recorded_server
from tests.support.kasa import DISCOVERY_TIMEOUT_S, EMULATED_ACCOUNT

LAMP = Spot("127.0.0.1", 9999)
RADIATOR = Spot("127.0.0.1", 80, "Lotus radiator")
RECORDINGS = Path(__file__).parent.parent / "fixtures" / "kasa"


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


def test_looking_at_a_hub_lists_its_thermostats_by_device_id_and_a_missing_one_says_so():
    async def body():
        async with EmulatedStudio.from_specs(["thermostat=Lotus radiator"]) as emulated:
            server = emulated.server("Hub")
            host, port = server.host, server.port
            device_id = server.device.children[0].identity.device_id
            links = KasaOptions(credentials=lambda: EMULATED_ACCOUNT).links()
            hub, radiator = await look(Spot(host, port), links)
            assert (hub.kind, hub.model, hub.role, hub.state) == ("hub", "KH100", None, "1 device paired")
            assert (radiator.kind, radiator.role, radiator.alias, radiator.spot.child) == (
                "thermostat",
                Role.THERMOSTAT,
                "Lotus radiator",
                device_id,
            )
            assert radiator.state == "19.5 °C, set to 21 °C, heating"
            # A hub's device reaches the app the way the hub talks.
            assert (
                hub.connection
                == radiator.connection
                == KasaConnectionConfig(
                    family="SMART.KASAHUB", encryption="KLAP", login_version=2, http_port=port
                )
            )
            # Looked at by its id, or by its name as configs written before ids were kept do.
            assert await look(Spot(host, port, device_id.lower()), links) == [radiator]
            assert await look(Spot(host, port, "lotus RADIATOR"), links) == [radiator]
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


def test_discovery_on_a_loopback_target_finds_the_device_there_and_how_it_talks():
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
            assert found.connection == KasaConnectionConfig(family="IOT.SMARTBULB", encryption="XOR")
            await emulated.stop()
            links = KasaOptions(discovery_timeout_s=DISCOVERY_TIMEOUT_S).links()
            with pytest.raises(DeviceOffline, match="cannot be reached"):
                await look(found.spot, links, connection=found.connection)

    asyncio.run(body())


def test_discovery_names_the_model_and_hardware_of_a_firmware_it_cannot_use():
    async def body():
        server = recorded_server(
            load_recording(RECORDINGS / "iot" / "HS100(UK)_4.1_1.1.0.json"), encryption="TPAP"
        )
        await server.start()
        try:
            (found,) = await discover(server.host, timeout_s=0.2, credentials=lambda: EMULATED_ACCOUNT)
        finally:
            await server.stop()
        assert (found.model, found.reachable, found.connection) == ("HS100(UK)", False, None)
        assert found.trouble == "this device's firmware is not supported yet: HS100(UK), hardware 4.1"

    asyncio.run(body())


@pytest.mark.parametrize("spec", ["plug:P110(UK)=Scent", "bulb=Scent", "plug:HS100(UK)=Scent~klap1"])
def test_a_way_found_before_reaches_the_device_in_one_round_trip_even_when_discovery_is_dropped(spec):
    async def body():
        async with EmulatedStudio.from_specs([spec]) as emulated:
            server = emulated.server("Scent")
            spot = Spot(server.host, server.port)
            links = KasaOptions(
                credentials=lambda: EMULATED_ACCOUNT, discovery_timeout_s=DISCOVERY_TIMEOUT_S
            ).links()
            (first,) = await look(spot, links)
            assert first.connection is not None
            server.discoverable = False  # a network that drops discovery
            before = server.connections
            held = links.link(spot.host, spot.port)  # kept open, to count what the look did
            (again,) = await look(spot, links, connection=first.connection)
            assert (again.alias, again.connection) == ("Scent", first.connection)
            assert (held.discoveries, held.connects, server.connections - before) == (0, 1, 1)
            await links.release(held)

    asyncio.run(body())


def test_a_device_that_is_off_is_reported_off_without_trying_every_way(monkeypatch):
    async def every_way(*args, **kwargs):
        raise AssertionError("every way was tried at a device that is off")

    monkeypatch.setattr(Discover, "try_connect_all", staticmethod(every_way))

    async def body():
        async with EmulatedStudio.from_specs(["plug:P110(UK)=Scent"]) as emulated:
            server = emulated.server("Scent")
            spot = Spot(server.host, server.port)
            links = KasaOptions(
                credentials=lambda: EMULATED_ACCOUNT, discovery_timeout_s=DISCOVERY_TIMEOUT_S
            ).links()
            (found,) = await look(spot, links)
            await server.stop()
            held = links.link(spot.host, spot.port)
            # Known: asked the way it talks, refused, and left at that.
            with pytest.raises(DeviceOffline, match="cannot be reached"):
                await look(spot, links, connection=found.connection)
            assert held.discoveries == 0
            await links.release(held)
            # Never reached: nothing answers discovery and nothing listens at the address.
            held = links.link(spot.host, spot.port)
            with pytest.raises(DeviceOffline, match=r"cannot be reached \(connection refused\)"):
                await look(spot, links)
            assert (held.discoveries, held.connects) == (1, 0)
            await links.release(held)

    asyncio.run(body())

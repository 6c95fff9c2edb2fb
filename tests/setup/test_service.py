"""The Devices page's set-up without Qt: placing devices, saving the rooms config, the account."""

from __future__ import annotations

import asyncio
import errno
import os
from pathlib import Path

from ambience.config.roles import Role
from ambience.config.rooms import (
    DeviceConfig,
    KasaConnectionConfig,
    RoomConfig,
    StudioConfig,
    load_rooms,
    save_rooms,
)
from ambience.devices.kasa.credentials import KasaCredentials
from ambience.engine.factory import KasaOptions
from ambience.setup.placement import Spot
from ambience.setup.service import DeviceSetup
from kasa_emulator import EmulatedStudio, load_recording, recorded_server
from tests.support.kasa import DISCOVERY_TIMEOUT_S, EMULATED_ACCOUNT

RECORDINGS = Path(__file__).parent.parent / "fixtures" / "kasa"
LAMP = Spot("127.0.0.1", 9999)
LAMP_ENTRY = DeviceConfig(
    id="lamp", name="Floor lamp", role=Role.LIGHT, backend="kasa", host="127.0.0.1", port=9999
)


def studio(*lotus: DeviceConfig) -> StudioConfig:
    return StudioConfig(
        rooms=(RoomConfig(id="lotus", name="Lotus", devices=lotus), RoomConfig(id="cedar", name="Cedar"))
    )


def setup_for(path, **kwargs) -> DeviceSetup:
    kwargs.setdefault(
        "kasa", KasaOptions(credentials=lambda: EMULATED_ACCOUNT, discovery_timeout_s=DISCOVERY_TIMEOUT_S)
    )
    return DeviceSetup(path, discovery_timeout_s=0.2, identify_pause_s=0.0, **kwargs)


def test_a_selected_device_is_moved_renamed_given_a_role_and_removed_without_touching_the_file(tmp_path):
    path = tmp_path / "rooms.toml"
    save_rooms(studio(LAMP_ENTRY), path)
    before = path.read_bytes()
    setup = setup_for(path)
    changes: list[str] = []
    setup.watchers.append(lambda: changes.append(setup.status))
    assert setup.status == f"Rooms config: {path}" and not setup.dirty

    setup.select(LAMP)
    setup.assign("cedar")
    (entry,) = setup.config.room("cedar").devices
    assert (entry.id, entry.name, entry.role) == ("floor-lamp", "Floor lamp", Role.LIGHT)
    assert setup.config.room("lotus").devices == ()
    setup.choose_role(Role.DIFFUSER)
    setup.rename("  Scent lamp ")
    (entry,) = setup.config.room("cedar").devices
    assert (entry.name, entry.role) == ("Scent lamp", Role.DIFFUSER)
    assert setup.dirty and setup.can_save and changes

    setup.remove_selected()
    assert setup.placed(LAMP) is None and setup.spot_of(LAMP.key) is None
    assert path.read_bytes() == before  # nothing is written before Save


def test_a_found_device_asks_for_a_room_before_a_role_and_can_show_itself(tmp_path):
    setup = setup_for(tmp_path / "rooms.toml")
    assert setup.status.startswith("No rooms config yet: Save creates")
    assert setup.add_room("Birch room") and not setup.add_room("  ")
    assert setup.status == "Type the new room's name first"

    async def body():
        async with EmulatedStudio.from_specs(["plug=Scent plug"]) as emulated:
            spot = Spot(emulated.server("Scent plug").host, emulated.server("Scent plug").port)
            setup.add_address(spot.where)
            await setup.settled()
            assert setup.selected_spot == spot and setup.placed(spot) is None
            setup.choose_role(Role.LIGHT)
            assert setup.status == "Choose a room for it first" and setup.placed(spot) is None
            setup.assign("birch-room")
            _music, entry = setup.config.room("birch-room").devices
            assert (entry.name, entry.role) == ("Scent plug", Role.DIFFUSER)  # a plug drives a diffuser
            assert setup.can_identify
            setup.identify()
            assert not setup.can_identify  # at once, until it has shown itself
            await setup.settled()
            assert setup.status == f"{spot.where} showed itself" and setup.can_identify
            assert [h["on"] for h in emulated.device("Scent plug").history] == [
                False,
                True,
                False,
                True,
                False,
            ]

    asyncio.run(body())


def test_saving_writes_the_rooms_config_and_tells_its_watchers(tmp_path):
    path = tmp_path / "rooms.toml"
    setup = setup_for(path)
    saved: list[StudioConfig] = []
    setup.save_watchers.append(saved.append)
    setup.add_room("Lotus room")

    async def body():
        setup.save()
        assert setup.saving and not setup.can_save  # at once, before the file is written
        await setup.settled()

    asyncio.run(body())
    assert load_rooms(path) == setup.config == setup.saved_config and saved == [setup.config]
    assert setup.status == f"Saved to {path}" and not setup.dirty and not setup.saving


def test_a_save_that_fails_keeps_the_old_file_and_says_why(tmp_path, monkeypatch):
    path = tmp_path / "rooms.toml"
    save_rooms(studio(), path)
    before = path.read_bytes()
    setup = setup_for(path)
    saved: list[StudioConfig] = []
    setup.save_watchers.append(saved.append)
    setup.add_room("Birch room")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)

    async def body():
        setup.save()
        await setup.settled()

    asyncio.run(body())
    assert setup.status == f"Not saved: {os.strerror(errno.ENOSPC)}"
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]  # no temporary file left
    assert setup.dirty and setup.can_save and saved == [] and setup.saved_config == studio()


def test_a_rooms_config_that_cannot_be_read_is_never_overwritten(tmp_path):
    path = tmp_path / "rooms.toml"
    path.write_text('schema = 1\n[[rooms]]\nid = "Lotus Room"\nname = "Lotus"\n')
    before = path.read_bytes()
    setup = setup_for(path)
    assert setup.unreadable
    assert setup.status.startswith("Cannot read the rooms config: rooms.toml: rooms[0].id")
    assert setup.status.endswith("Fix it (or move it away), then open Devices again.")
    setup.add_room("Birch room")
    assert setup.dirty and not setup.can_save
    assert setup.save() is None and not setup.busy
    assert path.read_bytes() == before


def test_the_account_is_kept_in_the_keychain_and_forgotten(tmp_path, owner):
    setup = setup_for(tmp_path / "rooms.toml", kasa=KasaOptions())
    kept: list[bool] = []

    async def body():
        setup.load_account()
        await setup.settled()
        assert setup.account_known and setup.account is None
        setup.store_account("owner@studio.example", "", then=lambda: kept.append(True))
        await setup.settled()
        assert setup.status == "Type both the e-mail address and the password of the account." and kept == []
        setup.store_account(" owner@studio.example ", "s3cret", then=lambda: kept.append(True))
        await setup.settled()
        assert setup.account == KasaCredentials("owner@studio.example", "s3cret") and kept == [True]
        assert setup.status == "Account kept in the keychain; checking the devices again"
        setup.forget_account()
        await setup.settled()

    asyncio.run(body())
    assert setup.account is None and setup.status == "Account removed from the keychain"
    assert owner.entries == {}


def test_a_device_added_by_address_is_looked_at_selected_and_placed(tmp_path):
    setup = setup_for(tmp_path / "rooms.toml")
    setup.add_room("Lotus")

    async def body():
        async with EmulatedStudio.from_specs(["thermostat=Lotus radiator"]) as emulated:
            server = emulated.server("Hub")
            host, port = server.host, server.port
            device_id = server.device.children[0].identity.device_id
            assert setup.add_address(f"{host}:{port}")
            assert setup.checking == {(host, port, "")}  # at once, before it answers
            await setup.settled()
            assert setup.status == f"{host}:{port}: KE100 thermostat 'Lotus radiator'"
            assert setup.selected_spot == Spot(host, port, device_id)  # a hub's device: by its id
            assert setup.where(setup.selected_spot) == f"{host}:{port} › Lotus radiator"  # shown by its name
            assert not setup.can_identify  # a thermostat has nothing to blink
            setup.assign("lotus")
            _music, entry = setup.config.room("lotus").devices
            assert (entry.role, entry.child, entry.name) == (Role.THERMOSTAT, device_id, "Lotus radiator")
            assert entry.connection == KasaConnectionConfig(
                family="SMART.KASAHUB", encryption="KLAP", login_version=2, http_port=port
            )
            await emulated.stop()
            setup.check_selected()
            await setup.settled()
            words, answers = setup.describe(setup.selected_spot.key)
            assert (words, answers) == ("KE100 thermostat · off, or not on the network", False)

    asyncio.run(body())
    assert not setup.add_address("127.0.0.1:http") and setup.status == "'http' is not a port number"


def kasa_entry(device_id: str, server, **kwargs) -> DeviceConfig:
    role = {"plug": Role.DIFFUSER, "bulb": Role.LIGHT}.get(server.device.kind, Role.THERMOSTAT)
    return DeviceConfig(
        id=device_id,
        name=device_id.title(),
        role=role,
        backend="kasa",
        host=server.host,
        port=server.port,
        **kwargs,
    )


def test_a_configured_device_is_asked_the_way_the_rooms_config_keeps_in_one_round_trip(tmp_path):
    path = tmp_path / "rooms.toml"

    async def body():
        async with EmulatedStudio.from_specs(["plug:P110(UK)=Scent plug"]) as emulated:
            server = emulated.server("Scent plug")
            way = KasaConnectionConfig(
                family="SMART.TAPOPLUG", encryption="KLAP", login_version=2, http_port=server.port
            )
            save_rooms(studio(kasa_entry("scent", server, connection=way)), path)
            setup = setup_for(path)
            server.discoverable = False  # were it looked for, every way would be tried
            setup.add_address(f"{server.host}:{server.port}")
            await setup.settled()
            assert server.connections == 1
            assert setup.describe(setup.selected) == ("P110(UK) plug · off", True)
            setup.check_selected()
            await setup.settled()
            assert server.connections == 2

    asyncio.run(body())


def test_save_writes_the_way_each_device_talks_also_after_a_firmware_update(tmp_path):
    path = tmp_path / "rooms.toml"

    async def body():
        async with EmulatedStudio.from_specs(
            ["bulb=Lamp", "plug:HS100(UK)=Old plug~klap1", "plug:P110(UK)=New plug"]
        ) as emulated:
            lamp, old, new = (emulated.server(a) for a in ("Lamp", "Old plug", "New plug"))
            xor = KasaConnectionConfig(family="IOT.SMARTPLUGSWITCH", encryption="XOR")
            save_rooms(studio(kasa_entry("lamp", lamp), kasa_entry("old", old, connection=xor)), path)
            setup = setup_for(path)
            setup.check_all()
            await setup.settled()
            # What was learnt is no change of the owner's: nothing to save for it alone.
            assert not setup.dirty and load_rooms(path) == studio(
                kasa_entry("lamp", lamp), kasa_entry("old", old, connection=xor)
            )
            setup.add_address(f"{new.host}:{new.port}")
            await setup.settled()
            setup.assign("cedar")
            setup.save()
            await setup.settled()
            saved = load_rooms(path)
            assert [
                (d.id, d.connection) for d in (*saved.room("lotus").devices, *saved.room("cedar").devices)
            ] == [
                ("lamp", KasaConnectionConfig(family="IOT.SMARTBULB", encryption="XOR")),
                (
                    "old",
                    KasaConnectionConfig(family="IOT.SMARTPLUGSWITCH", encryption="KLAP", http_port=old.port),
                ),
                (
                    "new-plug",
                    KasaConnectionConfig(
                        family="SMART.TAPOPLUG", encryption="KLAP", login_version=2, http_port=new.port
                    ),
                ),
            ]
            assert saved == setup.config == setup.saved_config and not setup.dirty

    asyncio.run(body())


def test_two_radiators_of_one_name_on_a_hub_are_placed_side_by_side(tmp_path):
    path = tmp_path / "rooms.toml"
    save_rooms(studio(), path)
    setup = setup_for(path)

    async def body():
        async with EmulatedStudio.from_specs(["thermostat=Radiator", "thermostat=Radiator"]) as emulated:
            hub = emulated.server("Hub")
            first, second = (c.identity.device_id for c in hub.device.children)
            assert first != second
            setup.add_address(f"{hub.host}:{hub.port}")
            await setup.settled()
            for device_id in (first, second):
                setup.select(Spot(hub.host, hub.port, device_id))
                setup.assign("lotus")
            setup.save()
            await setup.settled()
            return first, second

    first, second = asyncio.run(body())
    devices = load_rooms(path).room("lotus").devices
    assert [(d.id, d.name, d.child) for d in devices] == [
        ("radiator", "Radiator", first),
        ("radiator-2", "Radiator", second),
    ]


def test_a_radiator_an_older_config_names_by_its_name_is_named_by_its_id_once_its_hub_is_seen(tmp_path):
    path = tmp_path / "rooms.toml"

    async def body():
        async with EmulatedStudio.from_specs(["thermostat=Lotus radiator"]) as emulated:
            hub = emulated.server("Hub")
            device_id = hub.device.children[0].identity.device_id
            save_rooms(studio(kasa_entry("radiator", hub, child="Lotus radiator")), path)
            setup = setup_for(path)
            by_name = Spot(hub.host, hub.port, "Lotus radiator")
            setup.select(by_name)
            await hub.stop()
            setup.check_all()
            await setup.settled()
            assert setup.describe(by_name.key)[1] is False  # known by its name while the hub is off
            await hub.start()
            setup.check_all()
            await setup.settled()
            (entry,) = setup.config.room("lotus").devices
            assert entry.child == device_id and setup.selected_spot == Spot(hub.host, hub.port, device_id)
            assert list(setup.found) == [(hub.host, hub.port, device_id.casefold())]  # listed once
            assert not setup.dirty
            setup.rename("Radiator")
            setup.save()
            await setup.settled()
            assert load_rooms(path).room("lotus").devices[0].child == device_id

    asyncio.run(body())


def test_the_page_says_in_plain_words_why_a_device_does_not_answer(tmp_path):
    wrong = KasaCredentials("owner@studio.example", "not-the-password")
    setup = setup_for(
        tmp_path / "rooms.toml",
        kasa=KasaOptions(credentials=lambda: wrong, discovery_timeout_s=DISCOVERY_TIMEOUT_S),
    )

    async def body():
        async with EmulatedStudio.from_specs(["plug:P110(UK)=Scent", "bulb=Lamp"]) as emulated:
            scent, lamp = emulated.server("Scent"), emulated.server("Lamp")
            setup.add_address(f"{scent.host}:{scent.port}")
            await setup.settled()
            words, answers = setup.describe(setup.selected)
            assert answers is False and words.startswith(
                "refuses the TP-Link account: check the account below"
            )
            assert setup.status == f"{scent.host}:{scent.port}: {words}"  # said once
            await lamp.stop()
            setup.add_address(f"{lamp.host}:{lamp.port}")
            await setup.settled()
            assert setup.describe(setup.selected) == ("off, or not on the network", False)
            assert setup.status == (
                f"{lamp.host}:{lamp.port}: off, or not on the network "
                f"({lamp.host}:{lamp.port} cannot be reached (connection refused))"
            )
        server = recorded_server(
            load_recording(RECORDINGS / "iot" / "HS100(UK)_4.1_1.1.0.json"), encryption="TPAP"
        )
        await server.start()
        try:
            setup.discover(server.host)
            await setup.settled()
        finally:
            await server.stop()
        assert setup.describe(Spot(server.host).key) == (
            "HS100(UK) · this device's firmware is not supported yet: HS100(UK), hardware 4.1",
            False,
        )

    asyncio.run(body())


def test_a_new_room_plays_through_this_computer_unless_another_room_already_does(tmp_path):
    setup = setup_for(tmp_path / "rooms.toml")
    setup.add_room("Birch room")
    (music,) = setup.config.room("birch-room").devices
    assert (music.role, music.backend, music.output) == (Role.MUSIC, "pygame", None)
    assert "its music through this computer" in setup.status
    setup.add_room("Oak room")
    assert setup.config.room("oak-room").devices == ()
    assert "Birch room already plays through this computer" in setup.status


def test_rooms_are_renamed_reordered_and_removed_until_saved(tmp_path):
    path = tmp_path / "rooms.toml"
    setup = setup_for(path)
    for name in ("Birch room", "Oak room", "Elm room"):
        setup.add_room(name)
    setup.select_room("oak-room")
    assert setup.rename_room("Oak suite") and not setup.rename_room("  ")
    assert setup.room("oak-room").name == "Oak suite"  # its id stays: sessions know it by that
    setup.move_room(-1)
    setup.move_room(-1)  # already first: stays
    assert [r.id for r in setup.config.rooms] == ["oak-room", "birch-room", "elm-room"]
    setup.select_room("birch-room")
    setup.remove_room()
    assert [r.id for r in setup.config.rooms] == ["oak-room", "elm-room"]
    assert setup.selected_room is None and setup.dirty and not path.exists()

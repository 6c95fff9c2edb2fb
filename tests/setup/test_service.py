"""The Devices page's set-up without Qt: placing devices, saving the rooms config, the account."""

from __future__ import annotations

import asyncio
import errno
import os

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig, load_rooms, save_rooms
from ambience.devices.kasa.credentials import KasaCredentials
from ambience.engine.factory import KasaOptions
from ambience.setup.placement import Spot
from ambience.setup.service import DeviceSetup
from kasa_emulator import EmulatedStudio
from tests.support.kasa import EMULATED_ACCOUNT

LAMP = Spot("127.0.0.1", 9999)
LAMP_ENTRY = DeviceConfig(
    id="lamp", name="Floor lamp", role=Role.LIGHT, backend="kasa", host="127.0.0.1", port=9999
)


def studio(*lotus: DeviceConfig) -> StudioConfig:
    return StudioConfig(
        rooms=(RoomConfig(id="lotus", name="Lotus", devices=lotus), RoomConfig(id="cedar", name="Cedar"))
    )


def setup_for(path, **kwargs) -> DeviceSetup:
    kwargs.setdefault("kasa", KasaOptions(credentials=lambda: EMULATED_ACCOUNT))
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
            (entry,) = setup.config.room("birch-room").devices
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
        assert setup.status == "both the e-mail address and the password are needed" and kept == []
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
            host, port = emulated.server("Hub").host, emulated.server("Hub").port
            assert setup.add_address(f"{host}:{port}")
            assert setup.checking == {(host, port, "")}  # at once, before it answers
            await setup.settled()
            assert setup.status == f"{host}:{port}: KE100 thermostat 'Lotus radiator'"
            assert setup.selected_spot == Spot(host, port, "Lotus radiator")
            assert not setup.can_identify  # a thermostat has nothing to blink
            setup.assign("lotus")
            (entry,) = setup.config.room("lotus").devices
            assert (entry.role, entry.child, entry.name) == (
                Role.THERMOSTAT,
                "Lotus radiator",
                "Lotus radiator",
            )
            await emulated.stop()
            setup.check_selected()
            await setup.settled()
            words, answers = setup.describe(setup.selected_spot.key)
            assert answers is False and words.startswith("KE100 thermostat · not answering (offline: ")

    asyncio.run(body())
    assert not setup.add_address("127.0.0.1:http") and setup.status == "'http' is not a port number"

"""Every family of the README's device table, emulated from data recorded from real hardware (in
``tests/fixtures/kasa``, see its SOURCE.md): each is reached the way its firmware talks, driven,
and read back; a second start reaches it at once with the way the first one found."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig
from ambience.devices.errors import DeviceAuthError, DeviceOffline, DeviceUnsupported
from ambience.devices.kasa.credentials import KasaCredentials
from ambience.engine.connections import connection_config
from ambience.engine.factory import create_device
from kasa_emulator import DEFAULT_USERNAME, load_recording, recorded_server
from tests.support.kasa import kasa_context

FIXTURES = Path(__file__).parent.parent / "fixtures" / "kasa"
CHILDREN = {
    "KH100(UK)_1.0_1.5.6": "KE100(EU)_1.0_2.8.0",
    "KH100(EU)_1.0_1.5.12": "KE100(EU)_1.0_2.4.0",
}
# recording: (role, how its firmware talks as python-kasa finds it)
RECORDED = {
    "iot/KL130(US)_1.0_1.8.11": (Role.LIGHT, "XOR"),
    "iot/KL110(US)_1.0_1.8.11": (Role.LIGHT, "XOR"),
    "iot/HS220(US)_1.0_1.5.7": (Role.LIGHT, "XOR"),
    "iot/KS220(US)_1.0_1.0.13": (Role.LIGHT, "XOR"),
    "smart/HS220(US)_3.26_1.0.1": (Role.LIGHT, "AES, login v2"),
    "smart/L530E(EU)_3.0_1.0.6": (Role.LIGHT, "AES, login v2"),
    "smart/L530E(EU)_3.0_1.1.6": (Role.LIGHT, "KLAP, login v2"),
    "smart/L510E(US)_3.0_1.1.2": (Role.LIGHT, "KLAP, login v2"),
    "iot/HS103(US)_2.1_1.1.4": (Role.DIFFUSER, "XOR"),
    "iot/HS100(UK)_4.1_1.1.0": (Role.DIFFUSER, "KLAP"),  # login version 1: the firmware says none
    "smart/KP125M(US)_1.0_1.2.3": (Role.DIFFUSER, "KLAP, login v2"),
    "smart/EP25(US)_2.6_1.0.2": (Role.DIFFUSER, "AES, login v2"),
    "smart/P100(US)_1.0.0_1.1.3": (Role.DIFFUSER, "AES"),  # login version 1
    "smart/P100(US)_1.0.0_1.3.7": (Role.DIFFUSER, "AES, login v2"),
    "smart/P110(UK)_1.0_1.3.0": (Role.DIFFUSER, "KLAP, login v2"),
    "smart/KH100(UK)_1.0_1.5.6": (Role.THERMOSTAT, "AES, login v2"),
    "smart/KH100(EU)_1.0_1.5.12": (Role.THERMOSTAT, "KLAP, login v2"),
}


def run(body):
    return asyncio.run(body())


def server_for(name: str, **kwargs):
    stem = name.split("/")[-1]
    children = {}
    if stem in CHILDREN:
        children = {"KE100": load_recording(FIXTURES / "smart" / "child" / f"{CHILDREN[stem]}.json")}
    return recorded_server(load_recording(FIXTURES / f"{name}.json"), children=children, **kwargs)


def entry(server, role: Role, *, child: str | None = None, connection=None) -> DeviceConfig:
    return DeviceConfig(
        id="dev",
        name="Device",
        role=role,
        backend="kasa",
        host=server.host,
        port=server.port,
        child=child,
        connection=connection,
    )


async def drive_and_read(device, role: Role, server) -> None:
    """Drive the device as a session would and check what it says and what the emulator did."""
    if role is Role.LIGHT:
        await device.set_light(37.0, 2700, 0.0)
        await device.refresh()
        assert device.reading().on and device.reading().level == 37.0
        assert server.device.state()["level"] == 37
        await device.set_light(0.0)
        await device.refresh()
        assert not device.reading().on and not server.device.state()["on"]
    elif role is Role.DIFFUSER:
        for on in (True, False, True):
            await device.set_on(on)
            await device.refresh()
            assert device.reading().on is on and server.device.state()["on"] is on
    else:
        await device.set_target(23.5)
        await device.refresh()
        assert device.reading().target_c == 23.5
        assert server.device.children[0].state()["target_c"] == 23.5
        assert 5.0 <= device.reading().current_c <= 35.0


@pytest.mark.parametrize("name", list(RECORDED))
def test_each_recorded_device_is_reached_the_way_its_firmware_talks_driven_and_read_back(name):
    role, way = RECORDED[name]

    async def body():
        server = server_for(name)
        await server.start()
        try:
            child = server.device.children[0].identity.device_id if role is Role.THERMOSTAT else None
            found = []
            context = kasa_context()
            device = create_device("room", entry(server, role, child=child), context)
            device.link.on_connection = found.append
            await drive_and_read(device, role, server)
            assert device.link.discoveries == 1 and found and found[0].describe() == way
            await device.close()

            # The next start: the way found is given back, and the device answers at once.
            remembered = entry(server, role, child=child, connection=connection_config(found[0]))
            again = create_device("room", remembered, kasa_context())
            await drive_and_read(again, role, server)
            assert again.link.discoveries == 0 and again.link.connects == 1
            await again.close()
        finally:
            await server.stop()

    run(body)


@pytest.mark.parametrize(
    "name",
    [
        "iot/HS100(UK)_4.1_1.1.0",
        "smart/P100(US)_1.0.0_1.1.3",
        "smart/L530E(EU)_3.0_1.1.6",
        "iot/KL130(US)_1.0_1.8.11",
    ],
)
def test_a_device_whose_network_drops_discovery_is_found_by_trying_every_way(name):
    role, way = RECORDED[name]

    async def body():
        server = server_for(name)
        server.discoverable = False
        await server.start()
        try:
            device = create_device("room", entry(server, role), kasa_context())
            await drive_and_read(device, role, server)
            assert device.link.connection.encryption == way.split(",")[0]
            await device.close()
        finally:
            await server.stop()

    run(body)


@pytest.mark.parametrize(
    "name", ["iot/HS100(UK)_4.1_1.1.0", "smart/L530E(EU)_3.0_1.0.6", "smart/P110(UK)_1.0_1.3.0"]
)
def test_a_wrong_account_is_auth_on_the_protocol_the_device_speaks(name):
    role, _ = RECORDED[name]

    async def body():
        server = server_for(name)
        await server.start()
        try:
            wrong = KasaCredentials(DEFAULT_USERNAME, "not the password")
            device = create_device("room", entry(server, role), kasa_context(wrong))
            with pytest.raises(DeviceAuthError, match="refused the TP-Link account"):
                await device.refresh()
            await device.close()
        finally:
            await server.stop()

    run(body)


def test_an_hs100_on_klap_login_v1_remembered_as_login_v2_is_reached_not_refused():
    """What an earlier version of the app tried: KLAP login v2 on a plug that speaks v1."""

    async def body():
        server = server_for("iot/HS100(UK)_4.1_1.1.0")
        await server.start()
        try:
            from ambience.devices.kasa.link import KasaConnection

            guessed = KasaConnection("IOT.SMARTPLUGSWITCH", "KLAP", 2)
            found = []
            old = entry(server, Role.DIFFUSER, connection=connection_config(guessed))
            device = create_device("room", old, kasa_context())
            device.link.on_connection = found.append
            await drive_and_read(device, Role.DIFFUSER, server)
            assert [c.describe() for c in found] == ["KLAP"]  # reported, to be kept instead
            await device.close()
        finally:
            await server.stop()

    run(body)


def test_a_firmware_update_that_changes_the_protocol_is_followed_and_reported():
    """An HS100 that spoke XOR is updated to firmware that speaks KLAP login v1."""

    async def body():
        from ambience.devices.kasa.link import KasaConnection

        server = server_for("iot/HS100(UK)_4.1_1.1.0", encryption="XOR")
        await server.start()
        found = []
        device = create_device("room", entry(server, Role.DIFFUSER), kasa_context())
        device.link.on_connection = found.append
        try:
            await device.set_on(True)
            assert found[-1] == KasaConnection("IOT.SMARTPLUGSWITCH", "XOR")
            await server.stop()
            updated = server_for("iot/HS100(UK)_4.1_1.1.0", host=server.host, port=server.port)
            await updated.start()
            # The open connection went with the restart: that command fails, and the next
            # connects the new way.
            with pytest.raises(DeviceOffline):
                await device.set_on(False)
            await device.set_on(False)
            assert found[-1].describe() == "KLAP" and updated.device.state()["on"] is False
            await updated.stop()
        finally:
            await device.close()
            await server.stop()

    run(body)


def test_a_device_nothing_reaches_says_its_firmware_is_not_supported_yet_with_model_and_hardware():
    async def body():
        # Firmware that announces a way of talking python-kasa does not know, and refuses the others.
        server = server_for("iot/HS100(UK)_4.1_1.1.0", encryption="TPAP")
        await server.start()
        try:
            device = create_device("room", entry(server, Role.DIFFUSER), kasa_context())
            with pytest.raises(
                DeviceUnsupported, match=r"firmware is not supported yet: HS100\(UK\), hardware 4.1"
            ):
                await device.refresh()
            await device.close()
        finally:
            await server.stop()

    run(body)


def test_two_radiators_with_one_name_on_a_hub_are_driven_each_by_its_device_id():
    async def body():
        server = server_for("smart/KH100(UK)_1.0_1.5.6")
        for child in server.device.children:
            child.alias = "Radiator"
        await server.start()
        try:
            first, second = server.device.children[:2]
            context = kasa_context()
            a = create_device("room", entry(server, Role.THERMOSTAT, child=first.identity.device_id), context)
            other = entry(server, Role.THERMOSTAT, child=second.identity.device_id).model_copy(
                update={"id": "b"}
            )
            b = create_device("room", other, context)
            await a.set_target(22.0)
            await b.set_target(25.0)
            assert (first.state()["target_c"], second.state()["target_c"]) == (22.0, 25.0)
            await a.close()
            await b.close()
        finally:
            await server.stop()

    run(body)

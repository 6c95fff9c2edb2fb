"""The emulator answers python-kasa's real network code the way the devices do."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import kasa
import pytest
from kasa import Credentials, DeviceConfig, Discover
from kasa.deviceconfig import DeviceConnectionParameters, DeviceEncryptionType, DeviceFamily
from kasa.protocols import IotProtocol
from kasa.transports import XorEncryption, XorTransport

from ambience.config.rooms import load_rooms, save_rooms
from kasa_emulator import (
    DEFAULT_PASSWORD,
    DEFAULT_USERNAME,
    Bulb,
    DeviceServer,
    DeviceSpec,
    EmulatedStudio,
    Hub,
    RadiatorThermostat,
    xor,
)
from kasa_emulator.__main__ import rooms_config

LIGHTING = "smartlife.iot.smartbulb.lightingservice"
SMART_KLAP = DeviceConnectionParameters(DeviceFamily.SmartKasaHub, DeviceEncryptionType.Klap, login_version=2)
LIGHT_STATE_KEYS = {"mode", "hue", "saturation", "color_temp", "brightness"}


def run(body):
    return asyncio.run(body())


def protocol(server: DeviceServer) -> IotProtocol:
    config = DeviceConfig(host=server.host, port_override=server.port, timeout=2)
    return IotProtocol(transport=XorTransport(config=config))


async def query(server: DeviceServer, request: dict) -> dict:
    proto = protocol(server)
    try:
        return await proto.query(request)
    finally:
        await proto.close()


def test_the_xor_codec_agrees_with_python_kasa():
    request = '{"system":{"get_sysinfo":{}}}'
    assert xor.frame(xor.encrypt(request.encode())) == XorEncryption.encrypt(request)
    assert xor.decrypt(xor.encrypt(b"any bytes \x00\xff")) == b"any bytes \x00\xff"
    # The start every Kasa packet capture shows: {"system":{"
    assert xor.encrypt(request.encode()).hex().startswith("d0f281f88bff9af7d5ef94b6")


def test_a_bulbs_light_state_stays_complete_through_transitions():
    async def body():
        async with EmulatedStudio.from_specs(["bulb"]) as studio:
            server = studio.server("Ceiling light")
            answer = await query(
                server,
                {
                    LIGHTING: {
                        "transition_light_state": {
                            "brightness": 30,
                            "color_temp": 2700,
                            "on_off": 1,
                            "transition_period": 1500,
                            "ignore_default": 1,
                        }
                    }
                },
            )
            state = answer[LIGHTING]["transition_light_state"]
            assert state["err_code"] == 0 and LIGHT_STATE_KEYS | {"on_off"} <= set(state)
            answer = await query(server, {LIGHTING: {"transition_light_state": {"on_off": 0}}})
            off = answer[LIGHTING]["transition_light_state"]
            assert off["on_off"] == 0 and set(off["dft_on_state"]) == LIGHT_STATE_KEYS
            assert off["dft_on_state"]["brightness"] == 30
            sysinfo = (await query(server, {"system": {"get_sysinfo": {}}}))["system"]["get_sysinfo"]
            assert sysinfo["light_state"] == {k: v for k, v in off.items() if k != "err_code"}

    run(body)


def test_what_a_model_lacks_gets_the_firmwares_errors():
    async def body():
        async with EmulatedStudio.from_specs(["bulb:KL125(US)", "plug"]) as studio:
            bulb, plug = studio.server("Ceiling light"), studio.server("Diffuser")
            answer = await query(plug, {"smartlife.iot.LAS": {"get_config": {}}, "system": {"nope": {}}})
            assert answer["smartlife.iot.LAS"] == {"err_code": -1, "err_msg": "module not support"}
            assert answer["system"]["nope"] == {"err_code": -2, "err_msg": "member not support"}
            answer = await query(bulb, {LIGHTING: {"transition_light_state": {"color_temp": 9000}}})
            assert answer[LIGHTING]["transition_light_state"]["err_code"] == -3
            assert studio.device("Ceiling light").state()["kelvin"] == 2700  # unchanged

    run(body)


def test_the_dimmer_keeps_its_brightness_when_faded_off():
    async def body():
        async with EmulatedStudio.from_specs(["dimmer"]) as studio:
            server, dimmer = studio.server("Wall dimmer"), studio.device("Wall dimmer")
            await query(server, {"smartlife.iot.dimmer": {"set_brightness": {"brightness": 40}}})
            assert dimmer.state()["on"] is False  # set_brightness alone does not switch it on
            await query(
                server,
                {"smartlife.iot.dimmer": {"set_dimmer_transition": {"brightness": 60, "duration": 800}}},
            )
            assert dimmer.state() == {"on": True, "level": 60, "brightness": 60, "kelvin": None}
            await query(
                server,
                {"smartlife.iot.dimmer": {"set_dimmer_transition": {"brightness": 0, "duration": 800}}},
            )
            assert dimmer.state() == {"on": False, "level": 0, "brightness": 60, "kelvin": None}

    run(body)


def test_an_energy_monitoring_plug_reports_what_its_load_draws():
    async def body():
        async with EmulatedStudio.from_specs(["plug:KP115(US)"]) as studio:
            server = studio.server("Diffuser")
            await query(server, {"system": {"set_relay_state": {"state": 1}}})
            realtime = (await query(server, {"emeter": {"get_realtime": {}}}))["emeter"]["get_realtime"]
            assert realtime["power_mw"] == 12_000
            device = await kasa.Device.connect(
                config=DeviceConfig(host=server.host, port_override=server.port)
            )
            assert device.is_on and device.model == "KP115" and kasa.Module.Energy in device.modules
            await device.disconnect()

    run(body)


def test_a_stopped_device_refuses_at_once_and_comes_back_on_its_port_in_its_power_on_state():
    async def body():
        async with EmulatedStudio.from_specs(["bulb"]) as studio:
            server, bulb = studio.server("Ceiling light"), studio.device("Ceiling light")
            port = server.port
            await query(server, {LIGHTING: {"transition_light_state": {"brightness": 10, "on_off": 1}}})
            proto = protocol(server)
            await proto.query({"system": {"get_sysinfo": {}}})  # an open connection
            await server.stop(power_cut=True)
            assert not server.online
            with pytest.raises(kasa.KasaException, match="Unable to connect"):
                await proto.query({"system": {"get_sysinfo": {}}})
            await server.start()
            assert server.port == port
            assert bulb.state()["level"] == 100
            answer = await proto.query({"system": {"get_sysinfo": {}}})
            assert answer["system"]["get_sysinfo"]["light_state"]["brightness"] == 100
            await proto.close()
            assert bulb.history[-2]["level"] == 10 and bulb.history[-1]["level"] == 100

    run(body)


def test_legacy_devices_answer_discovery_on_their_own_port():
    async def body():
        async with EmulatedStudio.from_specs(["bulb:KL125(US)=Floor lamp", "plug"]) as studio:
            server = studio.server("Floor lamp")
            found = await Discover.discover_single(server.host, port=server.port, discovery_timeout=2)
            try:
                assert found.alias == "Floor lamp" and found.model == "KL125"
                assert found.port == server.port
                await found.update()  # the discovered device is reachable at the same port
                assert found.is_on
            finally:
                await found.disconnect()

    run(body)


def test_the_hub_checks_the_account_in_its_klap_handshake():
    async def body():
        async with EmulatedStudio.from_specs(["thermostat"]) as studio:
            server = studio.server("Hub")

            def config(user: str, password: str) -> DeviceConfig:
                return DeviceConfig(
                    host=server.host,
                    port_override=server.port,
                    timeout=2,
                    credentials=Credentials(user, password),
                    connection_type=SMART_KLAP,
                )

            with pytest.raises(kasa.AuthenticationError):
                await kasa.Device.connect(config=config(DEFAULT_USERNAME, "wrong"))
            hub = await kasa.Device.connect(config=config(DEFAULT_USERNAME, DEFAULT_PASSWORD))
            try:
                assert hub.model == "KH100" and hub.device_type is kasa.DeviceType.Hub
                (child,) = hub.children
                assert child.alias == "Radiator" and child.device_type is kasa.DeviceType.Thermostat
                await child.modules[kasa.Module.Thermostat].set_target_temperature(26)
                await hub.update()
                assert child.modules[kasa.Module.Thermostat].target_temperature == 26
                assert studio.device("Radiator").commands[-1] == (
                    "set_device_info",
                    {"target_temp": 26, "frost_protection_on": False},
                )
            finally:
                await hub.disconnect()

    run(body)


def test_a_hub_with_many_children_lists_them_page_by_page():
    async def body():
        hub = Hub(children=[RadiatorThermostat(alias=f"Radiator {i}") for i in range(12)])
        server = DeviceServer(hub)
        await server.start()
        config = DeviceConfig(
            host=server.host,
            port_override=server.port,
            connection_type=SMART_KLAP,
            credentials=Credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD),
        )
        device = await kasa.Device.connect(config=config)
        try:
            assert sorted(c.alias for c in device.children) == sorted(f"Radiator {i}" for i in range(12))
        finally:
            await device.disconnect()
            await server.stop()

    run(body)


def test_the_thermostat_warms_the_room_while_heating():
    now = [0.0]
    radiator = RadiatorThermostat(clock=lambda: now[0], ambient_c=19.0, heat_c_per_min=0.2)
    radiator.handle_smart({"method": "set_device_info", "params": {"target_temp": 22}})
    now[0] = 600.0
    assert radiator.info()["current_temp"] == pytest.approx(21.0, abs=0.1)
    assert radiator.info()["trv_states"] == ["heating"]
    now[0] = 1200.0
    assert 21.7 <= radiator.current_temperature <= 22.1
    radiator.handle_smart({"method": "set_device_info", "params": {"frost_protection_on": True}})
    now[0] = 1200.0 + 90 * 60
    assert radiator.current_temperature < 20.5 and radiator.info()["trv_states"] == []
    answer = radiator.handle_smart({"method": "set_device_info", "params": {"target_temp": 45}})
    assert answer == {"error_code": -1008}


def test_the_http_server_hangs_up_on_a_legacy_client():
    async def body():
        async with EmulatedStudio.from_specs(["hub"]) as studio:
            server = studio.server("Hub")
            with pytest.raises(kasa.KasaException):
                await query(server, {"system": {"get_sysinfo": {}}})

    run(body)


def test_device_specs_name_kind_model_alias_and_port():
    assert DeviceSpec.parse("bulb:KL125(US)=Floor lamp@9999") == DeviceSpec(
        "bulb", "KL125(US)", "Floor lamp", 9999
    )
    assert DeviceSpec.parse("plug") == DeviceSpec("plug")
    with pytest.raises(ValueError, match="KIND"):
        DeviceSpec.parse("toaster")
    with pytest.raises(ValueError, match="unknown bulb model"):
        Bulb(model="KL999")


def test_the_rooms_config_it_writes_points_the_app_at_every_device(tmp_path):
    async def body():
        async with EmulatedStudio.from_specs(["bulb", "bulb", "dimmer", "plug", "thermostat"]) as studio:
            path = tmp_path / "rooms.toml"
            save_rooms(rooms_config(studio), path)
            (room,) = load_rooms(path).rooms
            ports = {d["alias"]: d["port"] for d in studio.describe()}
            by_name = {d.name: d for d in room.devices}
            assert set(by_name) == {
                "Ceiling light",
                "Ceiling light 2",
                "Wall dimmer",
                "Diffuser",
                "Radiator",
                "Music",
            }
            assert by_name["Ceiling light 2"].port == ports["Ceiling light 2"]
            assert by_name["Radiator"].child == "Radiator" and by_name["Radiator"].port == ports["Hub"]
            assert all(
                d.backend == "kasa" and d.host == studio.server(d.name).host
                for d in room.devices
                if d.name != "Music"
            )

    run(body)


def test_the_command_line_prints_where_devices_listen_and_takes_commands():
    process = subprocess.Popen(
        [sys.executable, "-m", "kasa_emulator", "--json", "plug=Scent"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        (entry,) = json.loads(process.stdout.readline())
        assert entry["alias"] == "Scent" and entry["host"].startswith("127.") and entry["port"] > 0
        out, err = process.communicate("off Scent\nstate\nquit\n", timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    lines = out.splitlines()
    assert lines[0] == "Scent: off"
    assert json.loads(lines[1]) == {"Scent": {"on": False, "online": False}}
    assert process.returncode == 0, err

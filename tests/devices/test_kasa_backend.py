"""The Kasa backend against emulated devices: what each kind of device is sent and reports."""

from __future__ import annotations

import asyncio

import pytest

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig
from ambience.devices.errors import DeviceOffline, DeviceUnsupported
from ambience.devices.kasa.device import KasaLight, KasaSwitch, KasaThermostat
from ambience.devices.readings import LightReading
from ambience.engine.factory import create_device
from kasa_emulator import EmulatedStudio
from tests.support.kasa import emulated, kasa_config, kasa_context


def run(body):
    return asyncio.run(body())


def test_a_legacy_bulb_takes_level_colour_temperature_and_its_own_fade():
    async def body():
        async with emulated("bulb:KL130(US)") as (light, _, studio):
            bulb = studio.device("Ceiling light")
            await light.set_light(35, 3000, 4.0)
            assert isinstance(light, KasaLight)
            assert light.kelvin_range == (2500, 9000)
            assert light.honours_transition
            assert light.model == "KL130 bulb"
            assert bulb.state() == {"on": True, "level": 35, "brightness": 35, "kelvin": 3000}
            assert bulb.last_transition_ms == 4000
            # Level and colour temperature travel in one command, so the fade is one movement.
            assert [m for m, _ in bulb.commands] == [
                "smartlife.iot.smartbulb.lightingservice.transition_light_state"
            ]

    run(body)


def test_colour_temperature_is_kept_within_the_bulbs_range():
    async def body():
        async with emulated("bulb:KL125(US)") as (light, _, studio):
            await light.set_light(20, 2200, 0)
            assert studio.device("Ceiling light").state()["kelvin"] == 2500
            await light.set_light(20, 8000, 0)
            assert studio.device("Ceiling light").state()["kelvin"] == 6500
            assert light.reading().kelvin == 6500

    run(body)


def test_level_zero_switches_the_light_off_and_it_remembers_its_colour():
    async def body():
        async with emulated("bulb") as (light, _, studio):
            await light.set_light(50, 2700, 0)
            await light.set_light(0, None, 2.0)
            await light.refresh()
            assert studio.device("Ceiling light").state()["on"] is False
            assert light.reading().on is False and light.reading().level == 0
            assert light.reading().kelvin == 2700

    run(body)


def test_a_bulb_without_white_tuning_has_no_kelvin_range():
    async def body():
        async with emulated("bulb:KL110(EU)") as (light, _, studio):
            await light.set_light(60, 2700, 0)
            assert light.kelvin_range is None
            assert studio.device("Ceiling light").state() == {
                "on": True,
                "level": 60,
                "brightness": 60,
                "kelvin": None,
            }

    run(body)


def test_a_dimmer_fades_with_set_dimmer_transition_and_has_no_colour_temperature():
    async def body():
        async with emulated("dimmer") as (light, _, studio):
            dimmer = studio.device("Wall dimmer")
            await light.set_light(45, 2700, 3.0)
            assert light.kelvin_range is None and light.honours_transition
            assert dimmer.state()["level"] == 45 and dimmer.last_transition_ms == 3000
            assert dimmer.commands[-1] == (
                "smartlife.iot.dimmer.set_dimmer_transition",
                {"brightness": 45, "duration": 3000},
            )
            await light.set_light(0, None, 0)
            assert dimmer.state()["on"] is False
            assert dimmer.commands[-1] == ("system.set_relay_state", {"state": 0})

    run(body)


def test_refresh_reads_what_the_device_really_does():
    async def body():
        async with emulated("bulb") as (light, _, studio):
            await light.set_light(40, 2700, 0)
            bulb = studio.device("Ceiling light")
            bulb.brightness, bulb.color_temp = 80, 4000  # someone used the wall switch's app
            assert light.reading().level == 40  # reading() is the last known state: no I/O
            await light.refresh()
            assert light.reading().level == 80 and light.reading().kelvin == 4000

    run(body)


def test_reading_before_the_device_was_reached_is_an_error_not_a_guess():
    async def body():
        async with emulated("plug") as (switch, _, _studio):
            with pytest.raises(DeviceOffline):
                switch.reading()
            assert switch.model.startswith(f"Kasa device at {switch.link.host}:")

    run(body)


def test_a_plug_switches_the_diffuser():
    async def body():
        async with emulated("plug:KP115(US)") as (switch, _, studio):
            assert isinstance(switch, KasaSwitch)
            await switch.set_on(True)
            assert studio.device("Diffuser").state() == {"on": True}
            assert switch.model == "KP115 plug"
            await switch.set_on(False)
            await switch.refresh()
            assert switch.reading().on is False

    run(body)


def test_the_thermostat_is_reached_through_its_hub_and_keeps_to_its_range():
    async def body():
        async with emulated("thermostat") as (thermostat, _, studio):
            radiator = studio.device("Radiator")
            await thermostat.set_target(23.5)
            assert isinstance(thermostat, KasaThermostat)
            assert thermostat.target_range == (5.0, 30.0)
            assert thermostat.model == "KE100 thermostat on KH100 hub"
            assert radiator.state()["target_c"] == 23.5
            await thermostat.set_target(45.0)
            assert radiator.state()["target_c"] == 30.0
            await thermostat.refresh()
            reading = thermostat.reading()
            assert reading.target_c == 30.0 and reading.heating
            assert reading.current_c == pytest.approx(radiator.current_temperature, abs=0.1)

    run(body)


def test_the_hub_child_can_be_named_by_its_id():
    async def body():
        studio = EmulatedStudio.from_specs(["thermostat"])
        async with studio:
            entry = next(d for d in studio.describe() if d["kind"] == "thermostat")
            config = kasa_config(studio, "Radiator").model_copy(update={"child": entry["device_id"].lower()})
            thermostat = create_device("room", config, kasa_context())
            await thermostat.set_target(22.0)
            assert studio.device("Radiator").state()["target_c"] == 22.0
            await thermostat.close()

    run(body)


def test_a_missing_hub_child_is_reported_with_what_the_hub_has():
    async def body():
        studio = EmulatedStudio.from_specs(["thermostat"])
        async with studio:
            config = kasa_config(studio, "Radiator").model_copy(update={"child": "Sauna"})
            thermostat = create_device("room", config, kasa_context())
            with pytest.raises(
                DeviceOffline, match=r"no device 'Sauna' \(it has: Radiator \(id [0-9A-F]{40}\)\)"
            ):
                await thermostat.set_target(22.0)
            await thermostat.close()

    run(body)


def test_a_plug_configured_as_a_light_is_unsupported_and_not_retried():
    async def body():
        studio = EmulatedStudio.from_specs(["plug"])
        async with studio:
            config = kasa_config(studio, "Diffuser", role=Role.LIGHT)
            light = create_device("room", config, kasa_context())
            with pytest.raises(DeviceUnsupported, match="is not a light") as caught:
                await light.set_light(50)
            assert not caught.value.retryable
            await light.close()

    run(body)


def test_devices_at_one_address_share_one_connection():
    async def body():
        studio = EmulatedStudio.from_specs(["thermostat", "thermostat:KE100=Radiator 2"])
        async with studio:
            context = kasa_context()
            first = create_device("room", kasa_config(studio, "Radiator", device_id="a"), context)
            second = create_device("room", kasa_config(studio, "Radiator 2", device_id="b"), context)
            await asyncio.gather(first.set_target(22.0), second.set_target(24.0))
            assert first.link is second.link and first.link.connects == 1
            assert studio.device("Radiator").state()["target_c"] == 22.0
            assert studio.device("Radiator 2").state()["target_c"] == 24.0
            await first.close()
            assert first.link.connected  # the other still uses it
            await second.close()
            assert not first.link.connected

    run(body)


def test_a_device_that_restarted_between_two_uses_is_read_afresh():
    async def body():
        async with emulated("bulb") as (light, outage, studio):
            await light.set_light(30, 2700, 0)
            await outage.server.restart(power_cut=True)  # back at full brightness
            await light.refresh()  # the old connection is gone; python-kasa opens another
            assert light.reading().level == 100
            await light.set_light(30, 2700, 0)
            assert studio.device("Ceiling light").state()["level"] == 30

    run(body)


def test_an_outage_fails_at_once_with_offline_and_recovers():
    async def body():
        async with emulated("dimmer") as (light, outage, studio):
            await light.set_light(30)
            await outage.begin()
            with pytest.raises(DeviceOffline, match="connection refused") as caught:
                await light.set_light(60)
            assert caught.value.retryable
            assert not light.link.connected  # dropped: the next command connects afresh
            await outage.end()
            await light.set_light(60)
            assert studio.device("Wall dimmer").state()["level"] == 60

    run(body)


def test_a_device_that_never_answers_is_cut_off_by_the_callers_timeout_and_reconnected():
    async def body():
        async with emulated("plug") as (switch, outage, studio):
            await switch.set_on(True)
            outage.server.hang = True
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(switch.set_on(False), 0.05)
            assert not switch.link.connected
            outage.server.hang = False
            await switch.set_on(False)
            assert studio.device("Diffuser").state() == {"on": False}

    run(body)


def test_the_registry_creates_kasa_devices_lazily():
    from ambience.engine.factory import create_device as registry_create

    config = DeviceConfig(id="lamp", name="Lamp", role=Role.LIGHT, backend="kasa", host="127.0.0.1", port=9)
    light = registry_create("room", config, kasa_context())
    assert isinstance(light, KasaLight) and not light.link.connected
    assert light.kelvin_range is None and light.honours_transition


def test_a_tapo_bulb_takes_no_fade_so_the_engine_steps_its_fades():
    async def body():
        async with emulated("bulb:L530=Tapo bulb") as (light, outage, studio):
            bulb = studio.device("Tapo bulb")
            await light.set_light(40, 2200, 5.0)
            assert light.model == "L530 bulb"
            assert not light.honours_transition and light.kelvin_range == (2500, 6500)
            assert bulb.state() == {"on": True, "level": 40, "brightness": 40, "kelvin": 2500}
            assert bulb.commands == [
                ("set_device_info", {"device_on": True, "brightness": 40, "color_temp": 2500})
            ]
            assert bulb.ignored == []  # no fade time was sent for it to ignore
            await light.set_light(0, None, 5.0)
            await light.refresh()
            assert light.reading() == LightReading(on=False, level=0.0, kelvin=2500)
            assert outage.server.protocol == "klap v2"

    run(body)


def test_a_tapo_plug_switches_the_diffuser():
    async def body():
        async with emulated("plug:P100=Tapo plug") as (switch, _, studio):
            await switch.set_on(True)
            await switch.refresh()
            assert switch.reading().on and studio.device("Tapo plug").state() == {"on": True}
            assert switch.model == "P100 plug"

    run(body)

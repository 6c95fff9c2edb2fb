"""What every backend's devices must do alike: the engine relies on nothing more."""

from __future__ import annotations

import asyncio

import pytest

from ambience.devices.errors import DeviceError
from ambience.devices.readings import LightReading, NowPlaying, SwitchReading, ThermostatReading
from tests.contract.backends import LIGHTS, PLAYERS, SWITCHES, THERMOSTATS


@pytest.fixture(params=sorted(LIGHTS))
def light_factory(request):
    return LIGHTS[request.param]


@pytest.fixture(params=sorted(SWITCHES))
def switch_factory(request):
    return SWITCHES[request.param]


@pytest.fixture(params=sorted(THERMOSTATS))
def thermostat_factory(request):
    return THERMOSTATS[request.param]


@pytest.fixture(params=sorted(PLAYERS))
def player_factory(request):
    return PLAYERS[request.param]


def test_light_takes_level_and_colour_temperature(light_factory):
    async def body():
        async with light_factory() as (light, _):
            await light.set_light(40, 2700, 0)
            await light.refresh()
            reading = light.reading()
            assert isinstance(reading, LightReading)
            assert reading.on
            assert reading.level == pytest.approx(40, abs=1)
            if light.kelvin_range is not None:
                low, high = light.kelvin_range
                assert reading.kelvin == pytest.approx(max(low, min(high, 2700)), abs=50)

            await light.set_light(0, None, 0)
            await light.refresh()
            assert not light.reading().on

    asyncio.run(body())


def test_light_outage_raises_a_device_error_and_recovers(light_factory):
    async def body():
        async with light_factory() as (light, outage):
            await outage.begin()
            with pytest.raises(DeviceError):
                await light.set_light(30, None, 0)
            await outage.end()
            await light.set_light(30, None, 0)
            await light.refresh()
            assert light.reading().level == pytest.approx(30, abs=1)

    asyncio.run(body())


def test_switch_turns_on_and_off(switch_factory):
    async def body():
        async with switch_factory() as (switch, outage):
            await switch.set_on(True)
            await switch.refresh()
            assert switch.reading() == SwitchReading(on=True)
            await switch.set_on(False)
            await switch.refresh()
            assert switch.reading() == SwitchReading(on=False)
            await outage.begin()
            with pytest.raises(DeviceError):
                await switch.set_on(True)
            await outage.end()
            await switch.set_on(True)
            assert switch.reading().on

    asyncio.run(body())


def test_thermostat_takes_a_target_and_reports_the_room(thermostat_factory):
    async def body():
        async with thermostat_factory() as (thermostat, outage):
            low, high = thermostat.target_range
            assert low <= 18 and high >= 26
            await thermostat.set_target(24.0)
            await thermostat.refresh()
            reading = thermostat.reading()
            assert isinstance(reading, ThermostatReading)
            assert reading.target_c == pytest.approx(24.0)
            assert 0 < reading.current_c < 40
            await outage.begin()
            with pytest.raises(DeviceError):
                await thermostat.set_target(23.0)
            await outage.end()

    asyncio.run(body())


def test_music_player_plays_pauses_and_moves_on(player_factory, tmp_path):
    from tests.support.audio import write_tone

    tracks = [str(write_tone(tmp_path / f"t{i}.wav", seconds=2.0)) for i in range(3)]

    async def body():
        async with player_factory() as (player, _):
            await player.load(tracks, shuffle=False, loop=True)
            await player.set_volume(30, 0)
            await player.play()
            now = player.now_playing()
            assert isinstance(now, NowPlaying)
            assert now.playing and now.track_count == 3 and now.track_index == 0
            assert now.volume == pytest.approx(30, abs=1)
            await player.next()
            assert player.now_playing().track_index == 1
            await player.previous()
            assert player.now_playing().track_index == 0
            await player.pause()
            assert not player.now_playing().playing
            await player.play()
            assert player.now_playing().playing
            await player.stop()
            assert not player.now_playing().playing

    asyncio.run(body())

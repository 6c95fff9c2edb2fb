"""The headless runner keeps what it learns of Kasa devices in the rooms config, as the panel does."""

from __future__ import annotations

import asyncio
import io

from ambience.config.rooms import KasaConnectionConfig, RoomConfig, StudioConfig, load_rooms, save_rooms
from ambience.engine.clock import ManualClock
from ambience.headless.runner import HeadlessRun
from kasa_emulator import EmulatedStudio
from tests.support.kasa import kasa_config


def test_a_run_keeps_in_the_rooms_config_how_each_kasa_device_talks(tmp_path):
    path = tmp_path / "rooms.toml"

    async def body() -> None:
        async with EmulatedStudio.from_specs(["bulb=Lamp"]) as emulated:
            lamp = kasa_config(emulated, "Lamp", device_id="lamp")
            save_rooms(StudioConfig(rooms=(RoomConfig(id="lotus", name="Lotus", devices=(lamp,)),)), path)
            run = HeadlessRun(load_rooms(path), ManualClock(), out=io.StringIO(), rooms_path=path)
            playing = asyncio.create_task(run.play("express", None))
            while run._room is None or not run._room.running:
                await asyncio.sleep(0)
            await run._room.settle()  # the first phase has reached the bulb
            run.interrupt()
            assert await playing == 0

    asyncio.run(body())
    (lamp,) = load_rooms(path).room("lotus").devices
    assert lamp.connection == KasaConnectionConfig(family="IOT.SMARTBULB", encryption="XOR")

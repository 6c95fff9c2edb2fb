"""Whole sessions on emulated Kasa devices: the engine in-process on a stepped clock, and the
``ambience run`` command in its own process; devices killed mid-session come back in sync.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from ambience.config.library import load_library
from ambience.config.paths import bundled_presets_dir
from ambience.config.rooms import save_rooms
from ambience.engine.clock import ManualClock
from ambience.engine.room import RoomEngine
from ambience.engine.scheduling import CueScheduler
from ambience.engine.studio import Studio
from ambience.session.roomstate import RoomState, Status
from kasa_emulator import DEFAULT_PASSWORD, DEFAULT_USERNAME, EmulatedStudio
from kasa_emulator.__main__ import rooms_config
from tests.support.kasa import kasa_context

DEVICES = ["bulb:KL130(US)=Ceiling light", "dimmer=Wall dimmer", "plug=Diffuser", "thermostat=Radiator"]


class SteppedScheduler(CueScheduler):
    """The app's scheduler, paused; its jobs fire here, in order, as a manual clock moves on.

    Device I/O is real (loopback), so after each job the room's commands are awaited.
    """

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(AsyncIOScheduler(timezone="UTC"), clock)
        self.manual = clock

    def start(self, *, paused: bool = True) -> None:
        super().start(paused=True)

    async def advance_to(self, end: float, settle: Callable[[], Awaitable[None]]) -> None:
        while True:
            due = [j for j in self.scheduler.get_jobs() if j.next_run_time.timestamp() <= end + 1e-6]
            if not due:
                break
            job = min(due, key=lambda j: j.next_run_time)
            self.manual.set(max(self.manual.now(), job.next_run_time.timestamp()))
            self.scheduler.remove_job(job.id)
            await job.func(*job.args)
            await settle()
        self.manual.set(max(self.manual.now(), end))
        await settle()


def expected(studio: EmulatedStudio, state: RoomState) -> dict[str, dict[str, Any]]:
    """What each emulated device should be doing when the room is asked for ``state``."""
    assert state.light is not None and state.diffuser is not None and state.climate is not None
    level = round(state.light.level)
    kelvin = max(2500, min(9000, state.light.kelvin)) if state.light.kelvin else None
    return {
        "Ceiling light": {"on": level > 0, "level": level, "kelvin": kelvin},
        "Wall dimmer": {"on": level > 0, "level": level},
        "Diffuser": {"on": state.diffuser.on},
        "Radiator": {"target_c": round(state.climate.target_c, 1)},
    }


def actual(studio: EmulatedStudio) -> dict[str, dict[str, Any]]:
    wanted = {
        "Ceiling light": ("on", "level", "kelvin"),
        "Wall dimmer": ("on", "level"),
        "Diffuser": ("on",),
        "Radiator": ("target_c",),
    }
    return {name: {k: studio.device(name).state()[k] for k in keys} for name, keys in wanted.items()}


def in_order(wanted: list[dict[str, Any]], history: list[dict[str, Any]]) -> bool:
    """Whether the device went through every ``wanted`` state, in that order (a state held
    across several of them appears once in the history)."""
    wanted = [w for i, w in enumerate(wanted) if i == 0 or wanted[i - 1] != w]
    remaining = iter(history)
    return all(any(all(h.get(k) == v for k, v in w.items()) for h in remaining) for w in wanted)


async def start_session(studio: EmulatedStudio, preset: str) -> tuple[Studio, RoomEngine, SteppedScheduler]:
    clock = ManualClock()
    scheduler = SteppedScheduler(clock)
    scheduler.start()
    context = kasa_context()
    context.clock = clock  # the simulated music player keeps studio time too
    app = Studio.build(rooms_config(studio), clock, scheduler, context=context)
    room = app.rooms[0]
    room.start(app.plan(app.library.find(preset)))
    room.start_polling()
    await scheduler.advance_to(clock.now(), room.settle)
    return app, room, scheduler


def test_every_phase_ends_with_the_devices_in_the_state_the_preset_asks_for():
    async def body():
        async with EmulatedStudio.from_specs(DEVICES) as studio:
            app, room, scheduler = await start_session(studio, "swedish")
            phases_seen = []
            while room.state().status is Status.RUNNING:
                state = room.state()
                phases_seen.append(state.phase)
                boundary = state.next_phase_at or state.ends_at
                await scheduler.advance_to(boundary - 1.0, room.settle)
                assert actual(studio) == expected(studio, room.state()), state.phase
                await scheduler.advance_to(boundary + 0.5, room.settle)
            assert room.state().status is Status.ENDED
            assert phases_seen == [p.name for p in app.library.find("swedish").preset.resolved_phases()]
            assert actual(studio) == expected(studio, room.state())  # the turnover state
            assert all(s.available for s in room.snapshot().devices)
            await app.close()
            scheduler.shutdown()

    asyncio.run(body())


@pytest.mark.parametrize("outage_s", [120.0, 5.0], ids=["noticed-offline", "restarted-between-polls"])
def test_a_device_that_lost_power_mid_session_is_put_back_in_sync(outage_s):
    async def body():
        async with EmulatedStudio.from_specs(DEVICES) as studio:
            app, room, scheduler = await start_session(studio, "swedish")
            clock = scheduler.manual
            await scheduler.advance_to(clock.now() + 15 * 60, room.settle)  # into the treatment
            bulb_server = studio.server("Ceiling light")
            driver = next(d for d in room.drivers if d.device.id == "ceiling-light")
            await bulb_server.stop(power_cut=True)
            await scheduler.advance_to(clock.now() + outage_s, room.settle)
            if outage_s > 30:  # long enough for a poll to find it gone
                assert driver.available is False and driver.problem.kind == "offline"
            await bulb_server.start()  # it comes back at full brightness
            assert studio.device("Ceiling light").state()["level"] == 100
            await scheduler.advance_to(clock.now() + 60, room.settle)
            assert driver.available is True
            assert actual(studio)["Ceiling light"] == expected(studio, room.state())["Ceiling light"]
            await app.close()
            scheduler.shutdown()

    asyncio.run(body())


async def _read_run(
    process: asyncio.subprocess.Process, on_record: Callable[[dict], Awaitable[None]]
) -> list[dict]:
    assert process.stdout is not None
    records = []
    while line := await asyncio.wait_for(process.stdout.readline(), 60):
        record = json.loads(line)
        records.append(record)
        await on_record(record)
    return records


def test_ambience_run_drives_emulated_devices_through_a_session_and_resyncs_one_killed(tmp_path):
    """The command a person runs, in its own process, against devices on 127.0.0.1."""
    preset = next(p for p in load_library(bundled_presets_dir()).presets if p.name.startswith("Express"))
    phases = [p.name for p in preset.preset.resolved_phases()]

    async def body():
        async with EmulatedStudio.from_specs(DEVICES) as studio:
            config = tmp_path / "rooms.toml"
            save_rooms(rooms_config(studio), config)
            bulb = studio.server("Ceiling light")
            outage = {"cut": False, "seen": False, "back": False}

            async def on_record(record: dict) -> None:
                light = record["devices"]["ceiling-light"]
                if record["phase"] == phases[1] and not outage["cut"]:
                    outage["cut"] = True
                    await bulb.stop(power_cut=True)
                elif outage["cut"] and not outage["seen"] and light["available"] is False:
                    outage["seen"] = True
                    await bulb.start()
                elif outage["seen"] and light["available"] is True:
                    outage["back"] = True

            env = {
                **os.environ,
                "AMBIENCE_KASA_USERNAME": DEFAULT_USERNAME,
                "AMBIENCE_KASA_PASSWORD": DEFAULT_PASSWORD,
            }
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "ambience",
                "run",
                "express",
                "--config",
                str(config),
                "--speed",
                "400",
                "--json",
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=env,
            )
            records = await _read_run(process, on_record)
            stderr = (await process.stderr.read()).decode()
            assert await process.wait() == 0, stderr
            return studio, records, outage

    studio, records, outage = asyncio.run(body())
    assert outage == {"cut": True, "seen": True, "back": True}
    running = [r for r in records if r["status"] == "running"]
    assert [
        p for i, p in enumerate(r["phase"] for r in running) if i == 0 or running[i - 1]["phase"] != p
    ] == phases
    last = records[-1]
    assert last["status"] == "ended"
    # Each phase's last word, and the turnover, reached every device in that order.
    ends = [next(r for r in reversed(running) if r["phase"] == p) for p in phases] + [last]
    devices = last["devices"]
    kelvin = max(2500, min(9000, devices["ceiling-light"]["kelvin"]))
    for name, key, fields in [
        ("Ceiling light", "ceiling-light", {"level": "level"}),
        ("Wall dimmer", "wall-dimmer", {"level": "level"}),
        ("Diffuser", "diffuser", {"on": "on"}),
        ("Radiator", "radiator", {"target_c": "target_c"}),
    ]:
        wanted = [{k: r["devices"][key][v] for k, v in fields.items()} for r in ends]
        assert in_order(wanted, studio.device(name).history), (name, wanted)
        assert all(r["devices"][key]["available"] for r in ends)
    assert studio.device("Ceiling light").state() == {
        "on": True,
        "level": 70,
        "brightness": 70,
        "kelvin": kelvin,
    }
    assert studio.device("Diffuser").state() == {"on": False}
    # The bulb came back at full power and was put back to the session's level.
    history = studio.device("Ceiling light").history
    cut = max(i for i, h in enumerate(history) if h["level"] == 100)
    assert history[cut + 1]["level"] < 100

"""Applying a new state to N devices, each 50 ms away: N = 1, 10, 100, compared with one device.

    uv run python -m benchmarks.bench_fanout [--latency-ms 50] [--repeat 5] [--no-kasa]

The room engine as the app runs it (real asyncio loop, real clock, APScheduler), a room of N
lights starting the Swedish massage (its first phase), then "Lights up" (every light to a new
level at once, as at a phase without a fade); the time is from the intent to the last device
having accepted the new state (``RoomEngine.settle``). Medians.

- simulated: the simulated lights, each command delayed by the latency;
- Kasa: emulated Kasa bulbs on 127.0.0.1 in another process, every answer delayed by the
  latency; "first contact" connects and reads each bulb, "connected" is every later change.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence

from ambience.config.library import load_library
from ambience.config.paths import bundled_presets_dir
from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig
from ambience.devices.capabilities import Device
from ambience.devices.simulated import Faults, SimulatedLight
from ambience.engine.clock import SystemClock
from ambience.engine.factory import DeviceContext, KasaOptions, create_device
from ambience.engine.room import RoomEngine
from ambience.engine.scheduling import CueScheduler
from benchmarks.harness import ROOT, child_env, median, ratio, table

SIZES = (1, 10, 100)


async def timed(room: RoomEngine, intent: Callable[[], None]) -> float:
    start = time.perf_counter()
    intent()
    await room.settle()
    return time.perf_counter() - start


async def phase_times(devices: Sequence[Device], repeat: int) -> tuple[list[float], list[float]]:
    """(starting the session: its first phase, then lights up) in seconds, ``repeat`` times."""
    clock = SystemClock()
    scheduler = CueScheduler.create(clock)
    scheduler.start()
    plan = load_library(bundled_presets_dir()).find("swedish")
    from ambience.config.library import plan_of

    room = RoomEngine("bench", "Bench", list(devices), clock, scheduler, timeout_s=5.0)
    first, phase = [], []
    try:
        for _ in range(repeat):
            first.append(await timed(room, lambda: room.start(plan_of(plan))))
            phase.append(await timed(room, room.lights_up))
            room.stop()
            await room.settle()
    finally:
        room.close()
        scheduler.shutdown()
        for device in devices:
            await device.close()
    return first, phase


async def simulated(size: int, latency_s: float, repeat: int) -> tuple[float, float]:
    devices = [
        SimulatedLight(f"l{i}", f"Light {i}", SystemClock(), Faults(latency_s=latency_s)) for i in range(size)
    ]
    first, phase = await phase_times(devices, repeat)
    return median(first), median(phase)


async def kasa(size: int, latency_s: float, repeat: int) -> tuple[float, float]:
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.fanout_devices", str(size), str(latency_s)],
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        bulbs = json.loads(server.stdout.readline())
        firsts, phases = [], []
        for _ in range(repeat):  # new device objects each time: first contact again
            context = DeviceContext(clock=SystemClock(), kasa=KasaOptions(credentials=lambda: None))
            devices = [
                create_device(
                    "bench",
                    DeviceConfig(
                        id=f"b{i}",
                        name=f"Bulb {i}",
                        role=Role.LIGHT,
                        backend="kasa",
                        host=b["host"],
                        port=b["port"],
                    ),
                    context,
                )
                for i, b in enumerate(bulbs)
            ]
            first, phase = await phase_times(devices, 1)
            firsts += first
            phases += phase
        return median(firsts), median(phases)
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)


def rows_of(
    name: str, measure: Callable[[int], Awaitable[tuple[float, float]]], labels: tuple[str, str]
) -> list[list[str]]:
    async def all_sizes() -> dict[int, tuple[float, float]]:
        return {size: await measure(size) for size in SIZES}

    results = asyncio.run(all_sizes())
    one = results[1]
    rows = []
    for k, label in enumerate(labels):
        for size in SIZES:
            value = results[size][k]
            rows.append([f"{name}, {label}", str(size), f"{value * 1000:.0f} ms", ratio(value, one[k])])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-kasa", action="store_true")
    args = parser.parse_args()
    latency = args.latency_ms / 1000
    rows = rows_of("simulated", lambda n: simulated(n, latency, args.repeat), ("first phase", "lights up"))
    if not args.no_kasa:
        rows += rows_of(
            "Kasa emulated",
            lambda n: kasa(n, latency, args.repeat),
            ("first contact, first phase", "connected, lights up"),
        )
    print(table(["applying a state", "devices", "time", "vs one device"], rows))
    print(
        f"(each device {args.latency_ms:g} ms away; medians of {args.repeat}; "
        "goal: within 1.2× of one device)"
    )


if __name__ == "__main__":
    main()

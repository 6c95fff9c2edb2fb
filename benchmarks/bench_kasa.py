"""How long applying a preset's first phase takes on 1, 5 and 20 emulated Kasa devices: through the
app's Kasa backend (every device at once, as the engine does) and with python-kasa's ``kasa``
command line, one process per device and setting.

Usage: uv run python benchmarks/bench_kasa.py [--preset NAME] [--repeat N] [--no-cli]

Everything runs on 127.0.0.1 against the emulator; the ``kasa`` command is always given the
device's address, port and type, so it connects directly and never broadcasts.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from ambience.config.library import load_library
from ambience.config.paths import bundled_presets_dir
from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig
from ambience.devices.capabilities import Device, Light, Switch
from ambience.engine.clock import ManualClock
from ambience.engine.factory import DeviceContext, KasaOptions, create_device
from kasa_emulator import EmulatedStudio

SIZES = (1, 5, 20)
# A studio's mix: two bulbs for each dimmer and diffuser plug.
KINDS = ("bulb", "bulb", "dimmer", "plug")
KASA_CLI = str(Path(sys.executable).with_name("kasa"))


def first_phase(preset_query: str) -> tuple[str, int, int | None, bool]:
    loaded = load_library(bundled_presets_dir()).find(preset_query)
    phase = loaded.preset.resolved_phases()[0]
    return loaded.name, round(phase.lighting.level), phase.lighting.kelvin, phase.diffuser.enabled


def studio_of(size: int) -> EmulatedStudio:
    return EmulatedStudio.from_specs([f"{KINDS[i % len(KINDS)]}=Device {i + 1}" for i in range(size)])


def app_devices(studio: EmulatedStudio) -> list[Device]:
    context = DeviceContext(clock=ManualClock(), kasa=KasaOptions(credentials=lambda: None))
    devices = []
    for i, server in enumerate(studio.servers):
        role = Role.DIFFUSER if server.device.kind == "plug" else Role.LIGHT
        config = DeviceConfig(
            id=f"d{i}",
            name=server.device.alias,
            role=role,
            backend="kasa",
            host=server.host,
            port=server.port,
        )
        devices.append(create_device("bench", config, context))
    return devices


async def apply(devices: list[Device], level: int, kelvin: int | None, diffuser_on: bool) -> None:
    async def one(device: Device) -> None:
        if isinstance(device, Light):
            await device.set_light(level, kelvin, 1.0)
        elif isinstance(device, Switch):
            await device.set_on(diffuser_on)

    await asyncio.gather(*(one(d) for d in devices))


def check(studio: EmulatedStudio, level: int, diffuser_on: bool) -> None:
    for server in studio.servers:
        state = server.device.state()
        ok = state["on"] == diffuser_on if server.device.kind == "plug" else state["level"] == level
        if not ok:
            raise SystemExit(f"{server.device.alias} ended in {state}: the benchmark is wrong")


def reset(studio: EmulatedStudio) -> None:
    for server in studio.servers:
        server.device.power_cut()


async def time_app(
    size: int, level: int, kelvin: int | None, diffuser_on: bool, repeat: int
) -> dict[str, float]:
    """Median milliseconds: first contact (connect and read, then set) and connected (set only)."""
    cold, warm = [], []
    async with studio_of(size) as studio:
        for _ in range(repeat):
            reset(studio)
            devices = app_devices(studio)
            start = time.perf_counter()
            await apply(devices, level, kelvin, diffuser_on)
            cold.append(time.perf_counter() - start)
            check(studio, level, diffuser_on)
            for _ in range(3):
                reset(studio)
                start = time.perf_counter()
                await apply(devices, level, kelvin, diffuser_on)
                warm.append(time.perf_counter() - start)
                check(studio, level, diffuser_on)
            for device in devices:
                await device.close()
    return {"cold": statistics.median(cold) * 1000, "warm": statistics.median(warm) * 1000}


def cli_commands(server: Any, level: int, kelvin: int | None, diffuser_on: bool) -> list[list[str]]:
    kind = server.device.kind
    base = [KASA_CLI, "--host", server.host, "--port", str(server.port), "--timeout", "3"]
    if kind == "plug":
        return [[*base, "--type", "plug", "on" if diffuser_on else "off"]]
    commands = [[*base, "--type", kind, "brightness", str(level), "--transition", "1000"]]
    if kind == "bulb" and kelvin is not None:
        commands.append([*base, "--type", "bulb", "temperature", str(kelvin), "--transition", "1000"])
    return commands


async def time_cli(size: int, level: int, kelvin: int | None, diffuser_on: bool) -> tuple[float, int]:
    """Milliseconds for the ``kasa`` command to set every device, one after the other."""
    async with studio_of(size) as studio:
        reset(studio)
        commands = [c for s in studio.servers for c in cli_commands(s, level, kelvin, diffuser_on)]
        start = time.perf_counter()
        for command in commands:
            process = await asyncio.create_subprocess_exec(
                *command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            _, err = await process.communicate()
            if process.returncode != 0:
                raise SystemExit(f"{' '.join(command)} failed: {err.decode()[-300:]}")
        elapsed = time.perf_counter() - start
        check(studio, level, diffuser_on)
    return elapsed * 1000, len(commands)


async def main(args: argparse.Namespace) -> None:
    name, level, kelvin, diffuser_on = first_phase(args.preset)
    light = f"light {level} %" + (f" {kelvin} K" if kelvin else "")
    print(f"Applying the first phase of {name!r} ({light}, diffuser {'on' if diffuser_on else 'off'})")
    print("to emulated Kasa devices on 127.0.0.1 (bulbs, dimmers and plugs, 2:1:1); milliseconds.\n")
    header = f"{'devices':>7}  {'app, first contact':>18}  {'app, connected':>14}"
    if args.cli:
        header += f"  {'kasa CLI, one by one':>20}  {'CLI runs':>8}  {'CLI per device':>14}"
    print(header)
    print("-" * len(header))
    for size in SIZES:
        app = await time_app(size, level, kelvin, diffuser_on, args.repeat)
        row = f"{size:>7}  {app['cold']:>18.1f}  {app['warm']:>14.1f}"
        if args.cli:
            cli_ms, runs = await time_cli(size, level, kelvin, diffuser_on)
            row += f"  {cli_ms:>20.0f}  {runs:>8}  {cli_ms / size:>14.0f}"
        print(row, flush=True)
    print("\napp, first contact: new device objects (connect, read the device, set), all at once;")
    print("app, connected: the same devices again over their open connections (every later cue);")
    print("kasa CLI: `kasa --host 127.0.0.1 --port N --type T ...`, a process per device and setting.")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="swedish", help="preset whose first phase is applied")
    parser.add_argument("--repeat", type=int, default=5, help="first-contact runs per size (median)")
    parser.add_argument("--no-cli", dest="cli", action="store_false", help="skip the kasa command line")
    asyncio.run(main(parser.parse_args()))

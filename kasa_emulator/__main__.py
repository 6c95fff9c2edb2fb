"""``python -m kasa_emulator``: emulated Kasa devices on loopback addresses until Ctrl-C.

Prints where each device listens, can write a rooms config pointing the app at them, and takes
commands on stdin to cut a device's power and bring it back (to watch the app re-sync it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig, save_rooms
from kasa_emulator.server import DEFAULT_PASSWORD, DEFAULT_USERNAME
from kasa_emulator.studio import FORMS, KINDS, EmulatedStudio

DEFAULT_DEVICES = ["bulb", "dimmer", "plug", "thermostat"]
ROLES = {"bulb": Role.LIGHT, "dimmer": Role.LIGHT, "plug": Role.DIFFUSER, "thermostat": Role.THERMOSTAT}
COMMANDS = """\
commands (one per line on stdin):
  off NAME      cut the device's power: it drops off the network
  on NAME       power it again (it comes back on the same port, in its power-on state)
  restart NAME  off, then on
  state         every device's state, as JSON
  quit          stop
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kasa_emulator",
        description="Run emulated TP-Link Kasa devices on loopback addresses (127.0.0.2, 127.0.0.3, ...), "
        "speaking the real local protocols (legacy XOR on TCP with UDP discovery on the same port; KLAP or "
        "AES over HTTP for newer devices, which answer discovery on UDP 20002).",
        epilog=f"DEVICE is {FORMS} with KIND one of "
        f"{', '.join(KINDS)}; thermostats join the hub before them (one is added if needed);\n"
        "Tapo models (bulb:L530, plug:P100) speak the newer protocol over KLAP, like the hub;\n"
        "PROTOCOL is xor, klap1, klap2, aes1 or aes2; a RECORDING is a device's data recorded from real\n"
        "hardware (python-kasa's fixture format), served the way that firmware talks.\n"
        "example: python -m kasa_emulator bulb 'bulb:KL125(US)=Floor lamp' plug "
        "thermostat --rooms rooms.toml\n\n" + COMMANDS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("devices", nargs="*", metavar="DEVICE", help=f"default: {' '.join(DEFAULT_DEVICES)}")
    parser.add_argument("--rooms", type=Path, metavar="FILE", help="write a rooms config using these devices")
    parser.add_argument("--json", action="store_true", help="print the devices as one JSON line")
    parser.add_argument("--username", default=DEFAULT_USERNAME, help="the account the hub belongs to")
    parser.add_argument("--password", default=DEFAULT_PASSWORD, help="its password")
    return parser


def rooms_config(studio: EmulatedStudio) -> StudioConfig:
    """One room with every emulated device in its role, and simulated music."""
    devices: list[DeviceConfig] = []
    used: set[str] = set()
    for entry in studio.describe():
        if entry["kind"] not in ROLES:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", entry["alias"].lower()).strip("-")[:32] or entry["kind"]
        while slug in used:
            slug += "-2"
        used.add(slug)
        devices.append(
            DeviceConfig(
                id=slug,
                name=entry["alias"][:40],
                role=ROLES[entry["kind"]],
                backend="kasa",
                host=entry["host"],
                port=entry["port"],
                child=entry["alias"] if "hub" in entry else None,
            )
        )
    devices.append(DeviceConfig(id="music", name="Music", role=Role.MUSIC))
    return StudioConfig(
        name="Emulated studio",
        rooms=(RoomConfig(id="emulated", name="Emulated room", devices=tuple(devices)),),
    )


async def _serve(args: argparse.Namespace) -> int:
    try:
        studio = EmulatedStudio.from_specs(
            args.devices or DEFAULT_DEVICES, username=args.username, password=args.password
        )
    except ValueError as exc:
        print(f"kasa_emulator: {exc}", file=sys.stderr)
        return 2
    await studio.start()
    try:
        if args.json:
            print(json.dumps(studio.describe()), flush=True)
        else:
            for entry in studio.describe():
                via = f" (through {entry['hub']})" if "hub" in entry else ""
                print(
                    f"{entry['kind']:<10} {entry['model']:<10} {entry['alias']!r:<18} "
                    f"{entry['host']}:{entry['port']} {entry['protocol']}{via}",
                    flush=True,
                )
            if any(s.encryption != "XOR" for s in studio.servers):
                print(
                    f"account of the newer devices: {args.username} / {args.password} (give it to the app "
                    f"with AMBIENCE_KASA_USERNAME and AMBIENCE_KASA_PASSWORD)",
                    flush=True,
                )
        if args.rooms:
            save_rooms(rooms_config(studio), args.rooms)
            print(f"rooms config written to {args.rooms}", file=sys.stderr, flush=True)
        await _commands(studio)
    finally:
        await studio.stop()
    return 0


async def _commands(studio: EmulatedStudio) -> None:
    """Serve until a signal or "quit", obeying the commands read from stdin meanwhile."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    reader = asyncio.StreamReader()
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    except (ValueError, OSError):  # no usable stdin: serve until a signal
        await stop.wait()
        return

    async def obey() -> None:
        while raw := await reader.readline():  # until stdin is closed
            line = raw.decode().strip()
            if line and not await _command(studio, line):
                stop.set()
                return

    task = asyncio.ensure_future(obey())
    await stop.wait()
    task.cancel()


async def _command(studio: EmulatedStudio, line: str) -> bool:
    verb, _, name = line.partition(" ")
    try:
        if verb == "quit":
            return False
        if verb == "state":
            print(
                json.dumps(
                    {s.device.alias: {**s.device.state(), "online": s.online} for s in studio.servers}
                ),
                flush=True,
            )
        elif verb in ("off", "on", "restart"):
            server = studio.server(name.strip())
            if verb in ("off", "restart"):
                await server.stop(power_cut=True)
            if verb in ("on", "restart"):
                await server.start()
            print(f"{server.device.alias}: {'online' if server.online else 'off'}", flush=True)
        else:
            print(f"unknown command {line!r}\n{COMMANDS}", file=sys.stderr, flush=True)
    except LookupError as exc:
        print(exc.args[0], file=sys.stderr, flush=True)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(_serve(build_parser().parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())

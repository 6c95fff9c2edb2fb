"""Connecting to a Kasa/Tapo device on loopback: the first contact (one discovery probe, then the
way it names) against a start that knows the way already (one round trip), for each way devices
talk, on devices emulated from recordings of real hardware. Also the first contact when the
network drops discovery (python-kasa tries every way), and how long the app takes to say a
device that is off is off (its address refuses connections, as on loopback), with the way it
talks remembered and never reached (the app's own discovery wait, 2 s, included). Prints
milliseconds (median of N).

    uv run python -m benchmarks.bench_kasa_connect [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig
from ambience.devices.errors import DeviceError
from ambience.devices.kasa.credentials import KasaCredentials
from ambience.engine.clock import ManualClock
from ambience.engine.connections import connection_config
from ambience.engine.factory import DeviceContext, KasaOptions, create_device
from kasa_emulator import DEFAULT_PASSWORD, DEFAULT_USERNAME, load_recording, recorded_server

FIXTURES = Path(__file__).parent.parent / "tests" / "fixtures" / "kasa"
CASES = [
    ("Kasa bulb KL130, XOR", "iot/KL130(US)_1.0_1.8.11", Role.LIGHT),
    ("Kasa plug HS100 hw 4.1, KLAP v1", "iot/HS100(UK)_4.1_1.1.0", Role.DIFFUSER),
    ("Tapo bulb L530E 1.1.6, KLAP v2", "smart/L530E(EU)_3.0_1.1.6", Role.LIGHT),
    ("Tapo plug P100 1.1.3, AES v1", "smart/P100(US)_1.0.0_1.1.3", Role.DIFFUSER),
    ("Tapo bulb L530E 1.0.6, AES v2", "smart/L530E(EU)_3.0_1.0.6", Role.LIGHT),
]
ACCOUNT = KasaCredentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)


def context() -> DeviceContext:
    return DeviceContext(clock=ManualClock(), kasa=KasaOptions(credentials=lambda: ACCOUNT))


async def connect_once(server, role: Role, connection=None) -> tuple[float, object]:
    config = DeviceConfig(id="d", name="D", role=role, backend="kasa", host=server.host, port=server.port,
                          connection=connection)  # fmt: skip
    device = create_device("room", config, context())
    start = time.perf_counter()
    await device.refresh()
    elapsed = (time.perf_counter() - start) * 1000
    found = device.link.connection
    await device.close()
    return elapsed, found


async def off_once(server, role: Role, connection=None) -> float:
    config = DeviceConfig(id="d", name="D", role=role, backend="kasa", host=server.host, port=server.port,
                          connection=connection)  # fmt: skip
    device = create_device("room", config, context())
    start = time.perf_counter()
    try:
        await device.refresh()
    except DeviceError:
        pass
    else:
        raise AssertionError("a device that is off answered")
    finally:
        elapsed = (time.perf_counter() - start) * 1000
        await device.close()
    return elapsed


async def case(name: str, role: Role, n: int) -> tuple[float, ...]:
    server = recorded_server(load_recording(FIXTURES / f"{name}.json"))
    await server.start()
    try:
        first, remembered, blocked = [], [], []
        found = None
        for _ in range(n):
            ms, found = await connect_once(server, role)
            first.append(ms)
        for _ in range(n):
            ms, _ = await connect_once(server, role, connection_config(found))
            remembered.append(ms)
        server.discoverable = False
        for _ in range(max(1, n // 4)):
            ms, _ = await connect_once(server, role)
            blocked.append(ms)
        await server.stop()
        off_known = [await off_once(server, role, connection_config(found)) for _ in range(max(1, n // 4))]
        off_new = [await off_once(server, role) for _ in range(max(1, n // 4))]
        return tuple(statistics.median(x) for x in (first, remembered, blocked, off_known, off_new))
    finally:
        await server.stop()


async def main(n: int) -> None:
    print(f"connect + first read on loopback, median of {n} (try-all: of {max(1, n // 4)}); milliseconds\n")
    print(
        f"{'device':<34} {'first contact':>14} {'remembered':>11} {'no discovery':>13}"
        f" {'off, remembered':>16} {'off, never reached':>19}"
    )
    for label, name, role in CASES:
        first, remembered, blocked, off_known, off_new = await case(name, role, n)
        print(
            f"{label:<34} {first:>14.1f} {remembered:>11.1f} {blocked:>13.1f}"
            f" {off_known:>16.1f} {off_new:>19.1f}"
        )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))

"""Emulated Kasa bulbs for bench_fanout, in a process of their own (as real devices are other machines).

    python -m benchmarks.fanout_devices COUNT LATENCY_S

Prints one JSON line listing each bulb's address, then serves until stdin closes. Every answer
is delayed by LATENCY_S, like a device across a busy Wi-Fi network.
"""

from __future__ import annotations

import asyncio
import json
import sys

from kasa_emulator import EmulatedStudio


async def serve(count: int, latency_s: float) -> None:
    studio = EmulatedStudio.from_specs([f"bulb=Bulb {i + 1}" for i in range(count)])
    async with studio:
        for server in studio.servers:
            server.latency_s = latency_s
        print(json.dumps([{"host": s.host, "port": s.port} for s in studio.servers]), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), float(sys.argv[2])))

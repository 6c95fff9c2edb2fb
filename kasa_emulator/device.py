"""What every emulated device shares: a stable identity, a log of the commands it received and
the history of its state, which tests and benchmarks read to see what a device was told.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from typing import Any


class Identity:
    """MAC address and TP-Link ids derived from a seed, so a device looks the same on every run."""

    def __init__(self, seed: str) -> None:
        digest = hashlib.sha256(seed.encode()).hexdigest().upper()
        self.device_id = digest[:40]
        self.hw_id = digest[40:64] + digest[:8]
        self.oem_id = digest[8:40]
        # A locally administered unicast address (second hex digit 2, 6, A or E) never collides
        # with a real device's.
        octets = ["02"] + [digest[i : i + 2] for i in range(48, 58, 2)]
        self.mac = ":".join(octets)


class EmulatedDevice:
    """One device's state. Subclasses answer their protocol's requests and describe their state."""

    kind = "device"
    hw_ver = "1.0"

    @property
    def device_type(self) -> str:
        """What the firmware calls its kind of device ("IOT.SMARTBULB", "SMART.TAPOPLUG", ...)."""
        raise NotImplementedError

    def __init__(
        self, model: str, alias: str, *, seed: str | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.model = model
        self.alias = alias
        self.identity = Identity(seed or f"{model}/{alias}")
        self.clock = clock
        self.powered_at = clock()
        self.commands: list[tuple[str, dict[str, Any]]] = []
        self.history: list[dict[str, Any]] = []
        self._waiters: list[tuple[Callable[[dict[str, Any]], bool], asyncio.Future[None]]] = []

    def state(self) -> dict[str, Any]:
        """What the device is doing now, in plain values (``on``, ``level``, ``kelvin``, ...)."""
        raise NotImplementedError

    def discovery_result(self) -> dict[str, Any]:
        """What the firmware says of itself in answer to a probe on UDP 20002 (the server adds its
        address and how to talk to it)."""
        ident = self.identity
        return {
            "device_id": ident.device_id[:32],
            "owner": ident.oem_id,
            "device_type": self.device_type,
            "device_model": self.model,
            "mac": ident.mac.replace(":", "-"),
            "hw_ver": self.hw_ver,
            "factory_default": False,
            "is_support_iot_cloud": True,
            "obd_src": "tplink",
        }

    def power_cut(self) -> None:
        """Lose power: volatile state goes back to what the hardware does when switched on."""
        self.powered_at = self.clock()

    def record(self, method: str, params: dict[str, Any]) -> None:
        self.commands.append((method, dict(params)))

    def changed(self) -> None:
        """Call after the state may have changed: keeps the history and wakes waiting tests."""
        state = self.state()
        if not self.history or self.history[-1] != state:
            self.history.append(state)
        for predicate, future in list(self._waiters):
            if not future.done() and predicate(state):
                future.set_result(None)
                self._waiters.remove((predicate, future))

    async def wait_for(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 5.0) -> None:
        """Until the device's state satisfies ``predicate`` (for tests and benchmarks)."""
        if predicate(self.state()):
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (predicate, future)
        self._waiters.append(entry)
        try:
            await asyncio.wait_for(future, timeout)
        finally:
            if entry in self._waiters:
                self._waiters.remove(entry)

    def uptime_s(self) -> int:
        return int(self.clock() - self.powered_at)

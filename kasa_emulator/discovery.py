"""How emulated devices answer discovery: legacy ones an XOR ``get_sysinfo`` probe on their own
port, newer ones the probe python-kasa sends to UDP port 20002 (a 16-byte header, then JSON),
with what the firmware says of itself: model, type, and how it wants to be talked to.
"""

from __future__ import annotations

import asyncio
import binascii
import contextlib
import errno
import json
import struct
from collections.abc import Callable
from typing import Any

from kasa_emulator import xor

DISCOVERY_PORT_2 = 20002
_HEADER = struct.Struct(">BBHHBBII")
_CRC_SEED = 0x5A6B7C8D
# Loopback addresses tried for devices of their own; 127.0.0.1 is left to everything else.
_CANDIDATES = [f"127.0.{a}.{b}" for a in range(4) for b in range(2, 255)]
_next = 0

Answer20002 = Callable[[], "dict[str, Any] | None"]
AnswerLegacy = Callable[[dict[str, Any]], "dict[str, Any] | None"]


def packet_20002(message: dict[str, Any]) -> bytes:
    """A discovery answer as the firmware frames it: the header (with its CRC), then the JSON."""
    payload = json.dumps(message, separators=(",", ":")).encode()
    header = _HEADER.pack(2, 0, 1, len(payload), 17, 0, 0, _CRC_SEED)
    packet = bytearray(header + payload)
    packet[12:16] = binascii.crc32(packet).to_bytes(4, "big")
    return bytes(packet)


class Discovery20002(asyncio.DatagramProtocol):
    """Answers python-kasa's probe on UDP 20002 (whatever key it offers) with ``answer()``."""

    def __init__(self, answer: Answer20002) -> None:
        self.answer = answer
        self.transport: asyncio.DatagramTransport | None = None
        self.probes = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a datagram endpoint's

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        if len(data) < _HEADER.size:
            return
        self.probes += 1
        message = self.answer()
        if message is not None and self.transport is not None:
            self.transport.sendto(packet_20002(message), addr)


class LegacyDiscovery(asyncio.DatagramProtocol):
    """Answers the legacy UDP discovery probe (an unframed XOR ``get_sysinfo``)."""

    def __init__(self, answer: AnswerLegacy) -> None:
        self.answer = answer
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a datagram endpoint's

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        with contextlib.suppress(UnicodeDecodeError, ValueError, AttributeError):
            response = self.answer(xor.decode_json(data))
            if response is not None and self.transport is not None:
                self.transport.sendto(xor.encode_json(response), addr)


async def listen_20002(host: str, answer: Answer20002) -> asyncio.DatagramTransport | None:
    """Answer discovery on ``host``:20002; None if another device already holds it there."""
    loop = asyncio.get_running_loop()
    try:
        transport, _ = await loop.create_datagram_endpoint(
            lambda: Discovery20002(answer), local_addr=(host, DISCOVERY_PORT_2)
        )
    except OSError:
        return None
    return transport


async def claim_address(answer: Answer20002) -> tuple[str, asyncio.DatagramTransport | None]:
    """A loopback address no other emulated device uses, held by listening on its UDP 20002.

    Where the system has only 127.0.0.1 (macOS without aliases), the device shares it and
    answers discovery only if no other device does already.
    """
    global _next
    loop = asyncio.get_running_loop()
    for i in range(len(_CANDIDATES)):
        host = _CANDIDATES[(_next + i) % len(_CANDIDATES)]
        try:
            transport, _ = await loop.create_datagram_endpoint(
                lambda: Discovery20002(answer), local_addr=(host, DISCOVERY_PORT_2)
            )
        except OSError as exc:
            if exc.errno == errno.EADDRNOTAVAIL:
                break  # this system has no such loopback address
            continue  # held by another emulated device
        _next = (_next + i + 1) % len(_CANDIDATES)
        return host, transport
    return "127.0.0.1", await listen_20002("127.0.0.1", answer)

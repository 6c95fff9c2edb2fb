"""Emulated devices on the network: each listens on 127.0.0.1 (legacy devices over XOR/TCP with
UDP discovery on the same port, newer ones over KLAP/HTTP) and can drop off the network and come
back on the same port, the way a device does when its power is cut.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from kasa_emulator import xor
from kasa_emulator.device import EmulatedDevice
from kasa_emulator.klap import HttpReply, KlapEndpoint
from kasa_emulator.legacy import LegacyDevice
from kasa_emulator.smart import SmartDevice

LOOPBACK = "127.0.0.1"
# The TP-Link account the emulated newer devices are "owned" by (never a real account).
DEFAULT_USERNAME = "owner@studio.example"
DEFAULT_PASSWORD = "emulated-devices"
_MAX_MESSAGE = 64 * 1024
_HTTP_METHODS = (b"POST", b"GET ", b"HEAD", b"PUT ", b"DELE", b"OPTI")
_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed"}


class DeviceServer:
    """One emulated device on ``host:port`` (port 0: a free one, kept across restarts)."""

    def __init__(
        self,
        device: EmulatedDevice,
        *,
        host: str = LOOPBACK,
        port: int = 0,
        username: str = DEFAULT_USERNAME,
        password: str = DEFAULT_PASSWORD,
    ) -> None:
        if not isinstance(device, LegacyDevice | SmartDevice):
            raise TypeError(f"cannot serve {type(device).__name__}")
        self.device = device
        self.host = host
        self.port = port
        self.klap = KlapEndpoint(device, username, password) if isinstance(device, SmartDevice) else None
        self.latency_s = 0.0  # added before every answer
        self.hang = False  # accept requests and never answer them
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._udp: asyncio.DatagramTransport | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def protocol(self) -> str:
        return "klap" if self.klap else "xor"

    @property
    def online(self) -> bool:
        return self._server is not None

    def __repr__(self) -> str:
        where = f"{self.host}:{self.port}" if self.port else "not started"
        return f"<{self.device.kind} {self.device.model} {self.device.alias!r} at {where} ({self.protocol})>"

    async def start(self) -> None:
        """Listen (again) on the device's address; the first start picks the port when it is 0."""
        if self._server is not None:
            return
        loop = asyncio.get_running_loop()
        for _ in range(20):
            server = await asyncio.start_server(self._connected, self.host, self.port)
            port = server.sockets[0].getsockname()[1]
            if isinstance(self.device, LegacyDevice):
                try:
                    self._udp, _ = await loop.create_datagram_endpoint(
                        lambda: _Discovery(self), local_addr=(self.host, port)
                    )
                except OSError:
                    # The UDP port of that number is taken: with a chosen port that is an error,
                    # with a free one try another.
                    server.close()
                    await server.wait_closed()
                    if self.port:
                        raise
                    continue
            self._server, self.port = server, port
            if hasattr(self.device, "ip"):
                self.device.ip = self.host
            return
        raise OSError("no free port with both TCP and UDP available")

    async def stop(self, *, power_cut: bool = False) -> None:
        """Drop off the network: stop listening and cut every open connection."""
        server, self._server = self._server, None
        if self._udp is not None:
            self._udp.close()
            self._udp = None
        if server is not None:
            server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._tasks):
            task.cancel()
        if server is not None:
            await server.wait_closed()
        if self.klap is not None:
            self.klap.forget_sessions()
        if power_cut:
            self.device.power_cut()
            self.device.changed()

    async def restart(self, *, power_cut: bool = True) -> None:
        """Go away and come back on the same port (by default having lost power meanwhile)."""
        await self.stop(power_cut=power_cut)
        await self.start()

    async def _connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        self._writers.add(writer)
        self.connections += 1
        try:
            if self.klap is not None:
                await self._serve_http(reader, writer, self.klap)
            else:
                await self._serve_xor(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._writers.discard(writer)
            if task is not None:
                self._tasks.discard(task)
            writer.transport.abort()

    async def _answer_delay(self) -> None:
        if self.hang:
            await asyncio.Event().wait()  # until the connection is cut
        if self.latency_s > 0:
            await asyncio.sleep(self.latency_s)

    async def _serve_xor(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        assert isinstance(self.device, LegacyDevice)
        while True:
            length = xor.frame_length(await reader.readexactly(4))
            if length > _MAX_MESSAGE:  # not the Kasa protocol (an HTTP client, say): hang up
                return
            try:
                request = xor.decode_json(await reader.readexactly(length))
            except (UnicodeDecodeError, ValueError):
                return
            await self._answer_delay()
            writer.write(xor.frame(xor.encode_json(self.device.handle(request))))
            await writer.drain()

    async def _serve_http(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, klap: KlapEndpoint
    ) -> None:
        while True:
            # Anything but an HTTP request (a legacy client trying its luck) is hung up on at once.
            head = await reader.readexactly(4)
            if head not in _HTTP_METHODS:
                return
            request_line = head + await reader.readline()
            parts = request_line.decode("latin-1").split()
            if len(parts) != 3 or not parts[2].startswith("HTTP/"):
                return
            headers: dict[str, str] = {}
            while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0") or 0)
            if length > _MAX_MESSAGE:
                return
            body = await reader.readexactly(length) if length else b""
            url = urlsplit(parts[1])
            cookies = dict(
                c.strip().partition("=")[::2] for c in headers.get("cookie", "").split(";") if "=" in c
            )
            await self._answer_delay()
            if parts[0] == "POST":
                reply = klap.reply(url.path, dict(parse_qsl(url.query)), cookies, body)
            else:
                reply = HttpReply(405)
            writer.write(_http_response(reply))
            await writer.drain()
            if headers.get("connection", "").lower() == "close":
                return


def _http_response(reply: HttpReply) -> bytes:
    lines = [
        f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Error')}",
        "Content-Type: application/octet-stream",
        f"Content-Length: {len(reply.body)}",
        "Connection: keep-alive",
    ]
    lines += [f"{name}: {value}" for name, value in reply.headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + reply.body


class _Discovery(asyncio.DatagramProtocol):
    """Answers the legacy UDP discovery probe (an unframed XOR ``get_sysinfo``) with the sysinfo."""

    def __init__(self, server: DeviceServer) -> None:
        self.server = server
        self.transport: Any = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        device = self.server.device
        with contextlib.suppress(UnicodeDecodeError, ValueError):
            request = xor.decode_json(data)
            if isinstance(device, LegacyDevice) and "get_sysinfo" in request.get("system", {}):
                self.transport.sendto(xor.encode_json(device.discovery_response()), addr)

"""Emulated devices on the network: each on a loopback address of its own (legacy devices over
XOR/TCP with UDP discovery on the same port; newer ones over KLAP or AES on HTTP, answering
discovery on UDP 20002) and able to drop off the network and come back on the same port, the way
a device does when its power is cut.

Newer devices answer discovery on UDP port 20002 of their address, a port python-kasa's
``Discover.discover_single`` cannot move (its ``port`` moves only the legacy probe). So that
several emulated devices can each answer it, every device gets an address of its own in
127.0.0.0/8 (127.0.0.2, 127.0.0.3, ...: all of it is loopback on Linux), claimed by holding UDP
20002 there, so two emulators (or two test processes) never share one.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from kasa_emulator import discovery, xor
from kasa_emulator.aes import AesEndpoint
from kasa_emulator.device import EmulatedDevice
from kasa_emulator.klap import HttpReply, KlapEndpoint
from kasa_emulator.legacy import LegacyDevice
from kasa_emulator.smart import SmartDevice

LOOPBACK = "127.0.0.1"
# TPAP stands for a way of talking newer than python-kasa: the device announces it and refuses
# every request made the older ways.
ENCRYPTIONS = ("XOR", "KLAP", "AES", "TPAP")


class UnknownEndpoint:
    """HTTP of a firmware that talks in a way the client does not know: nothing it asks is found."""

    def forget_sessions(self) -> None:
        pass

    def reply(self, path: str, query: dict[str, str], cookies: dict[str, str], body: bytes) -> HttpReply:
        return HttpReply(404)


# The TP-Link account the emulated newer devices are "owned" by (never a real account).
DEFAULT_USERNAME = "owner@studio.example"
DEFAULT_PASSWORD = "emulated-devices"
_MAX_MESSAGE = 64 * 1024
_HTTP_METHODS = (b"POST", b"GET ", b"HEAD", b"PUT ", b"DELE", b"OPTI")
_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed"}


class DeviceServer:
    """One emulated device on ``host:port`` (host None: a loopback address of its own; port 0: a
    free one; both kept across restarts).

    ``encryption`` is how its firmware talks: "XOR" (legacy devices only), "KLAP" or "AES" (over
    HTTP, with ``login_version`` 1 or 2). By default legacy devices speak XOR and newer ones KLAP
    with login version 2; a legacy device given KLAP speaks its legacy protocol inside KLAP, as
    late HS/KP plug firmware does.
    """

    def __init__(
        self,
        device: EmulatedDevice,
        *,
        host: str | None = None,
        port: int = 0,
        username: str = DEFAULT_USERNAME,
        password: str = DEFAULT_PASSWORD,
        encryption: str | None = None,
        login_version: int | None = None,
    ) -> None:
        if not isinstance(device, LegacyDevice | SmartDevice):
            raise TypeError(f"cannot serve {type(device).__name__}")
        legacy = isinstance(device, LegacyDevice)
        encryption = (encryption or ("XOR" if legacy else "KLAP")).upper()
        if encryption not in ENCRYPTIONS or (encryption == "XOR" and not legacy):
            raise ValueError(f"{device.model} cannot speak {encryption}")
        if login_version is None:
            login_version = 2 if encryption == "KLAP" and not legacy else 1
        self.device = device
        self.host = host
        self.port = port
        self.encryption = encryption
        self.login_version = login_version if encryption != "XOR" else None
        respond = device.handle if isinstance(device, LegacyDevice) else device.handle_smart
        self.klap = (
            KlapEndpoint(respond, username, password, login_version=login_version)
            if encryption == "KLAP"
            else None
        )
        self.aes = (
            AesEndpoint(respond, username, password, login_version=login_version)
            if encryption == "AES"
            else None
        )
        self.latency_s = 0.0  # added before every answer
        self.hang = False  # accept requests and never answer them
        self.discoverable = True  # answers discovery probes (a network may block them)
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._udp: asyncio.DatagramTransport | None = None
        self._udp_20002: asyncio.DatagramTransport | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def protocol(self) -> str:
        """How the device talks: "xor", "klap v1", "klap v2", "aes v1" or "aes v2"."""
        if self.encryption == "XOR":
            return "xor"
        return f"{self.encryption.lower()} v{self.login_version}"

    @property
    def http(self) -> KlapEndpoint | AesEndpoint | UnknownEndpoint | None:
        if self.encryption == "TPAP":
            return UnknownEndpoint()
        return self.klap or self.aes

    @property
    def online(self) -> bool:
        return self._server is not None

    def __repr__(self) -> str:
        where = f"{self.host}:{self.port}" if self.port else "not started"
        return f"<{self.device.kind} {self.device.model} {self.device.alias!r} at {where} ({self.protocol})>"

    async def start(self) -> None:
        """Listen (again) on the device's address; the first start picks the address when it is
        None and the port when it is 0."""
        if self._server is not None:
            return
        loop = asyncio.get_running_loop()
        if self.host is None:
            self.host, self._udp_20002 = await discovery.claim_address(self._answer_20002)
        elif self._udp_20002 is None:
            self._udp_20002 = await discovery.listen_20002(self.host, self._answer_20002)
        for _ in range(20):
            server = await asyncio.start_server(self._connected, self.host, self.port)
            port = server.sockets[0].getsockname()[1]
            if self.encryption == "XOR":
                try:
                    self._udp, _ = await loop.create_datagram_endpoint(
                        lambda: discovery.LegacyDiscovery(self._answer_legacy), local_addr=(self.host, port)
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
        for udp in (self._udp, self._udp_20002):
            if udp is not None:
                udp.close()
        if self._udp or self._udp_20002:
            await asyncio.sleep(0)  # the sockets close on the loop's next turn: free the ports now
        self._udp = self._udp_20002 = None
        if server is not None:
            server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._tasks):
            task.cancel()
        if server is not None:
            await server.wait_closed()
        if self.http is not None:
            self.http.forget_sessions()
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
            if self.http is not None:
                await self._serve_http(reader, writer, self.http)
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
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        endpoint: KlapEndpoint | AesEndpoint | UnknownEndpoint,
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
                reply = endpoint.reply(url.path, dict(parse_qsl(url.query)), cookies, body)
            else:
                reply = HttpReply(405)
            writer.write(_http_response(reply))
            await writer.drain()
            if headers.get("connection", "").lower() == "close":
                return

    # Discovery.
    def _answer_legacy(self, request: dict[str, Any]) -> dict[str, Any] | None:
        device = self.device
        if not (self.online and self.discoverable and isinstance(device, LegacyDevice)):
            return None
        return device.discovery_response() if "get_sysinfo" in request.get("system", {}) else None

    def _answer_20002(self) -> dict[str, Any] | None:
        """The device's answer to a probe on UDP 20002 (None: it keeps quiet)."""
        if not (self.online and self.discoverable) or self.encryption == "XOR":
            return None
        assert self.host is not None
        result = self.device.discovery_result()
        scheme = {"encrypt_type": self.encryption, "http_port": self.port, "is_support_https": False}
        # Firmware of login version 2 says so; version 1 firmware leaves "lv" out.
        if self.login_version == 2:
            scheme["lv"] = 2
        result.update(ip=self.host, mgt_encrypt_schm=scheme)
        return {"error_code": 0, "result": result}


def _http_response(reply: HttpReply) -> bytes:
    headers = {"Content-Type": "application/octet-stream", **reply.headers}
    lines = [
        f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Error')}",
        f"Content-Length: {len(reply.body)}",
        "Connection: keep-alive",
    ]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + reply.body

"""Connections to Kasa/Tapo devices: opened on first use, kept open and shared by every entry of
the rooms config at that address (a hub and its thermostats), and reopened after any failure, so
a device that restarted is read afresh.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
from collections.abc import Awaitable, Callable
from typing import TypeVar

import kasa
from kasa.deviceconfig import DeviceConnectionParameters, DeviceEncryptionType, DeviceFamily

from ambience.devices.errors import DeviceAuthError, DeviceError, DeviceUnsupported
from ambience.devices.kasa.credentials import KasaCredentials, load_credentials
from ambience.devices.kasa.errors import AUTH_HINT, causes, translate

T = TypeVar("T")
CredentialsSource = Callable[[], KasaCredentials | None]

DEFAULT_TIMEOUT_S = 3
# How each generation of device is reached: legacy devices over XOR on port 9999; newer Kasa and
# Tapo devices over KLAP or AES on port 80 (hubs, Tapo bulbs and plugs: the "smart" protocol;
# late HS/KP/EP plugs: the legacy protocol inside KLAP).
LEGACY = DeviceConnectionParameters(DeviceFamily.IotSmartPlugSwitch, DeviceEncryptionType.Xor)
SMART_KLAP = DeviceConnectionParameters(
    DeviceFamily.SmartTapoPlug, DeviceEncryptionType.Klap, login_version=2
)
SMART_AES = DeviceConnectionParameters(DeviceFamily.SmartTapoPlug, DeviceEncryptionType.Aes)
IOT_KLAP = DeviceConnectionParameters(
    DeviceFamily.IotSmartPlugSwitch, DeviceEncryptionType.Klap, login_version=2
)


class KasaLink:
    """One device on the network (bulb, plug, hub) and its python-kasa object, connected lazily.

    The connection belongs to the asyncio loop that opened it. The way the device is reached
    is found on the first connection (trying each generation's protocol) and kept.
    """

    def __init__(
        self,
        host: str,
        port: int | None = None,
        *,
        timeout_s: int = DEFAULT_TIMEOUT_S,
        credentials: CredentialsSource = load_credentials,
        smart_first: bool = False,
    ) -> None:
        self.host = host
        self.port = port
        self.where = f"{host}:{port}" if port else host
        self.timeout_s = timeout_s
        self.credentials = credentials
        self.smart_first = smart_first
        self.connects = 0  # successful connections, for tests and benchmarks
        self.users = 0
        self.connection_type: DeviceConnectionParameters | None = None
        self._device: kasa.Device | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock: asyncio.Lock | None = None
        self._refused: tuple[KasaCredentials | None] | None = None  # the account the device refused
        self._closing: set[asyncio.Task[None]] = set()

    @property
    def connected(self) -> bool:
        return self._device is not None

    async def run(self, op: Callable[[kasa.Device], Awaitable[T]], *, update: bool = False) -> T:
        """``op(device)`` on the connected device (read afresh first when ``update``).

        Any failure comes out as a DeviceError; after one in talking to the device, the
        connection is dropped, so the next call connects again.
        """
        try:
            device, fresh = await self._connected()
            if update and not fresh:  # connecting has just read the device
                await device.update()
            return await op(device)
        except asyncio.CancelledError:
            self._abandon()
            raise
        except DeviceError:
            raise  # the backend's own verdicts (no such hub child, not a light) are not the link's fault
        except Exception as exc:
            error = translate(exc, self.where)
            if not isinstance(error, DeviceUnsupported):
                await self.drop()
            raise error from exc

    async def drop(self) -> None:
        """Forget the connection (closing it); the next use connects again."""
        device, self._device = self._device, None
        if device is not None:
            await disconnect_quietly(device)

    def _abandon(self) -> None:
        # Cancelled mid-request: the connection's state is unknown, close it in the background.
        device, self._device = self._device, None
        if device is not None and self._loop is not None and not self._loop.is_closed():
            task = self._loop.create_task(disconnect_quietly(device))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def _connected(self) -> tuple[kasa.Device, bool]:
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._lock is None:
            self._device, self._loop, self._lock = None, loop, asyncio.Lock()
        async with self._lock:
            if self._device is not None:
                return self._device, False
            self._device = await self._connect()
            return self._device, True

    async def _connect(self) -> kasa.Device:
        if self.connection_type is not None:
            candidates = [self.connection_type]
        elif self.smart_first:
            candidates = [SMART_KLAP, SMART_AES, IOT_KLAP, LEGACY]
        else:
            candidates = [LEGACY, SMART_KLAP, IOT_KLAP, SMART_AES]
        failure: Exception | None = None
        account: tuple[KasaCredentials | None] | None = None  # read when first needed
        for params in candidates:
            creds = None
            if params is not LEGACY:  # legacy devices take no account: leave the keyring alone
                if account is None:
                    account = (self.credentials(),)
                    if self._refused == account:
                        # Trying the account the device refused again would only be refused again.
                        raise DeviceAuthError(AUTH_HINT)
                if account[0] is not None:
                    creds = kasa.Credentials(account[0].username, account[0].password)
            config = kasa.DeviceConfig(
                host=self.host,
                port_override=self.port,
                timeout=self.timeout_s,
                credentials=creds,
                connection_type=params,
            )
            try:
                device = await kasa.Device.connect(config=config)
            except Exception as exc:
                error = translate(exc, self.where)
                if isinstance(error, DeviceAuthError):
                    self._refused = account
                    raise
                failure = exc
                if not self._others_may_answer(exc, error, params):
                    break
                continue
            self.connection_type = device.config.connection_type
            self._refused = None
            self.connects += 1
            return device
        assert failure is not None
        raise failure

    def _others_may_answer(
        self, exc: Exception, error: DeviceError, params: DeviceConnectionParameters
    ) -> bool:
        """Whether another protocol is worth trying after ``params`` failed with ``exc``."""
        if self.connection_type is not None:
            return False
        for cause in causes(exc):
            if isinstance(cause, OSError) and cause.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
                return False  # nothing answers at that address
            refused = isinstance(cause, ConnectionRefusedError)
            if refused or getattr(cause, "errno", None) == errno.ECONNREFUSED:
                # A closed legacy port 9999 says nothing about port 80; a port of one's own is the
                # only one there is.
                return params is LEGACY and self.port is None
        return not isinstance(error, DeviceUnsupported | DeviceAuthError) and not _timed_out(exc)

    async def close(self) -> None:
        await self.drop()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)


def _timed_out(exc: BaseException) -> bool:
    return any(isinstance(e, TimeoutError) for e in causes(exc))


async def disconnect_quietly(device: kasa.Device) -> None:
    """Close ``device``'s connection; one that will not close cleanly in time is left to the collector."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(device.disconnect(), 2.0)


class KasaLinks:
    """The links of one studio, by address: several entries at one address share a connection."""

    def __init__(
        self, *, timeout_s: int = DEFAULT_TIMEOUT_S, credentials: CredentialsSource = load_credentials
    ) -> None:
        self.timeout_s = timeout_s
        self.credentials = credentials
        self._links: dict[tuple[str, int | None], KasaLink] = {}

    def link(self, host: str, port: int | None = None, *, smart_first: bool = False) -> KasaLink:
        key = (host, port)
        if key not in self._links:
            self._links[key] = KasaLink(
                host, port, timeout_s=self.timeout_s, credentials=self.credentials, smart_first=smart_first
            )
        link = self._links[key]
        link.users += 1
        return link

    async def release(self, link: KasaLink) -> None:
        """One user of ``link`` is done; the last one closes it."""
        link.users -= 1
        if link.users <= 0:
            await link.close()
            self._links.pop((link.host, link.port), None)

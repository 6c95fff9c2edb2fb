"""Connections to Kasa/Tapo devices: opened on first use, kept open and shared by every entry of
the rooms config at that address (a hub and its thermostats), and reopened after any failure, so
a device that restarted is read afresh.

How a device wants to be talked to (XOR, KLAP or AES; which login version; HTTPS or not) is its
firmware's business, and python-kasa finds it out: on first contact the link asks the one
configured address with python-kasa's unicast discovery (never a broadcast), and if nothing
answers, lets python-kasa try every way it knows. What it found (a ``KasaConnection``) is handed
to the app to keep, and given back on the next start, so a known device is reached in one round
trip and one that is switched off is not guessed at. A device whose firmware changed the way it
talks is found again by discovery and the change is reported.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TypeVar

import kasa
from kasa import Discover
from kasa.deviceconfig import DeviceConnectionParameters, DeviceEncryptionType, DeviceFamily
from kasa.discover import ConnectAttempt
from kasa.transports import AesTransport, KlapTransport, SslAesTransport, XorTransport

from ambience.devices.errors import (
    DeviceAuthError,
    DeviceError,
    DeviceOffline,
    DeviceTimeout,
    DeviceUnsupported,
)
from ambience.devices.kasa.credentials import KasaCredentials, load_credentials
from ambience.devices.kasa.errors import AUTH_HINT, causes, translate

T = TypeVar("T")
CredentialsSource = Callable[[], KasaCredentials | None]

DEFAULT_TIMEOUT_S = 3
# How long the one discovery probe waits for its answer (a device answers in milliseconds on a
# home network; an answer that does not come means the device is off or the network drops it).
DISCOVERY_TIMEOUT_S = 2.0
# A cap on trying every way when discovery got no answer: a device that is off would otherwise
# keep every attempt waiting for its full timeout.
TRY_ALL_BUDGET_S = 15.0
_UNREACHABLE = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN}
# The ports python-kasa's ways use when none is given: XOR, HTTP (KLAP, AES), KLAP over HTTPS,
# AES over HTTPS.
_KNOWN_PORTS = (
    XorTransport.DEFAULT_PORT,
    KlapTransport.DEFAULT_PORT,
    KlapTransport.DEFAULT_HTTPS_PORT,
    SslAesTransport.DEFAULT_PORT,
)


@dataclass(frozen=True)
class KasaConnection:
    """How one device is reached, as python-kasa found it: plain values the app keeps."""

    family: str  # "IOT.SMARTBULB", "SMART.TAPOPLUG", ...
    encryption: str  # "XOR", "KLAP" or "AES"
    login_version: int | None = None
    https: bool = False
    http_port: int | None = None

    @classmethod
    def of(cls, params: DeviceConnectionParameters) -> KasaConnection:
        return cls(
            params.device_family.value,
            params.encryption_type.value,
            params.login_version,
            bool(params.https),
            params.http_port,
        )

    @classmethod
    def of_device(cls, device: kasa.Device) -> KasaConnection:
        """How ``device`` (connected and read) was reached, with the family it reports of itself."""
        return _with_family_of(cls.of(device.config.connection_type), device)

    def parameters(self) -> DeviceConnectionParameters:
        """python-kasa's connection parameters (DeviceUnsupported for values it does not know)."""
        try:
            return DeviceConnectionParameters.from_values(
                self.family,
                self.encryption,
                login_version=self.login_version,
                https=self.https,
                http_port=self.http_port,
            )
        except kasa.KasaException as exc:
            raise DeviceUnsupported(f"unknown connection: {self.describe()}") from exc

    @property
    def legacy(self) -> bool:
        """The oldest way (XOR on port 9999), which asks for no account."""
        return self.encryption == DeviceEncryptionType.Xor.value

    def describe(self) -> str:
        """In a few words, e.g. ``KLAP, login v2`` or ``XOR``."""
        words = [self.encryption]
        if self.login_version:
            words.append(f"login v{self.login_version}")
        if self.https:
            words.append("HTTPS")
        return ", ".join(words)


@dataclass(frozen=True)
class _Answer:
    """What a device said of itself to a discovery probe."""

    connection: KasaConnection
    model: str
    hardware: str


class KasaLink:
    """One device on the network (bulb, plug, hub) and its python-kasa object, connected lazily.

    The connection belongs to the asyncio loop that opened it. ``connection`` is the way the
    device was reached before (None: find it); ``on_connection`` hears of each way found that
    differs from it.
    """

    def __init__(
        self,
        host: str,
        port: int | None = None,
        *,
        timeout_s: int = DEFAULT_TIMEOUT_S,
        credentials: CredentialsSource = load_credentials,
        connection: KasaConnection | None = None,
        on_connection: Callable[[KasaConnection], None] | None = None,
        discovery_timeout_s: float = DISCOVERY_TIMEOUT_S,
    ) -> None:
        self.host = host
        self.port = port
        self.where = f"{host}:{port}" if port else host
        self.timeout_s = timeout_s
        self.credentials = credentials
        self.connection = connection
        self.on_connection = on_connection
        self.discovery_timeout_s = discovery_timeout_s
        self.connects = 0  # successful connections, for tests and benchmarks
        self.discoveries = 0  # discovery probes sent, for tests and benchmarks
        self.users = 0
        self._device: kasa.Device | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connecting: asyncio.Task[kasa.Device] | None = None
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
        if self._loop is not loop:
            self._device, self._connecting, self._loop = None, None, loop
        if self._device is not None:
            return self._device, False
        if self._connecting is None:
            # One attempt at a time, carried on even when the caller that started it gives up
            # (a driver's timeout): finding a device's way can take longer than one command.
            self._connecting = loop.create_task(self._connect())
            self._connecting.add_done_callback(self._connect_done)
        return await asyncio.shield(self._connecting), True

    def _connect_done(self, task: asyncio.Task[kasa.Device]) -> None:
        if self._connecting is task:
            self._connecting = None
        if task.cancelled():
            return
        if task.exception() is None:
            self._device = task.result()
        else:
            task.exception()  # retrieved, so a failure nobody waited for is not reported as lost

    # Finding the way to the device.
    async def _connect(self) -> kasa.Device:
        if self.connection is not None:
            return await self._connect_remembered(self.connection)
        not_understood: _NotUnderstood | None = None
        try:
            answer = await self._discover()
        except _NotUnderstood as exc:
            answer, not_understood = None, exc
        if answer is not None:
            try:
                return await self._open(answer.connection)
            except DeviceError:
                raise
            except Exception as exc:
                error = translate(exc, self.where)
                if isinstance(error, DeviceAuthError):
                    # Refused on the very way the device says it talks: the account is wrong.
                    raise error from exc
                if not _worth_another_way(exc, answer.connection):
                    raise
                # The way it announced did not work: let python-kasa try the others.
        elif not_understood is None:
            # No answer to discovery: a network that drops it, or a device that is off. Trying
            # every way at a device that is off only waits for each in turn, so see first
            # whether anything listens there at all.
            await self._knock()
        return await self._try_all(answer, not_understood)

    async def _connect_remembered(self, remembered: KasaConnection) -> kasa.Device:
        try:
            return await self._open(remembered)
        except DeviceAuthError:
            raise  # the account already refused: the device is left alone
        except Exception as exc:
            if not _worth_another_way(exc, remembered):
                raise  # off, or slow: it will answer the same way when it is back
            try:
                answer = await self._discover()
            except DeviceError:
                answer = None
            if answer is None or answer.connection.parameters() == remembered.parameters():
                # The device still talks this way (or says nothing): the first failure stands;
                # a refused account is refused on the protocol the device speaks.
                raise
        # The firmware talks another way now (an update changed it): the account it refused the
        # old way may well be right.
        self._refused = None
        return await self._open(answer.connection)

    async def _discover(self) -> _Answer | None:
        """Ask the configured address alone how it talks (None: no answer)."""
        self.discoveries += 1
        try:
            device = await Discover.discover_single(
                self.host,
                port=self.port,
                timeout=self.timeout_s,
                discovery_timeout=self.discovery_timeout_s,  # type: ignore[arg-type]  # fractions work
            )
        except kasa.UnsupportedDeviceError as exc:
            # It answered, in a way python-kasa cannot use: try the others; name it if none works.
            raise not_supported(exc.discovery_result or {}) from exc
        except kasa.TimeoutError:
            return None
        except OSError as exc:  # no route to the address, say
            raise translate(exc, self.where) from exc
        except kasa.KasaException:
            return None  # an answer python-kasa could not read: as good as none
        if device is None:  # only with an on_unsupported callback, which is not given
            return None
        try:
            info = device._discovery_info or {}
            return _Answer(
                KasaConnection.of(device.config.connection_type),
                device.model or _model_of(info),
                _hardware_of(info),
            )
        finally:
            await disconnect_quietly(device)

    async def _knock(self) -> None:
        """DeviceOffline unless something accepts a connection at the address, on a port one of
        python-kasa's ways would use."""
        ports = (self.port,) if self.port else _KNOWN_PORTS

        async def knock(port: int) -> BaseException | None:
            try:
                async with asyncio.timeout(self.timeout_s):
                    _, writer = await asyncio.open_connection(self.host, port)
            except (OSError, TimeoutError) as exc:
                return exc
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            return None

        failures = await asyncio.gather(*(knock(port) for port in ports))
        if any(failure is None for failure in failures):
            return
        if all(isinstance(f, OSError) and _refused_or_unreachable(f) for f in failures):
            reason = next(
                os.strerror(f.errno).lower() for f in failures if isinstance(f, OSError) and f.errno
            )
            raise DeviceOffline(f"{self.where} cannot be reached ({reason})")
        raise DeviceOffline(f"{self.where} does not answer (nothing listens there)")

    async def _open(self, connection: KasaConnection) -> kasa.Device:
        """Connect and read the device the way ``connection`` says."""
        config = kasa.DeviceConfig(
            host=self.host,
            port_override=self.port,
            timeout=self.timeout_s,
            credentials=None if connection.legacy else self._account(),
            connection_type=connection.parameters(),
        )
        try:
            device = await kasa.Device.connect(config=config)
        except Exception as exc:
            self._note_refusal(exc)
            raise
        self._connected_as(connection, device)
        return device

    async def _try_all(
        self, answer: _Answer | None, not_understood: _NotUnderstood | None = None
    ) -> kasa.Device:
        """Every way python-kasa knows, for a device discovery could not tell about."""
        credentials = self._account()
        attempts: list[tuple[ConnectAttempt, BaseException]] = []

        def note(attempt: ConnectAttempt, success: bool) -> None:
            # python-kasa tells of a failed attempt while handling its exception.
            failure = sys.exc_info()[1]
            if not success and failure is not None:
                attempts.append((attempt, failure))

        try:
            async with asyncio.timeout(TRY_ALL_BUDGET_S):
                device = await Discover.try_connect_all(
                    self.host,
                    port=self.port,
                    timeout=self.timeout_s,
                    credentials=credentials,
                    on_attempt=note,
                )
                if device is None and _aes_login_refused(attempts):
                    # python-kasa's try-all logs in to AES devices with login version 2 only;
                    # older AES firmware knows version 1.
                    device = await self._aes_login_v1(credentials)
        except TimeoutError as exc:
            raise DeviceOffline(f"{self.where} did not answer in any way the app knows") from exc
        if device is not None:
            self._connected_as(KasaConnection.of(device.config.connection_type), device)
            return device
        if not_understood is not None:
            raise not_understood
        raise self._verdict(attempts, answer)

    async def _aes_login_v1(self, credentials: kasa.Credentials | None) -> kasa.Device | None:
        connection = KasaConnection(DeviceFamily.SmartTapoPlug.value, DeviceEncryptionType.Aes.value)
        with contextlib.suppress(Exception):
            return await kasa.Device.connect(
                config=kasa.DeviceConfig(
                    host=self.host,
                    port_override=self.port,
                    timeout=self.timeout_s,
                    credentials=credentials,
                    connection_type=connection.parameters(),
                )
            )
        return None

    def _verdict(
        self, attempts: list[tuple[ConnectAttempt, BaseException]], answer: _Answer | None
    ) -> DeviceError:
        """What to tell when no way worked, from how each attempt failed."""
        errors = [translate(exc, self.where) for _, exc in attempts]
        if any(isinstance(e, DeviceAuthError) for e in errors) and answer is None:
            # Every way the device answered refused the account.
            self._refused = (self._account_now,)
            return DeviceAuthError(AUTH_HINT)
        if answer is None and all(_refused_or_unreachable(exc) for _, exc in attempts):
            return DeviceOffline(f"{self.where} cannot be reached (connection refused)")
        if answer is None and all(isinstance(e, DeviceTimeout) for e in errors):
            return DeviceTimeout(f"{self.where} did not answer in time")
        model = f"{answer.model}, hardware {answer.hardware}" if answer else f"the device at {self.where}"
        return DeviceUnsupported(f"this device's firmware is not supported yet: {model}")

    # The account.
    _account_now: KasaCredentials | None = None

    def _account(self) -> kasa.Credentials | None:
        """The account for a device that asks for one; DeviceAuthError if the device refused this
        very account before (asking again would only be refused again)."""
        account = self.credentials()
        self._account_now = account
        if self._refused is not None and self._refused == (account,):
            raise DeviceAuthError(AUTH_HINT)
        return kasa.Credentials(account.username, account.password) if account is not None else None

    def _note_refusal(self, exc: BaseException) -> None:
        if any(isinstance(e, kasa.AuthenticationError) for e in causes(exc)):
            self._refused = (self._account_now,)

    def _connected_as(self, connection: KasaConnection, device: kasa.Device) -> None:
        connection = _with_family_of(connection, device)
        self._refused = None
        self.connects += 1
        if connection != self.connection:
            self.connection = connection
            if self.on_connection is not None:
                with contextlib.suppress(Exception):  # keeping it is the app's business
                    self.on_connection(connection)

    async def close(self) -> None:
        if self._connecting is not None:
            self._connecting.cancel()
            with contextlib.suppress(BaseException):
                await self._connecting
        await self.drop()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)


class _NotUnderstood(DeviceUnsupported):
    """The device answered discovery in a way python-kasa does not know."""

    def __init__(self, model: str, hardware: str) -> None:
        super().__init__(f"this device's firmware is not supported yet: {model}, hardware {hardware}")
        self.model, self.hardware = model, hardware


def not_supported(info: dict[str, object]) -> DeviceUnsupported:
    """What to say of a device whose answer to discovery (``info``) python-kasa cannot use."""
    return _NotUnderstood(_model_of(info), _hardware_of(info))


def _model_of(info: dict[str, object]) -> str:
    for key in ("device_model", "model"):
        if isinstance(info.get(key), str):
            return str(info[key])
    return "unknown model"


def _hardware_of(info: dict[str, object]) -> str:
    system = info.get("system")
    if isinstance(system, dict) and isinstance(system.get("get_sysinfo"), dict):
        info = system["get_sysinfo"]  # a legacy device's answer
    for key in ("hw_ver", "hardware_version"):
        if isinstance(info.get(key), str):
            return str(info[key])
    return "unknown"


def _with_family_of(connection: KasaConnection, device: kasa.Device) -> KasaConnection:
    """The connection with the family the device reports of itself (a try-all names a family
    only as far as it needs to: a bulb found as a plug)."""
    info = device.sys_info
    family = info.get("mic_type") or info.get("type")
    if isinstance(family, str) and family != connection.family:
        with contextlib.suppress(ValueError):
            DeviceFamily(family)
            return replace(connection, family=family)
    return connection


def _worth_another_way(exc: BaseException, connection: KasaConnection) -> bool:
    """Whether a failure with ``connection`` may mean the device talks another way (rather than
    being off or slow, when asking another way would only wait again)."""
    for cause in causes(exc):
        if isinstance(cause, OSError) and cause.errno in _UNREACHABLE:
            return False
        refused = (
            isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED
        )
        if refused:
            # A closed legacy port may mean the firmware moved to HTTP; a closed HTTP port means
            # the device is starting or stopping.
            return connection.legacy
    return not any(isinstance(c, TimeoutError) for c in causes(exc))


def _refused_or_unreachable(exc: BaseException) -> bool:
    for cause in causes(exc):
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) in (
            errno.ECONNREFUSED,
            *_UNREACHABLE,
        ):
            return True
    return False


def _aes_login_refused(attempts: list[tuple[ConnectAttempt, BaseException]]) -> bool:
    return any(
        attempt.transport is AesTransport
        and any(isinstance(c, kasa.AuthenticationError) for c in causes(exc))
        for attempt, exc in attempts
    )


async def disconnect_quietly(device: kasa.Device) -> None:
    """Close ``device``'s connection; one that will not close cleanly in time is left to the collector."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(device.disconnect(), 2.0)


ConnectionReport = Callable[[str, "int | None", KasaConnection], None]


class KasaLinks:
    """The links of one studio, by address: several entries at one address share a connection.

    ``remembered`` gives the way each address was reached before; ``on_connection`` hears of
    each new way found, with the address.
    """

    def __init__(
        self,
        *,
        timeout_s: int = DEFAULT_TIMEOUT_S,
        credentials: CredentialsSource = load_credentials,
        discovery_timeout_s: float = DISCOVERY_TIMEOUT_S,
        on_connection: ConnectionReport | None = None,
    ) -> None:
        self.timeout_s = timeout_s
        self.credentials = credentials
        self.discovery_timeout_s = discovery_timeout_s
        self.on_connection = on_connection
        self._links: dict[tuple[str, int | None], KasaLink] = {}

    def link(
        self, host: str, port: int | None = None, *, connection: KasaConnection | None = None
    ) -> KasaLink:
        """The link to ``host:port``; ``connection``: how it was reached before, if known."""
        key = (host, port)
        if key not in self._links:
            report = self.on_connection

            def found(new: KasaConnection) -> None:
                if report:
                    report(host, port, new)

            self._links[key] = KasaLink(
                host,
                port,
                timeout_s=self.timeout_s,
                credentials=self.credentials,
                connection=connection,
                on_connection=found,
                discovery_timeout_s=self.discovery_timeout_s,
            )
        link = self._links[key]
        if link.connection is None and connection is not None:
            link.connection = connection
        link.users += 1
        return link

    async def release(self, link: KasaLink) -> None:
        """One user of ``link`` is done; the last one closes it."""
        link.users -= 1
        if link.users <= 0:
            await link.close()
            self._links.pop((link.host, link.port), None)

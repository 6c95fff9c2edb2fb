"""Kasa test helpers: emulated devices on 127.0.0.1 and the app's Kasa devices pointed at them."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

import keyring
import keyring.backend
import keyring.errors

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig
from ambience.devices.capabilities import Device
from ambience.devices.kasa.credentials import KasaCredentials
from ambience.engine.clock import ManualClock
from ambience.engine.factory import DeviceContext, KasaOptions, create_device
from kasa_emulator import DEFAULT_PASSWORD, DEFAULT_USERNAME, DeviceServer, EmulatedStudio

EMULATED_ACCOUNT = KasaCredentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
ROLE_OF_KIND = {
    "bulb": Role.LIGHT,
    "dimmer": Role.LIGHT,
    "plug": Role.DIFFUSER,
    "thermostat": Role.THERMOSTAT,
}


# Emulated devices answer discovery at once; a probe that gets no answer need not wait long.
DISCOVERY_TIMEOUT_S = 0.3


def kasa_context(account: KasaCredentials | None = EMULATED_ACCOUNT, *, timeout_s: int = 3) -> DeviceContext:
    """A device context whose Kasa devices use ``account`` (never the keyring)."""
    kasa = KasaOptions(
        timeout_s=timeout_s, credentials=lambda: account, discovery_timeout_s=DISCOVERY_TIMEOUT_S
    )
    return DeviceContext(clock=ManualClock(), kasa=kasa)


def kasa_config(
    studio: EmulatedStudio, alias: str, *, device_id: str = "dev", role: Role | None = None
) -> DeviceConfig:
    """A rooms-config entry for the emulated device called ``alias``."""
    entry = next(d for d in studio.describe() if d["alias"] == alias)
    child = alias if "hub" in entry else None
    return DeviceConfig(
        id=device_id,
        name=alias,
        role=role or ROLE_OF_KIND[entry["kind"]],
        backend="kasa",
        host=entry["host"],
        port=entry["port"],
        child=child,
    )


class KasaOutage:
    """The emulated device closes its port, then comes back on the same port."""

    def __init__(self, server: DeviceServer) -> None:
        self.server = server

    async def begin(self) -> None:
        await self.server.stop()

    async def end(self) -> None:
        await self.server.start()


@contextlib.asynccontextmanager
async def emulated(spec: str) -> AsyncIterator[tuple[Device, KasaOutage, EmulatedStudio]]:
    """One emulated device (``spec`` as for the emulator, e.g. "bulb:KL125(US)") and the app's
    device for it."""
    studio = EmulatedStudio.from_specs([spec])
    async with studio:
        alias = studio.describe()[-1]["alias"]
        device = create_device("room", kasa_config(studio, alias), kasa_context())
        try:
            yield device, KasaOutage(studio.server(alias)), studio
        finally:
            await device.close()


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in memory, so tests never touch the system's."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@contextlib.contextmanager
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Swap the system keyring for an empty in-memory one for the duration."""
    previous = keyring.get_keyring()
    fake = MemoryKeyring()
    keyring.set_keyring(fake)
    try:
        yield fake
    finally:
        keyring.set_keyring(previous)

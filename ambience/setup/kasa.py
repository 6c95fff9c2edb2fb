"""Talking to Kasa/Tapo devices for the owner's Devices page: discovering them, looking at one
address, and making one show itself (Identify).

Each device found carries the way it talks (python-kasa's discovery, or its trying every way, as
the engine does), so the page can keep it in the rooms config; an address whose way is known is
reached that way, in one round trip. A hub's devices are named by their device id (two radiators
may share a name) and shown by their name.

No Qt here: the set-up service runs these coroutines on the app's asyncio loop. This module
imports python-kasa, so the service imports it only once it first talks to a device.
"""

from __future__ import annotations

import asyncio

import kasa
from kasa import Discover, Module
from kasa.interfaces.thermostat import ThermostatState

from ambience.config.roles import Role
from ambience.config.rooms import KasaConnectionConfig
from ambience.devices.errors import DeviceProblem, DeviceUnsupported
from ambience.devices.kasa.device import KasaLight, KasaSwitch
from ambience.devices.kasa.errors import translate
from ambience.devices.kasa.link import KasaConnection, KasaLinks, disconnect_quietly, not_supported
from ambience.engine.connections import connection_config, kasa_connection
from ambience.setup.account import CredentialsSource, read_account
from ambience.setup.found import BROADCAST, FoundDevice, unreachable
from ambience.setup.placement import Spot


def describe(device: kasa.Device, spot: Spot, connection: KasaConnectionConfig | None = None) -> FoundDevice:
    """A found device from a python-kasa device that has been read (reached as ``connection``)."""
    return FoundDevice(
        spot=spot,
        alias=device.alias or spot.where,
        model=device.model,
        kind=device.device_type.value,
        state=_state_text(device),
        connection=connection,
    )


def _state_text(device: kasa.Device) -> str:
    modules = device.modules
    if Module.Thermostat in modules:
        thermostat = modules[Module.Thermostat]
        heating = ", heating" if thermostat.mode is ThermostatState.Heating else ""
        return f"{thermostat.temperature:.1f} °C, set to {thermostat.target_temperature:g} °C{heating}"
    if device.device_type is kasa.DeviceType.Hub:
        count = len(device.children)
        return f"{count} device{'s' if count != 1 else ''} paired"
    if Module.Light in modules:
        state = modules[Module.Light].state
        if not state.light_on:
            return "off"
        kelvin = f", {state.color_temp} K" if state.color_temp else ""
        return f"on, {state.brightness} %{kelvin}" if state.brightness is not None else "on"
    return "on" if device.is_on else "off"


def _with_children(
    device: kasa.Device, spot: Spot, connection: KasaConnectionConfig | None
) -> list[FoundDevice]:
    """The device, and a hub's devices after it, each by its device id."""
    found = [describe(device, spot, connection)]
    if device.device_type is kasa.DeviceType.Hub:
        found += [
            describe(child, Spot(spot.host, spot.port, child.device_id), connection)
            for child in device.children
        ]
    return found


async def discover(
    target: str = BROADCAST,
    *,
    port: int | None = None,
    timeout_s: float = 5.0,
    credentials: CredentialsSource | None = None,
) -> list[FoundDevice]:
    """Every device that answers a discovery probe sent to ``target`` (a broadcast address, or
    one device's), read if it can be; a hub is listed with the devices paired to it. The account
    comes from ``credentials`` (None: the environment, else the keyring)."""
    account = await read_account(credentials)
    creds = kasa.Credentials(account.username, account.password) if account else None
    unsupported: list[kasa.UnsupportedDeviceError] = []

    async def note_unsupported(error: kasa.UnsupportedDeviceError) -> None:
        unsupported.append(error)

    try:
        devices = await Discover.discover(
            target=target,
            port=port,
            discovery_timeout=timeout_s,  # type: ignore[arg-type]  # fractions of a second work
            credentials=creds,
            on_unsupported=note_unsupported,
        )
    except Exception as exc:
        raise translate(exc, target) from exc
    found: list[FoundDevice] = []
    for host, device in devices.items():
        spot = Spot(host, port)
        try:
            await device.update()
            found += _with_children(device, spot, connection_config(KasaConnection.of_device(device)))
        except Exception as exc:
            found.append(
                unreachable(
                    spot,
                    translate(exc, spot.where),
                    alias=device.alias or "",
                    model=device.model,
                    kind=device.device_type.value,
                )
            )
        finally:
            await disconnect_quietly(device)
    for error in unsupported:
        host = error.host or "?"
        info = error.discovery_result or {}
        model = str(info.get("device_model") or info.get("model") or "")
        found.append(
            FoundDevice(
                Spot(host, port),
                host,
                model,
                "",
                reachable=False,
                problem=DeviceProblem.of(not_supported(info), host),
            )
        )
    return sorted(found, key=lambda f: (f.spot.host, f.spot.port or 0, f.spot.child or ""))


async def look(
    spot: Spot, links: KasaLinks, *, connection: KasaConnectionConfig | None = None
) -> list[FoundDevice]:
    """The device at ``spot`` as it is now (an address of a hub: the hub and its devices; a hub's
    device: that one, named by its id or, in configs written before ids were kept, its name).
    ``connection``: how the address talked before, tried first.

    Raises DeviceError when it cannot be reached.
    """
    remembered = kasa_connection(connection)
    link = links.link(spot.host, spot.port, connection=remembered)
    try:

        async def read(device: kasa.Device) -> list[FoundDevice]:
            assert link.connection is not None  # the link has just reached the device
            found = _with_children(device, Spot(spot.host, spot.port), connection_config(link.connection))
            if spot.child is None:
                return found
            wanted = spot.child.strip().casefold()
            by_id = [f for f in found[1:] if (f.spot.child or "").casefold() == wanted]
            by_name = [f for f in found[1:] if f.alias.strip().casefold() == wanted]
            if not by_id and not by_name:
                names = ", ".join(f.alias for f in found[1:]) or "none"
                raise DeviceUnsupported(
                    f"the hub at {link.where} has no device '{spot.child}' (it has: {names})"
                )
            return (by_id or by_name)[:1]

        return await link.run(read, update=True)
    finally:
        await links.release(link)


async def identify(
    spot: Spot,
    role: Role,
    links: KasaLinks,
    *,
    pause_s: float = 0.6,
    connection: KasaConnectionConfig | None = None,
) -> None:
    """Make the device show itself: a light blinks twice, a plug clicks off and on twice; then
    it is put back as it was. ``connection``: how the address talked before, tried first."""
    link = links.link(spot.host, spot.port, connection=kasa_connection(connection))
    try:
        if role is Role.LIGHT:
            light = KasaLight("identify", spot.where, link, child=spot.child)
            await light.refresh()
            before = light.reading()
            try:
                for level in (0.0, 100.0, 0.0, 100.0):
                    await light.set_light(level, None, 0.0)
                    await asyncio.sleep(pause_s)
            finally:
                await light.set_light(before.level if before.on else 0.0, before.kelvin, 0.0)
        elif role is Role.DIFFUSER:
            switch = KasaSwitch("identify", spot.where, link, child=spot.child)
            await switch.refresh()
            was_on = switch.reading().on
            try:
                for on in (not was_on, was_on, not was_on):
                    await switch.set_on(on)
                    await asyncio.sleep(pause_s)
            finally:
                await switch.set_on(was_on)
        else:
            raise DeviceUnsupported("a thermostat cannot show itself: find it by its name on its hub")
    finally:
        await links.release(link)

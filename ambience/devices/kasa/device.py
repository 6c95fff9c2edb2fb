"""The Kasa/Tapo backend: lights, plugs and radiator thermostats driven over the local network
with python-kasa, behaving towards the engine exactly like the simulated devices.

Each device object reaches its hardware through a shared ``KasaLink`` (one per address; a hub's
thermostats share the hub's). Every failure is a ``DeviceError``; ``reading()`` is what the
device last reported or accepted, without any I/O.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, TypeVar

import kasa
from kasa import LightState, Module
from kasa.interfaces.thermostat import ThermostatState
from kasa.iot import IotDevice

from ambience.devices.capabilities import Light, Switch, Thermostat
from ambience.devices.errors import DeviceOffline, DeviceUnsupported
from ambience.devices.kasa.link import KasaLink, KasaLinks
from ambience.devices.readings import LightReading, SwitchReading, ThermostatReading

NOT_REACHED = "not reached yet"
R = TypeVar("R")


class _KasaDevice:
    """What the three kinds share: the link, the hub child they may be, what was learnt of them,
    and the last reading (``reading()`` gives it without I/O)."""

    def __init__(
        self,
        device_id: str,
        name: str,
        link: KasaLink,
        *,
        child: str | None = None,
        links: KasaLinks | None = None,
        on_child: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(device_id, name)  # type: ignore[call-arg]  # the capability (Light, ...) is next
        self.link = link
        self.child = child
        self.on_child = on_child
        self._links = links
        self._model: str | None = None

    @property
    def model(self) -> str:
        return self._model or f"Kasa device at {self.link.where}"

    async def _use(self, op: Callable[[kasa.Device], Awaitable[Any]], *, update: bool = False) -> None:
        async def run(device: kasa.Device) -> None:
            target = self._target(device)
            self._learn(target, device)
            await op(target)

        await self.link.run(run, update=update)

    def _target(self, device: kasa.Device) -> kasa.Device:
        """The device itself, or the hub's child this entry is: by device id (two thermostats may
        share a name), or by name for entries written before ids were kept."""
        if not self.child:
            return device
        wanted = self.child.strip().casefold()
        by_id = [c for c in device.children if c.device_id.casefold() == wanted]
        by_name = [c for c in device.children if (c.alias or "").casefold() == wanted]
        if not by_id and not by_name:
            names = (
                ", ".join(f"{c.alias or '(no name)'} (id {c.device_id})" for c in device.children) or "none"
            )
            raise DeviceOffline(
                f"the hub at {self.link.where} has no device '{self.child}' (it has: {names})"
            )
        child = (by_id or by_name)[0]
        if not by_id:
            # Known by its name until now: from here on by its id, which the app keeps.
            self.child = child.device_id
            if self.on_child is not None:
                with contextlib.suppress(Exception):
                    self.on_child(child.device_id)
        if child.sys_info.get("status") == "offline":  # out of the hub's radio range
            raise DeviceOffline(
                f"'{child.alias or self.child}' is not connected to its hub at {self.link.where}"
            )
        return child

    async def refresh(self) -> None:
        async def read(target: kasa.Device) -> None:
            self._read(target)

        await self._use(read, update=True)

    def _read(self, target: kasa.Device) -> None:
        """Take the device's state as python-kasa last read it (no I/O)."""
        raise NotImplementedError

    @staticmethod
    def _last(reading: R | None) -> R:
        """The last reading, for ``reading()``; a device never reached yet has none to give."""
        if reading is None:
            raise DeviceOffline(NOT_REACHED)
        return reading

    def _learn(self, target: kasa.Device, device: kasa.Device) -> None:
        kind = target.device_type.value
        self._model = f"{target.model} {kind}" + (f" on {device.model} hub" if target is not device else "")

    async def close(self) -> None:
        if self._links is not None:
            await self._links.release(self.link)
        else:
            await self.link.close()


class KasaLight(_KasaDevice, Light):
    """A Kasa or Tapo bulb or wall dimmer. Legacy (IOT) ones fade over the transition they are
    given; newer "smart" ones ignore it, so the engine steps long fades for them."""

    _reading: LightReading | None = None

    def _learn(self, target: kasa.Device, device: kasa.Device) -> None:
        super()._learn(target, device)
        light = target.modules.get(Module.Light)
        if light is None:
            raise DeviceUnsupported(f"{self.link.where} ({target.model}) is not a light")
        feature = light.get_feature("color_temp") if light.has_feature("color_temp") else None
        self.kelvin_range = (int(feature.minimum_value), int(feature.maximum_value)) if feature else None
        self.honours_transition = isinstance(target, IotDevice)

    async def set_light(self, level: float, kelvin: int | None = None, transition_s: float = 0.0) -> None:
        level = max(0.0, min(100.0, level))
        brightness = max(1, round(level)) if level > 0 else 0

        async def op(target: kasa.Device) -> None:
            light = target.modules[Module.Light]
            ms = round(transition_s * 1000) if self.honours_transition and transition_s > 0 else None
            previous = self._reading.kelvin if self._reading else None
            if brightness == 0:
                await light.set_state(LightState(light_on=False, transition=ms))
                self._reading = LightReading(on=False, level=0.0, kelvin=previous)
                return
            color_temp = None
            if kelvin is not None and self.kelvin_range is not None:
                low, high = self.kelvin_range
                color_temp = max(low, min(high, int(kelvin)))
            state = LightState(light_on=True, brightness=brightness, color_temp=color_temp, transition=ms)
            await light.set_state(state)
            self._reading = LightReading(on=True, level=float(brightness), kelvin=color_temp or previous)

        await self._use(op)

    def _read(self, target: kasa.Device) -> None:
        state = target.modules[Module.Light].state
        previous = self._reading.kelvin if self._reading else None
        on = bool(state.light_on)
        level = float(state.brightness if state.brightness is not None else 100) if on else 0.0
        kelvin = state.color_temp if self.kelvin_range is not None and state.color_temp else previous
        self._reading = LightReading(on=on, level=level, kelvin=kelvin)

    def reading(self) -> LightReading:
        return self._last(self._reading)


class KasaSwitch(_KasaDevice, Switch):
    """A smart plug (or a power strip's outlet, as a child) with a diffuser on it."""

    _reading: SwitchReading | None = None

    async def set_on(self, on: bool) -> None:
        async def op(target: kasa.Device) -> None:
            await (target.turn_on() if on else target.turn_off())
            self._reading = SwitchReading(on=bool(on))

        await self._use(op)

    def _read(self, target: kasa.Device) -> None:
        self._reading = SwitchReading(on=bool(target.is_on))

    def reading(self) -> SwitchReading:
        return self._last(self._reading)


class KasaThermostat(_KasaDevice, Thermostat):
    """A KE100 radiator thermostat, reached through its KH100 hub (``child``: its name or id)."""

    _reading: ThermostatReading | None = None

    def _learn(self, target: kasa.Device, device: kasa.Device) -> None:
        super()._learn(target, device)
        control = target.modules.get(Module.TemperatureControl)
        if Module.Thermostat not in target.modules or control is None:
            raise DeviceUnsupported(f"{self.link.where} ({target.model}) is not a thermostat")
        low, high = control.allowed_temperature_range
        self.target_range = (float(low), float(high))

    async def set_target(self, celsius: float) -> None:
        async def op(target: kasa.Device) -> None:
            low, high = self.target_range
            value = round(max(low, min(high, float(celsius))), 1)
            await target.modules[Module.Thermostat].set_target_temperature(value)
            if self._reading is None:
                self._read(target)
            assert self._reading is not None
            self._reading = replace(self._reading, target_c=value)

        await self._use(op)

    def _read(self, target: kasa.Device) -> None:
        thermostat = target.modules[Module.Thermostat]
        self._reading = ThermostatReading(
            target_c=float(thermostat.target_temperature),
            current_c=float(thermostat.temperature),
            heating=thermostat.mode is ThermostatState.Heating,
        )

    def reading(self) -> ThermostatReading:
        return self._last(self._reading)

"""Emulated devices built from data recorded from real hardware (python-kasa's published device
fixtures, for instance): they answer with what the real firmware said, and behave like the
emulator's devices where the app changes something (a relay, a level, a target temperature).

A recording is the JSON of one device: for legacy devices ``{module: {method: answer}}``, for
newer ones ``{method: result}``, plus the ``discovery_result`` the device broadcast, which tells
how its firmware talks (XOR, KLAP or AES, and the login version). Names and ids in published
recordings are masked, so each emulated device gets its own.
"""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

from kasa_emulator.bulb import Bulb
from kasa_emulator.device import EmulatedDevice
from kasa_emulator.legacy import Handler, LegacyDevice
from kasa_emulator.server import DEFAULT_PASSWORD, DEFAULT_USERNAME, DeviceServer
from kasa_emulator.smart import Hub, Method, RadiatorThermostat, SmartDevice, SmartParamsError, b64
from kasa_emulator.switches import Dimmer, Plug
from kasa_emulator.tapo import _TapoDevice

MASKED = "#MASKED_NAME#"
_SMART_GETTERS = ("get_", "component_nego", "qs_component_nego")
_LIVE_SYSINFO = ("alias", "light_state", "relay_state", "brightness", "on_time", "led_off", "deviceId",
                 "hwId", "oemId", "mac", "mic_mac")  # fmt: skip


def load_recording(path: str | Path) -> dict[str, Any]:
    """The recording in a JSON file."""
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def discovery_of(recording: dict[str, Any]) -> dict[str, Any] | None:
    """What the device said to a discovery probe (None: recorded without it, a legacy device)."""
    found = recording.get("discovery_result")
    if not isinstance(found, dict):
        return None
    result = found.get("result", found)
    return result if isinstance(result, dict) else None


def transport_of(recording: dict[str, Any]) -> tuple[str, int | None]:
    """How the recorded firmware talks: ("XOR", None), ("KLAP", 1 or 2) or ("AES", 1 or 2)."""
    found = discovery_of(recording)
    scheme = (found or {}).get("mgt_encrypt_schm") or {}
    encryption = scheme.get("encrypt_type")
    if not encryption:
        return "XOR", None
    return str(encryption), int(scheme.get("lv") or 1)


def _name(recorded: str | None, fallback: str) -> str:
    return recorded if recorded and recorded != MASKED else fallback


def _decoded(nickname: str | None) -> str | None:
    try:
        return base64.b64decode(nickname or "").decode() or None
    except ValueError:
        return None


class _Recorded:
    """What recorded devices share: the recording, the discovery answer, the recorded answers."""

    recording: dict[str, Any]
    identity: Any
    model: str
    hw_ver: str

    def _keep(self, recording: dict[str, Any]) -> None:
        self.recording = copy.deepcopy(recording)

    def recorded_discovery(self, fallback: dict[str, Any]) -> dict[str, Any]:
        found = copy.deepcopy(discovery_of(self.recording) or {})
        found.pop("mgt_encrypt_schm", None)  # the server says how it talks
        return {**fallback, **found, "device_id": fallback["device_id"], "mac": fallback["mac"]}


# Legacy (IOT) devices.
def _legacy_overlay(
    device: LegacyDevice, live: dict[str, dict[str, Handler]]
) -> dict[str, dict[str, Handler]]:
    """The emulator's live handlers, with every other answer as the recording has it; a module
    the recording says the device lacks is left out, so it is refused as the firmware does."""
    recording: dict[str, Any] = device.recording  # type: ignore[attr-defined]
    handlers = {module: dict(methods) for module, methods in live.items()}
    for module, methods in recording.items():
        if module == "discovery_result" or not isinstance(methods, dict):
            continue
        if methods.get("err_code", 0) != 0:  # "module not support"
            handlers.pop(module, None)
            continue
        mine = handlers.setdefault(module, {})
        for method, answer in methods.items():
            if method not in mine and isinstance(answer, dict):
                mine[method] = lambda p, answer=answer: copy.deepcopy(answer)
    return handlers


class _RecordedLegacy(_Recorded):
    def _adopt(self, info: dict[str, Any]) -> None:
        self.sw_ver = info.get("sw_ver", "")
        self.hw_ver = info.get("hw_ver", "1.0")
        self.mic_type = info.get("mic_type") or info.get("type") or "IOT.SMARTPLUGSWITCH"

    def recorded_sysinfo(self, live: dict[str, Any]) -> dict[str, Any]:
        """The recorded ``get_sysinfo`` with what changes (name, relay, light, ids) as it is now."""
        info = copy.deepcopy(self.recording["system"]["get_sysinfo"])
        info.pop("err_code", None)
        for key in _LIVE_SYSINFO:
            if key in info and key in live:
                info[key] = live[key]
        return info


class RecordedBulb(_RecordedLegacy, Bulb):
    """A Kasa bulb (KL/LB) as recorded, whose light the app drives."""

    def __init__(self, recording: dict[str, Any], alias: str | None = None, **kwargs: Any) -> None:
        info = recording["system"]["get_sysinfo"]
        LegacyDevice.__init__(
            self, info["model"], alias or _name(info.get("alias"), "Ceiling light"), **kwargs
        )
        self._keep(recording)
        self._adopt(info)
        self.description = info.get("description", "Smart Wi-Fi LED Bulb")
        self.is_color = bool(info.get("is_color"))
        # python-kasa knows each model's range; any white light of these bulbs is within this.
        self.kelvin_range = (2500, 9000) if info.get("is_variable_color_temp") else None
        self.watts = 10.0
        state = info.get("light_state", {})
        colour = state if state.get("on_off") else state.get("dft_on_state", state)
        self.on = bool(state.get("on_off"))
        self.brightness = int(colour.get("brightness", 100))
        self.color_temp = int(colour.get("color_temp", 0)) if self.kelvin_range else 0
        self.hue = int(colour.get("hue", 0))
        self.saturation = int(colour.get("saturation", 0))
        self.last_transition_ms = None

    def sysinfo(self) -> dict[str, Any]:
        return self.recorded_sysinfo(Bulb.sysinfo(self))

    def modules(self) -> dict[str, dict[str, Handler]]:
        return _legacy_overlay(self, Bulb.modules(self))


class RecordedDimmer(_RecordedLegacy, Dimmer):
    """A Kasa wall dimmer (HS220, KS220) as recorded."""

    def __init__(self, recording: dict[str, Any], alias: str | None = None, **kwargs: Any) -> None:
        info = recording["system"]["get_sysinfo"]
        Dimmer.__init__(self, info["model"], alias or _name(info.get("alias"), "Wall dimmer"), **kwargs)
        self._keep(recording)
        self._adopt(info)
        self.on = bool(info.get("relay_state"))
        self.brightness = int(info.get("brightness", 100))
        recorded = recording.get("smartlife.iot.dimmer", {}).get("get_dimmer_parameters")
        if isinstance(recorded, dict):
            self.parameters = {k: v for k, v in recorded.items() if k != "err_code"}

    def sysinfo(self) -> dict[str, Any]:
        return self.recorded_sysinfo(Dimmer.sysinfo(self))

    def modules(self) -> dict[str, dict[str, Handler]]:
        return _legacy_overlay(self, Dimmer.modules(self))


class RecordedPlug(_RecordedLegacy, Plug):
    """A Kasa plug (HS1xx, KP1xx, EP10, ...) as recorded, old firmware or new."""

    def __init__(self, recording: dict[str, Any], alias: str | None = None, **kwargs: Any) -> None:
        info = recording["system"]["get_sysinfo"]
        LegacyDevice.__init__(self, info["model"], alias or _name(info.get("alias"), "Diffuser"), **kwargs)
        self._keep(recording)
        self._adopt(info)
        self.dev_name = info.get("dev_name", "Smart Wi-Fi Plug")
        self.has_emeter = "ENE" in info.get("feature", "")
        self.load_w = 12.0
        self.on = bool(info.get("relay_state"))
        self.led_off = bool(info.get("led_off"))

    def sysinfo(self) -> dict[str, Any]:
        return self.recorded_sysinfo(Plug.sysinfo(self))

    def modules(self) -> dict[str, dict[str, Handler]]:
        return _legacy_overlay(self, Plug.modules(self))


# Newer (smart protocol) devices.
class RecordedSmartDevice(_Recorded, _TapoDevice):
    """A Tapo bulb or plug, or a newer Kasa plug or dimmer, as recorded: on/off, and brightness
    and colour temperature where the device has them (changed at once, whatever fade is asked)."""

    def __init__(self, recording: dict[str, Any], alias: str | None = None, **kwargs: Any) -> None:
        info = recording["get_device_info"]
        found = discovery_of(recording) or {}
        self.TYPE = info.get("type") or found.get("device_type") or "SMART.TAPOPLUG"
        self.kind = "bulb" if "BULB" in self.TYPE else "dimmer" if "brightness" in info else "plug"
        default = {"bulb": "Tapo bulb", "dimmer": "Wall dimmer", "plug": "Tapo plug"}[self.kind]
        super().__init__(
            found.get("device_model") or info["model"],
            alias or _name(_decoded(info.get("nickname")), default),
            **kwargs,
        )
        self._keep(recording)
        self.fw_ver = info.get("fw_ver", self.fw_ver)
        self.hw_ver = info.get("hw_ver", "1.0")
        self.COMPONENTS = {c["id"]: c["ver_code"] for c in recording["component_nego"]["component_list"]}
        self.on = bool(info.get("device_on"))
        self.dims = "brightness" in info
        self.brightness = int(info.get("brightness", 100))
        low_high = info.get("color_temp_range")
        self.kelvin_range: tuple[int, int] | None = tuple(low_high) if low_high else None  # type: ignore[assignment]
        self.color_temp = int(info.get("color_temp", 0)) if self.kelvin_range else 0
        self.hue, self.saturation = int(info.get("hue", 0)), int(info.get("saturation", 0))
        self.ignored: list[dict[str, Any]] = []

    def state(self) -> dict[str, Any]:
        if not self.dims:
            return {"on": self.on}
        kelvin = self.color_temp or None if self.kelvin_range else None
        return {"on": self.on, "level": self.brightness if self.on else 0, "brightness": self.brightness,
                "kelvin": kelvin}  # fmt: skip

    def power_cut(self) -> None:
        super().power_cut()
        self.on = self.dims  # lights come back on, plugs off
        if self.dims:
            self.brightness = 100

    def discovery_result(self) -> dict[str, Any]:
        return self.recorded_discovery(super().discovery_result())

    def info(self) -> dict[str, Any]:
        info = copy.deepcopy(self.recording["get_device_info"])
        live = super().info()
        for key in ("device_id", "mac", "hw_id", "oem_id", "ip", "nickname", "device_on", "on_time"):
            info[key] = live[key]
        if self.dims:
            info["brightness"] = self.brightness
        if self.kelvin_range:
            info.update(color_temp=self.color_temp, hue=self.hue, saturation=self.saturation)
        return info

    def methods(self) -> dict[str, Method]:
        recorded = {
            name: (lambda p, answer=answer: copy.deepcopy(answer))
            for name, answer in self.recording.items()
            if name.startswith(_SMART_GETTERS)
        }
        return {**recorded, **super().methods()}

    def _set_info(self, params: dict[str, Any]) -> dict[str, Any]:
        known = {"device_on", "nickname", "brightness", "color_temp", "hue", "saturation"}
        if unknown := {k: v for k, v in params.items() if k not in known}:
            self.ignored.append(unknown)
        if "brightness" in params:
            value = params["brightness"]
            if not self.dims or not isinstance(value, int) or not 1 <= value <= 100:
                raise SmartParamsError("brightness")
            self.brightness = value
        if "color_temp" in params:
            value = params["color_temp"]
            if self.kelvin_range is None or not isinstance(value, int):
                raise SmartParamsError("color_temp")
            low, high = self.kelvin_range
            if not (value == 0 or low <= value <= high):
                raise SmartParamsError("color_temp")
            self.color_temp = value
        for key in ("hue", "saturation"):
            if key in params:
                if self.kelvin_range is None:
                    raise SmartParamsError(key)
                setattr(self, key, int(params[key]))
                self.color_temp = 0  # a colour replaces white light
        return super()._set_info(params)


class RecordedThermostat(RadiatorThermostat):
    """A KE100 radiator thermostat as its hub listed it (and, if given, as recorded on its own),
    warming its room like the emulator's thermostats."""

    def __init__(
        self,
        entry: dict[str, Any],
        recording: dict[str, Any] | None = None,
        alias: str | None = None,
        **kwargs: Any,
    ) -> None:
        name = alias or _name(_decoded(entry.get("nickname")), "Radiator")
        current = float(entry.get("current_temp", 19.5))
        super().__init__(entry.get("model", "KE100"), name, ambient_c=current, **kwargs)
        self.entry = copy.deepcopy(entry)
        self.recording = copy.deepcopy(recording or {})
        self.fw_ver = entry.get("fw_ver", self.fw_ver)
        self.hw_ver = entry.get("hw_ver", "1.0")
        self.target_c = float(entry.get("target_temp", self.target_c))
        self.min_c = int(entry.get("min_control_temp", self.min_c))
        self.max_c = int(entry.get("max_control_temp", self.max_c))
        self.frost_protection = bool(entry.get("frost_protection_on", False))
        self.battery = int(entry.get("battery_percentage", self.battery))

    def info(self) -> dict[str, Any]:
        live = super().info()
        return {
            **copy.deepcopy(self.entry),
            **{k: live[k] for k in live if k in self.entry or k == "device_id"},
        }

    def methods(self) -> dict[str, Method]:
        recorded = {
            name: (lambda p, answer=answer: copy.deepcopy(answer))
            for name, answer in self.recording.items()
            if name.startswith(_SMART_GETTERS)
        }
        return {**recorded, **super().methods()}


class RecordedHub(_Recorded, Hub):
    """A KH100 hub as recorded, with the radiator thermostats it had paired (their own recordings,
    by model, answer what the hub's list does not say). Other children, such as sensors, are left
    out: the app uses only thermostats."""

    def __init__(
        self,
        recording: dict[str, Any],
        alias: str | None = None,
        *,
        children: dict[str, dict[str, Any]] | None = None,
        child_aliases: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        info = recording["get_device_info"]
        found = discovery_of(recording) or {}
        Hub.__init__(self, found.get("device_model") or info["model"],
                     alias or _name(_decoded(info.get("nickname")), "Hub"), **kwargs)  # fmt: skip
        self._keep(recording)
        self.fw_ver = info.get("fw_ver", self.fw_ver)
        self.hw_ver = info.get("hw_ver", "1.0")
        self.COMPONENTS = {c["id"]: c["ver_code"] for c in recording["component_nego"]["component_list"]}
        listed = recording.get("get_child_device_list", {}).get("child_device_list", [])
        trvs = [entry for entry in listed if entry.get("category") == "subg.trv"]
        names = list(child_aliases or [])
        components = {
            c["device_id"]: c["component_list"]
            for c in recording.get("get_child_device_component_list", {}).get("child_component_list", [])
        }
        for i, entry in enumerate(trvs):
            own = (children or {}).get(entry.get("model", ""))
            alias_i = names[i] if i < len(names) else f"Radiator {i + 1}" if len(trvs) > 1 else "Radiator"
            child = RecordedThermostat(
                entry, own, alias_i, seed=f"{self.identity.device_id}/child {i}", clock=self.clock
            )
            if entry.get("device_id") in components:
                child.COMPONENTS = {c["id"]: c["ver_code"] for c in components[entry["device_id"]]}
            self.add_child(child)

    def discovery_result(self) -> dict[str, Any]:
        return self.recorded_discovery(super().discovery_result())

    def info(self) -> dict[str, Any]:
        info = copy.deepcopy(self.recording["get_device_info"])
        live = super().info()
        for key in ("device_id", "mac", "hw_id", "oem_id", "ip", "nickname"):
            info[key] = live[key]
        return info

    def methods(self) -> dict[str, Method]:
        recorded = {
            name: (lambda p, answer=answer: copy.deepcopy(answer))
            for name, answer in self.recording.items()
            if name.startswith(_SMART_GETTERS)
        }
        return {**recorded, **super().methods()}


def recorded_device(
    recording: dict[str, Any],
    alias: str | None = None,
    *,
    children: dict[str, dict[str, Any]] | None = None,
    child_aliases: list[str] | None = None,
    **kwargs: Any,
) -> EmulatedDevice:
    """The emulated device for a recording (``children``: recordings of a hub's children, by model)."""
    if "system" in recording:
        info = recording["system"]["get_sysinfo"]
        if (info.get("mic_type") or info.get("type")) == "IOT.SMARTBULB":
            return RecordedBulb(recording, alias, **kwargs)
        if "brightness" in info:
            return RecordedDimmer(recording, alias, **kwargs)
        return RecordedPlug(recording, alias, **kwargs)
    kind = recording["get_device_info"].get("type", "")
    if kind.endswith("HUB"):
        return RecordedHub(recording, alias, children=children, child_aliases=child_aliases, **kwargs)
    return RecordedSmartDevice(recording, alias, **kwargs)


def recorded_server(
    recording: dict[str, Any],
    alias: str | None = None,
    *,
    username: str = DEFAULT_USERNAME,
    password: str = DEFAULT_PASSWORD,
    children: dict[str, dict[str, Any]] | None = None,
    child_aliases: list[str] | None = None,
    encryption: str | None = None,
    login_version: int | None = None,
    **kwargs: Any,
) -> DeviceServer:
    """A server for the recorded device that talks the way the recorded firmware did (or as
    ``encryption`` and ``login_version`` say: the same device after a firmware update)."""
    device = recorded_device(recording, alias, children=children, child_aliases=child_aliases)
    if encryption is None:
        encryption, login_version = transport_of(recording)
    return DeviceServer(
        device,
        username=username,
        password=password,
        encryption=encryption,
        login_version=login_version,
        **kwargs,
    )


__all__ = [
    "RecordedBulb",
    "RecordedDimmer",
    "RecordedHub",
    "RecordedPlug",
    "RecordedSmartDevice",
    "RecordedThermostat",
    "SmartDevice",
    "b64",
    "discovery_of",
    "load_recording",
    "recorded_device",
    "recorded_server",
    "transport_of",
]

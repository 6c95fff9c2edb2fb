"""Emulated Tapo devices (the smart protocol over KLAP): the L530 bulb, which changes at once
whatever fade it is asked for, and the P100 plug."""

from __future__ import annotations

import base64
import time
from typing import Any, ClassVar

from kasa_emulator.smart import (
    REGION,
    Method,
    SmartDevice,
    SmartParamsError,
    b64,
    components,
)


class _TapoDevice(SmartDevice):
    """What Tapo bulbs and plugs share: a device of its own on the network, switched on and off."""

    TYPE = "SMART.TAPOPLUG"
    AVATAR = "plug"
    COMPONENTS: ClassVar[dict[str, int]] = {}

    def __init__(self, model: str, alias: str, **kwargs: Any) -> None:
        super().__init__(model, alias, **kwargs)
        self.ip = "127.0.0.1"
        self.on = False
        self.brightness = 100
        self.on_since = self.clock()

    def info(self) -> dict[str, Any]:
        ident = self.identity
        return {
            "device_id": ident.device_id,
            "fw_ver": self.fw_ver,
            "hw_ver": self.hw_ver,
            "type": self.TYPE,
            "model": self.model,
            "mac": ident.mac.replace(":", "-"),
            "hw_id": ident.hw_id,
            "fw_id": "0" * 32,
            "oem_id": ident.oem_id,
            "ip": self.ip,
            "time_diff": 0,
            "ssid": b64("studio"),
            "rssi": -50,
            "signal_level": 3,
            "latitude": 0,
            "longitude": 0,
            "lang": "en_US",
            "avatar": self.AVATAR,
            "region": REGION,
            "specs": "",
            "nickname": b64(self.alias),
            "has_set_location_info": False,
            "device_on": self.on,
            "on_time": int(self.clock() - self.on_since) if self.on else 0,
            "overheated": False,
        }

    @property
    def device_type(self) -> str:
        return self.TYPE

    def methods(self) -> dict[str, Method]:
        return {
            "component_nego": lambda p: {"component_list": components(self.COMPONENTS)},
            "get_device_info": lambda p: self.info(),
            "set_device_info": self._set_info,
            "get_device_usage": lambda p: {"time_usage": {"today": 0, "past7": 0, "past30": 0}},
            "get_device_time": lambda p: {"time_diff": 0, "timestamp": int(time.time()), "region": REGION},
            "get_connect_cloud_state": lambda p: {"status": -1},
            **self._firmware(),
        }

    def _set_info(self, params: dict[str, Any]) -> dict[str, Any]:
        if "device_on" in params:
            on = bool(params["device_on"])
            if on != self.on:
                self.on_since = self.clock()
            self.on = on
        if "nickname" in params:
            self.alias = base64.b64decode(params["nickname"]).decode()
        return {}


class TapoPlug(_TapoDevice):
    """A Tapo P100 smart plug."""

    kind = "plug"
    fw_ver = "1.2.3 Build 231017 Rel.193814"
    COMPONENTS: ClassVar[dict[str, int]] = {
        "device": 2, "firmware": 2, "quick_setup": 3, "time": 1, "cloud_connect": 1, "schedule": 2,
        "countdown": 2, "antitheft": 1, "account": 1, "default_states": 1, "device_local_time": 1,
    }  # fmt: skip

    def __init__(self, model: str = "P100", alias: str = "Tapo plug", **kwargs: Any) -> None:
        super().__init__(model, alias, **kwargs)

    def state(self) -> dict[str, Any]:
        return {"on": self.on}

    def power_cut(self) -> None:
        super().power_cut()
        self.on = False


class TapoBulb(_TapoDevice):
    """A Tapo L530 colour bulb: it changes at once, whatever fade it is asked for."""

    kind = "bulb"
    TYPE = "SMART.TAPOBULB"
    AVATAR = "bulb"
    fw_ver = "1.1.0 Build 230823 Rel.180143"
    KELVIN_RANGE = (2500, 6500)
    COMPONENTS: ClassVar[dict[str, int]] = {
        "device": 2, "firmware": 2, "quick_setup": 3, "time": 1, "cloud_connect": 1, "brightness": 1,
        "color": 1, "color_temperature": 1, "default_states": 1, "schedule": 2, "countdown": 2,
        "account": 1, "device_local_time": 1,
    }  # fmt: skip

    def __init__(self, model: str = "L530", alias: str = "Tapo bulb", **kwargs: Any) -> None:
        super().__init__(model, alias, **kwargs)
        self.on = True
        self.brightness = 100
        self.color_temp = 2700
        self.hue = 0
        self.saturation = 100
        self.ignored: list[dict[str, Any]] = []  # parameters the firmware does not know, e.g. a fade

    def state(self) -> dict[str, Any]:
        return {"on": self.on, "level": self.brightness if self.on else 0, "brightness": self.brightness,
                "kelvin": self.color_temp or None}  # fmt: skip

    def power_cut(self) -> None:
        super().power_cut()
        self.on, self.brightness = True, 100

    def info(self) -> dict[str, Any]:
        return {
            **super().info(),
            "brightness": self.brightness,
            "color_temp": self.color_temp,
            "color_temp_range": list(self.KELVIN_RANGE),
            "hue": self.hue,
            "saturation": self.saturation,
            "dynamic_light_effect_enable": False,
            "default_states": {"type": "last_states", "state": {}},
        }

    def _set_info(self, params: dict[str, Any]) -> dict[str, Any]:
        known = {"device_on", "nickname", "brightness", "color_temp", "hue", "saturation"}
        if unknown := {k: v for k, v in params.items() if k not in known}:
            self.ignored.append(unknown)
        if "brightness" in params:
            value = params["brightness"]
            if not isinstance(value, int) or not 1 <= value <= 100:
                raise SmartParamsError("brightness")
            self.brightness = value
        if "color_temp" in params:
            value = params["color_temp"]
            low, high = self.KELVIN_RANGE
            if not isinstance(value, int) or not (value == 0 or low <= value <= high):
                raise SmartParamsError("color_temp")
            self.color_temp = value
        for key in ("hue", "saturation"):
            if key in params:
                setattr(self, key, int(params[key]))
                self.color_temp = 0  # a colour replaces white light
        return super()._set_info(params)

"""Newer ("smart" protocol) devices: the KH100 hub and the KE100 radiator thermostats paired to it.

Requests are ``{"method": ..., "params": ...}`` (or a ``multipleRequest`` of several); a hub
forwards ``control_child`` requests to the child they name. The thermostat warms and cools a
room over the emulator's clock, so its current temperature moves as a real room's would.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any, ClassVar

from kasa_emulator.device import EmulatedDevice

UNKNOWN_METHOD = -1002
PARAMS_ERROR = -1008
REGION = "Europe/London"

Method = Callable[[dict[str, Any]], dict[str, Any]]


class SmartParamsError(Exception):
    """A request the firmware refuses with PARAMS_ERROR."""


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def components(spec: dict[str, int]) -> list[dict[str, Any]]:
    return [{"id": name, "ver_code": version} for name, version in spec.items()]


class SmartDevice(EmulatedDevice):
    """A device answering smart-protocol requests from a table of methods."""

    fw_ver = "1.0.0 Build 240101 Rel.000000"

    def methods(self) -> dict[str, Method]:
        raise NotImplementedError

    def handle_smart(self, request: dict[str, Any]) -> dict[str, Any]:
        """The response to one request (or to a ``multipleRequest``), as the device sends it."""
        method = request.get("method", "")
        params = request.get("params") or {}
        if method == "multipleRequest":
            responses = [
                {"method": r.get("method", ""), **self._call(r.get("method", ""), r.get("params") or {})}
                for r in params.get("requests", [])
            ]
            self.changed()
            return {"error_code": 0, "result": {"responses": responses}}
        response = self._call(method, params)
        self.changed()
        return response

    def _call(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        handler = self.methods().get(method)
        if handler is None:
            return {"error_code": UNKNOWN_METHOD}
        if not method.startswith(("get_", "component_nego")):
            self.record(method, params)
        try:
            result = handler(params)
        except SmartParamsError:
            return {"error_code": PARAMS_ERROR}
        return {"error_code": 0, "result": result}

    def _firmware(self) -> dict[str, Method]:
        return {
            "get_auto_update_info": lambda p: {"enable": True, "time": 180, "random_range": 120},
            "get_latest_fw": lambda p: {
                "type": 0,
                "fw_ver": self.fw_ver,
                "fw_size": 0,
                "release_date": "",
                "release_note": "",
                "need_to_upgrade": False,
                "oem_id": "",
                "hw_id": "",
            },
        }


class RadiatorThermostat(SmartDevice):
    """A KE100 radiator thermostat (a child of a KH100 hub) on a radiator heating its room.

    Heating, the room warms by ``heat_c_per_min``; idle, it drifts back to ``ambient_c`` with a
    time constant of ``cool_minutes``. The valve opens below the target minus 0.3 °C.
    """

    kind = "thermostat"
    device_type = "SMART.KASAENERGY"
    fw_ver = "2.8.0 Build 240202 Rel.135841"
    HYSTERESIS_C = 0.3
    COMPONENTS: ClassVar[dict[str, int]] = {
        "device": 2,
        "firmware": 2,
        "quick_setup": 3,
        "time": 1,
        "battery_detect": 1,
        "temperature": 1,
        "temp_control": 1,
        "frost_protection": 1,
        "child_protection": 1,
        "temp_calibration": 1,
        "window_open_detect": 1,
    }

    def __init__(
        self,
        model: str = "KE100",
        alias: str = "Radiator",
        *,
        ambient_c: float = 19.5,
        heat_c_per_min: float = 0.25,
        cool_minutes: float = 90.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(model, alias, **kwargs)
        self.ambient_c = ambient_c
        self.heat_c_per_min = heat_c_per_min
        self.cool_minutes = cool_minutes
        self.current_c = ambient_c
        self.target_c = 21.0
        self.min_c, self.max_c = 5, 30
        self.frost_protection = False
        self.heating = False
        self.temp_offset = 0
        self.child_protection = False
        self.battery = 88
        self.parent_id = ""
        self._updated = self.clock()

    def state(self) -> dict[str, Any]:
        self._advance()
        return {"target_c": self.target_c, "heating": self.heating, "frost_protection": self.frost_protection}

    def _advance(self) -> None:
        now = self.clock()
        while self._updated < now:
            dt = min(10.0, now - self._updated)
            wanted = not self.frost_protection
            if wanted and self.current_c < self.target_c - self.HYSTERESIS_C:
                self.heating = True
            elif not wanted or self.current_c >= self.target_c:
                self.heating = False
            if self.heating:
                self.current_c += self.heat_c_per_min * dt / 60
            else:
                self.current_c += (self.ambient_c - self.current_c) * dt / 60 / self.cool_minutes
            self._updated += dt

    def info(self) -> dict[str, Any]:
        """What the hub lists for this child (and ``get_device_info`` returns)."""
        self._advance()
        ident = self.identity
        return {
            "device_id": ident.device_id,
            "parent_device_id": self.parent_id,
            "model": self.model,
            "type": self.device_type,
            "category": "subg.trv",
            "avatar": "kasa_trv",
            "nickname": b64(self.alias),
            "fw_ver": self.fw_ver,
            "hw_ver": "1.0",
            "specs": "EU",
            "mac": ident.mac.replace(":", ""),
            "hw_id": ident.hw_id,
            "oem_id": ident.oem_id,
            "status": "online",
            "rssi": -60,
            "signal_level": 2,
            "jamming_rssi": -113,
            "jamming_signal_level": 1,
            "at_low_battery": self.battery < 15,
            "battery_percentage": self.battery,
            "region": REGION,
            "location": "",
            "current_temp": round(self.current_c, 1),
            "current_temp_exception": 0,
            "target_temp": self.target_c,
            "min_control_temp": self.min_c,
            "max_control_temp": self.max_c,
            "frost_protection_on": self.frost_protection,
            "temp_offset": self.temp_offset,
            "temp_unit": "celsius",
            "trv_states": ["heating"] if self.heating else [],
            "child_protection": self.child_protection,
            "child_protection_enabled": self.child_protection,
            "lastOnboardingTimestamp": 1_700_000_000,
            "bind_count": 1,
            "status_follow_edge": False,
        }

    def methods(self) -> dict[str, Method]:
        return {
            "get_device_info": lambda p: self.info(),
            "set_device_info": self._set_info,
            "get_child_protection": lambda p: {"child_protection": self.child_protection},
            "set_child_protection": self._set_child_protection,
            "get_frost_protection": lambda p: {"min_temp": self.min_c, "temp_unit": "celsius"},
            "get_battery_detect_info": lambda p: {"battery_percentage": self.battery},
            **self._firmware(),
        }

    def _set_info(self, params: dict[str, Any]) -> dict[str, Any]:
        self._advance()
        if "target_temp" in params:
            target = params["target_temp"]
            if not isinstance(target, int | float) or not self.min_c <= target <= self.max_c:
                raise SmartParamsError("target_temp")
            self.target_c = float(target)
        if "frost_protection_on" in params:
            self.frost_protection = bool(params["frost_protection_on"])
        if "temp_offset" in params:
            offset = params["temp_offset"]
            if not isinstance(offset, int) or not -10 <= offset <= 10:
                raise SmartParamsError("temp_offset")
            self.temp_offset = offset
        if "nickname" in params:
            self.alias = base64.b64decode(params["nickname"]).decode()
        return {}

    def _set_child_protection(self, params: dict[str, Any]) -> dict[str, Any]:
        self.child_protection = bool(params.get("enable"))
        return {}

    @property
    def current_temperature(self) -> float:
        self._advance()
        return self.current_c


class Hub(SmartDevice):
    """A KH100 hub: on the network for its sub-GHz children, which it lists and forwards to."""

    kind = "hub"
    device_type = "SMART.KASAHUB"
    fw_ver = "1.5.6 Build 240520 Rel.111725"
    COMPONENTS: ClassVar[dict[str, int]] = {
        "device": 2,
        "firmware": 2,
        "quick_setup": 3,
        "inherit": 1,
        "time": 1,
        "wireless": 1,
        "schedule": 2,
        "countdown": 2,
        "antitheft": 1,
        "account": 1,
        "synchronize": 1,
        "sunrise_sunset": 1,
        "cloud_connect": 1,
        "iot_cloud": 1,
        "device_local_time": 1,
        "default_states": 1,
        "child_device": 1,
        "control_child": 2,
    }

    def __init__(
        self,
        model: str = "KH100",
        alias: str = "Hub",
        children: list[RadiatorThermostat] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(model, alias, **kwargs)
        self.ip = "127.0.0.1"
        self.children: list[RadiatorThermostat] = []
        for child in children or []:
            self.add_child(child)

    def add_child(self, child: RadiatorThermostat) -> None:
        child.parent_id = self.identity.device_id
        self.children.append(child)

    def state(self) -> dict[str, Any]:
        return {"children": {c.alias: c.state() for c in self.children}}

    def info(self) -> dict[str, Any]:
        ident = self.identity
        return {
            "device_id": ident.device_id,
            "fw_ver": self.fw_ver,
            "hw_ver": self.hw_ver,
            "type": self.device_type,
            "model": self.model,
            "mac": ident.mac.replace(":", "-"),
            "hw_id": ident.hw_id,
            "fw_id": "0" * 32,
            "oem_id": ident.oem_id,
            "ip": self.ip,
            "time_diff": 0,
            "ssid": b64("studio"),
            "rssi": -45,
            "signal_level": 3,
            "latitude": 0,
            "longitude": 0,
            "lang": "en_US",
            "avatar": "kasa_hub",
            "region": REGION,
            "specs": "EU",
            "nickname": b64(self.alias),
            "has_set_location_info": False,
            "overheated": False,
            "in_alarm": False,
            "in_alarm_source": "",
        }

    def methods(self) -> dict[str, Method]:
        return {
            "component_nego": lambda p: {"component_list": components(self.COMPONENTS)},
            "get_device_info": lambda p: self.info(),
            "set_device_info": self._set_info,
            "get_device_usage": lambda p: {"time_usage": {"today": 0, "past7": 0, "past30": 0}},
            "get_device_time": lambda p: {"time_diff": 0, "timestamp": int(time.time()), "region": REGION},
            "get_connect_cloud_state": lambda p: {"status": -1},  # set up locally, no cloud
            "get_child_device_list": lambda p: self._page(
                "child_device_list", [c.info() for c in self.children], p
            ),
            "get_child_device_component_list": lambda p: self._page(
                "child_component_list",
                [
                    {"device_id": c.identity.device_id, "component_list": components(c.COMPONENTS)}
                    for c in self.children
                ],
                p,
            ),
            "control_child": self._control_child,
            **self._firmware(),
        }

    @staticmethod
    def _page(key: str, items: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
        # The firmware lists at most 10 children per answer; clients ask again from start_index.
        start = int(params.get("start_index", 0))
        return {key: items[start : start + 10], "start_index": start, "sum": len(items)}

    def _set_info(self, params: dict[str, Any]) -> dict[str, Any]:
        if "nickname" in params:
            self.alias = base64.b64decode(params["nickname"]).decode()
        return {}

    def _control_child(self, params: dict[str, Any]) -> dict[str, Any]:
        child_id = params.get("device_id")
        child = next((c for c in self.children if c.identity.device_id == child_id), None)
        request = params.get("requestData")
        if child is None or not isinstance(request, dict):
            raise SmartParamsError("device_id")
        return {"responseData": child.handle_smart(request)}

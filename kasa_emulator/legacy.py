"""What legacy Kasa devices (the IOT protocol) share: answering ``{module: {method: params}}``
requests as their firmware does, with its errors for what a model lacks, and the modules every
model has (time, schedule, cloud).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from kasa_emulator.device import EmulatedDevice

MODULE_NOT_SUPPORTED = {"err_code": -1, "err_msg": "module not support"}
METHOD_NOT_SUPPORTED = {"err_code": -2, "err_msg": "member not support"}
INVALID_ARGUMENT = {"err_code": -3, "err_msg": "invalid argument"}
# The firmware's timezone table: index 39 is the UK.
TIMEZONE_INDEX, TIMEZONE = 39, ZoneInfo("Europe/London")

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class InvalidArgument(Exception):
    """A request the firmware rejects with "invalid argument"."""


def int_in(params: dict[str, Any], key: str, low: int, high: int) -> int | None:
    if key not in params:
        return None
    value = params[key]
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidArgument(key)
    return value


class LegacyDevice(EmulatedDevice):
    """A device speaking the IOT protocol: requests are ``{module: {method: params}}``."""

    mic_type = "IOT.SMARTPLUGSWITCH"
    sw_ver = "1.0.0 Build 200101 Rel.000000"
    hw_ver = "1.0"

    @property
    def device_type(self) -> str:
        return self.mic_type

    def __init__(self, model: str, alias: str, **kwargs: Any) -> None:
        super().__init__(model, alias, **kwargs)
        self.queries = 0
        self.on = False
        self.on_since = self.powered_at

    # What subclasses provide.
    def sysinfo(self) -> dict[str, Any]:
        raise NotImplementedError

    def modules(self) -> dict[str, dict[str, Handler]]:
        raise NotImplementedError

    # Answering.
    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        """The response to one request, as the device would send it."""
        self.queries += 1
        handlers = self.modules()
        response: dict[str, Any] = {}
        for module, methods in request.items():
            if module == "context":  # child ids, for power strips; none here
                continue
            if module not in handlers or not isinstance(methods, dict):
                response[module] = dict(MODULE_NOT_SUPPORTED)
                continue
            answers: dict[str, Any] = {}
            for method, params in methods.items():
                handler = handlers[module].get(method)
                if handler is None:
                    answers[method] = dict(METHOD_NOT_SUPPORTED)
                    continue
                params = params if isinstance(params, dict) else {}
                if not method.startswith("get_"):
                    self.record(f"{module}.{method}", params)
                try:
                    # A handler may answer with the firmware's own error code.
                    answers[method] = {"err_code": 0, **handler(params)}
                except InvalidArgument:
                    answers[method] = dict(INVALID_ARGUMENT)
            response[module] = answers
        self.changed()
        return response

    def discovery_response(self) -> dict[str, Any]:
        """The answer to a UDP discovery probe: the same as ``get_sysinfo``."""
        return {"system": {"get_sysinfo": {**self.sysinfo(), "err_code": 0}}}

    # Modules every legacy device has; ``prefix`` is "" on plugs, "smartlife.iot.common." on bulbs.
    def _common(self, prefix: str, cloud: str) -> dict[str, dict[str, Handler]]:
        empty_rules: Handler = lambda p: {"rule_list": [], "version": 2, "enable": 0}  # noqa: E731
        no_action: Handler = lambda p: {"type": -1}  # noqa: E731
        return {
            f"{prefix}timesetting" if prefix else "time": {
                "get_time": lambda p: _local_time(),
                "get_timezone": lambda p: {"index": TIMEZONE_INDEX},
            },
            f"{prefix}schedule" if prefix else "schedule": {
                "get_rules": empty_rules,
                "get_next_action": no_action,
                "get_daystat": lambda p: {"day_list": []},
                "get_monthstat": lambda p: {"month_list": []},
            },
            cloud: {"get_info": lambda p: _cloud_info()},
        }

    def _on_time(self) -> int:
        """Seconds since the relay closed (0 when open)."""
        return int(self.clock() - self.on_since) if self.on else 0

    def _set_alias(self, params: dict[str, Any]) -> dict[str, Any]:
        alias = params.get("alias")
        if not isinstance(alias, str) or not alias:
            raise InvalidArgument("alias")
        self.alias = alias
        return {}


def _local_time() -> dict[str, int]:
    now = datetime.fromtimestamp(time.time(), TIMEZONE)
    return {
        "year": now.year,
        "month": now.month,
        "mday": now.day,
        "hour": now.hour,
        "min": now.minute,
        "sec": now.second,
    }


def _cloud_info() -> dict[str, Any]:
    # Set up locally, never bound to a cloud account.
    return {
        "username": "",
        "server": "n-devs.tplinkcloud.com",
        "binded": 0,
        "cld_connection": 0,
        "illegalType": -1,
        "stopConnect": -1,
        "tcspStatus": -1,
        "fwDlPage": "",
        "tcspInfo": "",
        "fwNotifyType": 0,
    }


# model: (description, is_color, colour temperature range or None, watts)

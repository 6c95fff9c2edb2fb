"""Legacy Kasa devices (the IOT protocol): KL bulbs, the HS220 dimmer and HS103/KP115 plugs,
answering requests as their firmware does, including the errors for what a model lacks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ambience.devices.kasa_emulator.device import EmulatedDevice

MODULE_NOT_SUPPORTED = {"err_code": -1, "err_msg": "module not support"}
METHOD_NOT_SUPPORTED = {"err_code": -2, "err_msg": "member not support"}
INVALID_ARGUMENT = {"err_code": -3, "err_msg": "invalid argument"}
# The firmware's timezone table: index 39 is the UK.
TIMEZONE_INDEX, TIMEZONE = 39, ZoneInfo("Europe/London")

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class InvalidArgument(Exception):
    """A request the firmware rejects with "invalid argument"."""


def _int_in(params: dict[str, Any], key: str, low: int, high: int) -> int | None:
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
                    answers[method] = {**handler(params), "err_code": 0}
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
BULB_MODELS: dict[str, tuple[str, bool, tuple[int, int] | None, float]] = {
    "KL130(US)": ("Smart Wi-Fi LED Bulb with Color Changing", True, (2500, 9000), 10.8),
    "KL130(EU)": ("Smart Wi-Fi LED Bulb with Color Changing", True, (2500, 9000), 10.8),
    "KL125(US)": ("Smart Wi-Fi LED Bulb with Color Changing", True, (2500, 6500), 9.0),
    "KL120(EU)": ("Smart Wi-Fi LED Bulb with Tunable White Light", False, (2700, 6500), 10.0),
    "KL110(EU)": ("Smart Wi-Fi LED Bulb with Dimmable Light", False, None, 8.5),
    "LB120(US)": ("Smart Wi-Fi LED Bulb with Tunable White Light", False, (2700, 6500), 11.0),
}
LIGHTING = "smartlife.iot.smartbulb.lightingservice"


class Bulb(LegacyDevice):
    """A KL/LB smart bulb: brightness, colour temperature and colour, fading over a transition."""

    kind = "bulb"
    mic_type = "IOT.SMARTBULB"
    sw_ver = "1.8.11 Build 191113 Rel.105336"

    def __init__(self, model: str = "KL130(US)", alias: str = "Bulb", **kwargs: Any) -> None:
        if model not in BULB_MODELS:
            raise ValueError(f"unknown bulb model {model!r} (known: {', '.join(BULB_MODELS)})")
        super().__init__(model, alias, **kwargs)
        self.description, self.is_color, self.kelvin_range, self.watts = BULB_MODELS[model]
        self.on = True
        self.brightness = 100
        self.color_temp = 2700 if self.kelvin_range else 0
        self.hue = 0
        self.saturation = 0
        self.last_transition_ms: int | None = None

    def state(self) -> dict[str, Any]:
        return {
            "on": self.on,
            "level": self.brightness if self.on else 0,
            "brightness": self.brightness,
            "kelvin": self.color_temp if self.kelvin_range and self.color_temp else None,
        }

    def power_cut(self) -> None:
        super().power_cut()
        self.on, self.brightness = True, 100

    def _colour(self) -> dict[str, Any]:
        return {
            "mode": "normal",
            "hue": self.hue,
            "saturation": self.saturation,
            "color_temp": self.color_temp,
            "brightness": self.brightness,
        }

    def light_state(self) -> dict[str, Any]:
        # Switched off, the firmware reports what it will come back to under "dft_on_state".
        if self.on:
            return {"on_off": 1, **self._colour()}
        return {"on_off": 0, "dft_on_state": self._colour()}

    def sysinfo(self) -> dict[str, Any]:
        ident = self.identity
        return {
            "sw_ver": self.sw_ver,
            "hw_ver": self.hw_ver,
            "model": self.model,
            "description": self.description,
            "alias": self.alias,
            "mic_type": self.mic_type,
            "dev_state": "normal",
            "mic_mac": ident.mac.replace(":", ""),
            "deviceId": ident.device_id,
            "oemId": ident.oem_id,
            "hwId": ident.hw_id,
            "is_factory": False,
            "disco_ver": "1.0",
            "ctrl_protocols": {"name": "Linkie", "version": "1.0"},
            "active_mode": "none",
            "is_dimmable": 1,
            "is_color": int(self.is_color),
            "is_variable_color_temp": int(self.kelvin_range is not None),
            "light_state": self.light_state(),
            "preferred_state": [
                {
                    "index": i,
                    "hue": 0,
                    "saturation": 0,
                    "color_temp": 2700 if self.kelvin_range else 0,
                    "brightness": b,
                }
                for i, b in enumerate((100, 75, 50, 25))
            ],
            "rssi": -52,
            "heapsize": 290784,
        }

    def modules(self) -> dict[str, dict[str, Handler]]:
        prefix = "smartlife.iot.common."
        return {
            "system": {"get_sysinfo": lambda p: self.sysinfo()},
            f"{prefix}system": {"set_dev_alias": self._set_alias, "reboot": lambda p: {}},
            LIGHTING: {
                "get_light_state": lambda p: self.light_state(),
                "transition_light_state": self._transition,
                "get_light_details": lambda p: {
                    "lamp_beam_angle": 150,
                    "min_voltage": 110,
                    "max_voltage": 120,
                    "wattage": round(self.watts),
                    "incandescent_equivalent": 60,
                    "max_lumens": 800,
                    "color_rendering_index": 80,
                },
                "get_default_behavior": lambda p: {
                    "soft_on": {"mode": "last_status"},
                    "hard_on": {"mode": "last_status"},
                },
            },
            f"{prefix}emeter": {
                "get_realtime": lambda p: {"power_mw": self._power_mw()},
                "get_daystat": lambda p: {"day_list": []},
                "get_monthstat": lambda p: {"month_list": []},
            },
            **self._common(prefix, f"{prefix}cloud"),
        }

    def _power_mw(self) -> int:
        return round(self.watts * 1000 * self.brightness / 100) if self.on else 0

    def _transition(self, params: dict[str, Any]) -> dict[str, Any]:
        on_off = _int_in(params, "on_off", 0, 1)
        brightness = _int_in(params, "brightness", 0, 100)
        hue = _int_in(params, "hue", 0, 360)
        saturation = _int_in(params, "saturation", 0, 100)
        transition = _int_in(params, "transition_period", 0, 2**31)
        color_temp = None
        if "color_temp" in params:
            if self.kelvin_range is None:
                raise InvalidArgument("color_temp")
            color_temp = _int_in(params, "color_temp", 0, 10_000)
            low, high = self.kelvin_range
            if color_temp and not low <= color_temp <= high:
                raise InvalidArgument("color_temp")
            if color_temp == 0 and not self.is_color:
                raise InvalidArgument("color_temp")
        if (hue is not None or saturation is not None) and not self.is_color:
            raise InvalidArgument("hue")
        if brightness is not None:
            self.brightness = brightness
        if color_temp is not None:
            self.color_temp = color_temp
        if hue is not None:
            self.hue = hue
        if saturation is not None:
            self.saturation = saturation
        if on_off is not None:
            self.on = bool(on_off)
        self.last_transition_ms = transition
        return self.light_state()


class Dimmer(LegacyDevice):
    """An HS220 wall dimmer: a relay and a brightness, with its own fade (``set_dimmer_transition``)."""

    kind = "dimmer"
    sw_ver = "1.5.7 Build 180912 Rel.104837"

    def __init__(self, model: str = "HS220(US)", alias: str = "Dimmer", **kwargs: Any) -> None:
        super().__init__(model, alias, **kwargs)
        self.on = False
        self.brightness = 100
        self.last_transition_ms: int | None = None
        self.parameters = {
            "minThreshold": 11,
            "fadeOnTime": 1000,
            "fadeOffTime": 1000,
            "gentleOnTime": 3000,
            "gentleOffTime": 10000,
            "rampRate": 30,
            "bulb_type": 1,
        }

    def state(self) -> dict[str, Any]:
        return {
            "on": self.on,
            "level": self.brightness if self.on else 0,
            "brightness": self.brightness,
            "kelvin": None,
        }

    def power_cut(self) -> None:
        super().power_cut()
        self.on, self.brightness = True, 100

    def sysinfo(self) -> dict[str, Any]:
        ident = self.identity
        return {
            "sw_ver": self.sw_ver,
            "hw_ver": self.hw_ver,
            "mic_type": self.mic_type,
            "model": self.model,
            "mac": ident.mac,
            "dev_name": "Smart Wi-Fi Dimmer",
            "alias": self.alias,
            "relay_state": int(self.on),
            "brightness": self.brightness,
            "on_time": self._on_time(),
            "active_mode": "none",
            "feature": "TIM",
            "updating": 0,
            "icon_hash": "",
            "rssi": -48,
            "led_off": 0,
            "longitude_i": 0,
            "latitude_i": 0,
            "hwId": ident.hw_id,
            "fwId": "0" * 32,
            "deviceId": ident.device_id,
            "oemId": ident.oem_id,
            "preferred_state": [{"index": i, "brightness": b} for i, b in enumerate((100, 75, 50, 25))],
            "next_action": {"type": -1},
        }

    def modules(self) -> dict[str, dict[str, Handler]]:
        return {
            "system": {
                "get_sysinfo": lambda p: self.sysinfo(),
                "set_relay_state": self._relay,
                "set_dev_alias": self._set_alias,
                "set_led_off": lambda p: {},
                "reboot": lambda p: {},
            },
            "smartlife.iot.dimmer": {
                "set_brightness": self._set_brightness,
                "set_dimmer_transition": self._dimmer_transition,
                "get_dimmer_parameters": lambda p: dict(self.parameters),
                "get_default_behavior": lambda p: {
                    "long_press": {"mode": "instant_on_off"},
                    "double_click": {"mode": "gentle_on_off"},
                    "hard_on": {"mode": "last_status"},
                    "soft_on": {"mode": "last_status"},
                },
                "set_fade_on_time": lambda p: self._parameter("fadeOnTime", p),
                "set_fade_off_time": lambda p: self._parameter("fadeOffTime", p),
                "set_gentle_on_time": lambda p: self._parameter("gentleOnTime", p),
                "set_gentle_off_time": lambda p: self._parameter("gentleOffTime", p),
            },
            "anti_theft": {
                "get_rules": lambda p: {"rule_list": [], "version": 2, "enable": 0},
                "get_next_action": lambda p: {"type": -1},
            },
            **self._common("", "cnCloud"),
        }

    def _relay(self, params: dict[str, Any]) -> dict[str, Any]:
        state = _int_in(params, "state", 0, 1)
        if state is None:
            raise InvalidArgument("state")
        if bool(state) != self.on:
            self.on_since = self.clock()
        self.on = bool(state)
        return {}

    def _set_brightness(self, params: dict[str, Any]) -> dict[str, Any]:
        brightness = _int_in(params, "brightness", 1, 100)
        if brightness is None:
            raise InvalidArgument("brightness")
        self.brightness = brightness
        return {}

    def _dimmer_transition(self, params: dict[str, Any]) -> dict[str, Any]:
        brightness = _int_in(params, "brightness", 0, 100)
        duration = _int_in(params, "duration", 1, 2**31)
        if brightness is None or duration is None:
            raise InvalidArgument("brightness")
        self.last_transition_ms = duration
        # Fading to 0 switches the relay off and keeps the brightness to come back to.
        if brightness == 0:
            self.on = False
        else:
            self.on, self.brightness = True, brightness
        return {}

    def _parameter(self, key: str, params: dict[str, Any]) -> dict[str, Any]:
        value = _int_in(params, "fadeTime", 0, 60_000)
        if value is None:
            raise InvalidArgument("fadeTime")
        self.parameters[key] = value
        return {}


# model: (dev_name, has an energy meter)
PLUG_MODELS: dict[str, tuple[str, bool]] = {
    "HS103(US)": ("Smart Wi-Fi Plug Lite", False),
    "HS100(UK)": ("Smart Wi-Fi Plug", False),
    "KP115(US)": ("Smart Wi-Fi Plug Mini", True),
    "KP105(UK)": ("Smart Wi-Fi Plug", False),
    "HS110(EU)": ("Smart Wi-Fi Plug With Energy Monitoring", True),
}


class Plug(LegacyDevice):
    """A smart plug: a relay (and on energy-monitoring models, what the load draws)."""

    kind = "plug"
    sw_ver = "1.0.2 Build 200804 Rel.095357"

    def __init__(
        self, model: str = "HS103(US)", alias: str = "Plug", *, load_w: float = 12.0, **kwargs: Any
    ) -> None:
        if model not in PLUG_MODELS:
            raise ValueError(f"unknown plug model {model!r} (known: {', '.join(PLUG_MODELS)})")
        super().__init__(model, alias, **kwargs)
        self.dev_name, self.has_emeter = PLUG_MODELS[model]
        self.load_w = load_w  # what the diffuser on it draws
        self.on = False
        self.led_off = False

    def state(self) -> dict[str, Any]:
        return {"on": self.on}

    def power_cut(self) -> None:
        super().power_cut()
        self.on = False

    def sysinfo(self) -> dict[str, Any]:
        ident = self.identity
        return {
            "sw_ver": self.sw_ver,
            "hw_ver": self.hw_ver,
            "model": self.model,
            "deviceId": ident.device_id,
            "oemId": ident.oem_id,
            "hwId": ident.hw_id,
            "rssi": -55,
            "latitude_i": 0,
            "longitude_i": 0,
            "alias": self.alias,
            "status": "new",
            "obd_src": "tplink",
            "mic_type": self.mic_type,
            "feature": "TIM:ENE" if self.has_emeter else "TIM",
            "mac": ident.mac,
            "updating": 0,
            "led_off": int(self.led_off),
            "relay_state": int(self.on),
            "on_time": self._on_time(),
            "icon_hash": "",
            "dev_name": self.dev_name,
            "active_mode": "none",
            "next_action": {"type": -1},
        }

    def modules(self) -> dict[str, dict[str, Handler]]:
        handlers: dict[str, dict[str, Handler]] = {
            "system": {
                "get_sysinfo": lambda p: self.sysinfo(),
                "set_relay_state": self._relay,
                "set_dev_alias": self._set_alias,
                "set_led_off": self._led,
                "reboot": lambda p: {},
            },
            "anti_theft": {
                "get_rules": lambda p: {"rule_list": [], "version": 2, "enable": 0},
                "get_next_action": lambda p: {"type": -1},
            },
            "count_down": {"get_rules": lambda p: {"rule_list": []}},
            **self._common("", "cnCloud"),
        }
        if self.has_emeter:
            handlers["emeter"] = {
                "get_realtime": lambda p: self._realtime(),
                "get_daystat": lambda p: {"day_list": []},
                "get_monthstat": lambda p: {"month_list": []},
            }
        return handlers

    def _realtime(self) -> dict[str, Any]:
        watts = self.load_w if self.on else 0.0
        return {
            "voltage_mv": 120_500,
            "current_ma": round(watts / 120.5 * 1000),
            "power_mw": round(watts * 1000),
            "total_wh": 0,
        }

    def _relay(self, params: dict[str, Any]) -> dict[str, Any]:
        state = _int_in(params, "state", 0, 1)
        if state is None:
            raise InvalidArgument("state")
        if bool(state) != self.on:
            self.on_since = self.clock()
        self.on = bool(state)
        return {}

    def _led(self, params: dict[str, Any]) -> dict[str, Any]:
        off = _int_in(params, "off", 0, 1)
        if off is None:
            raise InvalidArgument("off")
        self.led_off = bool(off)
        return {}

"""Emulated legacy switches: the HS220 wall dimmer (with its own fade) and HS1xx/KP1xx plugs."""

from __future__ import annotations

from typing import Any

from kasa_emulator.legacy import Handler, InvalidArgument, LegacyDevice, int_in


class _Relay(LegacyDevice):
    """What a dimmer and a plug share: a relay that remembers since when it is on."""

    on: bool
    on_since: float

    def _relay(self, params: dict[str, Any]) -> dict[str, Any]:
        state = int_in(params, "state", 0, 1)
        if state is None:
            raise InvalidArgument("state")
        if bool(state) != self.on:
            self.on_since = self.clock()
        self.on = bool(state)
        return {}


class Dimmer(_Relay):
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

    def _set_brightness(self, params: dict[str, Any]) -> dict[str, Any]:
        brightness = int_in(params, "brightness", 1, 100)
        if brightness is None:
            raise InvalidArgument("brightness")
        self.brightness = brightness
        return {}

    def _dimmer_transition(self, params: dict[str, Any]) -> dict[str, Any]:
        brightness = int_in(params, "brightness", 0, 100)
        duration = int_in(params, "duration", 1, 2**31)
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
        value = int_in(params, "fadeTime", 0, 60_000)
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


class Plug(_Relay):
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

    def _led(self, params: dict[str, Any]) -> dict[str, Any]:
        off = int_in(params, "off", 0, 1)
        if off is None:
            raise InvalidArgument("off")
        self.led_off = bool(off)
        return {}

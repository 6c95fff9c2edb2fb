"""Emulated KL/LB smart bulbs: brightness, colour temperature and colour, with their own fade,
keeping ``light_state`` complete as the firmware does."""

from __future__ import annotations

from typing import Any

from kasa_emulator.legacy import Handler, InvalidArgument, LegacyDevice, int_in

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
        on_off = int_in(params, "on_off", 0, 1)
        brightness = int_in(params, "brightness", 0, 100)
        hue = int_in(params, "hue", 0, 360)
        saturation = int_in(params, "saturation", 0, 100)
        transition = int_in(params, "transition_period", 0, 2**31)
        color_temp = None
        if "color_temp" in params:
            if self.kelvin_range is None:
                raise InvalidArgument("color_temp")
            color_temp = int_in(params, "color_temp", 0, 10_000)
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

"""An emulator of TP-Link Kasa/Tapo devices on 127.0.0.1, speaking their real local protocols.

Tests, benchmarks and people without hardware use it: ``python -m ambience.devices.kasa_emulator
bulb dimmer plug thermostat`` starts a small studio and prints where each device listens.
"""

from ambience.devices.kasa_emulator import xor
from ambience.devices.kasa_emulator.device import EmulatedDevice
from ambience.devices.kasa_emulator.legacy import BULB_MODELS, PLUG_MODELS, Bulb, Dimmer, LegacyDevice, Plug
from ambience.devices.kasa_emulator.server import (
    DEFAULT_PASSWORD,
    DEFAULT_USERNAME,
    LOOPBACK,
    DeviceServer,
)
from ambience.devices.kasa_emulator.smart import Hub, RadiatorThermostat, SmartDevice, TapoBulb, TapoPlug
from ambience.devices.kasa_emulator.studio import DeviceSpec, EmulatedStudio

__all__ = [
    "BULB_MODELS",
    "DEFAULT_PASSWORD",
    "DEFAULT_USERNAME",
    "LOOPBACK",
    "PLUG_MODELS",
    "Bulb",
    "DeviceServer",
    "DeviceSpec",
    "Dimmer",
    "EmulatedDevice",
    "EmulatedStudio",
    "Hub",
    "LegacyDevice",
    "Plug",
    "RadiatorThermostat",
    "SmartDevice",
    "TapoBulb",
    "TapoPlug",
    "xor",
]

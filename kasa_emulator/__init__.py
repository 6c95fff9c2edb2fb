"""An emulator of TP-Link Kasa/Tapo devices on loopback addresses, speaking their real local protocols.

Tests, benchmarks and people without hardware use it: ``python -m kasa_emulator
bulb dimmer plug thermostat`` starts a small studio and prints where each device listens.
"""

from kasa_emulator import xor
from kasa_emulator.bulb import BULB_MODELS, Bulb
from kasa_emulator.device import EmulatedDevice
from kasa_emulator.legacy import LegacyDevice
from kasa_emulator.recorded import load_recording, recorded_device, recorded_server
from kasa_emulator.server import (
    DEFAULT_PASSWORD,
    DEFAULT_USERNAME,
    LOOPBACK,
    DeviceServer,
)
from kasa_emulator.smart import Hub, RadiatorThermostat, SmartDevice
from kasa_emulator.studio import DeviceSpec, EmulatedStudio
from kasa_emulator.switches import PLUG_MODELS, Dimmer, Plug
from kasa_emulator.tapo import TapoBulb, TapoPlug

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
    "load_recording",
    "recorded_device",
    "recorded_server",
    "xor",
]

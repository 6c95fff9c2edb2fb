"""What a device does in a treatment room: light, diffuser, thermostat or music."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A device's job in a room; the rooms config names it and the engine drives it by it."""

    LIGHT = "light"
    DIFFUSER = "diffuser"
    THERMOSTAT = "thermostat"
    MUSIC = "music"

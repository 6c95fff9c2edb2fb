"""A room as observers see it at one moment: the desired state and each device's health and reading."""

from __future__ import annotations

from dataclasses import dataclass

from ambience.config.roles import Role
from ambience.devices.capabilities import Device, Light, MusicPlayer, Switch, Thermostat
from ambience.devices.errors import DeviceProblem
from ambience.devices.readings import Reading
from ambience.session.roomstate import RoomState


@dataclass(frozen=True)
class DeviceStatus:
    """One device as the panel shows it: what it is, whether it answers, what it reports."""

    id: str
    name: str
    role: Role
    model: str
    available: bool | None  # None until the first command or poll
    problem: DeviceProblem | None
    reading: Reading | None
    down_since: float | None = None  # when it stopped answering (studio time), while it does not


@dataclass(frozen=True)
class RoomSnapshot:
    room_id: str
    room_name: str
    preset_name: str | None
    state: RoomState
    devices: tuple[DeviceStatus, ...]
    client: str | None = None  # who the session is for, if anyone said
    blend: str | None = None  # the essential-oil blend the session's diffuser holds, if named


def role_of(device: Device) -> Role:
    """The job a device does in its room, from the capability it has."""
    for capability, role in (
        (Light, Role.LIGHT),
        (Switch, Role.DIFFUSER),
        (Thermostat, Role.THERMOSTAT),
        (MusicPlayer, Role.MUSIC),
    ):
        if isinstance(device, capability):
            return role
    raise TypeError(f"{type(device).__name__} has no capability the engine drives")


def reading_of(device: Device) -> Reading | None:
    """What the device last reported (no I/O); None when it has nothing to tell yet."""
    try:
        if isinstance(device, Light | Switch | Thermostat):
            return device.reading()
        if isinstance(device, MusicPlayer):
            return device.now_playing()
    except Exception:  # a reading is best effort; a broken one shows as unknown
        return None
    return None

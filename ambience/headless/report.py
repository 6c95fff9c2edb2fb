"""Plain descriptions of a room's state and devices, for the headless runner's table and JSON lines."""

from __future__ import annotations

from typing import Any

from ambience.config.roles import Role
from ambience.engine.readings import LightReading, NowPlaying, SwitchReading, ThermostatReading
from ambience.engine.snapshot import DeviceStatus, RoomSnapshot
from ambience.session.roomstate import RoomState


def device_fields(device: DeviceStatus, state: RoomState) -> dict[str, Any]:
    """What the device is being asked to do and what it reports, as plain values."""
    out: dict[str, Any] = {"role": str(device.role), "available": device.available}
    if device.problem:
        out["problem"] = str(device.problem)
    reading = device.reading
    if device.role is Role.LIGHT:
        if state.light is not None:
            out["level"] = round(state.light.level)
            # A light without white tuning (a dimmer) reports no colour temperature: show none.
            tunable = not isinstance(reading, LightReading) or reading.kelvin is not None
            out["kelvin"] = state.light.kelvin if tunable else None
        if isinstance(reading, LightReading):
            out["reported_level"] = round(reading.level, 1)
    elif device.role is Role.DIFFUSER:
        if state.diffuser is not None:
            out["on"] = state.diffuser.on
        if isinstance(reading, SwitchReading):
            out["reported_on"] = reading.on
    elif device.role is Role.THERMOSTAT:
        if state.climate is not None:
            out["target_c"] = state.climate.target_c
        if isinstance(reading, ThermostatReading):
            out["current_c"] = round(reading.current_c, 1)
            out["heating"] = reading.heating
    elif device.role is Role.MUSIC:
        if state.music is not None:
            out["playing"] = state.music.playing
            out["volume"] = round(state.music.volume)
        if isinstance(reading, NowPlaying) and reading.title:
            out["track"] = reading.title
    return out


def snapshot_record(snapshot: RoomSnapshot, started_at: float) -> dict[str, Any]:
    """One JSON line of the headless runner."""
    state = snapshot.state
    return {
        "t": round(state.at - started_at, 3),
        "room": snapshot.room_id,
        "status": str(state.status),
        "phase": state.phase,
        "remaining_s": round(state.remaining_s, 1),
        "devices": {d.id: device_fields(d, state) for d in snapshot.devices},
    }


def device_cell(device: DeviceStatus, state: RoomState) -> str:
    """A short cell for the table: '40% 2700K', 'on', '24.0°C (21.3, heating)', '♪ 30%'."""
    f = device_fields(device, state)
    if device.available is False:
        # OFFLINE (not reachable); likewise TIMEOUT, AUTH, UNSUPPORTED.
        if device.problem is None:
            return "UNAVAILABLE"
        kind, reason = device.problem.kind.upper(), device.problem.reason
        return f"{kind} ({reason})" if reason else kind
    if device.role is Role.LIGHT and "level" in f:
        return f"{f['level']}%" + (f" {f['kelvin']}K" if f.get("kelvin") else "")
    if device.role is Role.DIFFUSER and "on" in f:
        return "on" if f["on"] else "off"
    if device.role is Role.THERMOSTAT and "target_c" in f:
        now = f" ({f['current_c']:.1f}{', heating' if f.get('heating') else ''})" if "current_c" in f else ""
        return f"{f['target_c']:.1f}°C{now}"
    if device.role is Role.MUSIC and "volume" in f:
        return (f"play {f['volume']}%" if f["playing"] else "silent") + (
            f" {f['track'][:18]}" if f.get("track") and f["playing"] else ""
        )
    return "-"


def clock_text(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"

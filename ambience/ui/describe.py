"""Plain words for the panel: preset summaries, countdowns, times and each device's line (no Qt)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from ambience.config.library import LoadedPreset
from ambience.config.roles import Role
from ambience.engine.readings import LightReading, NowPlaying, ProblemKind, SwitchReading, ThermostatReading
from ambience.engine.snapshot import DeviceStatus
from ambience.session.roomstate import RoomState, Status
from ambience.session.safety import MAX_DIFFUSER_ON_S


def preset_summary(loaded: LoadedPreset) -> str:
    """One line: ``20 % · 2700 K · 24 °C · diffuser 30/30 · 7 tracks``."""
    p = loaded.preset
    parts = [f"{p.lighting.level:g} %"]
    if p.lighting.kelvin is not None:
        parts.append(f"{p.lighting.kelvin} K")
    parts.append(f"{p.climate.target_c:g} °C")
    if p.diffuser.enabled:
        parts.append(f"diffuser {p.diffuser.on_minutes:g}/{p.diffuser.off_minutes:g}")
    else:
        parts.append("no diffuser")
    count = len(loaded.tracks)
    if not p.music.enabled or count == 0:
        parts.append("no music")
    else:
        parts.append(f"{count} track" + ("" if count == 1 else "s"))
    return " · ".join(parts)


def length_text(minutes: float) -> str:
    """``60 min``; ``1 h 30`` for longer sessions is harder to compare at a glance, so minutes only."""
    return f"{minutes:g} min"


def countdown(seconds: float) -> str:
    """Time left as ``MM:SS`` (``H:MM:SS`` from an hour), rounded up so 00:00 means done."""
    total = max(0, math.ceil(seconds - 1e-6))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def time_of_day(t: float) -> str:
    """A studio time as the local ``HH:MM``."""
    return datetime.fromtimestamp(t).strftime("%H:%M")


def in_text(seconds: float) -> str:
    """``in 45 s``, ``in 12 min``, ``in 1 h 05``."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"in {math.ceil(seconds)} s"
    minutes = math.ceil(seconds / 60 - 1e-9)
    if minutes < 60:
        return f"in {minutes} min"
    return f"in {minutes // 60} h {minutes % 60:02d}"


STATUS_WORDS = {
    Status.IDLE: "Ready",
    Status.PREHEAT: "Preheating",
    Status.RUNNING: "Running",
    Status.PAUSED: "Paused",
    Status.ENDED: "Ended",
}


def next_phase_text(state: RoomState) -> str:
    """``Next: Wake-up at 14:55 (in 50 min)``, or what happens at the end."""
    if state.status is Status.PREHEAT and state.next_phase_at is not None:
        return f"Starts at {time_of_day(state.next_phase_at)} ({in_text(state.next_phase_at - state.at)})"
    if state.next_phase is None:
        if state.status is Status.RUNNING and state.ends_at is not None:
            return f"Last phase · ends at {time_of_day(state.ends_at)}"
        return "Last phase" if state.status is Status.PAUSED else ""
    if state.next_phase_at is None:  # paused: the start time is not known until it runs again
        return f"Next: {state.next_phase} (paused)"
    return (
        f"Next: {state.next_phase} at {time_of_day(state.next_phase_at)} "
        f"({in_text(state.next_phase_at - state.at)})"
    )


# What a failing device's mark says, from the kind of trouble.
MARKS = {
    ProblemKind.OFFLINE: "Not answering",
    ProblemKind.TIMEOUT: "Slow to answer",
    ProblemKind.AUTH: "Needs the account",
    ProblemKind.UNSUPPORTED: "Wrong role",
    ProblemKind.ERROR: "Problem",
}

# What to do about it, in a therapist's words ({name} is the device's).
ADVICE = {
    ProblemKind.OFFLINE: "{name} is not answering — is it switched on at the wall?",
    ProblemKind.TIMEOUT: "{name} is slow to answer — the Wi-Fi may be weak where it stands.",
    ProblemKind.AUTH: "{name} does not accept the studio's TP-Link account — "
    "the owner can enter it again on the Devices page.",
    ProblemKind.UNSUPPORTED: "{name} cannot do what its role in this room asks — "
    "the owner can give it another role on the Devices page.",
    ProblemKind.ERROR: "{name} reported a problem.",
}
CARRIES_ON = "The session carries on and keeps trying it."


def health_mark(status: DeviceStatus) -> str | None:
    """A short mark for a device that does not answer, or None when it is fine (or not yet known)."""
    if status.available is not False:
        return None
    return MARKS[_kind(status)]


def health_reason(status: DeviceStatus) -> str:
    """What is wrong and what to do, in plain words (empty when the device answers)."""
    if status.available is not False:
        return ""
    return ADVICE[_kind(status)].format(name=status.name)


def health_detail(status: DeviceStatus) -> str:
    """The technical reason, for whoever looks after the devices (one tap away on the panel)."""
    if status.available is not False:
        return ""
    return str(status.problem) if status.problem else "no reason given"


def _kind(status: DeviceStatus) -> ProblemKind:
    return status.problem.kind if status.problem else ProblemKind.ERROR


def down_text(status: DeviceStatus) -> str:
    """``Not answering since 14:02 · last known 25 % · 2700 K`` for a device that does not answer."""
    since = f" since {time_of_day(status.down_since)}" if status.down_since is not None else ""
    reading = status.reading
    known = f" · last known {reading.summary()}" if reading is not None else ""
    return f"{MARKS[_kind(status)]}{since}{known}"


@dataclass(frozen=True)
class DeviceLine:
    """What a device row shows: the main text and an optional short tag (``heating``, ``lights up``)."""

    text: str
    tag: str = ""


def device_line(status: DeviceStatus, state: RoomState) -> DeviceLine:
    """The live state of one device, from what it reports, with the timeline's wish as a fallback.

    A device that does not answer shows since when and what it last reported, never as if live.
    """
    if status.available is False:
        return DeviceLine(down_text(status))
    reading = status.reading
    if status.role is Role.LIGHT:
        return _light_line(reading, state)
    if status.role is Role.THERMOSTAT:
        return _thermostat_line(reading, state)
    if status.role is Role.DIFFUSER:
        return _diffuser_line(reading, state)
    if status.role is Role.MUSIC:
        return _music_line(reading, state)
    return DeviceLine("—")


def _light_line(reading: object, state: RoomState) -> DeviceLine:
    wanted = state.light
    tag = "lights up" if state.lights_up else ""
    if isinstance(reading, LightReading):
        if not reading.on:
            return DeviceLine("Off", tag)
        text = f"{reading.level:.0f} %"
        if wanted is not None and abs(wanted.level - reading.level) >= 1:
            text += f" → {wanted.level:.0f} %"
        if reading.kelvin is not None:
            text += f" · {reading.kelvin} K"
        return DeviceLine(text, tag)
    if wanted is not None:
        kelvin = f" · {wanted.kelvin} K" if wanted.kelvin else ""
        return DeviceLine(f"{wanted.level:.0f} %{kelvin}", tag)
    return DeviceLine("—", tag)


def _thermostat_line(reading: object, state: RoomState) -> DeviceLine:
    if isinstance(reading, ThermostatReading):
        return DeviceLine(
            f"{reading.current_c:.1f} °C → {reading.target_c:.1f} °C", "heating" if reading.heating else ""
        )
    if state.climate is not None:
        return DeviceLine(f"→ {state.climate.target_c:.1f} °C")
    return DeviceLine("—")


def _diffuser_line(reading: object, state: RoomState) -> DeviceLine:
    on = reading.on if isinstance(reading, SwitchReading) else bool(state.diffuser and state.diffuser.on)
    text = "On" if on else "Off"
    if state.safety_notes and state.diffuser is not None and not state.diffuser.on:
        # The engine's cap holds it off whatever the timeline says: say so, not the timeline's times.
        return DeviceLine(f"Resting: {MAX_DIFFUSER_ON_S / 60:g} min on", "safety cap")
    if state.diffuser_changes_at is not None and state.status is Status.RUNNING:
        text += f" · {'off' if on else 'on'} at {time_of_day(state.diffuser_changes_at)}"
    return DeviceLine(text)


def _music_line(reading: object, state: RoomState) -> DeviceLine:
    trim = f" ({state.volume_trim:+.0f})" if state.volume_trim and state.active else ""
    if isinstance(reading, NowPlaying):
        volume = f"{reading.volume:.0f} %{trim}"
        title = reading.title or "—"
        if reading.artist:
            title = f"{title} — {reading.artist}"
        if reading.playing:
            return DeviceLine(f"♪ {title} · {volume}")
        if reading.paused:
            return DeviceLine(f"Paused · {title} · {volume}")
        return DeviceLine("Silent")
    if state.music is not None and state.music.playing:
        return DeviceLine(f"♪ {state.music.volume:.0f} %{trim}")
    return DeviceLine("Silent")

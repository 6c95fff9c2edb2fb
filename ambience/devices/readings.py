"""What devices report, and the few words that say it: a light's level, a plug's state, a
thermostat's temperatures, what is playing.

The one formatter of readings: the panel, the Devices page and the terminal all show these words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LightReading:
    on: bool
    level: float
    kelvin: int | None

    def summary(self) -> str:
        """``Off``, ``40 %`` or ``40 % · 2700 K``."""
        if not self.on:
            return "Off"
        return f"{self.level:.0f} %" + (f" · {self.kelvin} K" if self.kelvin is not None else "")


@dataclass(frozen=True)
class SwitchReading:
    on: bool

    def summary(self) -> str:
        return "On" if self.on else "Off"


@dataclass(frozen=True)
class ThermostatReading:
    target_c: float
    current_c: float
    heating: bool

    def summary(self) -> str:
        """``21.3 °C → 24.0 °C``, and ``· heating`` while it heats."""
        text = f"{self.current_c:.1f} °C → {self.target_c:.1f} °C"
        return text + (" · heating" if self.heating else "")


@dataclass(frozen=True)
class NowPlaying:
    playing: bool
    paused: bool
    volume: float
    title: str = ""
    artist: str = ""
    elapsed_s: float = 0.0
    total_s: float = 0.0
    track_index: int = -1
    track_count: int = 0

    @property
    def credit(self) -> str:
        """``Title — Artist``, or ``—`` when the track has no title."""
        title = self.title or "—"
        return f"{title} — {self.artist}" if self.artist else title

    def summary(self) -> str:
        """``♪ Soft rain · 30 %``, ``Paused · Soft rain · 30 %`` or ``Silent``."""
        if self.playing:
            return f"♪ {self.credit} · {self.volume:.0f} %"
        if self.paused:
            return f"Paused · {self.credit} · {self.volume:.0f} %"
        return "Silent"


Reading = LightReading | SwitchReading | ThermostatReading | NowPlaying

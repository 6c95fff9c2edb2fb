"""A session's plan: a preset turned into phases with absolute durations and the files they play.

Pure: playlist entries are turned into files by a function the caller gives (the library reads the
disk for it before the plan is built).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ambience.session import safety
from ambience.session.preset import DEFAULT_VOLUME_CAP, Preset


@dataclass(frozen=True)
class PlannedPhase:
    """One phase with everything the timeline needs, music files already resolved."""

    name: str
    seconds: float
    level: float
    kelvin: int | None
    fade_s: float
    music_on: bool
    tracks: tuple[str, ...]
    volume: float
    target_c: float
    diffuser_on: bool
    diffuser_on_s: float
    diffuser_off_s: float


@dataclass(frozen=True)
class SessionPlan:
    """A preset turned into phases with absolute durations and resolved playlists."""

    preset_name: str
    phases: tuple[PlannedPhase, ...]
    turnover_level: float
    fade_in_s: float
    fade_out_s: float
    shuffle: bool
    loop: bool
    preheat_s: float
    volume_cap: float = DEFAULT_VOLUME_CAP
    # Where the plan came from, so a running session can be written down and rebuilt after a
    # restart exactly as it started (a later edit of the preset file never changes it).
    preset: Preset | None = field(default=None, compare=False, repr=False)
    root: Path | None = field(default=None, compare=False, repr=False)

    @property
    def total_s(self) -> float:
        return sum(p.seconds for p in self.phases)

    def diffuser_cycles(self) -> list[safety.Cycle]:
        return [
            safety.Cycle(p.name, p.diffuser_on, p.diffuser_on_s, p.diffuser_off_s, p.seconds)
            for p in self.phases
        ]

    @cached_property
    def diffuser_run_from_start_s(self) -> float:
        """The longest the diffuser can run from the start, whatever the therapist does (seconds)."""
        return safety.diffuser_run_from_start(self.diffuser_cycles())

    @classmethod
    def from_preset(
        cls,
        preset: Preset,
        root: Path | None = None,
        *,
        volume_cap: float = DEFAULT_VOLUME_CAP,
        tracks: Callable[[tuple[str, ...]], Sequence[str]] | None = None,
    ) -> SessionPlan:
        """Build a plan. ``tracks`` turns a playlist's entries into the files to play (the library
        resolves them against its folder ``root``, read once, before the plan is built); without
        it, entries are taken as file names."""
        cache: dict[tuple[str, ...], tuple[str, ...]] = {}

        def tracks_of(entries: tuple[str, ...]) -> tuple[str, ...]:
            if entries not in cache:
                cache[entries] = tuple(tracks(entries)) if tracks is not None else entries
            return cache[entries]

        phases = tuple(
            PlannedPhase(
                name=p.name,
                seconds=p.seconds,
                level=p.lighting.level,
                kelvin=p.lighting.kelvin,
                fade_s=p.lighting.fade_seconds,
                music_on=p.music.enabled,
                tracks=tracks_of(p.music.playlist),
                volume=min(p.music.volume, volume_cap),
                target_c=p.climate.target_c,
                diffuser_on=p.diffuser.enabled,
                diffuser_on_s=p.diffuser.on_minutes * 60.0,
                diffuser_off_s=p.diffuser.off_minutes * 60.0,
            )
            for p in preset.resolved_phases()
        )
        return cls(
            preset_name=preset.name,
            phases=phases,
            turnover_level=preset.lighting.turnover_level,
            fade_in_s=preset.music.fade_in_seconds,
            fade_out_s=preset.music.fade_out_seconds,
            shuffle=preset.music.shuffle,
            loop=preset.music.loop,
            preheat_s=preset.climate.preheat_minutes * 60.0,
            volume_cap=volume_cap,
            preset=preset,
            root=root,
        )

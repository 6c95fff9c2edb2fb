"""The preset model: what a session does to the room, validated and immutable.

A preset has four parts (lighting, music, climate, diffuser) and ordered phases, each of
which may override any part. Safety bounds live here, not in the UI.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ambience.session import safety

SCHEMA_VERSION: Final = 1
DEFAULT_VOLUME_CAP = 80.0
MIN_TEMPERATURE_C = safety.MIN_TEMPERATURE_C
MAX_TEMPERATURE_C = safety.MAX_TEMPERATURE_C
MAX_DIFFUSER_ON_MINUTES = safety.MAX_DIFFUSER_ON_S / 60
MIN_TURNOVER_LEVEL = safety.MIN_END_LEVEL
MIN_KELVIN = 1500
MAX_KELVIN = 6500
# Sizes a preset may have (the file itself is limited too: see ambience.config.reading).
MAX_NAME_CHARS: Final = 60
MAX_PHASE_NAME_CHARS: Final = 40
MAX_DESCRIPTION_CHARS: Final = 2000
MAX_PHASES: Final = 24
MAX_PLAYLIST_ENTRIES: Final = 100
MAX_ENTRY_CHARS: Final = 255


def _between(lo: float, hi: float, unit: str = "") -> Callable[[Any], Any]:
    """A validator refusing values outside [lo, hi] with a message a studio owner can read."""

    def check(value: Any) -> Any:
        if value is not None and not lo <= value <= hi:
            raise ValueError(f"must be between {_fmt(lo)} and {_fmt(hi)}{unit}, got {_fmt(value)}")
        return value

    return check


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int) and value.bit_length() > 64:
        return "a number too large"
    return str(value)


def plain_text(*, multiline: bool = False) -> Callable[[str], str]:
    """A validator for text a person wrote: not blank, and no control characters (such as NUL)."""

    def check(value: str) -> str:
        for c in value:
            if multiline and c in "\n\t":
                continue
            if unicodedata.category(c) in ("Cc", "Cs"):
                raise ValueError(f"must not contain control characters, found {c!r}")
        if not multiline and not value.strip():
            raise ValueError("must not be blank")
        return value

    return check


# Numbers are strict so that "40" (a string) is refused rather than quietly converted.
Number = Annotated[float, Strict()]
Percent = Annotated[Number, AfterValidator(_between(0, 100))]
Kelvin = Annotated[int, Strict(), AfterValidator(_between(MIN_KELVIN, MAX_KELVIN))]
Seconds = Annotated[Number, AfterValidator(_between(0, 3600))]
Celsius = Annotated[Number, AfterValidator(_between(MIN_TEMPERATURE_C, MAX_TEMPERATURE_C))]
DiffuserOn = Annotated[Number, AfterValidator(_between(1, MAX_DIFFUSER_ON_MINUTES))]
DiffuserOff = Annotated[Number, AfterValidator(_between(1, 240))]
Flag = Annotated[bool, Strict()]
PresetName = Annotated[
    str, Strict(), Field(min_length=1, max_length=MAX_NAME_CHARS), AfterValidator(plain_text())
]
PhaseName = Annotated[
    str, Strict(), Field(min_length=1, max_length=MAX_PHASE_NAME_CHARS), AfterValidator(plain_text())
]
Description = Annotated[
    str, Strict(), Field(max_length=MAX_DESCRIPTION_CHARS), AfterValidator(plain_text(multiline=True))
]
# A file or folder of music: where it may lead is the library's business (ambience.config.music).
PlaylistEntry = Annotated[
    str, Strict(), Field(min_length=1, max_length=MAX_ENTRY_CHARS), AfterValidator(plain_text())
]
Playlist = Annotated[tuple[PlaylistEntry, ...], Field(max_length=MAX_PLAYLIST_ENTRIES)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_volume_cap(value: float | None, info: ValidationInfo) -> float | None:
    cap = (info.context or {}).get("volume_cap", DEFAULT_VOLUME_CAP)
    if value is not None and value > cap:
        raise ValueError(f"must not exceed the studio volume cap of {_fmt(cap)} %, got {_fmt(value)}")
    return value


class Lighting(_Model):
    """Light level and colour temperature, and how long changes take."""

    level: Percent
    kelvin: Kelvin | None = None
    fade_seconds: Seconds = 30.0
    # Where the lights go when the session ends: never dark, so the room is safe to leave.
    turnover_level: Annotated[Number, AfterValidator(_between(MIN_TURNOVER_LEVEL, 100))] = 70.0


class LightingOverride(_Model):
    level: Percent | None = None
    kelvin: Kelvin | None = None
    fade_seconds: Seconds | None = None


class Music(_Model):
    """A playlist (files or folders relative to the preset library) and how loud it plays."""

    playlist: Playlist = ()
    volume: Percent = 30.0
    shuffle: Flag = False
    loop: Flag = True
    fade_in_seconds: Seconds = 20.0
    fade_out_seconds: Seconds = 120.0
    enabled: Flag = True

    _cap = field_validator("volume")(_check_volume_cap)


class MusicOverride(_Model):
    playlist: Playlist | None = None
    volume: Percent | None = None
    enabled: Flag | None = None

    _cap = field_validator("volume")(_check_volume_cap)


class Climate(_Model):
    """Room temperature and how early heating starts before a booked session."""

    target_c: Celsius = 24.0
    preheat_minutes: Annotated[Number, AfterValidator(_between(0, 180))] = 30.0


class ClimateOverride(_Model):
    target_c: Celsius | None = None


class Diffuser(_Model):
    """An essential-oil diffuser on a plug, run intermittently from the start of the session."""

    enabled: Flag = False
    # The essential-oil blend the diffuser holds for this preset ("lavender & bergamot"): shown on
    # the tile and in the running view, so the therapist fills the right one.
    blend: Annotated[str, Strict(), Field(max_length=60)] = ""
    on_minutes: DiffuserOn = 30.0
    off_minutes: DiffuserOff = 30.0


class DiffuserOverride(_Model):
    enabled: Flag | None = None
    on_minutes: DiffuserOn | None = None
    off_minutes: DiffuserOff | None = None


class Phase(_Model):
    """A named stretch of the session with its own overrides of the preset's parts."""

    name: PhaseName
    minutes: Annotated[Number, AfterValidator(_between(1, 480))]
    lighting: LightingOverride = LightingOverride()
    music: MusicOverride = MusicOverride()
    climate: ClimateOverride = ClimateOverride()
    diffuser: DiffuserOverride = DiffuserOverride()


class Preset(_Model):
    """A whole session's ambience. Phases run in order; the last absorbs any remaining minutes."""

    schema_: Literal[1] = Field(SCHEMA_VERSION, alias="schema")
    name: PresetName
    description: Description = ""
    color: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = "#b07a4f"
    minutes: Annotated[Number, AfterValidator(_between(5, 480))]
    lighting: Lighting
    music: Music = Music()
    climate: Climate = Climate()
    diffuser: Diffuser = Diffuser()
    phases: Annotated[tuple[Phase, ...], Field(max_length=MAX_PHASES)] = ()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _phases_fit(self) -> Preset:
        total = sum(p.minutes for p in self.phases)
        if total > self.minutes + 1e-9:
            raise ValueError(
                f"phases: add up to {_fmt(total)} minutes, more than the session's {_fmt(self.minutes)}"
            )
        return self

    @model_validator(mode="after")
    def _diffuser_rests(self) -> Preset:
        """The diffuser never runs longer than the cap at a stretch, across phases, whatever the
        therapist does (next phase, +5 min, pause, stop): see ambience.session.safety."""
        phases = self.resolved_phases()
        unique = len({p.name for p in phases}) == len(phases)
        cycles = [
            safety.Cycle(
                p.name if unique else f"{p.name} (phase {i + 1})",
                p.diffuser.enabled,
                p.diffuser.on_minutes * 60,
                p.diffuser.off_minutes * 60,
                p.seconds,
            )
            for i, p in enumerate(phases)
        ]
        cap = safety.MAX_DIFFUSER_ON_S + 1e-6
        planned = safety.planned_diffuser_stretch(cycles)
        if planned is not None and planned.seconds > cap:
            span = f"{_minutes(planned.start_s)}–{_minutes(planned.end_s)}"
            raise ValueError(
                f"diffuser: stays on {_minutes(planned.seconds)} minutes at a stretch (minutes {span},"
                f" {_names(planned.phases)}), more than the {_fmt(MAX_DIFFUSER_ON_MINUTES)}-minute cap;"
                " give the phases the same on/off cycle, or shorter on-times"
            )
        worst = safety.longest_diffuser_stretch(cycles)
        if worst is not None and worst.seconds > cap:
            raise ValueError(
                f"diffuser: could stay on {_minutes(worst.seconds)} minutes at a stretch if the therapist"
                f" moves on (next phase, +5 min) at the wrong moment between {_names(worst.phases)}, more"
                f" than the {_fmt(MAX_DIFFUSER_ON_MINUTES)}-minute cap; give the phases the same on/off"
                " cycle, or shorter on-times"
            )
        return self

    @property
    def seconds(self) -> float:
        return self.minutes * 60.0

    def resolved_phases(self) -> tuple[ResolvedPhase, ...]:
        """The phases with every part filled in; the last one stretched to the session's end."""
        phases = self.phases or (Phase(name="Session", minutes=self.minutes),)
        resolved = []
        used = 0.0
        for index, phase in enumerate(phases):
            last = index == len(phases) - 1
            minutes = self.minutes - used if last else phase.minutes
            used += phase.minutes
            resolved.append(
                ResolvedPhase(
                    name=phase.name,
                    seconds=minutes * 60.0,
                    lighting=_merge(self.lighting, phase.lighting),
                    music=_merge(self.music, phase.music),
                    climate=_merge(self.climate, phase.climate),
                    diffuser=_merge(self.diffuser, phase.diffuser),
                )
            )
        return tuple(resolved)


def _names(phases: tuple[str, ...]) -> str:
    quoted = [f"'{name}'" for name in phases]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _minutes(seconds: float) -> str:
    return f"{math.floor(seconds / 60 + 1e-6):g}"


class ResolvedPhase(BaseModel):
    """A phase after its overrides are applied to the preset's parts."""

    model_config = ConfigDict(frozen=True)

    name: str
    seconds: float
    lighting: Lighting
    music: Music
    climate: Climate
    diffuser: Diffuser


M = TypeVar("M", bound=BaseModel)


def _merge(base: M, override: BaseModel) -> M:
    changes = {k: v for k, v in override.model_dump().items() if v is not None}
    return base.model_copy(update=changes)

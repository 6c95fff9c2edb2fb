"""The desired state of a room at one moment: what each kind of device should be doing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    IDLE = "idle"
    PREHEAT = "preheat"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class LightTarget:
    level: float
    kelvin: int | None
    transition_s: float


@dataclass(frozen=True)
class MusicTarget:
    tracks: tuple[str, ...]
    playing: bool
    volume: float
    shuffle: bool
    loop: bool
    ramp_s: float


@dataclass(frozen=True)
class ClimateTarget:
    target_c: float


@dataclass(frozen=True)
class DiffuserTarget:
    on: bool


@dataclass(frozen=True)
class RoomState:
    """What the timeline asks of the room at ``at``; ``None`` parts are left alone."""

    at: float
    status: Status
    phase: str | None = None
    phase_index: int | None = None
    next_phase: str | None = None
    next_phase_at: float | None = None
    elapsed_s: float = 0.0
    total_s: float = 0.0
    ends_at: float | None = None
    lights_up: bool = False
    volume_trim: float = 0.0  # the therapist's +/- on the session's music volume, in % points
    light_trim: float = 0.0  # the therapist's dimmer/brighter on the session's light, in % points
    lights_off: bool = False  # the therapist switched the session's lights off
    muted: bool = False  # the therapist muted the session's music
    warmth_trim: float = 0.0  # the therapist's warmer/cooler on the phase's temperature, in °C
    can_go_back: bool = False  # there is a previous phase to go back to
    undoable: str | None = None  # the kind of the latest phase move Undo would take back
    light: LightTarget | None = None
    music: MusicTarget | None = None
    climate: ClimateTarget | None = None
    diffuser: DiffuserTarget | None = None
    diffuser_changes_at: float | None = None
    # A booked session whose time has come, waiting for the therapist's touch on Start.
    ready: bool = False
    # The client asked for no scent: the diffuser stays off, whatever the preset says.
    no_scent: bool = False
    next_cue: float | None = None
    # What the room's safety limits held back, in words for the panel (the diffuser resting at its cap).
    safety_notes: tuple[str, ...] = ()

    @property
    def remaining_s(self) -> float:
        return max(0.0, self.total_s - self.elapsed_s)

    @property
    def active(self) -> bool:
        return self.status in (Status.RUNNING, Status.PAUSED, Status.PREHEAT)

"""What the drills hold a loaded file to: the documented rules, checked independently of the validator.

A preset the loader accepts must keep every bound in every phase, keep its tracks inside the
music folders, stay within the documented sizes, and, played on the real timeline with the
therapist doing random things, never run the diffuser more than 30 minutes at a stretch.
"""

from __future__ import annotations

import os
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ambience.config.library import LoadedPreset, plan_of
from ambience.config.rooms import StudioConfig
from ambience.session.timeline import EventKind, Session, SessionEvent

MIN = 60.0
MAX_ON_S = 30 * MIN
REST_S = 60.0
AUDIO = {".ogg", ".mp3", ".wav", ".flac"}
T0 = 1_800_000_000.0


def _printable(text: str, multiline: bool = False) -> bool:
    return all((multiline and c in "\n\t") or unicodedata.category(c) not in ("Cc", "Cs") for c in text)


def preset_rule_breaks(
    loaded: LoadedPreset, *, volume_cap: float, roots: Sequence[Path], rng: random.Random, sequences: int = 3
) -> list[str]:
    """Every documented rule the accepted preset breaks (empty: none)."""
    preset = loaded.preset
    broken: list[str] = []
    try:
        size = loaded.path.stat().st_size
    except OSError:
        size = 0
    if size > 64 * 1024:
        broken.append(f"file of {size} bytes accepted")
    if len(preset.description) > 2000 or not _printable(preset.description, multiline=True):
        broken.append("description too long or with control characters")
    if not 1 <= len(preset.name) <= 60 or not _printable(preset.name) or not preset.name.strip():
        broken.append("bad name")
    if len(preset.phases) > 24:
        broken.append(f"{len(preset.phases)} phases")
    entries = list(preset.music.playlist) + [e for p in preset.phases for e in (p.music.playlist or ())]
    if any(len(e) > 255 or not _printable(e) for e in entries):
        broken.append("playlist entry too long or with control characters")
    if preset.lighting.turnover_level < 10:
        broken.append("session ends below 10 %")
    for phase in preset.resolved_phases():
        if not 18 <= phase.climate.target_c <= 30:
            broken.append(f"{phase.name}: {phase.climate.target_c} °C")
        if not 0 <= phase.music.volume <= volume_cap:
            broken.append(f"{phase.name}: volume {phase.music.volume} over the cap {volume_cap}")
        if not 0 <= phase.lighting.level <= 100:
            broken.append(f"{phase.name}: light {phase.lighting.level} %")
        if phase.diffuser.enabled and phase.diffuser.on_minutes > 30:
            broken.append(f"{phase.name}: diffuser on {phase.diffuser.on_minutes} min")
    real_roots = [Path(os.path.realpath(r)) for r in roots]
    for track in loaded.tracks:
        real = Path(os.path.realpath(track))
        if not any(real == r or real.is_relative_to(r) for r in real_roots):
            broken.append(f"track outside the music folders: {track}")
        if real.suffix.lower() not in AUDIO or not real.is_file():
            broken.append(f"not an audio file: {track}")
    plan = plan_of(loaded, volume_cap=volume_cap)
    for n in range(sequences + 1):
        session = Session(plan)
        session.add(EventKind.START, T0)
        if n:  # the first run as planned, then with a therapist doing random things
            for event in random_events(rng, T0, plan.total_s):
                session.events.append(event)
        longest = longest_on_stretch(session, T0)
        if longest > MAX_ON_S + 1e-3:
            broken.append(f"diffuser on {longest / MIN:.1f} min at a stretch")
            break
    return broken


# Session events: each kind with what it takes. A new kind of event is one more line here (a
# test checks that every kind the timeline has is here).
EVENT_MAKERS: dict[EventKind, Callable[[random.Random], dict[str, Any]]] = {
    EventKind.START: lambda rng: {},
    EventKind.PAUSE: lambda rng: {},
    EventKind.RESUME: lambda rng: {},
    EventKind.EXTEND: lambda rng: {"minutes": rng.choice([5.0, 5.0, 10.0, 1.0])},
    EventKind.SKIP: lambda rng: {},
    EventKind.STOP: lambda rng: {},
    EventKind.LIGHTS_UP: lambda rng: {"on": rng.random() < 0.5},
    EventKind.VOLUME: lambda rng: {"amount": rng.choice([5.0, -5.0])},
    EventKind.HOLD: lambda rng: {},
    EventKind.PRESCENT: lambda rng: {"minutes": rng.choice([5.0, 15.0])},
    EventKind.NO_SCENT: lambda rng: {},
    EventKind.CLIENT_VOLUME: lambda rng: {"amount": rng.uniform(0, 100)},
    EventKind.CLIENT_WARMTH: lambda rng: {"amount": rng.uniform(-3, 3)},
    EventKind.SHORTEN: lambda rng: {"minutes": 5.0},
    EventKind.BACK: lambda rng: {},
    EventKind.UNDO: lambda rng: {},
    EventKind.LIGHT_STEP: lambda rng: {"amount": rng.choice([10.0, -10.0])},
    EventKind.LIGHTS_OFF: lambda rng: {"on": rng.random() < 0.5},
    EventKind.MUTE: lambda rng: {"on": rng.random() < 0.5},
    EventKind.WARMTH: lambda rng: {"amount": rng.choice([0.5, -0.5])},
}


def random_events(rng: random.Random, start: float, total_s: float, count: int = 8) -> list[SessionEvent]:
    weights = {EventKind.STOP: 0.2, EventKind.START: 0.1, EventKind.HOLD: 0.1}
    kinds = list(EVENT_MAKERS)
    events = []
    for _ in range(rng.randrange(count + 1)):
        kind = rng.choices(kinds, [weights.get(k, 1.0) for k in kinds])[0]
        at = start + rng.uniform(0, total_s * 1.2)
        events.append(SessionEvent(kind, at, **EVENT_MAKERS[kind](rng)))
    events.sort(key=lambda e: e.at)
    return events


@dataclass
class Run:
    start: float
    end: float
    on_s: float


def diffuser_intervals(session: Session, start: float, limit: int = 20_000) -> list[tuple[float, float]]:
    """When (studio time) the timeline has the diffuser on, walking from one change to the next.

    Each stretch between two changes is checked at its middle too: a change the timeline did not
    announce raises AssertionError.
    """
    times = sorted({e.at for e in session.events if e.at >= start})
    t = start
    on_since: float | None = None
    found: list[tuple[float, float]] = []
    for _ in range(limit):
        state = session.state(t)
        on = state.diffuser is not None and state.diffuser.on
        if on and on_since is None:
            on_since = t
        elif not on and on_since is not None:
            found.append((on_since, t))
            on_since = None
        nexts = [x for x in (state.diffuser_changes_at, state.next_phase_at, state.ends_at) if x is not None]
        nexts += times
        later = [x for x in nexts if x > t]  # distinct studio times differ by at least 2.4e-7 s
        if not later:
            if on_since is not None:
                found.append((on_since, float("inf")))
            return found
        step = min(later)
        middle = session.state((t + step) / 2)
        if (middle.diffuser is not None and middle.diffuser.on) != on:
            raise AssertionError(
                f"the diffuser changed between {t - start:.1f} s and {step - start:.1f} s unannounced"
            )
        t = step
    raise AssertionError("the timeline never settles")


def longest_on_stretch(session: Session, start: float) -> float:
    """The most on-time in one stretch (a stretch ends after a rest of a minute or more)."""
    best = 0.0
    run: Run | None = None
    for a, b in diffuser_intervals(session, start):
        if run is not None and a - run.end < REST_S - 1e-6:
            run.end, run.on_s = b, run.on_s + (b - a)
        else:
            run = Run(a, b, b - a)
        best = max(best, run.on_s)
    return best


def rooms_rule_breaks(config: StudioConfig, size: int) -> list[str]:
    """Every documented rule an accepted rooms config breaks."""
    broken: list[str] = []
    if size > 256 * 1024:
        broken.append(f"file of {size} bytes accepted")
    if not 0 <= config.volume_cap <= 100:
        broken.append(f"volume cap {config.volume_cap}")
    if len(config.rooms) > 50:
        broken.append(f"{len(config.rooms)} rooms")
    for folder in config.music_dirs:
        if not Path(folder).expanduser().is_absolute() or not _printable(folder):
            broken.append(f"music folder {folder!r}")
    ids = [room.id for room in config.rooms]
    if len(set(ids)) != len(ids):
        broken.append("two rooms with one id")
    for room in config.rooms:
        if not _printable(room.name) or not room.name.strip():
            broken.append(f"room name {room.name!r}")
        device_ids = [d.id for d in room.devices]
        if len(set(device_ids)) != len(device_ids):
            broken.append(f"{room.id}: two devices with one id")
        for device in room.devices:
            if device.backend == "kasa" and (not device.host or device.role.value == "music"):
                broken.append(f"{room.id}/{device.id}: kasa without a host, or playing music")
            if device.backend == "pygame" and device.role.value != "music":
                broken.append(f"{room.id}/{device.id}: pygame for {device.role}")
            for text in (device.name, device.host, device.output, device.child):
                if text is not None and not _printable(text):
                    broken.append(f"{room.id}/{device.id}: control characters")
    return broken

"""The session timeline: a pure function from (plan, session events, now) to the room's desired state.

Pause, resume, +/-N minutes, next and previous phase (and undoing them), stop, lights up, the
light, music and warmth adjustments are events appended to a session; nothing here talks to a
device. Fades are functions of time, and the timeline tells when the next
change (a phase boundary, a diffuser edge, a fade step) is due, so a scheduler can wake up then.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ambience.session.adjust import Trims, finite
from ambience.session.plan import PlannedPhase, SessionPlan
from ambience.session.preset import MAX_DIFFUSER_ON_MINUTES, MAX_TEMPERATURE_C, MIN_TEMPERATURE_C
from ambience.session.roomstate import (
    ClimateTarget,
    DiffuserTarget,
    LightTarget,
    MusicTarget,
    RoomState,
    Status,
)
from ambience.session.safety import MAX_SESSION_S

# "Lights up": a neutral working light the therapist can bring up at any moment.
LIGHTS_UP_LEVEL = 100.0
LIGHTS_UP_KELVIN = 4000
# Where "lights up" returns to when no session has said otherwise: calm, warm, never dark.
REST_LEVEL = 40.0
REST_KELVIN = 2700
# Fade steps: roughly one step per 1 % of change, but never more often than MIN_STEP_S
# (devices and networks need a breath) nor less often than MAX_STEP_S (so it stays smooth).
MIN_STEP_S = 1.0
MAX_STEP_S = 10.0
SETTLE_TRANSITION_S = 1.0
MUSIC_RAMP_S = 2.0
# The therapist's music volume nudge (+/-), in percentage points.
VOLUME_STEP = 5.0
# A client's temperature preference moves the preset's target by at most this much (°C), and the
# result stays within the studio's bounds.
MAX_WARMTH_C = 3.0
# -5 min never takes a phase below this much time left (it shortens, it never skips).
MIN_PHASE_LEFT_S = 60.0
# "Previous phase" after a natural phase change gives the earlier phase this much time again.
BACK_SECONDS = 5 * 60.0
EPS = 1e-6


class EventKind(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    SKIP = "skip"
    STOP = "stop"
    LIGHTS_UP = "lights_up"
    VOLUME = "volume"
    # A booked session that waits for the therapist: the room preheats for the booked time (the
    # event's ``at``) and stays warm and ready until a START, instead of starting by itself.
    HOLD = "hold"
    # Scent the room for ``minutes`` before the booked start (kept within the diffuser's on-time cap).
    PRESCENT = "prescent"
    # The client's preferences, for the whole session whenever they were added: no scent at all,
    # their music volume (``amount`` %, within the cap), warmer or cooler (``amount`` °C).
    NO_SCENT = "no_scent"
    CLIENT_VOLUME = "client_volume"
    CLIENT_WARMTH = "client_warmth"
    SHORTEN = "shorten"  # minutes: taken off the current phase, never below a minute left
    BACK = "back"  # back to the previous phase
    UNDO = "undo"  # cancels the latest next/previous phase not yet undone
    LIGHT_STEP = "light_step"  # amount: percentage points on the session's light level
    LIGHTS_OFF = "lights_off"  # on: lights off (True) or back on (False)
    MUTE = "mute"  # on: music muted (True) or heard again (False)
    WARMTH = "warmth"  # amount: degrees on the session's room temperature


# Preferences describe the session, not a moment: they apply from its first second to its last.
PREFERENCE_KINDS = frozenset(
    {EventKind.PRESCENT, EventKind.NO_SCENT, EventKind.CLIENT_VOLUME, EventKind.CLIENT_WARMTH}
)
# What Undo can take back: the moves between phases.
UNDOABLE = frozenset({EventKind.SKIP, EventKind.BACK})


@dataclass(frozen=True)
class SessionEvent:
    kind: EventKind
    at: float
    minutes: float = 0.0
    on: bool = True
    amount: float = 0.0  # VOLUME, LIGHT_STEP: percentage points; WARMTH: degrees Celsius


@dataclass
class _Progress:
    """The session's events folded up to a moment."""

    durations: list[float]
    started_at: float | None = None
    planned_start: float | None = None
    elapsed: float = 0.0
    running: bool = False
    ended: bool = False
    lights_up: bool = False
    volume_trim: float = 0.0
    held: bool = False  # booked, waiting for the therapist's START
    prescent_s: float = 0.0
    no_scent: bool = False
    client_volume: float | None = None
    warmth: float = 0.0
    trims: Trims = field(default_factory=Trims)
    # Time a skipped phase had left, by phase index, for "previous phase".
    skipped_left: dict[int, float] = field(default_factory=dict)
    undoable: SessionEvent | None = None

    @property
    def total(self) -> float:
        return sum(self.durations)

    def phase_volume(self, phase: PlannedPhase) -> float:
        """The phase's music volume before the therapist's nudges: the client's, if they gave one."""
        return phase.volume if self.client_volume is None else self.client_volume

    def target_c(self, phase: PlannedPhase) -> float:
        """The phase's temperature moved by the client's preference, never outside the bounds."""
        return max(MIN_TEMPERATURE_C, min(MAX_TEMPERATURE_C, phase.target_c + self.warmth))


def _preferences(plan: SessionPlan, events: Sequence[SessionEvent], progress: _Progress) -> None:
    """Fold the client's preferences (the last of each kind wins), each kept within its bound."""
    first = plan.phases[0]
    for event in events:
        if event.kind is EventKind.NO_SCENT:
            progress.no_scent = True
        elif event.kind is EventKind.CLIENT_VOLUME:
            progress.client_volume = max(0.0, min(plan.volume_cap, event.amount))
        elif event.kind is EventKind.CLIENT_WARMTH:
            progress.warmth = max(-MAX_WARMTH_C, min(MAX_WARMTH_C, event.amount))
        elif event.kind is EventKind.PRESCENT:
            # The scent before the start and the longest the diffuser can then run from the start
            # (across phases, whatever the therapist does) must not add up to more than the cap.
            room_left = MAX_DIFFUSER_ON_MINUTES * 60.0 - (
                plan.diffuser_run_from_start_s if first.diffuser_on else 0.0
            )
            progress.prescent_s = max(0.0, min(event.minutes * 60.0, room_left))


def _undone(events: Iterable[SessionEvent], now: float) -> list[SessionEvent]:
    """The events in order with every UNDO applied: it removes the latest move between phases
    that was not undone yet (and is itself left out)."""
    kept: list[SessionEvent] = []
    for event in sorted(events, key=lambda e: e.at):
        if event.kind is EventKind.UNDO:
            if event.at <= now + EPS:
                for index in range(len(kept) - 1, -1, -1):
                    if kept[index].kind in UNDOABLE:
                        del kept[index]
                        break
            continue
        kept.append(event)
    return kept


def _fold(plan: SessionPlan, events: Iterable[SessionEvent], now: float) -> _Progress:
    progress = _Progress(durations=[p.seconds for p in plan.phases])
    accumulated = 0.0
    run_since: float | None = None

    def elapsed(t: float) -> float:
        # A start a hair after ``t`` (within EPS) counts as begun, at no time run yet, never less.
        return accumulated + max(0.0, t - run_since) if run_since is not None else accumulated

    ordered = _undone(events, now)
    _preferences(plan, ordered, progress)
    for event in ordered:
        if event.kind in PREFERENCE_KINDS:
            continue
        if event.at > now + EPS:
            if event.kind in (EventKind.START, EventKind.HOLD) and progress.started_at is None:
                progress.planned_start = event.at
                progress.held = event.kind is EventKind.HOLD
            continue
        if event.kind is EventKind.HOLD:
            if progress.started_at is None:  # the booked time has come: ready, waiting for START
                progress.planned_start, progress.held = event.at, True
            continue
        if event.kind is EventKind.LIGHTS_UP:
            progress.lights_up = event.on
            continue
        if event.kind is EventKind.START:
            if progress.started_at is None:
                progress.started_at = event.at
                run_since = event.at
            continue
        if progress.started_at is None or progress.ended:
            continue
        e = elapsed(event.at)
        if e >= progress.total - EPS:  # the session had already run out before this event
            accumulated, run_since, progress.ended = progress.total, None, True
            continue
        if event.kind is EventKind.PAUSE and run_since is not None:
            accumulated, run_since = e, None
        elif event.kind is EventKind.RESUME and run_since is None:
            run_since = event.at
        elif event.kind is EventKind.EXTEND:
            # Never past the longest a session may last (the safety analysis counts on it).
            room = max(0.0, MAX_SESSION_S - progress.total)
            added = min(max(0.0, event.minutes) * 60.0, room) if event.minutes == event.minutes else 0.0
            progress.durations[_phase_at(progress.durations, e)] += added
        elif event.kind is EventKind.VOLUME:
            # Kept within what the current phase can use, so a nudge is always heard at once.
            base = progress.phase_volume(plan.phases[_phase_at(progress.durations, e)])
            trim = progress.volume_trim + event.amount
            progress.volume_trim = max(-base, min(plan.volume_cap - base, trim))
            progress.trims = progress.trims.unmuted()  # a nudge is meant to be heard
        elif event.kind is EventKind.LIGHT_STEP:
            phase = plan.phases[_phase_at(progress.durations, e)]
            progress.trims = progress.trims.light_step(event.amount, phase)
        elif event.kind is EventKind.LIGHTS_OFF:
            progress.trims = progress.trims.switched_off(event.on)
        elif event.kind is EventKind.MUTE:
            progress.trims = progress.trims.muting(event.on)
        elif event.kind is EventKind.WARMTH:
            phase = plan.phases[_phase_at(progress.durations, e)]
            progress.trims = progress.trims.warmer(event.amount, progress.target_c(phase))
        elif event.kind is EventKind.SKIP:
            index = _phase_at(progress.durations, e)
            start = sum(progress.durations[:index])
            progress.skipped_left[index] = progress.durations[index] - (e - start)
            progress.durations[index] = max(0.0, e - start)
            progress.undoable = event
        elif event.kind is EventKind.SHORTEN:
            index = _phase_at(progress.durations, e)
            left = sum(progress.durations[: index + 1]) - e
            cut = min(max(0.0, finite(event.minutes)) * 60.0, max(0.0, left - MIN_PHASE_LEFT_S))
            progress.durations[index] -= cut
        elif event.kind is EventKind.BACK:
            index = _phase_at(progress.durations, e)
            if index > 0:
                # The time spent in this phase goes to the previous one, which gets back what it
                # had left when it was skipped (or a few minutes); this phase starts over later.
                spent = e - sum(progress.durations[:index])
                give = progress.skipped_left.get(index - 1, 0.0) or BACK_SECONDS
                # Never past the longest a session may last (the safety analysis counts on it).
                give = min(give, MAX_SESSION_S - progress.total - spent)
                if give > EPS:
                    progress.skipped_left.pop(index - 1, None)
                    progress.durations[index - 1] += spent + give
                    progress.undoable = event
        elif event.kind is EventKind.STOP:
            accumulated, run_since, progress.ended = e, None, True
            progress.durations = _cut(progress.durations, e)

    progress.running = run_since is not None and progress.started_at is not None
    progress.elapsed = elapsed(now) if progress.started_at is not None else 0.0
    if progress.started_at is not None and progress.elapsed >= progress.total - EPS:
        progress.elapsed = min(progress.elapsed, progress.total)
        progress.ended, progress.running = True, False
    return progress


def _cut(durations: list[float], e: float) -> list[float]:
    """Durations shortened so that the session ends at elapsed time ``e``."""
    out, used = [], 0.0
    for d in durations:
        out.append(max(0.0, min(d, e - used)))
        used += d
    return out


def _phase_at(durations: Sequence[float], e: float) -> int:
    end = 0.0
    for index, d in enumerate(durations):
        end += d
        if e < end - EPS:
            return index
    return len(durations) - 1


def _step(span_s: float, change: float) -> float:
    return min(MAX_STEP_S, max(MIN_STEP_S, span_s / max(1.0, abs(change))))


def _next_step(local: float, span_s: float, step: float) -> float:
    """The next multiple of ``step`` after ``local``, not past the end of the fade."""
    k = int(local / step + EPS) + 1
    return min(span_s, k * step)


def _light(
    plan: SessionPlan, durations: Sequence[float], index: int, local: float
) -> tuple[float, int | None, float | None]:
    """(level, kelvin, next step in phase-local seconds or None) for a phase at local time."""
    phase = plan.phases[index]
    if index == 0:
        start_level, start_kelvin = plan.turnover_level, phase.kelvin
    else:
        start_level, start_kelvin, _ = _light(plan, durations, index - 1, durations[index - 1])
    fade = phase.fade_s
    if fade <= 0 or local >= fade - EPS or (start_level == phase.level and start_kelvin == phase.kelvin):
        return phase.level, phase.kelvin, None
    frac = max(0.0, local / fade)
    level = start_level + (phase.level - start_level) * frac
    kelvin = phase.kelvin
    kelvin_change = 0.0
    if phase.kelvin is not None and start_kelvin is not None:
        kelvin = round(start_kelvin + (phase.kelvin - start_kelvin) * frac)
        kelvin_change = (phase.kelvin - start_kelvin) / 50.0
    step = _step(fade, max(abs(phase.level - start_level), abs(kelvin_change)))
    return level, kelvin, _next_step(local, fade, step)


def _volume(
    plan: SessionPlan,
    phase: PlannedPhase,
    e: float,
    total: float,
    trim: float = 0.0,
    base: float | None = None,
) -> tuple[float, float | None]:
    """(volume %, next fade step in elapsed seconds or None); ``trim`` is the therapist's nudge,
    ``base`` the phase's volume as the client prefers it."""
    wanted = max(0.0, min((phase.volume if base is None else base) + trim, plan.volume_cap))
    base = wanted if phase.music_on and phase.tracks else 0.0
    envelope, next_step = 1.0, None
    if plan.fade_in_s > 0 and e < plan.fade_in_s - EPS:
        envelope = max(0.0, e / plan.fade_in_s)
        next_step = _next_step(e, plan.fade_in_s, _step(plan.fade_in_s, base))
    out_start = total - plan.fade_out_s
    if plan.fade_out_s > 0:
        if e >= out_start - EPS:
            envelope = min(envelope, max(0.0, (total - e) / plan.fade_out_s))
            step = _step(plan.fade_out_s, base)
            candidate = out_start + _next_step(e - out_start, plan.fade_out_s, step)
        else:
            candidate = out_start
        next_step = candidate if next_step is None else min(next_step, candidate)
    return base * envelope, (next_step if base > 0 else None)


def _diffuser(phase: PlannedPhase, e: float, phase_end: float) -> tuple[bool, float | None]:
    """(on, next edge in elapsed seconds or None) for an intermittent cycle from session start."""
    if not phase.diffuser_on:
        return False, None
    period = phase.diffuser_on_s + phase.diffuser_off_s
    position = e % period
    if position < phase.diffuser_on_s - EPS:
        edge = e + (phase.diffuser_on_s - position)
        on = True
    else:
        edge = e + (period - position)
        on = False
    return on, (edge if edge < phase_end - EPS else None)


def _diffuser_change(
    plan: SessionPlan, durations: Sequence[float], index: int, e: float, on: bool
) -> float | None:
    """When (elapsed seconds) the diffuser next switches, looking across phase boundaries."""
    start = sum(durations[:index])
    for i in range(index, len(durations)):
        end = start + durations[i]
        at = max(e, start)
        state, edge = _diffuser(plan.phases[i], at, end)
        if state != on:
            return at
        if edge is not None:
            return edge
        start = end
    return start if on else None


def desired_state(plan: SessionPlan, events: Iterable[SessionEvent], now: float) -> RoomState:
    """What the room should be doing at ``now``, and when the next change is due."""
    progress = _fold(plan, events, now)
    if progress.started_at is None:
        return _before_start(plan, progress, now)
    durations = progress.durations
    last = plan.phases[-1]
    lights_up = LightTarget(LIGHTS_UP_LEVEL, LIGHTS_UP_KELVIN, SETTLE_TRANSITION_S)

    if progress.ended:
        _, kelvin, _ = _light(plan, durations, len(durations) - 1, durations[-1])
        return RoomState(
            at=now,
            status=Status.ENDED,
            phase=None,
            elapsed_s=progress.elapsed,
            total_s=progress.elapsed,
            lights_up=progress.lights_up,
            light=lights_up if progress.lights_up else LightTarget(plan.turnover_level, kelvin, 3.0),
            music=MusicTarget(last.tracks, False, 0.0, plan.shuffle, plan.loop, MUSIC_RAMP_S),
            climate=ClimateTarget(last.target_c),
            diffuser=DiffuserTarget(False),
            no_scent=progress.no_scent,
        )

    e = progress.elapsed
    total = progress.total
    index = _phase_at(durations, e)
    phase = plan.phases[index]
    phase_start = sum(durations[:index])
    phase_end = phase_start + durations[index]
    trims = progress.trims
    level, kelvin, light_step = _light(plan, durations, index, e - phase_start)
    level = trims.light_level(level)
    volume, volume_step = _volume(plan, phase, e, total, progress.volume_trim, progress.phase_volume(phase))
    if trims.muted:
        volume, volume_step = 0.0, None
    diffuser_on, diffuser_edge = _diffuser(phase, e, phase_end)
    if progress.no_scent:  # whatever the preset says: no edge, no spell
        diffuser_on, diffuser_edge = False, None
    running = progress.running

    candidates = [phase_end, total]
    if light_step is not None:
        candidates.append(phase_start + light_step)
    if volume_step is not None:
        candidates.append(volume_step)
    if diffuser_edge is not None:
        candidates.append(diffuser_edge)
    next_e = min(c for c in candidates if c > e + EPS) if any(c > e + EPS for c in candidates) else total

    def at(elapsed_point: float) -> float | None:
        return now + (elapsed_point - e) if running else None

    has_next = index + 1 < len(durations)
    change = None if progress.no_scent else _diffuser_change(plan, durations, index, e, diffuser_on)
    light_transition = (next_e - e) if light_step is not None else SETTLE_TRANSITION_S
    music_ramp = (
        (next_e - e) if volume_step is not None and volume_step - e < MAX_STEP_S + EPS else MUSIC_RAMP_S
    )
    return RoomState(
        at=now,
        status=Status.RUNNING if running else Status.PAUSED,
        phase=phase.name,
        phase_index=index,
        next_phase=plan.phases[index + 1].name if has_next else None,
        next_phase_at=at(phase_end) if has_next else None,
        elapsed_s=e,
        total_s=total,
        ends_at=at(total),
        lights_up=progress.lights_up,
        volume_trim=progress.volume_trim,
        light_trim=trims.light,
        lights_off=trims.lights_off,
        muted=trims.muted,
        warmth_trim=trims.warmth,
        can_go_back=index > 0,
        undoable=progress.undoable.kind.value if progress.undoable is not None else None,
        light=lights_up
        if progress.lights_up
        else LightTarget(level, kelvin, min(light_transition, MAX_STEP_S)),
        music=MusicTarget(
            tracks=phase.tracks,
            playing=running and phase.music_on and bool(phase.tracks),
            volume=volume,
            shuffle=plan.shuffle,
            loop=plan.loop,
            ramp_s=music_ramp,
        ),
        climate=ClimateTarget(trims.target_c(progress.target_c(phase))),
        diffuser=DiffuserTarget(diffuser_on and running),
        diffuser_changes_at=at(change) if change is not None else None,
        no_scent=progress.no_scent,
        next_cue=at(next_e),
    )


def _before_start(plan: SessionPlan, progress: _Progress, now: float) -> RoomState:
    start = progress.planned_start
    if start is None:
        return RoomState(at=now, status=Status.IDLE, total_s=plan.total_s, no_scent=progress.no_scent)
    first = plan.phases[0]
    preheat_from = start - plan.preheat_s
    scent = progress.prescent_s > 0 and first.diffuser_on and not progress.no_scent
    scent_from = start - progress.prescent_s if scent else start
    begins = min(preheat_from, scent_from)
    if now < begins - EPS:
        return RoomState(
            at=now,
            status=Status.IDLE,
            total_s=plan.total_s,
            no_scent=progress.no_scent,
            diffuser_changes_at=scent_from if scent else None,  # the scent before the start
            next_cue=begins,
        )
    cues = [t for t in (preheat_from, scent_from, start) if t > now + EPS]
    return RoomState(
        at=now,
        status=Status.PREHEAT,
        phase=None,
        next_phase=first.name,
        next_phase_at=start,
        total_s=plan.total_s,
        ends_at=None if progress.held else start + plan.total_s,
        ready=progress.held and now >= start - EPS,
        climate=ClimateTarget(progress.target_c(first)) if now >= preheat_from - EPS else None,
        diffuser=DiffuserTarget(scent_from - EPS <= now < start - EPS) if scent else None,
        diffuser_changes_at=(scent_from if now < scent_from else start) if scent and now < start else None,
        no_scent=progress.no_scent,
        next_cue=min(cues) if cues else None,
    )


@dataclass
class Session:
    """A preset running in a room: its plan and the list of what the therapist did."""

    plan: SessionPlan
    events: list[SessionEvent] = field(default_factory=list)
    # Names the session in the history, also across a restart of the app.
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    # Who the session is for (shown on the running view and kept in the history), if anyone said.
    client: str | None = None

    def add(
        self, kind: EventKind, at: float, *, minutes: float = 0.0, on: bool = True, amount: float = 0.0
    ) -> SessionEvent:
        event = SessionEvent(kind, at, minutes, on, amount)
        self.events.append(event)
        return event

    def state(self, now: float) -> RoomState:
        return desired_state(self.plan, self.events, now)

    def durations(self, now: float) -> list[float]:
        """Each phase's length in seconds as the therapist's edits (+5 min, skip, stop) left it."""
        return _fold(self.plan, self.events, now).durations

    def ended_at(self, now: float) -> float | None:
        """When the session ended (by a stop, a skip or running out), or None if it has not by ``now``."""
        if self.state(now).status is not Status.ENDED:
            return None
        before: RoomState | None = None
        for t in sorted({e.at for e in self.events if e.at <= now} | {now}):
            state = self.state(t)
            if state.status is Status.ENDED:
                # It ran out before this moment, or this moment's event (a stop, a skip) ended it.
                ran_out = before.ends_at if before is not None else None
                return ran_out if ran_out is not None and ran_out <= t else t
            before = state
        return now

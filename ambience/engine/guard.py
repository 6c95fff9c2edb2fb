"""The room's last line of safety: whatever the timeline asks, the diffuser rests after 30 minutes on,
and temperature, volume and the end-of-session light stay inside their bounds.

The preset check already refuses presets that could break a bound and the timeline keeps to
them; this guard is for what nothing else foresaw (a plan kept from an older version, a
timeline mistake, a kind of event added later). It watches the diffuser state the timeline
wants over studio time: on-time adds up over a stretch, a rest of a minute or more ends the
stretch, and once the stretch reaches the cap the diffuser is held off until the timeline itself
switches it off (so it rejoins its cycle at the next spell, never midway through the one that
was cut short). The room's state then says why, for the panel to show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ambience.session.roomstate import DiffuserTarget, RoomState
from ambience.session.safety import DIFFUSER_REST_S, MAX_DIFFUSER_ON_S, Limits, within_limits
from ambience.session.timeline import Session

DIFFUSER_RESTING = "The diffuser is resting: it ran {minutes:g} minutes at a stretch, the most it may."


@dataclass
class DiffuserGuard:
    """Counts the diffuser's on-time over a stretch and holds it off at the cap."""

    max_on_s: float = MAX_DIFFUSER_ON_S
    rest_s: float = DIFFUSER_REST_S
    on_time_s: float = 0.0  # in the current stretch, up to ``last``
    last: float | None = None
    last_on: bool = False
    off_since: float | None = None
    capped: bool = False

    def reset(self) -> None:
        self.on_time_s, self.last, self.last_on, self.off_since, self.capped = 0.0, None, False, None, False

    def allow(self, wanted_on: bool, now: float) -> tuple[bool, float | None]:
        """(what the diffuser may do now, when the cap would be reached if it stays on)."""
        if self.last is not None and now > self.last and self.last_on:
            self.on_time_s += now - self.last
        if not self.last_on and self.off_since is not None and now - self.off_since >= self.rest_s - 1e-6:
            self.on_time_s = 0.0  # rested long enough: the next spell is a new stretch
        if self.capped and not wanted_on:
            self.capped = False  # the timeline switched it off itself: the cycle takes over again
        if wanted_on and self.on_time_s >= self.max_on_s - 1e-6:
            self.capped = True
        on = wanted_on and not self.capped
        if on != self.last_on or self.last is None:
            self.off_since = None if on else (now if self.last_on or self.last is None else self.off_since)
        self.last = max(now, self.last) if self.last is not None else now
        self.last_on = on
        deadline = now + (self.max_on_s - self.on_time_s) if on else None
        return on, deadline

    @property
    def note(self) -> str | None:
        return DIFFUSER_RESTING.format(minutes=self.max_on_s / 60) if self.capped else None


@dataclass
class RoomGuard:
    """The bounds a room's state is held within, and the diffuser's stretch."""

    limits: Limits
    diffuser: DiffuserGuard

    @classmethod
    def create(cls, volume_cap: float) -> RoomGuard:
        return cls(Limits(volume_cap=volume_cap), DiffuserGuard())

    def hold(self, state: RoomState, now: float) -> tuple[RoomState, float | None]:
        """``state`` inside the bounds, and the next moment the guard must look again (or None)."""
        held = within_limits(state, self.limits)
        if held.diffuser is None:
            # Nothing asked of the diffuser (idle): it is off or left alone; time still counts as rest.
            self.diffuser.allow(False, now)
            return held, None
        on, deadline = self.diffuser.allow(held.diffuser.on, now)
        if on != held.diffuser.on:
            note = self.diffuser.note
            held = replace(
                held,
                diffuser=DiffuserTarget(on),
                safety_notes=(*held.safety_notes, note) if note else held.safety_notes,
            )
        return held, deadline

    def replay(self, session: Session, until: float, limit: int = 5000) -> None:
        """Count the diffuser's stretch as the session's timeline ran it up to ``until`` (after a
        restart, the guard learns what it missed)."""
        self.diffuser.reset()
        times = sorted({e.at for e in session.events if e.at < until})
        if not times:
            return
        t = times[0]
        for _ in range(limit):
            state = session.state(t)
            self.hold(state, t)
            later = [
                x
                for x in (state.diffuser_changes_at, state.next_phase_at, state.ends_at, *times)
                if x is not None and t + 1e-6 < x < until
            ]
            if not later:
                break
            t = min(later)

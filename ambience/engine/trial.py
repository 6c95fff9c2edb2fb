"""Try in room: show the preset being edited in an idle room, follow each edit, then put the room
back exactly as it was.

Before anything is sent, every device of the room is read; a device that does not answer stops
the trial before it starts (the room could not be put back). While the trial runs, the room's
desired state is the edited preset at a chosen minute (lights, music, diffuser; temperature
only if asked) and the drivers converge to it as they always do. Ending it (turned off, the
editor left, the app closing, a device failing) sends every device what it had before. A
session started in the room ends the trial: the session drives the room from then on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ambience.devices.readings import LightReading, NowPlaying, SwitchReading, ThermostatReading
from ambience.engine.reconciler import LightDriver, MusicDriver, SwitchDriver, ThermostatDriver
from ambience.engine.room import RoomEngine
from ambience.engine.snapshot import RoomSnapshot, reading_of
from ambience.session.plan import SessionPlan
from ambience.session.roomstate import (
    ClimateTarget,
    DiffuserTarget,
    LightTarget,
    MusicTarget,
    RoomState,
    Status,
)
from ambience.session.timeline import SETTLE_TRANSITION_S, EventKind, Session

log = logging.getLogger(__name__)

# A trial shows a moment, not a fade: changes take a second, the music a couple.
TRIAL_RAMP_S = 2.0


class TrialRefused(Exception):
    """The trial cannot start (a session runs, or a device does not answer); the reason in words."""


class RoomTrial:
    """One trial in one room; ``on_end(reason)`` is told when it ends by itself."""

    def __init__(
        self,
        room: RoomEngine,
        *,
        climate: bool = False,
        on_end: Callable[[str], None] | None = None,
    ) -> None:
        self.room = room
        self.climate = climate
        self.on_end = on_end or (lambda reason: None)
        self.before: dict[str, Any] = {}
        self.playlists: dict[str, Any] = {}  # what each music player had loaded
        self.plan: SessionPlan | None = None
        self.at_s = 0.0
        self.active = False
        self._unsubscribe: Callable[[], None] | None = None
        self._ending: asyncio.Future[None] | None = None

    async def begin(self) -> None:
        """Read every device (what to put back), then take the room. Raises TrialRefused."""
        if self.room.state().active:
            raise TrialRefused(f"a session runs in {self.room.name}")
        if getattr(self.room, "trial", None) is not None:
            raise TrialRefused(f"a preset is already being tried in {self.room.name}")
        unreachable = await self.room.preflight()
        if unreachable:
            names = ", ".join(d.name for d in unreachable)
            raise TrialRefused(f"{names} does not answer, so the room could not be put back as it is")
        if self.room.state().active:
            raise TrialRefused(f"a session started in {self.room.name}")
        self.before = {d.device.id: reading_of(d.device) for d in self.room.drivers}
        self.playlists = {d.device.id: d.loaded for d in self.room.drivers if isinstance(d, MusicDriver)}
        self.active = True
        self.room.trial = self
        self._unsubscribe = self.room.subscribe(self._watch)

    def show(self, plan: SessionPlan, at_s: float) -> None:
        """Show ``plan`` at ``at_s`` seconds from its start (again after every edit)."""
        if not self.active:
            return
        self.plan, self.at_s = plan, max(0.0, min(at_s, plan.total_s - 1.0))
        self.room.refresh()

    def state(self, now: float) -> RoomState:
        """The room's desired state while the trial runs (the engine asks)."""
        if self.plan is None:
            return RoomState(at=now, status=Status.IDLE)
        session = Session(self.plan)
        session.add(EventKind.START, now - self.at_s)
        state = session.state(now)
        light = state.light
        music = state.music
        return RoomState(
            at=now,
            status=Status.IDLE,
            phase=state.phase,
            light=replace(light, transition_s=SETTLE_TRANSITION_S) if light is not None else None,
            music=replace(music, ramp_s=TRIAL_RAMP_S) if music is not None else None,
            climate=state.climate if self.climate else None,
            diffuser=state.diffuser,
        )

    def _watch(self, snapshot: RoomSnapshot) -> None:
        if not self.active or self._ending is not None:
            return
        if self.room.session is not None and snapshot.state.active:
            self._stop("a session started in the room")
            return
        failed = [d for d in snapshot.devices if d.available is False]
        if failed:
            names = ", ".join(d.name for d in failed)
            self._ending = asyncio.ensure_future(
                self.end(f"{names} stopped answering; the room was put back")
            )

    def _stop(self, reason: str) -> None:
        """The session took over: nothing to put back (the session drives every device now)."""
        self._release()
        self.on_end(reason)

    async def end(self, reason: str = "") -> None:
        """Put every device back as it was read at the start, and give the room back."""
        if not self.active:
            return
        self._release()
        for driver in self.room.drivers:
            target = _target_of(
                driver, self.before.get(driver.device.id), self.playlists.get(driver.device.id)
            )
            if target is not None:
                driver.send_target(target)
        self.room.refresh()
        await self.room.settle()
        if reason:
            self.on_end(reason)

    def _release(self) -> None:
        self.active = False
        if getattr(self.room, "trial", None) is self:
            self.room.trial = None
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None


def _target_of(driver: object, reading: object, loaded: Any = None) -> object | None:
    """What to send a device so it is again as ``reading`` says it was."""
    if isinstance(driver, LightDriver) and isinstance(reading, LightReading):
        return LightTarget(reading.level if reading.on else 0.0, reading.kelvin, SETTLE_TRANSITION_S)
    if isinstance(driver, SwitchDriver) and isinstance(reading, SwitchReading):
        return DiffuserTarget(reading.on)
    if isinstance(driver, ThermostatDriver) and isinstance(reading, ThermostatReading):
        return ClimateTarget(reading.target_c)
    if isinstance(driver, MusicDriver) and isinstance(reading, NowPlaying):
        # A playlist cannot be rewound to a moment: what played plays again (from its start).
        tracks, shuffle, loop = loaded if reading.playing and loaded is not None else ((), False, True)
        return MusicTarget(tracks, reading.playing, reading.volume, shuffle, loop, TRIAL_RAMP_S)
    return None

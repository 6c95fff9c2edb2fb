"""The room engine: runs one room's session, turning its timeline into device commands.

Intents (start, pause, resume, +/-5 min, next or previous phase and undo, stop, lights up, the
light, music and warmth adjustments) append events to the session; the engine recomputes the
desired state, hands it to the device drivers and schedules the next cue with APScheduler.
Observers get a snapshot after every change.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Literal

from ambience.devices.capabilities import Device, MusicPlayer
from ambience.devices.readings import LightReading
from ambience.engine.clock import Clock
from ambience.engine.guard import RoomGuard
from ambience.engine.reconciler import AnyDriver, driver_for
from ambience.engine.recorder import SessionRecorder
from ambience.engine.scheduling import CueScheduler
from ambience.engine.snapshot import DeviceStatus, RoomSnapshot, reading_of, role_of
from ambience.session.adjust import LIGHT_FLOOR, LIGHT_STEP, WARMTH_STEP
from ambience.session.plan import SessionPlan
from ambience.session.preset import DEFAULT_VOLUME_CAP, MIN_TEMPERATURE_C
from ambience.session.roomstate import (
    ClimateTarget,
    DiffuserTarget,
    LightTarget,
    MusicTarget,
    RoomState,
    Status,
)
from ambience.session.safety import Limits
from ambience.session.timeline import (
    LIGHTS_UP_KELVIN,
    LIGHTS_UP_LEVEL,
    REST_KELVIN,
    REST_LEVEL,
    SETTLE_TRANSITION_S,
    VOLUME_STEP,
    EventKind,
    Session,
)

log = logging.getLogger(__name__)

POLL_S = 30.0
EXTEND_MINUTES = 5.0
IN_SESSION = (Status.RUNNING, Status.PAUSED)

# What quitting the panel leaves the rooms in (the studio's ``quit_leaves`` setting).
QuitPolicy = Literal["turnover", "all_off", "as_is"]


Listener = Callable[[RoomSnapshot], None]


class RoomEngine:
    """One treatment room: its devices, its current session and the jobs that drive it."""

    def __init__(
        self,
        room_id: str,
        name: str,
        devices: Sequence[Device],
        clock: Clock,
        scheduler: CueScheduler,
        *,
        timeout_s: float = 5.0,
        poll_s: float = POLL_S,
        recorder: SessionRecorder | None = None,
    ) -> None:
        self.id = room_id
        self.name = name
        self.clock = clock
        self.scheduler = scheduler
        self.poll_s = poll_s
        self.drivers: list[AnyDriver] = [driver_for(d, timeout_s=timeout_s) for d in devices]
        # When each device stopped answering (studio time), so the panel can say "since 14:02".
        self.down_since: dict[str, float] = {}
        for driver in self.drivers:
            driver.request_retry = self._schedule_retry
            driver.changed = self._driver_changed
        self.session: Session | None = None
        # Keeps the sessions (and their events) so a restarted app can carry on where it was.
        self.recorder = recorder
        self._end_recorded = False
        # Outside a session (before one, or after it ended) the therapist's own light: lights up,
        # dimmer/brighter steps, off.
        self._idle_lights: LightTarget | None = None
        self._idle_lights_on = False
        self._idle_resume: LightTarget | None = None
        self._all_off = False
        self._listeners: list[Listener] = []
        # The last line of safety: bounds and the diffuser's stretch, whatever the timeline says.
        self.guard = RoomGuard.create(DEFAULT_VOLUME_CAP)
        self._guard_due: float | None = None
        # A preset being tried here from the editor (engine/trial.py): it drives the idle room.
        self.trial: Any = None

    # Observing.
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with a snapshot after every change; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @property
    def devices(self) -> list[Device]:
        return [d.device for d in self.drivers]

    def state(self) -> RoomState:
        """What the room should be doing now: the timeline's state, held inside the safety bounds."""
        now = self.clock.now()
        if self.trial is not None and (self.session is None or not self.session.state(now).active):
            wanted: RoomState = self.trial.state(now)  # a preset tried from the editor
        else:
            wanted = self._idle_state(now) if self.session is None else self.session.state(now)
        held, self._guard_due = self.guard.hold(wanted, now)
        return held

    def snapshot(self, state: RoomState | None = None) -> RoomSnapshot:
        """The room as it is now: desired state and every device's health and reading (no I/O)."""
        return RoomSnapshot(
            room_id=self.id,
            room_name=self.name,
            preset_name=self.session.plan.preset_name if self.session else None,
            state=state or self.state(),
            devices=tuple(_status(d, self.down_since.get(d.device.id)) for d in self.drivers),
            client=self.session.client if self.session else None,
            blend=_blend(self.session),
        )

    @property
    def running(self) -> bool:
        return self.state().status in (Status.RUNNING, Status.PAUSED, Status.PREHEAT)

    # Intents.
    def start(self, plan: SessionPlan, at: float | None = None) -> None:
        """Start ``plan`` now (or book it for ``at``, preheating before) and drive the room."""
        session = Session(plan)
        session.add(EventKind.START, self.clock.now() if at is None else at)
        self.begin(session)

    def begin(self, session: Session) -> None:
        """Drive the room by a new ``session`` prepared with its events (a START, or a HOLD for a
        booking that waits for the therapist, and the client's preferences)."""
        self._record_end()  # a session this one replaces
        if self.recorder is not None:
            self.recorder.record_start(self.id, session)
        self._install(session)

    def start_booked(self) -> bool:
        """Start the booked session now (it was preheating, or ready and waiting); False if there is none."""
        if self.session is None or self.state().status is not Status.PREHEAT:
            return False
        event = self.session.add(EventKind.START, self.clock.now())
        if self.recorder is not None:
            self.recorder.record_event(self.session, event)
        self._apply()
        return True

    def restore(self, session: Session) -> None:
        """Carry on with ``session`` as its events say (after a restart): nothing is added to it.

        The drivers forget what they sent, so every device is sent the state of the timeline now.
        """
        if session is not self.session:
            self._record_end()  # a session this one replaces
        self._install(session, restored=True)

    def _install(self, session: Session, *, restored: bool = False) -> None:
        if session is not self.session:
            self._end_recorded = False
        self.guard.limits = Limits(volume_cap=session.plan.volume_cap)
        if restored:
            # What the diffuser did before the restart still counts towards its stretch.
            self.guard.replay(session, self.clock.now())
        self.session = session
        self._idle_lights, self._idle_lights_on, self._all_off = None, False, False
        for driver in self.drivers:
            driver.forget()
        self._apply()

    def pause(self) -> None:
        self._event(EventKind.PAUSE)

    def resume(self) -> None:
        self._event(EventKind.RESUME)

    def toggle_pause(self) -> None:
        status = self.state().status
        if status is Status.RUNNING:
            self.pause()
        elif status is Status.PAUSED:
            self.resume()

    def extend(self, minutes: float = EXTEND_MINUTES) -> None:
        self._event(EventKind.EXTEND, minutes=minutes)

    def shorten(self, minutes: float = EXTEND_MINUTES) -> None:
        """Take minutes off the phase that is running (it keeps at least a minute)."""
        self._event(EventKind.SHORTEN, minutes=minutes)

    def skip(self) -> None:
        """Move on to the next phase now (from the last phase: end the session)."""
        self._event(EventKind.SKIP)

    def back(self) -> None:
        """Go back to the previous phase (it gets back the time it had left, or a few minutes)."""
        self._event(EventKind.BACK)

    def undo(self) -> None:
        """Take back the latest move to the next or the previous phase."""
        self._event(EventKind.UNDO)

    def skip_to_last(self) -> None:
        """Skip straight to the final (wake-up) phase."""
        state = self.state()
        if self.session is None or state.phase_index is None:
            return
        for _ in range(len(self.session.plan.phases) - 1 - state.phase_index):
            self._event(EventKind.SKIP)

    def stop(self) -> None:
        """End the session now; the room goes to its turnover state (lights up, music off)."""
        self._event(EventKind.STOP)

    def lights_up(self, on: bool | None = None) -> None:
        """Bring the lights to a working level at once (``None`` toggles); works with no session."""
        if self.session is None:
            return self._lights_up_idle(not self._idle_lights_on if on is None else on)
        if on is None:
            on = not self.state().lights_up
        self._event(EventKind.LIGHTS_UP, on=on)

    def nudge_volume(self, step: float = VOLUME_STEP) -> None:
        """Make the session's music louder (or, negative, softer) by ``step`` points, within the cap."""
        self._event(EventKind.VOLUME, amount=step)

    def mute(self, on: bool | None = None) -> None:
        """Silence the session's music (``None`` toggles); it keeps playing, so it comes back in place."""
        if on is None:
            on = not self.state().muted
        self._event(EventKind.MUTE, on=on)

    def warmer(self, step: float = WARMTH_STEP) -> None:
        """The room a little warmer (or, negative, cooler), near the preset and inside the safe bounds."""
        self._event(EventKind.WARMTH, amount=step)

    def light_step(self, step: float = LIGHT_STEP) -> None:
        """The lights ``step`` points brighter (or, negative, dimmer), in a session or outside one."""
        if self._in_session():
            self._event(EventKind.LIGHT_STEP, amount=step)
            return
        state = self.state()
        light = state.light
        level = light.level if light is not None else self._light_reading()
        kelvin = light.kelvin if light is not None else REST_KELVIN
        if level <= 0 and step < 0:
            return  # off stays off
        level = max(LIGHT_FLOOR, min(100.0, level + step))
        self._set_idle_lights(LightTarget(level, kelvin, SETTLE_TRANSITION_S))

    def lights_off(self, off: bool = True) -> None:
        """Switch the lights off (or back on), in a session or outside one."""
        if self._in_session():
            self._event(EventKind.LIGHTS_OFF, on=off)
            return
        state = self.state()
        kelvin = state.light.kelvin if state.light is not None else REST_KELVIN
        level = 0.0 if off else REST_LEVEL
        self._set_idle_lights(LightTarget(level, kelvin, SETTLE_TRANSITION_S))

    def _in_session(self) -> bool:
        return self.session is not None and self.state().status in IN_SESSION

    def _set_idle_lights(self, target: LightTarget) -> None:
        """The therapist's own light, outside a session. A session that has ended is closed first:
        the room is the therapist's again (its end was lit, as the safety bounds want)."""
        self._close_ended()
        self._all_off = False
        self._idle_lights, self._idle_lights_on, self._idle_resume = target, False, None
        self._apply()

    def _close_ended(self) -> None:
        if self.session is not None and self.state().status is Status.ENDED:
            self._record_end()
            self.session = None

    def _light_reading(self) -> float:
        """The first light's level as it reports it (the resting level when none reports)."""
        for device in self.devices:
            reading = reading_of(device)
            if isinstance(reading, LightReading):
                return reading.level if reading.on else 0.0
        return REST_LEVEL

    def warnings(self) -> list[str]:
        """Problems the room's music players met since last asked (skipped files, no audio output)."""
        found: list[str] = []
        for device in self.devices:
            if isinstance(device, MusicPlayer):
                try:
                    found.extend(device.warnings())
                except Exception:  # a warning is best effort; never let it break the caller
                    log.exception("%s: warnings failed", device.name)
        return found

    def _idle_state(self, now: float) -> RoomState:
        """With no session the room is left alone, except for the therapist's own light."""
        if self._all_off:
            return _all_off(RoomState(at=now, status=Status.IDLE))
        if self._idle_lights is None:
            return RoomState(at=now, status=Status.IDLE)
        return RoomState(at=now, status=Status.IDLE, lights_up=self._idle_lights_on, light=self._idle_lights)

    # Quitting.
    def leave(self, policy: QuitPolicy) -> None:
        """Before the panel quits: end the session and leave the room as ``policy`` says.

        ``turnover``: the session ends in its turnover state (lights up to the turnover level,
        music and diffuser off, heating kept). ``all_off``: lights, music and diffuser off and
        the heating down to the lowest safe temperature, in an idle room too. ``as_is``: the
        session ends in the journal but nothing is sent: the devices stay as they are.
        A booked session that has not begun is kept for the next start.
        """
        in_session = self.state().status in IN_SESSION
        if policy == "as_is":
            if in_session and self.session is not None:
                event = self.session.add(EventKind.STOP, self.clock.now())
                if self.recorder is not None:
                    self.recorder.record_event(self.session, event)
                self._record_end()
            self.close()
            return
        if in_session:
            self.stop()
        if policy == "all_off" and self.state().status is not Status.PREHEAT:
            self._close_ended()
            self._all_off = True
            self._apply()

    def _lights_up_idle(self, on: bool) -> None:
        # Off again, the lights go back to the therapist's own level, or to a calm resting one.
        if on:
            if not self._idle_lights_on:
                self._idle_resume = self._idle_lights
            self._idle_lights = LightTarget(LIGHTS_UP_LEVEL, LIGHTS_UP_KELVIN, SETTLE_TRANSITION_S)
        else:
            rest = LightTarget(REST_LEVEL, REST_KELVIN, SETTLE_TRANSITION_S)
            self._idle_lights = self._idle_resume or rest
            self._idle_resume = None
        self._idle_lights_on = on
        self._all_off = False
        self._apply()

    def _event(self, kind: EventKind, **kwargs: Any) -> None:
        if self.session is None:
            return
        before = self.state().status
        if before is Status.PREHEAT and kind is EventKind.STOP:
            # Stopping a booked session that has not begun cancels it; the heating is left as is.
            self._record_end()
            self.session = None
            self._apply()
            return
        if before not in IN_SESSION and kind is not EventKind.LIGHTS_UP:
            return
        event = self.session.add(kind, self.clock.now(), **kwargs)
        if self.recorder is not None:
            self.recorder.record_event(self.session, event)
        self._apply()

    def _record_end(self) -> None:
        """Tell the recorder, once, that the current session is over (when it ended, by its timeline)."""
        session = self.session
        if session is None or self._end_recorded:
            return
        self._end_recorded = True
        if self.recorder is not None:
            now = self.clock.now()
            ended = session.ended_at(now)
            self.recorder.record_end(session, now if ended is None else ended)

    # Driving the devices.
    def _apply(self) -> RoomState:
        state = self.state()
        if state.status is Status.ENDED:
            self._record_end()
        for driver in self.drivers:
            driver.want(state)
        job = f"room:{self.id}:cue"
        # The guard's moment (a diffuser reaching its cap) is a cue like the timeline's own.
        due = [t for t in (state.next_cue, self._guard_due) if t is not None]
        if due:
            self.scheduler.at(job, min(due), self.cue)
        else:
            self.scheduler.cancel(job)
        self._notify(state)
        return state

    def refresh(self) -> None:
        """Drive the devices towards the state of now again (a trial changed what it shows)."""
        self._apply()

    async def cue(self) -> None:
        """A scheduled cue: bring the devices to the timeline's state now, then book the next."""
        self._apply()

    def _schedule_retry(self, driver: AnyDriver, delay_s: float) -> None:
        self.scheduler.at(
            f"room:{self.id}:retry:{driver.device.id}",
            self.clock.now() + delay_s,
            self._retry,
            driver.device.id,
        )

    async def _retry(self, device_id: str) -> None:
        for driver in self.drivers:
            if driver.device.id == device_id:
                # A device that comes back gets what the room needs now, not what it missed.
                target = driver.part(self.state())
                if target is not None:
                    driver.target = target
                driver.retry()

    def start_polling(self) -> None:
        """Check every device now and then every ``poll_s`` studio seconds."""
        self.scheduler.at(f"room:{self.id}:poll", self.clock.now(), self.poll)

    async def poll(self) -> None:
        self.scheduler.at(f"room:{self.id}:poll", self.clock.now() + self.poll_s, self.poll)
        if self.running:
            self._apply()  # a safety net: whatever was missed, the room converges to the timeline
            if self.recorder is not None and self.session is not None:
                self.recorder.record_alive(self.session, self.clock.now())
        state = self.state()
        for driver in self.drivers:
            if driver.target is None and state.status is not Status.IDLE:
                driver.target = driver.part(state)
        await asyncio.gather(*(d.poll() for d in self.drivers if not d.retry_pending))

    async def preflight(self) -> list[DeviceStatus]:
        """Check every device at once; returns those that cannot be reached."""
        await asyncio.gather(*(d.poll() for d in self.drivers))
        self._notify()
        return [s for s in self.snapshot().devices if s.available is False]

    async def settle(self) -> None:
        """Wait until no command is in flight (for tests and the headless runner)."""
        await asyncio.gather(*(d.wait() for d in self.drivers), return_exceptions=True)

    def close(self) -> None:
        for suffix in ("cue", "poll"):
            self.scheduler.cancel(f"room:{self.id}:{suffix}")
        for driver in self.drivers:
            self.scheduler.cancel(f"room:{self.id}:retry:{driver.device.id}")

    def _driver_changed(self, driver: AnyDriver) -> None:
        device_id = driver.device.id
        if driver.available is False:
            self.down_since.setdefault(device_id, self.clock.now())
        else:
            self.down_since.pop(device_id, None)
        self._notify()

    # The demo's presenter.
    async def check_device(self, device_id: str) -> None:
        """Read one device now (after a simulated outage or its end), so its mark follows at once."""
        for driver in self.drivers:
            if driver.device.id == device_id:
                await driver.poll()

    def _notify(self, state: RoomState | None = None) -> None:
        if not self._listeners:
            return
        snapshot = self.snapshot(state)
        for listener in list(self._listeners):
            try:
                listener(snapshot)
            except Exception:  # an observer's bug must not stop the room
                log.exception("listener failed")


def _status(driver: AnyDriver, down_since: float | None) -> DeviceStatus:
    device = driver.device
    return DeviceStatus(
        device.id,
        device.name,
        role_of(device),
        device.model,
        driver.available,
        driver.problem,
        reading_of(device),
        down_since if driver.available is False else None,
    )


def _all_off(state: RoomState) -> RoomState:
    """``state`` with everything off and the heating at the lowest safe temperature (after quitting)."""
    kelvin = state.light.kelvin if state.light is not None else REST_KELVIN
    tracks = state.music.tracks if state.music is not None else ()
    return replace(
        state,
        lights_up=False,
        light=LightTarget(0.0, kelvin, SETTLE_TRANSITION_S),
        music=MusicTarget(tracks, False, 0.0, False, False, SETTLE_TRANSITION_S),
        climate=ClimateTarget(MIN_TEMPERATURE_C),
        diffuser=DiffuserTarget(False),
        next_cue=None,
    )


def _blend(session: Session | None) -> str | None:
    """The oil blend the running preset's diffuser holds (shown so the right one is filled)."""
    preset = session.plan.preset if session is not None else None
    if preset is None or not preset.diffuser.enabled or not preset.diffuser.blend:
        return None
    return preset.diffuser.blend

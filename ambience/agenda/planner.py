"""The day's bookings as APScheduler jobs: preheat before each booking, Ready or auto-start, missed.

Every job has a stable id (``booking:{id}:prepare``, ``booking:{id}:missed``) and replaces its
previous self, and all of them are rebuilt from the day book at every start, so a restart between
the preheat and the start loses nothing: the journal gives the room its preheating session back
and the planner books the same jobs again. A watch job notices what the terminal wrote meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace

from ambience.agenda.bookings import DAY_S, BookingDesk, BookingRefused
from ambience.agenda.preferences import apply_preferences
from ambience.agenda.sync import Addresses, SyncReport, add_feed, remove_feed, sync_all, sync_feed
from ambience.config.library import LoadedPreset
from ambience.engine.room import RoomEngine
from ambience.engine.snapshot import RoomSnapshot
from ambience.engine.studio import Studio
from ambience.journal.daybook import Booking, BookingState, ClientPreferences, DayBook, Feed
from ambience.session.roomstate import Status
from ambience.session.timeline import EventKind, Session

log = logging.getLogger(__name__)

WATCH_S = 10.0  # how often the day book is checked for changes made from the terminal
BUSY_RETRY_S = 60.0  # a room still busy with a session when a booking should preheat: try again
FEED_RETRY_S = 60.0  # a calendar that failed is tried again this soon


class Planner:
    """Keeps each room's bookings: preheats them, starts or readies them, marks them missed."""

    def __init__(self, studio: Studio, book: DayBook, *, addresses: Addresses | None = None) -> None:
        self.studio = studio
        self.book = book
        self.addresses = addresses
        self.last_sync: list[SyncReport] = []
        self.scheduler = studio.scheduler
        self.clock = studio.context.clock
        self._listeners: list[Callable[[], None]] = []
        self._unsubscribe: list[Callable[[], None]] = []
        self._problems: set[tuple[str, str]] = set()
        self._jobs: set[str] = set()
        # One read of the calendars at a time: the poll and the owner's Read now never merge at once.
        self._reading = asyncio.Lock()

    @property
    def desk(self) -> BookingDesk:
        return BookingDesk(self.book, self.studio.config, self.studio.library, self.clock.now)

    def subscribe(self, listener: Callable[[], None]) -> None:
        """``listener()`` runs after any booking changed (here, by a job, or from the terminal)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # an observer's bug must not stop the bookings
                log.exception("bookings listener failed")

    # Starting and stopping.
    def open(self) -> None:
        """Take up the bookings (after the journal gave the rooms back their sessions) and watch."""
        for room in self.studio.rooms:
            self._unsubscribe.append(room.subscribe(self._watcher(room)))
        self.reschedule()
        self.scheduler.at("agenda:watch", self.clock.now() + WATCH_S, self._watch)
        self.scheduler.at("agenda:feeds", self.clock.now(), self.poll_feeds)

    def close(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        for job in (*self._jobs, "agenda:watch", "agenda:feeds"):
            self.scheduler.cancel(job)
        self._jobs.clear()

    def reschedule(self) -> None:
        """(Re)book the jobs of every open booking from yesterday to the day after tomorrow."""
        now = self.clock.now()
        wanted: set[str] = set()
        for booking in self.book.bookings(now - DAY_S, now + 2 * DAY_S):
            if booking.state is BookingState.BOOKED:
                wanted |= self._schedule(booking)
            elif booking.state is BookingState.CANCELLED:
                self._release(booking)
        for job in self._jobs - wanted:
            self.scheduler.cancel(job)
        self._jobs = wanted
        self._release_orphans()

    def _release_orphans(self) -> None:
        """A room preheating for a booking that was moved, cancelled or removed elsewhere stops."""
        waiting = {
            r.session.id: r for r in self.studio.rooms if r.session and r.state().status is Status.PREHEAT
        }
        for session_id, note in self.book.session_notes(list(waiting)).items():
            if note.booking_id is None:
                continue
            booking = self.book.booking(note.booking_id)
            if (
                booking is None
                or booking.state is not BookingState.BOOKED
                or booking.session_id != session_id
            ):
                waiting[session_id].stop()

    def _schedule(self, booking: Booking) -> set[str]:
        room = self._room(booking.room_id)
        if room is None:
            return set()
        prepare, missed = f"booking:{booking.id}:prepare", f"booking:{booking.id}:missed"
        if not self._owns(room, booking):
            self._release_room_of(booking)
            self.scheduler.at(
                prepare, max(self.clock.now(), self.prepare_at(booking)), self._prepare, booking.id
            )
        else:
            self.scheduler.cancel(prepare)
        self.scheduler.at(missed, booking.starts_at + self.grace_s, self._missed, booking.id)
        return {prepare, missed}

    @property
    def grace_s(self) -> float:
        return self.studio.config.missed_after_minutes * 60.0

    def prepare_at(self, booking: Booking) -> float:
        """When the room begins to get ready: the preset's preheat (or the pre-scent) before."""
        loaded = self._preset(booking.preset)
        preheat = loaded.preset.climate.preheat_minutes if loaded is not None else 0.0
        lead = max(preheat, self.studio.config.prescent_minutes)
        return booking.starts_at - lead * 60.0

    # Jobs.
    async def _prepare(self, booking_id: str) -> None:
        booking = self.book.booking(booking_id)
        if booking is None or booking.state is not BookingState.BOOKED:
            return
        room = self._room(booking.room_id)
        loaded = self._preset(booking.preset)
        if room is None or loaded is None:
            log.warning(
                "booking %s: room %s or preset %s is gone", booking.id, booking.room_id, booking.preset
            )
            return
        if self._owns(room, booking):
            return
        now = self.clock.now()
        if room.running:
            # The room is still in another session: preheat as soon as it is free.
            if now < booking.starts_at + self.grace_s:
                self.scheduler.at(
                    f"booking:{booking.id}:prepare", now + BUSY_RETRY_S, self._prepare, booking.id
                )
            return
        session = Session(self.studio.plan(loaded))
        auto = self.studio.config.room(room.id).auto_start
        session.add(EventKind.START if auto else EventKind.HOLD, booking.starts_at)
        if self.studio.config.prescent_minutes > 0:
            session.add(EventKind.PRESCENT, now, minutes=self.studio.config.prescent_minutes)
        self._for_client(session, booking.client, now)
        # Noted before it begins: whatever the journal keeps of the session, a restart knows
        # whom it is for and which booking it serves.
        self.book.put_booking(replace(booking, session_id=session.id))
        self.book.note_session(session.id, room.id, booking.id, session.client, now)
        room.begin(session)
        self._changed()

    async def _missed(self, booking_id: str) -> None:
        booking = self.book.booking(booking_id)
        if booking is None or booking.state is not BookingState.BOOKED:
            return
        room = self._room(booking.room_id)
        if room is not None and self._owns(room, booking):
            if room.state().status is Status.PREHEAT:
                room.stop()  # a booked session that has not begun: cancelled, the preheat ends
            else:
                self.book.set_state(booking.id, BookingState.STARTED)
                self._changed()
                return
        self.book.set_state(booking.id, BookingState.MISSED)
        self._jobs.discard(f"booking:{booking.id}:prepare")
        self.scheduler.cancel(f"booking:{booking.id}:prepare")
        self._changed()

    async def poll_feeds(self) -> list[SyncReport]:
        """Read every calendar feed now and take up what changed (also a scheduled job)."""
        now = self.clock.now()
        poll_s = self.studio.config.feed_poll_minutes * 60.0
        self.scheduler.at("agenda:feeds", now + poll_s, self.poll_feeds)
        async with self._reading:
            reports = await sync_all(self.book, self.studio.config, self.studio.library, now, self.addresses)
        if any(r.error for r in reports):
            self.scheduler.at("agenda:feeds", self.clock.now() + min(poll_s, FEED_RETRY_S), self.poll_feeds)
        self.last_sync = reports
        self._after_edit()
        return reports

    async def sync_feed(self, feed_id: str) -> SyncReport | None:
        """Read one calendar now (the owner's Sync now); a failure is tried again within a minute."""
        async with self._reading:
            feed = self.feed(feed_id)  # as it is now: a read before this one may have changed it
            if feed is None:
                return None
            now = self.clock.now()
            report = await sync_feed(
                self.book, feed, self.studio.config, self.studio.library, now, self.addresses
            )
        if report.error:
            due = self.scheduler.when("agenda:feeds")
            retry = self.clock.now() + FEED_RETRY_S
            if due is None or due > retry:
                self.scheduler.at("agenda:feeds", retry, self.poll_feeds)
        self._after_edit()
        return report

    def next_feed_poll(self) -> float | None:
        """When the calendars are read again (studio time), if a read is booked."""
        return self.scheduler.when("agenda:feeds")

    def feed(self, feed_id: str) -> Feed | None:
        return next((f for f in self.book.feeds() if f.id == feed_id), None)

    def add_feed(
        self, source: str, name: str | None = None, room_id: str | None = None, preset: str | None = None
    ) -> Feed:
        """Subscribe to a calendar (raises FeedError with the reason); read it with ``sync_feed``."""
        feed = add_feed(self.book, source, name, room_id=room_id, preset=preset, addresses=self.addresses)
        self.book.changed()
        return feed

    def change_feed(self, feed: Feed, name: str, room_id: str | None, preset: str | None) -> Feed:
        """Another name, or another room or preset for the events that name none."""
        current = self.feed(feed.id) or feed
        changed = replace(current, name=name.strip() or current.name, room_id=room_id, preset=preset)
        self.book.put_feed(changed)
        self.book.changed()
        return changed

    def remove_feed(self, feed_id: str) -> None:
        """Unsubscribe: its bookings that nobody changed go, and their rooms stop preheating."""
        feed = self.feed(feed_id)
        if feed is None:
            return
        remove_feed(self.book, feed, self.addresses)
        self._after_edit()

    def feed_bookings(self, feed_id: str) -> int:
        """The calendar's bookings still to come (or going on)."""
        now = self.clock.now()
        return sum(
            1 for b in self.book.bookings(now - DAY_S) if b.source == feed_id and b.open and b.ends_at > now
        )

    # Clients.
    def save_client(self, prefs: ClientPreferences, was: str | None = None) -> None:
        """Keep a client's preferences (renamed everywhere when ``was`` is another name)."""
        self.book.put_client(prefs, was=was)
        if was is not None and was.strip() != prefs.name.strip():
            for room in self.studio.rooms:
                if (
                    room.session is not None
                    and (room.session.client or "").casefold() == was.strip().casefold()
                ):
                    room.session.client = prefs.name.strip()
        self._after_edit()

    def forget_client(self, name: str) -> None:
        """Remove a client's preferences and name everywhere, also from a session going on now."""
        self.book.forget_client(name)
        for room in self.studio.rooms:
            if room.session is not None and (room.session.client or "").casefold() == name.strip().casefold():
                room.session.client = None  # what they asked for still holds until the session ends
        self._after_edit()

    async def _watch(self) -> None:
        self.scheduler.at("agenda:watch", self.clock.now() + WATCH_S, self._watch)
        if self.book.changed():
            self.reschedule()
            self._changed()

    # Intents from the panel.
    def add(
        self,
        room: str,
        starts_at: float,
        preset: str | None = None,
        client: str | None = None,
        notes: str = "",
    ) -> Booking:
        booking = self.desk.add(room, starts_at, preset, client, notes)
        self._after_edit()
        return booking

    def move(self, booking_id: str, starts_at: float, room: str | None = None) -> Booking:
        before = self.book.booking(booking_id)
        booking = self.desk.move(booking_id, starts_at, room)
        if before is not None:
            self._release(before)
        self._after_edit()
        return booking

    def change(self, booking_id: str, **changes: str | None) -> Booking:
        before = self.book.booking(booking_id)
        booking = self.desk.change(booking_id, **changes)
        if before is not None and booking != before:
            self._release(before)
        self._after_edit()
        return booking

    def cancel(self, booking_id: str) -> Booking:
        booking = self.desk.cancel(booking_id)
        self._release(booking)
        self._after_edit()
        return booking

    def _after_edit(self) -> None:
        self.book.changed()  # our own write: nothing for the watch to pick up
        self.reschedule()
        self._changed()

    def start_booked(self, room_id: str) -> bool:
        """The therapist touched Start on a preheating or ready booking: it runs from now."""
        room = self._room(room_id)
        if room is None or room.session is None or not room.start_booked():
            return False
        for booking in self.book.bookings(self.clock.now() - DAY_S, self.clock.now() + DAY_S, room_id):
            if booking.session_id == room.session.id and booking.state is BookingState.BOOKED:
                self.book.set_state(booking.id, BookingState.STARTED)
        self._changed()
        return True

    def start_now(self, room_id: str, loaded: LoadedPreset, client: str | None = None) -> None:
        """Start ``loaded`` at once, with no booking; with the client's preferences if one is picked."""
        room = self._room(room_id)
        if room is None or room.running:
            return
        now = self.clock.now()
        session = Session(self.studio.plan(loaded))
        session.add(EventKind.START, now)
        self._for_client(session, client, now)
        self.book.note_session(session.id, room.id, None, session.client, now)  # before, as above
        room.begin(session)

    def booking_for(self, room_id: str) -> Booking | None:
        """The booking the room's current session was prepared for, if any."""
        room = self._room(room_id)
        if room is None or room.session is None:
            return None
        now = self.clock.now()
        for booking in self.book.bookings(now - DAY_S, now + DAY_S, room_id):
            if booking.session_id == room.session.id:
                return booking
        return None

    # Helpers.
    def _for_client(self, session: Session, client: str | None, at: float) -> None:
        if not client:
            return
        prefs = self.book.client(client)
        if prefs is None:
            session.client = client
            return
        apply_preferences(session, prefs, at)

    def _release(self, booking: Booking) -> None:
        """A booking that changed or was cancelled gives up its preheating session."""
        self._release_room_of(booking)
        for suffix in ("prepare", "missed"):
            self.scheduler.cancel(f"booking:{booking.id}:{suffix}")
            self._jobs.discard(f"booking:{booking.id}:{suffix}")

    def _release_room_of(self, booking: Booking) -> None:
        for room in self.studio.rooms:
            if (
                room.session is not None
                and booking.session_id is not None
                and room.session.id == booking.session_id
                and room.state().status is Status.PREHEAT
            ):
                room.stop()

    def _owns(self, room: RoomEngine, booking: Booking) -> bool:
        return room.session is not None and booking.session_id == room.session.id

    def _room(self, room_id: str) -> RoomEngine | None:
        return next((r for r in self.studio.rooms if r.id == room_id), None)

    def _preset(self, name: str) -> LoadedPreset | None:
        try:
            return self.studio.library.find(name)
        except LookupError:
            return None

    def _watcher(self, room: RoomEngine) -> Callable[[RoomSnapshot], None]:
        return lambda snapshot: self._seen(room, snapshot)

    def _seen(self, room: RoomEngine, snapshot: RoomSnapshot) -> None:
        """Note each device that fails during a session, once, for the history."""
        session = room.session
        if session is None or not snapshot.state.active:
            return
        for device in snapshot.devices:
            if device.available is False and (session.id, device.id) not in self._problems:
                self._problems.add((session.id, device.id))
                reason = str(device.problem) if device.problem else "not reachable"
                try:
                    self.book.note_problem(session.id, device.name, reason)
                except Exception:  # the history is best effort; the session goes on
                    log.exception("could not note a device problem")


__all__ = ["BookingRefused", "Planner"]

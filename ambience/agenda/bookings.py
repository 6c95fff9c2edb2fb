"""Adding, moving, changing and cancelling bookings: the checks (room, preset, overlaps) and the store.

Used by the panel (through the planner, which also schedules the preheat) and by the terminal
commands, which only write the store: the running panel notices and schedules what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from ambience.config.library import LoadedPreset, PresetLibrary
from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import Booking, BookingState, DayBook, new_id

DAY_S = 86_400.0


class BookingRefused(ValueError):
    """A booking that cannot be made as asked; the message says why in plain words."""


def clock_text(t: float) -> str:
    return datetime.fromtimestamp(t).strftime("%H:%M")


def day_bounds(day: date) -> tuple[float, float]:
    """The studio's local day as [start, end) in epoch seconds (23 or 25 hours across a DST change)."""
    start = datetime.combine(day, time()).astimezone()
    end = datetime.combine(day + timedelta(days=1), time()).astimezone()
    return start.timestamp(), end.timestamp()


def local_day(t: float) -> date:
    return datetime.fromtimestamp(t).date()


class BookingDesk:
    """The rules every booking obeys, wherever it is made."""

    def __init__(
        self, book: DayBook, config: StudioConfig, library: PresetLibrary, now: Callable[[], float]
    ) -> None:
        self.book = book
        self.config = config
        self.library = library
        self.now = now

    def room_name(self, room_id: str) -> str:
        try:
            return self.config.room(room_id).name
        except LookupError:
            return room_id

    def preset(self, query: str) -> LoadedPreset:
        try:
            return self.library.find(query)
        except LookupError as exc:
            raise BookingRefused(exc.args[0]) from exc

    def day(self, day: date, room_id: str | None = None) -> list[Booking]:
        start, end = day_bounds(day)
        return self.book.bookings(start, end, room_id)

    def add(
        self,
        room: str,
        starts_at: float,
        preset: str | None = None,
        client: str | None = None,
        notes: str = "",
    ) -> Booking:
        """A new booking; its preset is the client's usual one when none is given."""
        room_id = self._room_id(room)
        client = (client or "").strip() or None
        if preset is None and client is not None:
            prefs = self.book.client(client)
            preset = prefs.preset if prefs is not None else None
        if not preset:
            raise BookingRefused("choose a preset for the booking")
        loaded = self.preset(preset)
        booking = Booking(
            new_id(), room_id, starts_at, loaded.preset.minutes, loaded.name, client, notes.strip()
        )
        self._check(booking)
        return self.book.put_booking(booking)

    def move(self, booking_id: str, starts_at: float, room: str | None = None) -> Booking:
        booking = self._changeable(booking_id)
        moved = replace(
            booking,
            starts_at=starts_at,
            room_id=self._room_id(room) if room else booking.room_id,
            edited=booking.edited or booking.imported,
            session_id=None,
        )
        self._check(moved)
        return self.book.put_booking(moved)

    def change(
        self,
        booking_id: str,
        *,
        preset: str | None = None,
        client: str | None = None,
        notes: str | None = None,
    ) -> Booking:
        """Another preset, client or note (``client=""`` removes the client)."""
        booking = self._changeable(booking_id)
        changed = booking
        if preset is not None:
            loaded = self.preset(preset)
            changed = replace(changed, preset=loaded.name, minutes=loaded.preset.minutes)
        if client is not None:
            changed = replace(changed, client=client.strip() or None)
        if notes is not None:
            changed = replace(changed, notes=notes.strip())
        if changed == booking:
            return booking
        changed = replace(changed, edited=booking.edited or booking.imported, session_id=None)
        self._check(changed)
        return self.book.put_booking(changed)

    def cancel(self, booking_id: str) -> Booking:
        booking = self._changeable(booking_id)
        cancelled = replace(booking, state=BookingState.CANCELLED, edited=booking.edited or booking.imported)
        return self.book.put_booking(cancelled)

    def _room_id(self, room: str) -> str:
        try:
            return self.config.room(room).id
        except LookupError as exc:
            raise BookingRefused(exc.args[0]) from exc

    def _changeable(self, booking_id: str) -> Booking:
        booking = self.book.booking(booking_id)
        if booking is None:
            raise BookingRefused(f"no booking has the id '{booking_id}'")
        if booking.state is not BookingState.BOOKED:
            raise BookingRefused(f"the booking at {clock_text(booking.starts_at)} is {booking.state.value}")
        return booking

    def _check(self, booking: Booking) -> None:
        """Refuse a time long gone and an overlap with another open booking of the room."""
        grace = self.config.missed_after_minutes * 60.0
        if booking.starts_at < self.now() - grace:
            raise BookingRefused(f"{clock_text(booking.starts_at)} has already passed; choose a later time")
        clash = overlapping(self.book, booking)
        if clash is not None:
            who = f" for {clash.client}" if clash.client else ""
            raise BookingRefused(
                f"{self.room_name(booking.room_id)} is already booked "
                f"{clock_text(clash.starts_at)}–{clock_text(clash.ends_at)}{who} ({clash.preset}); "
                "choose another time or room"
            )


def overlapping(book: DayBook, booking: Booking, ignore: Collection[str] = ()) -> Booking | None:
    """Another open booking of the same room (not in ``ignore``) whose time overlaps ``booking``'s."""
    for other in book.bookings(booking.starts_at - DAY_S, booking.ends_at, booking.room_id):
        if other.id == booking.id or not other.open or other.id in ignore:
            continue
        if other.starts_at < booking.ends_at and booking.starts_at < other.ends_at:
            return other
    return None

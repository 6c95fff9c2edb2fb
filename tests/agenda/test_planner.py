"""Bookings on virtual time: preheat before, Ready or auto-start at the time, missed after the grace."""

from __future__ import annotations

import asyncio

import pytest

from ambience.agenda.bookings import BookingRefused
from ambience.journal.daybook import BookingState, ClientPreferences
from ambience.session.roomstate import Status
from tests.agenda.studio import MIN, App
from tests.support.virtual import run


def test_a_booking_preheats_from_its_presets_minutes_before_and_is_ready_at_its_time(tmp_path):
    async def body():
        app = App(tmp_path)
        at = app.clock.now() + 120 * MIN
        booking = app.planner.add("lotus", at, "Deep tissue", client="Anna")
        assert app.scheduler.job_times()[f"booking:{booking.id}:prepare"] == pytest.approx(at - 30 * MIN)
        await app.scheduler.advance_to(at - 31 * MIN)
        assert app.room().state().status is Status.IDLE
        await app.scheduler.advance_to(at - 30 * MIN + 5)
        state = app.room().state()
        assert state.status is Status.PREHEAT and not state.ready
        assert app.device("radiator").reading().target_c == 24.0
        await app.scheduler.advance_to(at + 1)
        snapshot = app.room().snapshot()
        assert snapshot.state.status is Status.PREHEAT and snapshot.state.ready
        assert snapshot.client == "Anna" and snapshot.preset_name == "Deep tissue"
        assert app.planner.start_booked("lotus")
        await app.scheduler.advance(MIN)
        assert app.room().state().status is Status.RUNNING
        assert app.book.booking(booking.id).state is BookingState.STARTED
        await app.quit()

    run(body)


def test_a_room_set_to_auto_start_starts_the_booking_by_itself(tmp_path):
    async def body():
        app = App(tmp_path)
        at = app.clock.now() + 60 * MIN
        booking = app.planner.add("cedar", at, "Deep tissue")
        await app.scheduler.advance_to(at + 2 * MIN)
        state = app.room("cedar").state()
        assert state.status is Status.RUNNING
        assert state.elapsed_s == pytest.approx(2 * MIN)
        await app.scheduler.advance(20 * MIN)
        assert app.book.booking(booking.id).state is BookingState.STARTED
        await app.quit()

    run(body)


def test_a_booking_not_started_is_missed_after_the_grace_and_its_preheat_ends(tmp_path):
    async def body():
        app = App(tmp_path)
        at = app.clock.now() + 60 * MIN
        booking = app.planner.add("lotus", at, "Deep tissue")
        await app.scheduler.advance_to(at + 14 * MIN)
        assert app.room().state().ready
        await app.scheduler.advance_to(at + 15 * MIN + 1)
        assert app.room().state().status is Status.IDLE
        assert app.book.booking(booking.id).state is BookingState.MISSED
        await app.quit()

    run(body)


def test_a_restart_between_preheat_and_start_loses_nothing(tmp_path):
    async def body():
        app = App(tmp_path)
        at = app.clock.now() + 60 * MIN
        booking = app.planner.add("lotus", at, "Deep tissue", client="Anna")
        await app.scheduler.advance_to(at - 10 * MIN)
        session_id = app.room().session.id
        await app.kill()
        await asyncio.sleep(5 * MIN)  # the app is down

        again = App(tmp_path)
        room = again.room()
        assert room.session is not None and room.session.id == session_id
        assert room.state().status is Status.PREHEAT
        assert room.snapshot().client == "Anna"
        await again.scheduler.advance(10)
        assert again.device("radiator").reading().target_c == 24.0
        await again.scheduler.advance_to(at + 1)
        assert room.state().ready
        await again.scheduler.advance_to(at + 16 * MIN)
        assert again.book.booking(booking.id).state is BookingState.MISSED
        await again.quit()

    run(body)


def test_whom_a_session_is_for_is_kept_before_its_start_so_a_kill_right_after_loses_nothing(tmp_path):
    async def body():
        app = App(tmp_path)
        noted: list[object] = []
        record_start = app.journal.record_start

        def record(room_id, session):  # the moment the journal keeps the start: the day book knows whom for
            note = app.book.session_notes([session.id]).get(session.id)
            noted.append(note.client if note else None)
            record_start(room_id, session)

        app.journal.record_start = record
        app.planner.start_now("lotus", app.studio.library.find("Deep tissue"), client="Anna")
        booking = app.planner.add("cedar", app.clock.now() + 60 * MIN, "Quick", client="Ben")
        await app.scheduler.advance(60 * MIN + 1)
        assert noted == ["Anna", "Ben"]
        assert app.book.booking(booking.id).session_id == app.room("cedar").session.id
        await app.quit()

    run(body)


def test_overlapping_bookings_in_one_room_are_refused_with_a_clear_message(tmp_path):
    async def body():
        app = App(tmp_path)
        at = app.clock.now() + 120 * MIN
        app.planner.add("lotus", at, "Deep tissue", client="Anna")
        with pytest.raises(BookingRefused, match=r"Lotus room is already booked .* for Anna \(Deep tissue\)"):
            app.planner.add("lotus", at + 30 * MIN, "Quick")
        app.planner.add("cedar", at + 30 * MIN, "Quick")  # another room is free
        app.planner.add("lotus", at + 60 * MIN, "Quick")  # right after is fine
        await app.quit()

    run(body)


def test_a_client_with_no_scent_gets_no_scent_before_or_during_the_session(tmp_path):
    async def body():
        app = App(tmp_path, config=None)
        app.studio.config = app.studio.config.model_copy(update={"prescent_minutes": 5.0})
        app.book.put_client(ClientPreferences("Anna", no_scent=True, volume=20.0))
        at = app.clock.now() + 60 * MIN
        app.planner.add("lotus", at, "Deep tissue", client="Anna")
        seen = []
        app.room().subscribe(lambda snap: seen.append(snap.state.diffuser))
        await app.scheduler.advance_to(at)
        app.planner.start_booked("lotus")
        await app.scheduler.advance(60 * MIN)
        assert not any(d is not None and d.on for d in seen)
        assert not app.device("diffuser").reading().on
        await app.quit()

    run(body)


def test_a_pre_scent_runs_before_a_booking_for_a_client_who_likes_scent(tmp_path):
    async def body():
        app = App(tmp_path)
        app.studio.config = app.studio.config.model_copy(update={"prescent_minutes": 5.0})
        at = app.clock.now() + 60 * MIN
        app.planner.add("lotus", at, "Deep tissue", client="Ben")
        await app.scheduler.advance_to(at - 3 * MIN)
        assert app.device("diffuser").reading().on
        await app.scheduler.advance_to(at + MIN)
        assert not app.device("diffuser").reading().on
        await app.quit()

    run(body)


def test_moving_a_preheating_booking_ends_its_preheat_and_books_it_again(tmp_path):
    async def body():
        app = App(tmp_path)
        at = app.clock.now() + 60 * MIN
        booking = app.planner.add("lotus", at, "Deep tissue")
        await app.scheduler.advance_to(at - 10 * MIN)
        assert app.room().state().status is Status.PREHEAT
        app.planner.move(booking.id, at + 120 * MIN)
        assert app.room().session is None or app.room().state().status is not Status.PREHEAT
        await app.scheduler.advance_to(at + 95 * MIN)
        assert app.room().state().status is Status.PREHEAT
        await app.quit()

    run(body)


def test_a_booking_written_from_the_terminal_is_picked_up_by_the_running_panel(tmp_path):
    async def body():
        app = App(tmp_path)
        from ambience.agenda.bookings import BookingDesk
        from ambience.journal.daybook import DayBook

        other = DayBook(tmp_path / "day.sqlite3")  # the terminal's own connection
        desk = BookingDesk(other, app.studio.config, app.studio.library, app.clock.now)
        at = app.clock.now() + 60 * MIN
        desk.add("lotus", at, "Deep tissue")
        other.close()
        await app.scheduler.advance_to(at - 29 * MIN)
        assert app.room().state().status is Status.PREHEAT
        await app.quit()

    run(body)


def test_start_now_works_with_no_booking_and_applies_a_picked_clients_preferences(tmp_path):
    async def body():
        app = App(tmp_path)
        app.book.put_client(ClientPreferences("Cleo", no_scent=True, warmth=2.0))
        app.planner.start_now("lotus", app.studio.library.find("Deep"), client="Cleo")
        await app.scheduler.advance(6 * MIN)
        state = app.room().state()
        assert state.status is Status.RUNNING and state.no_scent
        assert state.climate.target_c == pytest.approx(26.0)
        assert not app.device("diffuser").reading().on
        await app.quit()

    run(body)

"""An app killed during a session carries on after a restart where the timeline says (virtual time)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import DayBook
from ambience.session.roomstate import Status
from ambience.session.timeline import EventKind, Session
from tests.factories import preset_data, room_config
from tests.support.studio import StudioRun
from tests.support.virtual import run

MIN = 60.0


STUDIO = StudioConfig(rooms=(room_config("lavender"), room_config("cedar")))


def write_library(folder: Path, **overrides) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.ogg", "b.ogg"):
        (folder / name).write_bytes(b"")
    (folder / "massage.toml").write_text(tomli_w.dumps(preset_data(**overrides)), encoding="utf-8")
    return folder


class App(StudioRun):
    """One run of the panel's studio on the journal (the two rooms of STUDIO unless told)."""

    def __init__(self, tmp: Path, config: StudioConfig = STUDIO, **run: Any) -> None:
        super().__init__(tmp, config, **run)

    def start(self, room_id: str = "lavender") -> None:
        self.room(room_id).start(self.studio.plan(self.studio.library.find("Test massage")))


async def down_for(seconds: float) -> None:
    await asyncio.sleep(seconds)  # virtual time: the app is not running meanwhile


def test_a_restored_session_is_for_the_same_client_with_what_they_asked_for(tmp_path):
    write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        session = Session(app.studio.plan(app.studio.library.find("Test massage")), client="Anna")
        session.add(EventKind.START, app.clock.now())
        session.add(EventKind.NO_SCENT, app.clock.now())
        with DayBook(tmp_path / "day.sqlite3") as book:  # who it is for: the day book's note
            book.note_session(session.id, "lavender", None, "Anna", app.clock.now())
        app.room().begin(session)
        await app.scheduler.advance(10 * MIN)
        await app.kill()
        await down_for(5 * MIN)

        with DayBook(tmp_path / "day.sqlite3") as book:
            again = App(tmp_path, book=book)
        snapshot = again.room().snapshot()
        assert snapshot.client == "Anna" and snapshot.state.no_scent
        assert again.room().session.events == session.events

    run(body)


def test_a_paused_and_extended_session_carries_on_as_the_timeline_says(tmp_path):
    write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        app.start()
        t0 = app.clock.now()
        await app.scheduler.advance(10 * MIN)
        app.room().pause()
        await app.scheduler.advance(2 * MIN)
        app.room().extend(5)
        original = app.room().session
        await app.kill()
        await down_for(30 * MIN)

        again = App(tmp_path)
        room = again.room()
        assert again.restored == [room]
        now = again.clock.now()
        assert now == pytest.approx(t0 + 42 * MIN)
        state = room.state()
        assert state == original.state(now)
        assert state.status is Status.PAUSED and state.phase == "Treatment"
        assert state.elapsed_s == pytest.approx(10 * MIN)
        assert state.total_s - state.elapsed_s == pytest.approx(55 * MIN)  # 50 left + the 5 added
        assert room.session.id == original.id and room.session.events == original.events
        # Fresh devices (a restarted app knows nothing of them) are driven to the paused state.
        await again.scheduler.advance(5)  # the lights take a moment to get there
        assert again.device("ceiling").reading().level == pytest.approx(20)
        assert again.device("radiator").reading().target_c == 24.0
        assert not again.device("diffuser").reading().on
        assert not again.device("music").now_playing().playing

        room.resume()
        await again.scheduler.advance(1 * MIN)
        assert again.device("music").now_playing().playing
        assert again.room("cedar").session is None
        again.journal.flush()
        (stored,) = again.journal.unfinished()
        assert [e.kind for e in stored.events][-1] == "resume"  # the restored session is kept going
        again.journal.close()

    run(body)


def test_a_running_session_catches_up_with_the_time_the_app_was_down(tmp_path):
    write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        app.start()
        t0 = app.clock.now()
        await app.scheduler.advance(10 * MIN)
        app.room().pause()
        await app.scheduler.advance(2 * MIN)
        app.room().extend(5)
        await app.scheduler.advance(3 * MIN)
        app.room().resume()
        await app.scheduler.advance(5 * MIN)
        original = app.room().session
        await app.kill()
        await down_for(7 * MIN)

        again = App(tmp_path)
        room = again.room()
        now = again.clock.now()
        state = room.state()
        assert state == original.state(now)
        assert state.status is Status.RUNNING and state.phase == "Treatment"
        assert state.elapsed_s == pytest.approx(22 * MIN)  # 10 before the pause, 12 since it ended
        assert state.ends_at == pytest.approx(now + 43 * MIN)
        assert state.ends_at == pytest.approx(t0 + 65 * MIN + 5 * MIN)
        await again.scheduler.advance(5)  # the lights take a moment to get there
        assert again.device("ceiling").reading().level == pytest.approx(20)
        assert again.device("diffuser").reading().on  # 22 min into 10-on/10-off cycles
        music = again.device("music").now_playing()
        assert music.playing and music.volume == pytest.approx(30)
        # The cue was booked again: the session ends on time, and the journal says so.
        assert again.scheduler.when("room:lavender:cue") is not None
        await again.scheduler.advance_to(state.ends_at + 1)
        assert room.state().status is Status.ENDED
        again.journal.flush()
        assert again.journal.unfinished() == []
        (done,) = again.journal.history()
        assert done.ended_at == pytest.approx(state.ends_at)
        again.journal.close()

    run(body)


def test_a_session_that_ran_out_while_the_app_was_down_is_closed_not_resumed(tmp_path):
    write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        app.start()
        t0 = app.clock.now()
        await app.scheduler.advance(10 * MIN)
        app.room().extend(5)
        await app.kill()
        await down_for(2 * 60 * MIN)

        again = App(tmp_path)
        assert again.restored == []
        assert again.room().session is None and again.room().state().status is Status.IDLE
        assert again.scheduler.job_times() == {}
        again.journal.flush()
        assert again.journal.unfinished() == []
        (done,) = again.journal.history()
        assert done.ended_at == pytest.approx(t0 + 65 * MIN)  # when it ran out, not when we noticed
        again.journal.close()

    run(body)


def test_a_clock_set_back_after_a_power_cut_takes_the_session_up_where_it_was(tmp_path, caplog):
    write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        app.start()
        t0 = app.clock.now()
        await app.scheduler.advance(10 * MIN)
        app.room().pause()
        await app.scheduler.advance(2 * MIN)
        await app.kill()  # the power goes; when it comes back the clock is an hour behind
        await down_for(30 * MIN)

        with caplog.at_level(logging.WARNING, logger="ambience.journal.restore"):
            again = App(tmp_path, clock_offset=-60 * MIN)
        now = again.clock.now()
        assert now == pytest.approx(t0 - 18 * MIN)  # earlier than the session's start
        room = again.room()
        assert again.restored == [room]
        state = room.state()
        assert state.status is Status.PAUSED and state.phase == "Treatment"
        assert state.elapsed_s == pytest.approx(10 * MIN)
        assert "the clock reads" in caplog.text and "earlier than when session" in caplog.text
        room.resume()  # the therapist carries on: nothing is lost, nothing reordered
        await again.scheduler.advance(5 * MIN)
        assert room.state().elapsed_s == pytest.approx(15 * MIN)
        await again.kill()

        third = App(tmp_path, clock_offset=-60 * MIN)  # the journal was moved with the clock
        state = third.room().state()
        assert state.status is Status.RUNNING and state.elapsed_s == pytest.approx(15 * MIN)
        assert [e.kind for e in third.room().session.events] == ["start", "pause", "resume"]
        third.journal.close()

    run(body)


def test_a_running_session_after_a_clock_set_back_loses_at_most_a_poll(tmp_path):
    write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        app.start()
        app.room().start_polling()
        await app.scheduler.advance(20 * MIN + 10)  # the last poll said "still going" at 20:00
        await app.kill()

        again = App(tmp_path, clock_offset=-3 * 60 * MIN)
        state = again.room().state()
        assert state.status is Status.RUNNING
        assert state.elapsed_s == pytest.approx(20 * MIN, abs=0.5)
        again.journal.close()

    run(body)


def test_a_clock_that_jumped_forward_counts_as_time_that_passed(tmp_path):
    write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        app.start()
        await app.scheduler.advance(10 * MIN)
        app.room("lavender").pause()
        app.start("cedar")
        await app.kill()

        again = App(tmp_path, clock_offset=20 * MIN)  # 20 minutes ahead of the right time
        assert again.room("lavender").state().status is Status.PAUSED  # paused stays paused
        assert again.room("cedar").state().elapsed_s == pytest.approx(20 * MIN)  # it caught up
        await again.kill()

        later = App(tmp_path, clock_offset=13 * 60 * MIN)  # nothing written for 13 hours
        assert later.restored == []
        later.journal.flush()
        ended = {s.room_id: s.ended_at for s in later.journal.history()}
        assert set(ended) == {"lavender", "cedar"}
        later.journal.close()

    run(body)


def test_editing_the_preset_file_meanwhile_does_not_change_the_session(tmp_path):
    presets = write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        app.start()
        await app.scheduler.advance(10 * MIN)
        await app.kill()
        write_library(
            presets,
            minutes=30,
            lighting={"level": 80, "kelvin": 4000, "fade_seconds": 0, "turnover_level": 70},
            phases=[{"name": "Only", "minutes": 30}],
        )
        await down_for(1 * MIN)

        again = App(tmp_path)
        assert again.studio.library.find("Test massage").preset.minutes == 30  # the library sees the edit
        state = again.room().state()
        assert state.phase == "Treatment" and state.total_s == pytest.approx(60 * MIN)
        assert state.light.level == pytest.approx(20)
        await again.scheduler.advance(5)  # the lights take a moment to get there
        assert again.device("ceiling").reading().level == pytest.approx(20)
        again.journal.close()

    run(body)


def test_a_session_in_a_room_that_is_gone_is_closed(tmp_path, caplog):
    write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        app.start("lavender")
        app.start("cedar")
        await app.scheduler.advance(4 * MIN)
        await app.kill()

        again = App(tmp_path, StudioConfig(rooms=(room_config("cedar"),)))
        assert again.restored == [again.room("cedar")]
        again.journal.flush()
        assert [s.room_id for s in again.journal.unfinished()] == ["cedar"]
        assert [s.room_id for s in again.journal.history()] == ["lavender"]
        again.journal.close()

    with caplog.at_level(logging.INFO, logger="ambience.journal.restore"):
        run(body)
    assert "room lavender is no longer there" in caplog.text
    assert "Cedar room carries on with Test massage (Welcome, 4 of 60 min)" in caplog.text


def test_kept_preset_text_that_no_longer_reads_closes_the_session(tmp_path, caplog):
    write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        app.start()
        await app.kill()
        conn = sqlite3.connect(tmp_path / "sessions.sqlite3")
        with conn:
            conn.execute("UPDATE sessions SET preset_toml = 'schema = 99'")
        conn.close()

        again = App(tmp_path)
        assert again.restored == []
        again.journal.flush()
        assert again.journal.unfinished() == []
        again.journal.close()

    with caplog.at_level(logging.WARNING, logger="ambience.journal.restore"):
        run(body)
    assert "Test massage in room lavender cannot be restored" in caplog.text
    assert "unsupported version 99" in caplog.text


def test_a_studio_rebuilt_from_a_saved_rooms_config_keeps_the_journal(tmp_path):
    write_library(tmp_path / "presets")

    async def body():
        app = App(tmp_path)
        successor = app.studio.successor(StudioConfig(rooms=(room_config("cedar"), room_config("birch"))))
        assert successor.recorder is app.journal
        assert all(room.recorder is app.journal for room in successor.rooms)
        successor.room("birch").start(successor.plan(successor.library.find("Test massage")))
        app.journal.flush()
        assert [s.room_id for s in app.journal.unfinished()] == ["birch"]
        await successor.close()
        await app.kill()

    run(body)

"""The history after a day of simulated sessions: rows, totals, CSV, and forgetting a client."""

from __future__ import annotations

import pytest

from ambience.journal.daybook import ClientPreferences
from ambience.journal.history import from_csv, read_history, to_csv, totals
from tests.agenda.studio import MIN, App
from tests.support.virtual import run


def history(app: App, tmp_path):
    app.journal.flush()
    names = {r.id: r.name for r in app.studio.config.rooms}
    return read_history(tmp_path / "sessions.sqlite3", app.book.session_notes(), room_names=names)


def a_day(tmp_path):
    """Three sessions: Anna (paused, +5 min), a walk-in (skipped a phase), Ben with a failing light."""

    async def body():
        app = App(tmp_path)
        library = app.studio.library
        app.book.put_client(ClientPreferences("Anna", no_scent=True))
        app.planner.start_now("lotus", library.find("Deep"), client="Anna")
        await app.scheduler.advance(10 * MIN)
        app.room().pause()
        await app.scheduler.advance(5 * MIN)
        app.room().resume()
        app.room().extend(5)
        await app.scheduler.advance(70 * MIN)
        app.planner.start_now("cedar", library.find("Quick"))
        await app.scheduler.advance(MIN)
        app.room("cedar").skip()
        await app.scheduler.advance(40 * MIN)
        app.planner.start_now("lotus", library.find("Quick"), client="Ben")
        app.studio.context.faults["lotus/ceiling"].offline = True
        await app.scheduler.advance(31 * MIN)
        return app

    return body


def test_a_day_of_sessions_makes_one_row_each_with_what_happened(tmp_path):
    async def body():
        app = await a_day(tmp_path)()
        rows = history(app, tmp_path)
        assert [(r.room, r.preset, r.client) for r in rows] == [
            ("Lotus room", "Deep tissue", "Anna"),
            ("Cedar room", "Quick", None),
            ("Lotus room", "Quick", "Ben"),
        ]
        anna, walk_in, ben = rows
        assert anna.pauses == 1 and anna.extended_minutes == 5
        assert anna.minutes == pytest.approx(70)  # 60 + 5 more + 5 paused
        assert walk_in.skipped == 1 and walk_in.minutes == pytest.approx(1)
        assert ben.problems and "Ceiling light" in ben.problems[0]
        day = totals(rows)
        assert day.sessions == 3
        assert day.minutes_by_room == {"Cedar room": pytest.approx(1), "Lotus room": pytest.approx(100)}
        assert day.presets[0] == ("Quick", 2)
        assert day.rooms_with_problems == ["Lotus room"]
        await app.quit()

    run(body)


def test_the_csv_export_reads_back_as_the_same_rows(tmp_path):
    async def body():
        app = await a_day(tmp_path)()
        rows = history(app, tmp_path)
        back = from_csv(to_csv(rows))
        assert [r["session"] for r in back] == [r.session_id for r in rows]
        assert [(r["room"], r["preset"], r["client"], r["pauses"]) for r in back] == [
            (r.room, r.preset, r.client or "", str(r.pauses)) for r in rows
        ]
        assert back[2]["device_problems"].startswith("Ceiling light")
        await app.quit()

    run(body)


def test_deleting_a_client_removes_their_preferences_and_their_name_everywhere(tmp_path):
    async def body():
        app = await a_day(tmp_path)()
        app.planner.add(
            "cedar", app.clock.now() + 120 * MIN, "Quick", client="Anna", notes="prefers the window"
        )
        exported = app.book.client_data("Anna")
        assert exported["preferences"]["no_scent"] and exported["bookings"] and exported["sessions"]
        app.book.forget_client("Anna")
        assert app.book.client("Anna") is None
        assert app.book.client_data("Anna") == {
            "client": "Anna",
            "preferences": None,
            "bookings": [],
            "sessions": [],
        }
        assert "Anna" not in to_csv(history(app, tmp_path))
        assert all(b.client != "Anna" and not b.notes for b in app.book.bookings())
        await app.quit()

    run(body)

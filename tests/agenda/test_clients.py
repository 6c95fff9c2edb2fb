"""Clients: preferences within the studio's bounds, one client's data exported exactly or forgotten."""

from __future__ import annotations

import csv
import io
import json
import stat

import pytest

from ambience.agenda.clients import (
    check_client,
    client_export,
    forget_words,
    health_warning,
    summary,
    write_export,
)
from ambience.cli import main, parse_args
from ambience.config.rooms import save_rooms
from ambience.journal.daybook import ClientPreferences, DayBook
from tests.agenda.studio import MIN, studio_config
from tests.agenda.test_feeds import app_reading_file
from tests.journal.test_history import a_day
from tests.support.virtual import run


def test_preferences_are_checked_against_the_studio_in_plain_words(tmp_path):
    config = studio_config(volume_cap=60.0)
    with DayBook(tmp_path / "day.sqlite3") as book:
        book.put_client(ClientPreferences("Anna"))
        ok = ClientPreferences("Ben", volume=40.0, warmth=-2.5, preset="Quick", note="Window open a little")
        assert check_client(ok, config, ["Quick"], book) == {}
        bad = ClientPreferences("anna", volume=75.0, warmth=3.5, preset="Gone", note="x" * 121)
        found = check_client(bad, config, ["Quick"], book)
        assert found == {
            "name": "there is already a client called Anna",
            "volume": "between 0 and 60 % (the studio's volume cap)",
            "warmth": "at most 3 °C warmer or cooler than the preset",
            "preset": "no preset is called Gone (it may have been removed)",
            "note": "at most 120 characters (121 now)",
        }
        # Renaming Anna to "anna" is the same client.
        assert "name" not in check_client(ClientPreferences("anna"), config, [], book, was="Anna")
        assert check_client(ClientPreferences(" "), config, [], book)["name"] == "give the client's name"
    assert "health information" in health_warning("Pregnant, no lavender")
    assert health_warning("Quiet music, extra towel") == ""


def two_clients(tmp_path):
    """Anna's and Ben's day (from the history tests) with a booking each still to come."""

    async def body():
        app = await a_day(tmp_path)()
        app.book.put_client(ClientPreferences("Ben", volume=15.0, note="Likes the window open"))
        app.planner.add("cedar", app.clock.now() + 120 * MIN, "Quick", client="Anna", notes="Shoulders")
        app.planner.add("cedar", app.clock.now() + 240 * MIN, "Quick", client="Ben", notes="Neck")
        app.journal.flush()
        return app

    return body


def test_an_export_holds_exactly_that_clients_data(tmp_path):
    async def body():
        app = await two_clients(tmp_path)()
        rooms = {r.id: r.name for r in app.studio.config.rooms}
        data = client_export(app.book, "anna", journal_path=app.journal.path, room_names=rooms)
        assert data["client"] == "Anna" and data["preferences"]["no_scent"] is True
        assert [(b["room"], b["notes"]) for b in data["bookings"]] == [("Cedar room", "Shoulders")]
        (session,) = data["sessions"]
        assert (session["room"], session["preset"], session["minutes"]) == ("Lotus room", "Deep tissue", 70)
        ben_sessions = {n.session_id for n in app.book.session_notes().values() if n.client == "Ben"}
        for fmt in ("json", "csv"):
            path = write_export(data, tmp_path / "exports", fmt)
            text = path.read_text(encoding="utf-8")
            assert "Ben" not in text and "Neck" not in text and "window" not in text
            assert not any(sid in text for sid in ben_sessions)
            assert stat.S_IMODE(path.stat().st_mode) == 0o600  # one person's data
        back = json.loads((tmp_path / "exports" / path.name.replace(".csv", ".json")).read_text())
        assert back == data
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert [r["record"] for r in rows] == ["preferences", "booking", "session"]
        again = write_export(data, tmp_path / "exports", "json")  # never over an earlier export
        assert again.name.endswith("-2.json")
        await app.quit()

    run(body)


def test_forgetting_a_client_removes_their_name_from_a_session_going_on_and_from_calendar_bookings(tmp_path):
    async def body():
        app, _ = await app_reading_file(tmp_path)
        await app.planner.poll_feeds()
        app.book.put_client(ClientPreferences("Anna", no_scent=True))
        app.planner.start_now("cedar", app.studio.library.find("Quick"), client="Anna")
        assert app.room("cedar").snapshot().client == "Anna"
        found = summary(app.book, "Anna")
        assert (found.bookings, found.sessions, found.from_calendar) == (3, 1, 3)
        words = forget_words(found)
        assert words.startswith("This removes Anna's preferences, their name on 3 bookings")
        assert "1 session in the history" in words and "the calendar itself still has the name" in words

        app.planner.forget_client("Anna")
        assert app.room("cedar").snapshot().client is None
        assert app.room("cedar").state().no_scent  # what she asked for holds until the session ends
        await app.planner.poll_feeds()  # the calendar still says "Anna - Deep tissue"
        assert all(b.client != "Anna" for b in app.book.bookings())
        assert "Anna" not in app.book.client_names()
        await app.quit()

    run(body)


def test_a_client_renamed_keeps_their_bookings_and_sessions(tmp_path):
    async def body():
        app = await two_clients(tmp_path)()
        app.planner.save_client(ClientPreferences("Anna Smith", no_scent=True), was="Anna")
        assert app.book.client("Anna") is None and app.book.client("Anna Smith").no_scent
        assert summary(app.book, "Anna Smith").bookings == 1
        assert summary(app.book, "Anna Smith").sessions == 1
        with pytest.raises(ValueError, match="already a client called Ben"):
            app.planner.save_client(ClientPreferences("ben"), was="Anna Smith")
        await app.quit()

    run(body)


def test_the_clients_commands_list_show_export_and_forget_on_the_panels_store(tmp_path, capsys, monkeypatch):
    async def day():
        app = await two_clients(tmp_path)()
        await app.quit()

    run(day)
    rooms = tmp_path / "rooms.toml"
    save_rooms(studio_config(presets_dir=str(tmp_path / "presets")), rooms)
    monkeypatch.setattr("ambience.agenda.terminal.default_daybook_path", lambda: tmp_path / "day.sqlite3")
    monkeypatch.setattr(
        "ambience.agenda.terminal.default_journal_path", lambda: tmp_path / "sessions.sqlite3"
    )
    config = ["--config", str(rooms)]
    capsys.readouterr()
    assert main(["clients", "list", *config]) == 0
    listed = capsys.readouterr().out
    assert "Anna" in listed and "No scent" in listed and "Ben" in listed and "1 booking, 1 session" in listed
    assert main(["clients", "show", "an", *config]) == 0
    shown = capsys.readouterr().out
    assert "scent: none" in shown and "Deep tissue" in shown and "Ben" not in shown
    assert main(["clients", "export", "Anna", "--to", str(tmp_path / "out"), "--csv", *config]) == 0
    (written,) = (tmp_path / "out").iterdir()
    assert written.suffix == ".csv" and f"wrote {written}" in capsys.readouterr().out
    assert main(["clients", "forget", "Anna", *config]) == 1  # not without --yes (no terminal to ask)
    assert "nothing deleted" in capsys.readouterr().out
    assert main(["clients", "forget", "Anna", "--yes", *config]) == 0
    out = capsys.readouterr().out
    assert out.startswith("This removes Anna's preferences") and "deleted Anna's data" in out
    assert main(["clients", "show", "Anna", *config]) == 2
    assert "no client is called 'Anna'" in capsys.readouterr().err
    for action in (["export", "Anna"], ["forget", "Anna", "--yes"]):  # a demo's clients change nothing
        with pytest.raises(SystemExit):
            parse_args(["clients", *action, "--demo"])

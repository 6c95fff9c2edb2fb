"""The day from a terminal: the same store as the panel, booking changes, history and feeds."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest

from ambience.agenda.bookings import BookingRefused
from ambience.agenda.terminal import Terminal
from ambience.cli import main
from ambience.config.library import load_library
from ambience.config.rooms import save_rooms
from ambience.journal.daybook import DayBook
from tests.agenda.studio import studio_config, write_library

NOW = datetime(2027, 3, 22, 9, 0).timestamp()


def terminal(tmp_path) -> tuple[Terminal, io.StringIO]:
    write_library(tmp_path / "presets")
    out = io.StringIO()
    term = Terminal(
        studio_config(),
        load_library(tmp_path / "presets"),
        book_path=tmp_path / "day.sqlite3",
        journal_path=tmp_path / "sessions.sqlite3",
        out=out,
        now=NOW,
    )
    return term, out


def test_bookings_added_moved_and_cancelled_from_the_terminal_show_in_the_day(tmp_path):
    term, out = terminal(tmp_path)
    term.add("lotus", "14:00", "deep", "Anna", "back pain is better", None)
    term.add("cedar", "10:30", "quick", None, "", None)
    with pytest.raises(BookingRefused, match="already booked"):
        term.add("lotus", "14:30", "quick", None, "", None)
    with DayBook(tmp_path / "day.sqlite3") as book:
        anna = next(b for b in book.bookings() if b.client == "Anna")
    term.move(anna.id[:4], "15:00", None, None)
    out.truncate(0)
    term.day(as_json=False)
    text = out.getvalue()
    assert "Lotus room" in text and "15:00–16:00  Deep tissue  Anna" in text
    assert "10:30–11:00  Quick" in text
    out.truncate(0)
    out.seek(0)
    term.cancel(anna.id)
    term.day("lotus", as_json=True)
    (listed,) = json.loads(out.getvalue()[out.getvalue().index("[") :])
    assert listed["state"] == "cancelled" and listed["client"] == "Anna"


def test_a_time_or_day_that_does_not_read_is_refused_with_the_right_form(tmp_path):
    term, _ = terminal(tmp_path)
    with pytest.raises(BookingRefused, match="HH:MM"):
        term.add("lotus", "2pm", "deep", None, "", None)
    with pytest.raises(BookingRefused, match="YYYY-MM-DD"):
        term.add("lotus", "14:00", "deep", None, "", "next week")


def test_the_history_of_a_day_with_no_sessions_prints_zero_totals(tmp_path):
    term, out = terminal(tmp_path)
    assert term.history(date.fromtimestamp(NOW).isoformat(), None) == 0
    assert "0 sessions" in out.getvalue()
    out.truncate(0)
    out.seek(0)
    term.history(None, None, as_csv=True)
    assert out.getvalue().startswith("day,room,preset,client,start,end")


def test_the_command_line_books_and_lists_on_the_same_store(tmp_path, capsys):
    write_library(tmp_path / "presets")
    config = studio_config().model_copy(update={"presets_dir": str(tmp_path / "presets")})
    save_rooms(config, tmp_path / "rooms.toml")
    args = ["--config", str(tmp_path / "rooms.toml")]
    assert main(["bookings", "add", "lotus", "23:59", "Deep tissue", "--date", "tomorrow", *args]) == 0
    assert main(["day", "--date", "tomorrow", *args]) == 0
    assert "23:59" in capsys.readouterr().out
    assert main(["bookings", "add", "nowhere", "10:00", "Deep", *args]) == 2
    assert "no room matches" in capsys.readouterr().err
    assert main(["feeds", "sync", *args]) == 0
    assert "no calendar feeds" in capsys.readouterr().out

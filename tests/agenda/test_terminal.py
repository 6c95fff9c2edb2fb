"""The day from a terminal: the same store as the panel, booking changes, history and feeds."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date, datetime

import pytest

from ambience.agenda.bookings import BookingRefused
from ambience.agenda.terminal import Terminal
from ambience.cli import main
from ambience.config.library import load_library
from ambience.config.paths import default_journal_path
from ambience.config.rooms import save_rooms
from ambience.journal.daybook import DayBook, default_daybook_path
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


@pytest.fixture
def demo_only(tmp_path, monkeypatch, private_dirs):
    """The studio's own stores must stay untouched; the demo's folder must be gone afterwards."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    yield
    assert not default_daybook_path().exists() and not default_journal_path().exists()
    assert list(tmp_path.iterdir()) == []


def test_day_with_demo_shows_the_demos_day_and_not_the_studios(demo_only, capsys):
    assert main(["day", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "Lavender room" in out and "Anna" in out and "Ben" in out and "[calendar]" in out


def test_history_with_demo_shows_the_demos_sessions_earlier_today(demo_only, capsys):
    assert main(["history", "--demo"]) == 0
    assert "3 sessions" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("action", "shown"), [("list", "Online bookings (sample)"), ("sync", "(sample): read")]
)
def test_feeds_with_demo_read_the_demos_sample_calendar(demo_only, capsys, action, shown):
    assert main(["feeds", action, "--demo"]) == 0
    out = capsys.readouterr().out
    assert shown in out
    lines = out.splitlines()
    assert len(lines) == len(set(lines))  # a repeating event skipped is said once, with how many times


def test_clients_with_demo_lists_the_demos_clients(demo_only, capsys):
    assert main(["clients", "list", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "Anna" in out and "Ben" in out


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        (["bookings", "add", "lavender", "14:00", "deep"], "book on the demo's panel"),
        (["bookings", "move", "3fa9", "15:00"], "book on the demo's panel"),
        (["bookings", "cancel", "3fa9"], "book on the demo's panel"),
        (["feeds", "add", "bookings.ics"], "reads only its sample calendar"),
        (["clients", "export", "Anna"], "thrown away"),
        (["clients", "forget", "Anna", "--yes"], "nothing to forget"),
    ],
)
def test_a_change_with_demo_is_refused_with_where_to_try_it(demo_only, capsys, command, reason):
    with pytest.raises(SystemExit) as refused:
        main([*command, "--demo"])
    assert refused.value.code == 2
    assert reason in capsys.readouterr().err

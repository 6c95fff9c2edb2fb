"""A day book that cannot be read is set aside, and the owner is told in words."""

from __future__ import annotations

from ambience.journal.daybook import DayBook


def test_an_unreadable_day_book_is_kept_aside_and_a_new_one_started_with_the_reason_in_words(tmp_path):
    path = tmp_path / "day.sqlite3"
    path.write_bytes(b"\x00\x01 half a page of bookings \xff" * 200)
    with DayBook(path) as book:
        assert book.persistent
        (aside,) = tmp_path.glob("day.sqlite3.broken-*")
        assert book.problem is not None
        assert str(path) in book.problem and "file is not a database" in book.problem
        assert f"kept as {aside.name}" in book.problem
    assert aside.read_bytes().startswith(b"\x00\x01 half a page")
    with DayBook(path) as again:
        assert again.problem is None

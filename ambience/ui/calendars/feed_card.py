"""One booking calendar on the feeds screen: its name, where it is read from, how the last read went."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ambience.journal.daybook import Feed
from ambience.ui.qt import QFrame, QHBoxLayout, QVBoxLayout, QWidget
from ambience.ui.widgets import ElidedLabel, set_role, set_text, text_label, touch_button


def when_text(t: float, now: float) -> str:
    """``14:05`` today, ``yesterday 14:05``, ``Thu 12 Mar 14:05`` otherwise."""
    moment, today = datetime.fromtimestamp(t), date.fromtimestamp(now)
    if moment.date() == today:
        return f"{moment:%H:%M}"
    if (today - moment.date()).days == 1:
        return f"yesterday {moment:%H:%M}"
    return f"{moment:%a %d %b %H:%M}"


def state_words(
    feed: Feed, bookings: int, now: float, next_read: float | None, reading: bool
) -> tuple[str, str]:
    """The feed's state in words and the label role that colours it."""
    count = f"{bookings} booking{'s' if bookings != 1 else ''} to come"
    retry = f"; trying again at {when_text(next_read, now)}" if next_read is not None else ""
    if reading:
        return "Reading it now…", "muted"
    if feed.last_error:
        tried = f" (tried at {when_text(feed.last_try_at, now)})" if feed.last_try_at else ""
        if feed.last_ok_at is None:
            return f"Could not be read{tried}: {feed.last_error}{retry}.", "warning"
        return (
            f"Not read since {when_text(feed.last_ok_at, now)}{tried}: {feed.last_error}{retry}. "
            f"Its {count} stay as they were.",
            "warning",
        )
    if feed.last_ok_at is None:
        return "Not read yet.", "muted"
    following = f" · next read at {when_text(next_read, now)}" if next_read is not None else ""
    return f"Read at {when_text(feed.last_ok_at, now)} · {count}{following}", "client"


def source_words(feed: Feed) -> str:
    """``Address: https://calendar.example/…``, or ``File: bookings.ics, in the folder Calendars``
    (the whole path is on the calendar's Change screen)."""
    if feed.is_url:
        return f"Address: {feed.location}"
    path = Path(feed.location)
    return f"File: {path.name}, in the folder {path.parent.name or path.parent}"


class FeedCard(QFrame):
    """A calendar: name, source, state, what its events default to, and its buttons."""

    def __init__(self, feed: Feed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.feed = feed
        self.setProperty("role", "card")
        self.name = ElidedLabel(feed.name, "tile-name")
        self.source = ElidedLabel(feed.location, "faint")
        self.state = text_label("", "muted", wrap=True)
        self.defaults = text_label("", "faint", wrap=True)
        self.read_button = touch_button("Read now")
        self.preview_button = touch_button("Preview")
        self.change_button = touch_button("Change…")
        self.remove_button = touch_button("Remove…", "danger")
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addStretch(1)
        for button in (self.read_button, self.preview_button, self.change_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addWidget(self.name)
        layout.addWidget(self.source)
        layout.addWidget(self.state)
        layout.addWidget(self.defaults)
        layout.addLayout(buttons)

    def show_feed(
        self,
        feed: Feed,
        bookings: int,
        now: float,
        next_read: float | None,
        reading: bool,
        defaults: str,
    ) -> None:
        self.feed = feed
        set_text(self.name, feed.name)
        set_text(self.source, source_words(feed))
        words, role = state_words(feed, bookings, now, next_read, reading)
        set_text(self.state, words)
        set_role(self.state, role)
        set_text(self.defaults, defaults)
        self.read_button.setEnabled(not reading)
        self.preview_button.setEnabled(feed.good_copy is not None)

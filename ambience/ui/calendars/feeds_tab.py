"""The calendars screen's first tab: one card per booking calendar, and a button to add one."""

from __future__ import annotations

from collections.abc import Sequence

from ambience.journal.daybook import Feed
from ambience.ui.calendars.feed_card import FeedCard
from ambience.ui.lists import ScrollList
from ambience.ui.qt import QHBoxLayout, QVBoxLayout, QWidget
from ambience.ui.widgets import set_text, text_label, touch_button

EMPTY = (
    "No calendar yet. Add your booking calendar's address (Google Calendar's secret address in "
    "iCal format, or the ICS feed of Acuity, Vagaro and the like) or an .ics file."
)


class FeedsTab(QWidget):
    """The calendars the studio reads (the page fills the cards and answers their buttons)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[str, FeedCard] = {}
        self.intro = text_label("", "faint", wrap=True)
        self.empty = text_label(EMPTY, "muted", wrap=True)
        self.list = ScrollList()
        self.list.set_rows([self.empty])
        self.add_button = touch_button("Add a calendar", "primary")
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)

    def set_intro(self, poll_minutes: float) -> None:
        set_text(
            self.intro,
            f"The studio's booking calendars, read every {poll_minutes:g} minutes. Their events become "
            "bookings marked “from the calendar”; a booking changed in the studio is never overwritten.",
        )

    def cards_for(self, feeds: Sequence[Feed]) -> list[FeedCard]:
        """A card per feed, in order: kept when the feed stays, made when it is new."""
        if list(self.cards) != [f.id for f in feeds]:
            old = self.cards
            self.cards = {f.id: old.get(f.id) or FeedCard(f) for f in feeds}
            if not feeds:
                self.empty = text_label(EMPTY, "muted", wrap=True)  # the list owns (and deletes) it
            widgets: list[QWidget] = list(self.cards.values()) if feeds else [self.empty]
            self.list.set_rows(widgets)
        return list(self.cards.values())

"""The calendars screen's preview: each upcoming event of a calendar and the booking it makes, or why not."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ambience.agenda.preview import FeedPreview, outcome_words
from ambience.agenda.sync import EventOutcome, Outcome
from ambience.journal.daybook import Feed
from ambience.ui.lists import ScrollList
from ambience.ui.qt import QFrame, QHBoxLayout, Qt, QVBoxLayout, QWidget
from ambience.ui.strip import ChoiceStrip
from ambience.ui.widgets import ElidedLabel, set_text, text_label


class PreviewRow(QFrame):
    """``Thu 14:00  Anna - Deep tissue (Lotus)  →  Lotus room · Deep tissue · Anna``, and how."""

    def __init__(self, outcome: EventOutcome, room_names: dict[str, str]) -> None:
        super().__init__()
        self.outcome = outcome
        self.setProperty("role", "row")
        event = outcome.event
        start = datetime.fromtimestamp(event.starts_at)
        self.when = text_label(f"{start:%a %H:%M}", "tile-length")
        where = f"  ({event.location})" if event.location else ""
        self.summary = ElidedLabel(f"{event.summary or 'An event with no title'}{where}", "tile-name")
        what, how = outcome_words(outcome, room_names)
        booked = outcome.outcome is not Outcome.SKIPPED
        self.what = ElidedLabel(("→ " if booked else "✕ ") + what, "client" if booked else "warning")
        self.how = text_label(how, "faint", wrap=True)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.summary)
        words.addWidget(self.what)
        words.addWidget(self.how)
        line = QHBoxLayout(self)
        line.setContentsMargins(4, 8, 4, 8)
        line.setSpacing(14)
        line.addWidget(self.when, 0, Qt.AlignmentFlag.AlignTop)
        line.addLayout(words, 1)


class PreviewTab(QWidget):
    """One calendar's upcoming events (the strip chooses which calendar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []
        self.feeds = ChoiceStrip()
        self.summary = text_label("Choose a calendar.", "muted", wrap=True)
        self.list = ScrollList(spacing=0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.feeds)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

    def set_feeds(self, feeds: Sequence[Feed], chosen: str | None) -> None:
        choices = [(f.id, f.name) for f in feeds]
        if [(k, b.text()) for k, b in self.feeds.buttons.items()] != choices:
            self.feeds.set_choices(choices)
        if chosen is not None:
            self.feeds.set_value(chosen)
        self.feeds.setVisible(len(feeds) > 1)

    def waiting(self) -> None:
        set_text(self.summary, "Working out how the events map…")

    def show_preview(self, preview: FeedPreview, room_names: dict[str, str]) -> None:
        self.rows = [PreviewRow(o, room_names) for o in preview.outcomes]
        widgets: list[QWidget] = list(self.rows)
        if preview.error:
            text = f"{preview.feed.name}: {preview.error}. Touch Read now on the Calendars tab."
        else:
            booked = sum(1 for o in preview.outcomes if o.outcome is not Outcome.SKIPPED)
            missing = len(preview.outcomes) - booked
            text = f"{preview.feed.name}: {len(preview.outcomes)} events to come, {booked} booked"
            text += f", {missing} not booked (add a rule for them on the Rules tab)." if missing else "."
            if not preview.outcomes:
                text = f"{preview.feed.name}: no events to come in the next two weeks."
        set_text(self.summary, text)
        for problem in preview.problems:
            widgets.append(text_label(f"Left out: {problem}", "warning", wrap=True))
        self.list.set_rows(widgets)

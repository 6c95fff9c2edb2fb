"""The owner's calendars screen: add, read, change and remove booking calendars; the rules; a preview.

Everything the owner does here is kept at once (the day book is written in short steps), so the
screen has nothing to save and nothing to lose when owner mode locks. Reading a calendar runs on
the shared loop (the fetch itself on a thread), and the preview is worked out on a thread from
the calendar's last good copy: the screen never waits on the network or a large calendar.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from ambience.agenda.preview import FeedPreview, preview_feed
from ambience.agenda.rules import check_rule, target_words
from ambience.agenda.sync import FeedError, SyncReport
from ambience.journal.daybook import Feed, FeedRule
from ambience.ui.calendars.feed_card import FeedCard
from ambience.ui.calendars.feed_editor import NONE, FeedEditor
from ambience.ui.calendars.feeds_tab import FeedsTab
from ambience.ui.calendars.preview_tab import PreviewTab
from ambience.ui.calendars.rule_editor import RuleEditor
from ambience.ui.calendars.rules_tab import RulesTab
from ambience.ui.facade import StudioFacade
from ambience.ui.inputs import Choices
from ambience.ui.owner.book_page import BookPage
from ambience.ui.panel.dialogs import Question
from ambience.ui.qt import QStackedWidget, QWidget
from ambience.ui.widgets import set_text, text_label, touch_button

log = logging.getLogger(__name__)

TABS = [("feeds", "Calendars"), ("rules", "Rules"), ("preview", "Preview")]


class CalendarsPage(BookPage):
    """The booking calendars the studio reads, the owner's rules and how events map under them."""

    def __init__(self, facade: StudioFacade, *, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(facade, parent)
        self.reading: set[str] = set()
        self.preview_feed_id: str | None = None
        self.preview: FeedPreview | None = None
        self._preview_round = 0

        self.tabs = Choices(TABS, "feeds")
        self.tabs.chosen.connect(self.show_tab)
        self.read_all_button = touch_button("Read all now")
        self.read_all_button.clicked.connect(self.read_all)
        self._top.addWidget(self.tabs)
        self._top.addWidget(self.status, 1)
        self._top.addWidget(self.read_all_button)

        self.feeds_tab = FeedsTab()
        self.feeds_tab.add_button.clicked.connect(self.add_calendar)
        self.rules_tab = RulesTab()
        self.rules_tab.add_button.clicked.connect(lambda: self.edit_rule(None))
        self.preview_tab = PreviewTab()
        self.preview_tab.feeds.chosen.connect(self.show_preview)
        self.stack = QStackedWidget()
        for tab in (self.feeds_tab, self.rules_tab, self.preview_tab):
            self.stack.addWidget(tab)
        note = self.demo_note(note, "the calendars, rules and bookings")
        self.note = text_label(note, "warning", wrap=True)
        self.note.setVisible(bool(note))
        self.main.addLayout(self._top)
        self.main.addWidget(self.note)
        self.main.addWidget(self.stack, 1)
        facade.day_changed.connect(self.refresh)
        self._fit()
        self.refresh()

    # What is shown.
    @property
    def room_names(self) -> dict[str, str]:
        return {r.id: r.name for r in self.planner.studio.config.rooms}

    @property
    def presets(self) -> list[str]:
        return self.planner.studio.library.names()

    def feeds(self) -> list[Feed]:
        return self.planner.book.feeds()

    def show_tab(self, key: str) -> None:
        self.tabs.set_value(key)
        self.stack.setCurrentIndex([k for k, _ in TABS].index(key))
        if key == "preview":
            self.show_preview(self.preview_feed_id)

    def refresh(self) -> None:
        if not self._open:
            return
        now = self.planner.clock.now()
        feeds = self.feeds()
        config = self.planner.studio.config
        self.feeds_tab.set_intro(config.feed_poll_minutes)
        next_read = self.planner.next_feed_poll()
        for card, feed in zip(self.feeds_tab.cards_for(feeds), feeds, strict=True):
            self._wire(card)
            card.show_feed(
                feed,
                self.planner.feed_bookings(feed.id),
                now,
                next_read,
                feed.id in self.reading,
                self._defaults(feed),
            )
        self.read_all_button.setEnabled(bool(feeds) and not self.reading)
        self.rules_tab.show_rules(self.planner.book.rules(), self.room_names)
        for row in self.rules_tab.rows:
            if not row.property("wired"):
                row.setProperty("wired", True)
                row.change_button.clicked.connect(lambda _c=False, r=row.rule: self.edit_rule(r))
                row.remove_button.clicked.connect(lambda _c=False, r=row.rule: self.remove_rule(r))
        if self.preview_feed_id not in {f.id for f in feeds}:
            self.preview_feed_id = feeds[0].id if feeds else None
        self.preview_tab.set_feeds(feeds, self.preview_feed_id)
        if self.stack.currentWidget() is self.preview_tab:
            self.show_preview(self.preview_feed_id)

    def _wire(self, card: FeedCard) -> None:
        if card.property("wired"):
            return
        card.setProperty("wired", True)
        card.read_button.clicked.connect(lambda: self.read(card.feed.id))
        card.preview_button.clicked.connect(lambda: self.open_preview(card.feed.id))
        card.change_button.clicked.connect(lambda: self.change_calendar(card.feed))
        card.remove_button.clicked.connect(lambda: self.remove_calendar(card.feed))

    def _defaults(self, feed: Feed) -> str:
        room = self.room_names.get(feed.room_id or "", "")
        if not room and not feed.preset:
            return "Each event must name its room and preset (or a rule must)."
        parts = [f"go to {room}" if room else "", f"get {feed.preset}" if feed.preset else ""]
        return "Events that name none " + " and ".join(p for p in parts if p) + "."

    # Calendars.
    def add_calendar(self) -> None:
        editor = FeedEditor(self, list(self.room_names.items()), self.presets)
        editor.submitted.connect(lambda *answer: self._add(editor, *answer))
        self._show(editor)

    def _add(self, editor: FeedEditor, source: str, name: str, room_id: str, preset: str) -> None:
        editor.busy()

        async def adding() -> None:
            try:
                # The keyring may take a moment (it can be a service on the bus): off the loop's thread.
                feed = await asyncio.to_thread(
                    self.planner.add_feed, source, name or None, room_id or None, preset or None
                )
            except FeedError as exc:
                if self._open:
                    editor.show_error(str(exc))
                return
            if not self._open:
                return
            editor.accept()
            self.say(f"Added {feed.name}; reading it…")
            await self._read(feed.id)

        self.facade.run_async(adding())

    def change_calendar(self, feed: Feed) -> None:
        editor = FeedEditor(self, list(self.room_names.items()), self.presets, feed)

        def save(_source: str, name: str, room_id: str, preset: str) -> None:
            changed = self.planner.change_feed(feed, name, room_id or None, preset or None)
            editor.accept()
            self.say(f"Saved {changed.name}: the next read uses its room and preset.")
            self.refresh()

        editor.submitted.connect(save)
        self._show(editor)

    def remove_calendar(self, feed: Feed) -> None:
        count = self.planner.feed_bookings(feed.id)
        bookings = f"Its {count} booking{'s' if count != 1 else ''} to come that nobody changed in the studio"
        short = len(feed.name) <= 24
        question = Question(
            self,
            f"Remove {feed.name}?" if short else "Remove this calendar?",
            ("" if short else f"{feed.name}. ")
            + f"The calendar is no longer read. {bookings} go (a room preheating for one stops); "
            "bookings changed in the studio stay."
            + (" Its address is removed from this computer's keyring." if feed.is_url else ""),
            "Remove",
            "Keep it",
            danger=True,
        )
        self._ask(question, lambda: self._remove(feed))

    def _remove(self, feed: Feed) -> None:
        self.planner.remove_feed(feed.id)
        self.reading.discard(feed.id)
        self.say(f"Removed {feed.name}.")
        self.refresh()

    def read(self, feed_id: str) -> None:
        self.facade.run_async(self._read(feed_id))

    async def _read(self, feed_id: str) -> None:
        if feed_id in self.reading:
            return
        self.reading.add(feed_id)
        self.refresh()
        try:
            report = await self.planner.sync_feed(feed_id)
        finally:
            self.reading.discard(feed_id)
        if self._open:
            if report is not None:
                self.say(report_words(report))
            self.refresh()

    def read_all(self) -> None:
        async def all_feeds() -> None:
            ids = [f.id for f in self.feeds()]
            self.reading.update(ids)
            self.refresh()
            try:
                reports = await self.planner.poll_feeds()
            finally:
                self.reading.difference_update(ids)
            if self._open:
                self.say(" ".join(report_words(r) for r in reports) or "No calendars to read.")
                self.refresh()

        self.facade.run_async(all_feeds())

    # Rules.
    def edit_rule(self, rule: FeedRule | None) -> None:
        editor = RuleEditor(self, list(self.room_names.items()), self.presets, rule)
        editor.submitted.connect(lambda kind, word, target: self._save_rule(editor, rule, kind, word, target))
        self._show(editor)

    def _save_rule(
        self, editor: RuleEditor, rule: FeedRule | None, kind: str, word: str, target: str
    ) -> None:
        book = self.planner.book
        problem = check_rule(
            kind,
            word,
            target,
            self.planner.studio.config,
            self.presets,
            book.rules(),
            rule.id if rule else None,
        )
        if problem:
            editor.show_error(problem)
            return
        saved = (
            book.add_rule(kind, word, target)
            if rule is None
            else book.put_rule(FeedRule(rule.id, kind, word, target))
        )
        editor.accept()
        self.say(
            f"Saved: “{saved.keyword}” → {target_words(saved, self.room_names)}. The preview shows it now; "
            "the next read books by it (or touch Read all now)."
        )
        self.refresh()

    def remove_rule(self, rule: FeedRule) -> None:
        self.planner.book.remove_rule(rule.id)
        self.say(f"Removed the rule “{rule.keyword}”; the next read no longer uses it.")
        self.refresh()

    # Preview.
    def open_preview(self, feed_id: str) -> None:
        self.preview_feed_id = feed_id
        self.show_tab("preview")

    def show_preview(self, feed_id: str | None) -> None:
        self.preview_feed_id = feed_id
        feed = next((f for f in self.feeds() if f.id == feed_id), None)
        if feed is None:
            set_text(self.preview_tab.summary, "Add a calendar on the Calendars tab first.")
            self.preview_tab.list.set_rows([])
            return
        self.preview_tab.set_feeds(self.feeds(), feed.id)
        self._preview_round += 1
        round_ = self._preview_round
        planner = self.planner
        studio = planner.studio
        self.preview_tab.waiting()

        def shown(future: asyncio.Future[Any]) -> None:
            if future.cancelled() or not self._open or round_ != self._preview_round:
                return
            error = future.exception()
            if error is not None:
                log.error("the preview could not be worked out", exc_info=error)
                set_text(self.preview_tab.summary, f"The preview could not be worked out: {error}")
                return
            self.preview = future.result()
            self.preview_tab.show_preview(future.result(), self.room_names)

        work = asyncio.to_thread(
            preview_feed, planner.book, feed, studio.config, studio.library, planner.clock.now()
        )
        self.facade.run_async(work).add_done_callback(shown)


def report_words(report: SyncReport) -> str:
    """``Bookings: 3 new, 1 changed, 1 removed; 2 events not booked.`` for the status line."""
    if report.error:
        return f"{report.feed}: not read ({report.error})."
    parts = [
        f"{len(report.added)} new" if report.added else "",
        f"{len(report.changed)} changed" if report.changed else "",
        f"{len(report.removed)} removed" if report.removed else "",
    ]
    done = ", ".join(p for p in parts if p) or "nothing new"
    skipped = len(report.skipped)
    rest = f"; {skipped} event{'s' if skipped != 1 else ''} not booked (see Preview)" if skipped else ""
    return f"{report.feed}: {done}{rest}."


__all__ = ["NONE", "CalendarsPage", "report_words"]

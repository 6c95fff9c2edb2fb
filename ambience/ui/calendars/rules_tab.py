"""The owner's rules on the calendars screen: one row per rule, grouped by what the word names."""

from __future__ import annotations

from collections.abc import Sequence

from ambience.agenda.rules import KIND_TITLES, target_words
from ambience.journal.daybook import FeedRule
from ambience.ui.lists import ScrollList
from ambience.ui.qt import QFrame, QHBoxLayout, QVBoxLayout, QWidget
from ambience.ui.widgets import ElidedLabel, text_label, touch_button

INTRO = (
    "An event finds its room by a room's name in its location or title, its preset by a preset's "
    "name in its title, and its client in the rest of the title. Rules come first: add one for the "
    "words your calendar uses."
)
SECTIONS = {
    "room": "WORDS THAT NAME A ROOM",
    "preset": "WORDS THAT NAME A PRESET",
    "client": "WORDS THAT NAME A CLIENT (OR NO ONE)",
}


class RuleRow(QFrame):
    """“upstairs” → Cedar room, with Change and Remove."""

    def __init__(self, rule: FeedRule, target: str) -> None:
        super().__init__()
        self.rule = rule
        self.setProperty("role", "row")
        self.words = ElidedLabel(f"“{rule.keyword}”  →  {target}", "tile-name")
        self.change_button = touch_button("Change…")
        self.remove_button = touch_button("Remove", "danger")
        line = QHBoxLayout(self)
        line.setContentsMargins(4, 6, 4, 6)
        line.setSpacing(8)
        line.addWidget(self.words, 1)
        line.addWidget(self.change_button)
        line.addWidget(self.remove_button)


class RulesTab(QWidget):
    """The rules, and a button to add one (the page opens the editors)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RuleRow] = []
        self.list = ScrollList(spacing=2)
        self.add_button = touch_button("Add a rule", "primary")
        self.hint = text_label("", "muted", wrap=True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(text_label(INTRO, "faint", wrap=True))
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)

    def show_rules(self, rules: Sequence[FeedRule], room_names: dict[str, str]) -> None:
        widgets: list[QWidget] = []
        self.rows = []
        for kind, heading in SECTIONS.items():
            mine = [r for r in rules if r.kind == kind]
            widgets.append(text_label(heading, "heading"))
            if not mine:
                widgets.append(text_label(f"No {KIND_TITLES[kind].lower()} rules.", "faint"))
            for rule in mine:
                row = RuleRow(rule, target_words(rule, room_names))
                self.rows.append(row)
                widgets.append(row)
        self.list.set_rows(widgets)

    def row(self, keyword: str) -> RuleRow:
        return next(r for r in self.rows if r.rule.keyword == keyword)

"""Adding or changing one of the owner's rules: a word, and the room, preset or client it names."""

from __future__ import annotations

from collections.abc import Sequence

from ambience.agenda.rules import KIND_HELP
from ambience.journal.daybook import FeedRule
from ambience.ui.fit import focus_on_touch
from ambience.ui.form_dialog import FormDialog, as_sentence
from ambience.ui.inputs import Choices, Switch
from ambience.ui.qt import QComboBox, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget, Signal
from ambience.ui.strip import ChoiceStrip
from ambience.ui.widgets import set_text, text_field, text_label, touch_button

KINDS = [("room", "A room"), ("preset", "A preset"), ("client", "A client")]
EXAMPLES = {
    "room": "The word, e.g. Upstairs or Room 2",
    "preset": "The word, e.g. 60 min or Hot stone",
    "client": "The word, e.g. AJ or Appointment",
}


class RuleEditor(FormDialog):
    """``submitted(kind, keyword, target)``: the owner's answers (the page checks and saves them)."""

    submitted = Signal(str, str, str)

    def __init__(
        self,
        parent: QWidget,
        rooms: Sequence[tuple[str, str]],
        presets: Sequence[str],
        rule: FeedRule | None = None,
    ) -> None:
        super().__init__(parent, "Rule")
        self.rule = rule
        kind = rule.kind if rule else "room"
        self.kind = Choices(KINDS, kind)
        self.kind.chosen.connect(self._kind)
        self.help = text_label("", "faint", wrap=True)
        self.keyword = text_field("", rule.keyword if rule else "")
        self.keyword.setMaxLength(61)
        self.room = ChoiceStrip(rooms, rule.target if rule and rule.kind == "room" else None)
        self.preset = QComboBox()
        for name in presets:
            self.preset.addItem(name, name)
        if rule is not None and rule.kind == "preset":
            self.preset.setCurrentIndex(max(0, self.preset.findData(rule.target)))
        self.client = text_field("The client's name", rule.target if rule and rule.kind == "client" else "")
        self.client.setMaxLength(61)
        marked = rule is not None and rule.kind == "client" and not rule.target
        self.no_name = Switch(marked, on_text="No one's name", off_text="A name")
        self.no_name.setMinimumWidth(180)
        self.no_name.toggledByUser.connect(lambda on: self.client.setEnabled(not on))
        self.client.setEnabled(not self.no_name.isChecked())
        client_box = QWidget()
        line = QHBoxLayout(client_box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.no_name)
        line.addWidget(self.client, 1)
        self.target = QStackedWidget()
        for widget in (self.room, self.preset, client_box):
            self.target.addWidget(widget)
        self.target_heading = text_label("", "heading")
        self.error = text_label("", "error", wrap=True)
        self.error.hide()
        self.save_button = touch_button("Save", "primary")
        self.save_button.clicked.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(6)
        layout.addWidget(text_label("Add a rule" if rule is None else "Change the rule", "title"))
        layout.addWidget(text_label("THE WORD NAMES", "heading"))
        layout.addWidget(self.kind)
        layout.addWidget(self.help)
        layout.addWidget(self.keyword)
        layout.addWidget(self.target_heading)
        layout.addWidget(self.target)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addLayout(self.action_row(self.save_button))
        self._kind(kind)
        focus_on_touch(self)

    def _kind(self, kind: str) -> None:
        set_text(self.help, KIND_HELP[kind])
        self.keyword.setPlaceholderText(EXAMPLES[kind])
        set_text(
            self.target_heading, {"room": "THE ROOM", "preset": "THE PRESET", "client": "THE CLIENT"}[kind]
        )
        self.target.setCurrentIndex(["room", "preset", "client"].index(kind))
        self.error.hide()

    def target_value(self) -> str:
        kind = self.kind.value()
        if kind == "room":
            return self.room.value() or ""
        if kind == "preset":
            return str(self.preset.currentData() or "")
        return "" if self.no_name.isChecked() else self.client.text().strip()

    def submit(self) -> None:
        kind = self.kind.value() or "room"
        if kind == "client" and not self.no_name.isChecked() and not self.client.text().strip():
            self.show_error("Type the client's name, or mark the word as no one's name")
            return
        self.submitted.emit(kind, self.keyword.text().strip(), self.target_value())

    def show_error(self, text: str) -> None:
        set_text(self.error, as_sentence(text))
        self.error.show()

"""Adding a booking calendar (an address or an .ics file), or changing one's name and defaults."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ambience.journal.daybook import Feed
from ambience.ui.choosers import choose_file
from ambience.ui.fit import focus_on_touch
from ambience.ui.form_dialog import FormDialog, as_sentence
from ambience.ui.inputs import Choices
from ambience.ui.qt import (
    QComboBox,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.strip import ChoiceStrip
from ambience.ui.widgets import ElidedLabel, set_text, text_field, text_label, touch_button

NONE = ""
CALENDAR_FILES = ("Calendars (*.ics *.ical *.icalendar *.ifb)", "All files (*)")
ADDRESS_HELP = (
    "Google Calendar: Settings → your calendar → Integrate calendar → Secret address in iCal "
    "format. Acuity, Vagaro and the like show an ICS or iCal link. The address is kept in this "
    "computer's keyring, never in a file."
)


class FeedEditor(FormDialog):
    """``submitted(source, name, room_id, preset)``: the owner's answers (the page adds or saves)."""

    submitted = Signal(str, str, str, str)

    def __init__(
        self,
        parent: QWidget,
        rooms: Sequence[tuple[str, str]],
        presets: Sequence[str],
        feed: Feed | None = None,
    ) -> None:
        super().__init__(parent, "Calendar")
        self.feed = feed
        self.file_path = ""
        self.kind = Choices([("url", "An address"), ("file", "A file")], "url")
        self.kind.chosen.connect(self._kind)
        self.address = text_field("https://… or webcal://…")
        self.address.setMaxLength(2000)
        help_text = text_label(ADDRESS_HELP, "faint", wrap=True)
        address_box = QWidget()
        column = QVBoxLayout(address_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.address)
        column.addWidget(help_text)
        self.file_label = ElidedLabel("No file chosen", "muted")
        self.file_button = touch_button("Choose a file…")
        self.file_button.clicked.connect(
            lambda: choose_file(
                self, self.file_path, self.use_file, title="Choose a calendar file", filters=CALENDAR_FILES
            )
        )
        file_box = QWidget()
        line = QHBoxLayout(file_box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.file_button)
        line.addWidget(self.file_label, 1)
        self.source = QStackedWidget()
        self.source.addWidget(address_box)
        self.source.addWidget(file_box)

        self.name = text_field("Its name (optional)", feed.name if feed else "")
        self.name.setMaxLength(60)
        self.room = ChoiceStrip([(NONE, "None"), *rooms], (feed.room_id if feed else None) or NONE)
        self.preset = QComboBox()
        self.preset.addItem("None", NONE)
        for name in presets:
            self.preset.addItem(name, name)
        self.preset.setCurrentIndex(max(0, self.preset.findData((feed.preset if feed else None) or NONE)))
        self.error = text_label("", "error", wrap=True)
        self.error.hide()
        self.save_button = touch_button("Add and read it" if feed is None else "Save", "primary")
        self.save_button.clicked.connect(self.submit)

        left = QVBoxLayout()
        left.setSpacing(6)
        if feed is None:
            left.addWidget(text_label("WHERE THE CALENDAR IS", "heading"))
            left.addWidget(self.kind)
            left.addWidget(self.source)
        else:
            left.addWidget(text_label("WHERE THE CALENDAR IS", "heading"))
            left.addWidget(ElidedLabel(feed.location, "muted"))
        left.addWidget(text_label("NAME", "heading"))
        left.addWidget(self.name)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(text_label("EVENTS THAT NAME NO ROOM GO TO", "heading", wrap=True))
        right.addWidget(self.room)
        right.addWidget(text_label("EVENTS THAT NAME NO PRESET GET", "heading", wrap=True))
        right.addWidget(self.preset)
        right.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(20)
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(8)
        title = "Add a calendar" if feed is None else f"Change {feed.name}"
        layout.addWidget(ElidedLabel(title, "title"))
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addLayout(self.action_row(self.save_button))
        focus_on_touch(self)

    def _kind(self, kind: str) -> None:
        self.source.setCurrentIndex(0 if kind == "url" else 1)

    def use_file(self, path: str) -> None:
        self.file_path = path
        self.kind.set_value("file")
        self._kind("file")
        set_text(self.file_label, path or "No file chosen")
        if path and not self.name.text().strip():
            self.name.setPlaceholderText(f"Its name (optional): {Path(path).stem}")

    def source_text(self) -> str:
        if self.feed is not None:
            return ""
        return self.address.text().strip() if self.kind.value() == "url" else self.file_path

    def submit(self) -> None:
        if self.feed is None and not self.source_text():
            self.show_error(
                "Type the calendar's address" if self.kind.value() == "url" else "Choose the calendar file"
            )
            return
        self.submitted.emit(
            self.source_text(),
            self.name.text().strip(),
            self.room.value() or NONE,
            str(self.preset.currentData() or NONE),
        )

    def show_error(self, text: str) -> None:
        set_text(self.error, as_sentence(text))
        self.error.show()
        self.save_button.setEnabled(True)

    def busy(self) -> None:
        """Being added (a keyring may take a moment): one touch adds one calendar."""
        self.error.hide()
        self.save_button.setEnabled(False)

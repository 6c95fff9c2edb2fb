"""A client's preferences by touch: no scent, their music volume, warmer or cooler, a usual preset, a note.

Only what the room should do: the screen says so, and a note that reads like health information
is pointed out before it is saved.
"""

from __future__ import annotations

from collections.abc import Sequence

from ambience.agenda.clients import (
    ACTIONS_ONLY,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    WARMTH_STEP_C,
    bounds_words,
    health_warning,
    warmth_words,
)
from ambience.journal.daybook import ClientPreferences
from ambience.session.timeline import MAX_WARMTH_C
from ambience.ui.fit import focus_on_touch
from ambience.ui.form_dialog import FormDialog
from ambience.ui.inputs import Stepper, Switch
from ambience.ui.qt import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.widgets import ElidedLabel, set_role, set_text, text_field, text_label, touch_button

VOLUME_STEP = 5.0
DEFAULT_VOLUME = 25.0
FIELDS = {"name": "Name", "volume": "Music", "warmth": "Warmth", "preset": "Usual preset", "note": "Note"}


class ClientEditor(FormDialog):
    """``submitted(prefs)`` with what the owner set; the page checks it and keeps it."""

    submitted = Signal(object)  # ClientPreferences

    def __init__(
        self,
        parent: QWidget,
        presets: Sequence[str],
        volume_cap: float,
        prefs: ClientPreferences | None = None,
        *,
        name: str = "",
    ) -> None:
        super().__init__(parent, "Client")
        self.prefs = prefs
        self.name = text_field("The client's name", prefs.name if prefs else name)
        self.name.setMaxLength(MAX_NAME_CHARS + 1)
        self.no_scent = Switch(
            prefs.no_scent if prefs else False, on_text="No scent", off_text="As the preset"
        )
        own = prefs is not None and prefs.volume is not None
        self.own_volume = Switch(own, on_text="Their volume", off_text="As the preset")
        start = prefs.volume if prefs is not None and prefs.volume is not None else DEFAULT_VOLUME
        self.volume = Stepper(
            0.0, volume_cap, VOLUME_STEP, unit="%", value=min(start, volume_cap), slider=False
        )
        self.volume.setEnabled(own)
        self.volume.label.setMinimumWidth(72)  # "100 %" at most: room for the switch beside it
        self.own_volume.toggledByUser.connect(self._own_volume)
        self.warmth = Stepper(
            -MAX_WARMTH_C,
            MAX_WARMTH_C,
            WARMTH_STEP_C,
            unit="°C",
            decimals=1,
            value=prefs.warmth if prefs else 0.0,
            slider=False,
            signed=True,  # warmer or cooler than the preset, not a room temperature
        )
        self.warmth_words = ElidedLabel("", "faint")  # beside WARMTH: no line of its own
        self.warmth.valueChanged.connect(lambda _v: self._show_warmth())
        self.preset = QComboBox()
        self.preset.addItem("None", "")
        for preset in presets:
            self.preset.addItem(preset, preset)
        if prefs is not None and prefs.preset:
            found = self.preset.findData(prefs.preset)
            if found < 0:  # a preset removed since: still shown, so the owner sees why it is refused
                self.preset.addItem(f"{prefs.preset} (gone)", prefs.preset)
                found = self.preset.count() - 1
            self.preset.setCurrentIndex(found)
        self.note = text_field("A short note for the room, e.g. extra towel", prefs.note if prefs else "")
        self.note.setMaxLength(MAX_NOTE_CHARS + 1)
        self.note.textEdited.connect(lambda _t: self._show_note())
        self.actions_only = text_label(ACTIONS_ONLY, "warning", wrap=True)
        # One line for what is wrong, or else for a note that reads like health information.
        self.message = text_label("", "error", wrap=True)
        self.message.hide()
        self.problems: dict[str, str] = {}
        self.save_button = touch_button("Save", "primary")
        self.save_button.clicked.connect(self.submit)

        # Scent and music side by side, their volume below: two columns fit an 800-pixel screen.
        switches = QWidget()
        pair = QGridLayout(switches)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.setHorizontalSpacing(12)
        pair.setVerticalSpacing(4)
        pair.addWidget(text_label("SCENT", "heading"), 0, 0)
        pair.addWidget(text_label("MUSIC", "heading"), 0, 1)
        pair.addWidget(self.no_scent, 1, 0)
        pair.addWidget(self.own_volume, 1, 1)
        pair.setColumnStretch(2, 1)
        warmth_heading = QWidget()
        line = QHBoxLayout(warmth_heading)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(text_label("WARMTH", "heading"))
        line.addWidget(self.warmth_words, 1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        left: list[tuple[QWidget | None, QWidget]] = [
            (text_label("NAME", "heading"), self.name),
            (None, switches),
            (text_label("THEIR MUSIC VOLUME", "heading"), self.volume),
        ]
        right: list[tuple[QWidget | None, QWidget]] = [
            (warmth_heading, self.warmth),
            (text_label("USUAL PRESET", "heading"), self.preset),
            (text_label("NOTE", "heading"), self.note),
        ]
        for column, fields in enumerate((left, right)):
            for row, (heading, item) in enumerate(fields):
                if heading is None:  # a field with its own headings
                    grid.addWidget(item, row * 2, column, 2, 1)
                    continue
                grid.addWidget(heading, row * 2, column)
                grid.addWidget(item, row * 2 + 1, column)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(6)
        title = "New client" if prefs is None else f"Change {prefs.name}"
        layout.addWidget(ElidedLabel(title, "title"))
        layout.addWidget(self.actions_only)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addLayout(self.action_row(self.save_button))
        self._show_warmth()
        self._show_note()
        focus_on_touch(self)

    def _own_volume(self, on: bool) -> None:
        self.volume.setEnabled(on)
        self.volume.set_value(self.volume.value())  # its − and + follow

    def _show_warmth(self) -> None:
        set_text(self.warmth_words, f"· {warmth_words(self.warmth.value())}, {bounds_words()}")

    def _show_note(self) -> None:
        self._show_message()

    def _show_message(self) -> None:
        if self.problems:
            text = " ".join(f"{FIELDS.get(key, key)}: {reason}." for key, reason in self.problems.items())
            role = "error"
        else:
            text, role = health_warning(self.note.text()), "warning"
        set_text(self.message, text)
        set_role(self.message, role)
        self.message.setVisible(bool(text))

    def preferences(self) -> ClientPreferences:
        return ClientPreferences(
            name=self.name.text().strip(),
            no_scent=self.no_scent.isChecked(),
            volume=self.volume.value() if self.own_volume.isChecked() else None,
            warmth=self.warmth.value(),
            preset=str(self.preset.currentData() or "") or None,
            note=self.note.text().strip(),
        )

    def submit(self) -> None:
        self.submitted.emit(self.preferences())

    def show_problems(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        self._show_message()

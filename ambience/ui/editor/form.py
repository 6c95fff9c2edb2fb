"""The form for every field of a preset, in six tabs a finger can reach: Preset, Light, Music,
Warmth, Scent, Phases (and Chart, on a short screen). A tab whose fields have problems says how
many; problems that belong to no field (an unknown key in the file) are shown above the tabs,
with a fix a touch away."""

from __future__ import annotations

from ambience.config.draft import MISSING, Draft, path_of, unknown_keys
from ambience.ui.editor.fields import (
    BlendField,
    ColourField,
    Field,
    KelvinField,
    NumberField,
    Section,
    SwitchField,
    TextField,
)
from ambience.ui.editor.model import EditorModel
from ambience.ui.editor.phases import PhasesSection
from ambience.ui.editor.playlist import PlaylistField, RunAsync
from ambience.ui.qt import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.widgets import set_text, text_label, touch_button

TABS = ("Preset", "Light", "Music", "Warmth", "Scent", "Phases")


def scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    # A finger on a touch screen drags the page (a mouse still drags the sliders).
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area


class FixRow(QWidget):
    """A key the app does not know, with "Use as minutes" (when there is a guess) and "Remove"."""

    def __init__(self, model: EditorModel, key: str, guess: str | None, reason: str) -> None:
        super().__init__()
        self.model, self.key, self.guess = model, key, guess
        self.words = text_label(f"{key}: {reason}", "problem", wrap=True)
        self.use_button = touch_button(f"Use as {guess}") if guess else None
        self.remove_button = touch_button("Remove it")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.words, 1)
        if self.use_button is not None:
            self.use_button.clicked.connect(self.use)
            row.addWidget(self.use_button)
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.remove_button)

    def use(self) -> None:
        path = path_of(self.key)
        draft = Draft(self.model.draft.copy())
        value = draft.get(path)
        draft.set(path, MISSING)
        if self.guess is not None:
            draft.set((*path[:-1], self.guess), value)
        self.model.replace(draft.data, f"Use {self.key} as {self.guess}")

    def remove(self) -> None:
        draft = Draft(self.model.draft.copy())
        draft.set(path_of(self.key), MISSING)
        self.model.replace(draft.data, f"Remove {self.key}")


class PresetForm(QWidget):
    """Every field of the preset being edited."""

    def __init__(self, model: EditorModel, *, run_async: RunAsync | None = None) -> None:
        super().__init__()
        self.model = model
        general = Section()
        self.name = general.add(
            TextField(model, ("name",), "Name", about="On the tile; up to 60 characters.")
        )
        general.add(TextField(model, ("description",), "Description", multiline=True, about="For the owner."))
        general.add(ColourField(model, ("color",), "Tile colour"))
        self.minutes = general.add(
            NumberField(model, ("minutes",), "Length", 5, 240, 5, unit="min", about="The whole session.")
        )
        light = Section()
        self.level = light.add(NumberField(model, ("lighting", "level"), "Light level", 0, 100, unit="%"))
        light.add(KelvinField(model, ("lighting", "kelvin"), "Colour", "Warm is low: 2200–2700 K."))
        light.add(
            NumberField(
                model,
                ("lighting", "fade_seconds"),
                "Fade",
                0,
                600,
                5,
                unit="s",
                about="How long a change takes.",
            )
        )
        light.add(
            NumberField(
                model,
                ("lighting", "turnover_level"),
                "After the session",
                0,
                100,
                unit="%",
                about="The lights when the session ends, for tidying the room (at least 10 %).",
            )
        )
        music = Section()
        music.add(SwitchField(model, ("music", "enabled"), "Music", default=True))
        self.playlist = music.add(
            PlaylistField(
                model,
                ("music", "playlist"),
                "Playlist",
                run_async=run_async,
                about="Files or folders, played in this order.",
            )
        )
        self.volume = music.add(NumberField(model, ("music", "volume"), "Volume", 0, 100, unit="%"))
        music.add(SwitchField(model, ("music", "shuffle"), "Shuffle"))
        music.add(
            SwitchField(model, ("music", "loop"), "Loop", default=True, about="Start again at the end.")
        )
        music.add(NumberField(model, ("music", "fade_in_seconds"), "Fade in", 0, 600, 5, unit="s"))
        music.add(
            NumberField(
                model, ("music", "fade_out_seconds"), "Fade out", 0, 900, 5, unit="s", about="Before the end."
            )
        )
        warmth = Section()
        self.target = warmth.add(
            NumberField(
                model, ("climate", "target_c"), "Room temperature", 15, 35, 0.5, unit="°C", decimals=1,
                about="Kept between 18 and 30 °C.",
            )
        )  # fmt: skip
        warmth.add(
            NumberField(
                model, ("climate", "preheat_minutes"), "Preheat", 0, 180, 5, unit="min",
                about="How early heating starts before a booked session.",
            )
        )  # fmt: skip
        scent = Section()
        scent.add(SwitchField(model, ("diffuser", "enabled"), "Diffuser"))
        scent.add(BlendField(model, ("diffuser", "blend"), "Essential-oil blend"))
        self.diffuser_on = scent.add(
            NumberField(
                model, ("diffuser", "on_minutes"), "Runs for", 1, 60, 1, unit="min",
                about="At most 30 minutes at a stretch.",
            )
        )  # fmt: skip
        scent.add(NumberField(model, ("diffuser", "off_minutes"), "Then rests", 1, 120, 1, unit="min"))
        self.phases = PhasesSection(model, run_async=run_async)

        self.sections: list[Section | PhasesSection] = [general, light, music, warmth, scent, self.phases]
        self.pages = QStackedWidget()
        self.tab_group = QButtonGroup(self)
        self.tab_group.setExclusive(True)
        self.tabs: list[QPushButton] = []
        tabs = self.tab_row = QHBoxLayout()
        tabs.setSpacing(6)
        for index, (title, section) in enumerate(zip(TABS, self.sections, strict=True)):
            button = touch_button(title, "tab", checkable=True)
            self.tab_group.addButton(button, index)
            self.tabs.append(button)
            tabs.addWidget(button)
            self.pages.addWidget(scrolling(section))
        self.chart_tab = touch_button("Chart", "tab", checkable=True)
        self.tab_group.addButton(self.chart_tab, len(TABS))
        self.chart_tab.hide()
        tabs.addWidget(self.chart_tab)
        tabs.addStretch(1)
        self.chart_page: QWidget | None = None
        self.tab_group.idClicked.connect(self.show_tab)
        self.general = QVBoxLayout()
        self.general.setSpacing(4)
        self.fixes: list[FixRow] = []
        self.other = text_label("", "problem", wrap=True)
        self.other.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self.general)
        layout.addWidget(self.other)
        layout.addLayout(tabs)
        layout.addWidget(self.pages, 1)
        self.show_tab(0)
        model.changed.connect(self.refresh)

    def show_tab(self, index: int) -> None:
        if index == len(TABS) and self.chart_page is not None:
            self.pages.setCurrentWidget(self.chart_page)
            self.chart_tab.setChecked(True)
            return
        self.pages.setCurrentIndex(index)
        self.tabs[index].setChecked(True)

    def hold_chart(self, page: QWidget | None) -> None:
        """Give the chart a tab of its own (``page``), or take it back (None) for the page to show."""
        if self.chart_page is not None:
            was_shown = self.pages.currentWidget() is self.chart_page
            self.pages.removeWidget(self.chart_page)
            self.chart_page = None
            if was_shown:
                self.show_tab(0)
        if page is not None:
            self.chart_page = page
            self.pages.addWidget(page)
        self.chart_tab.setVisible(page is not None)

    def fields(self) -> list[Field]:
        return [f for s in self.sections if isinstance(s, Section) for f in s.fields]

    def refresh(self) -> None:
        if not self.model.is_open:
            return
        for section in self.sections:
            section.refresh()
        found = self.model.problems
        for index, section in enumerate(self.sections):
            count = sum(len(found.get(k, [])) for k in set(section.problem_keys()))
            set_text(self.tabs[index], f"{TABS[index]} ⚠{count}" if count else TABS[index])
        shown = {k for s in self.sections for k in s.problem_keys()}
        unknown = [(k, g) for k, g in unknown_keys(found) if k not in shown]
        for row in self.fixes:
            self.general.removeWidget(row)
            row.deleteLater()
        self.fixes = [
            FixRow(self.model, key, guess, next(r for r in found[key] if r.startswith("unknown field")))
            for key, guess in unknown
        ]
        for row in self.fixes:
            self.general.addWidget(row)
        unknown_names = {k for k, _ in unknown}
        other = [
            (f"{k}: {r}" if k else r)
            for k, reasons in found.items()
            if k not in shown
            for r in reasons
            if not (k in unknown_names and r.startswith("unknown field"))
        ]
        set_text(self.other, "\n".join(other))
        self.other.setVisible(bool(other))

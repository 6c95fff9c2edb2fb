"""The phases of the preset being edited: a card per phase, in order; add, remove, move them;
each phase's minutes and its own light, music, warmth and scent where it differs from the preset."""

from __future__ import annotations

from typing import Any

from ambience.config.draft import Draft, key_of
from ambience.ui.editor.fields import (
    Field,
    NumberField,
    OverrideNumberField,
    OverrideSwitchField,
    TextField,
)
from ambience.ui.editor.model import EditorModel
from ambience.ui.editor.playlist import PhaseMusicField, RunAsync
from ambience.ui.qt import QFrame, QHBoxLayout, QVBoxLayout, QWidget
from ambience.ui.widgets import set_text, text_label, touch_button

MAX_PHASES = 24


class PhaseCard(QFrame):
    """One phase: its name and minutes always; its own settings behind "Settings ▾"."""

    def __init__(self, model: EditorModel, index: int, count: int, section: PhasesSection) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.model = model
        self.index = index
        at = ("phases", index)
        self.heading = text_label(f"Phase {index + 1}", "heading")
        self.up = touch_button("▲")
        self.down = touch_button("▼")
        self.remove = touch_button("Remove", "danger")
        self.more = touch_button("Own settings ▾", checkable=True)
        self.up.setEnabled(index > 0)
        self.down.setEnabled(index < count - 1)
        self.up.clicked.connect(lambda: section.move_phase(index, -1))
        self.down.clicked.connect(lambda: section.move_phase(index, 1))
        self.remove.clicked.connect(lambda: section.remove_phase(index))
        self.more.clicked.connect(lambda on: section.expand(index, on))
        self.problem = text_label("", "problem", wrap=True)
        self.problem.hide()

        self.name = TextField(model, (*at, "name"), "Name")
        self.minutes = NumberField(model, (*at, "minutes"), "Minutes", 1, 240, 1, unit="min")
        self.always: list[Field] = [self.name, self.minutes]

        def number(part: str, key: str, title: str, low: float, high: float, step: float, unit: str) -> Field:
            fallback = {"kelvin": 2700.0, "target_c": 24.0, "on_minutes": 20.0, "off_minutes": 20.0}
            return OverrideNumberField(
                model, (*at, part, key), (part, key), title, low, high, step, unit=unit,
                fallback=fallback.get(key, 0.0),
            )  # fmt: skip

        def switch(part: str, title: str, on: str = "On", off: str = "Off") -> Field:
            return OverrideSwitchField(model, (*at, part, "enabled"), (part, "enabled"), title, on, off)

        self.own: list[Field] = [
            number("lighting", "level", "Light", 0, 100, 1, "%"),
            number("lighting", "kelvin", "Colour", 1800, 6500, 100, "K"),
            number("lighting", "fade_seconds", "Light fade", 0, 600, 5, "s"),
            switch("music", "Music", "Plays", "Silent"),
            number("music", "volume", "Volume", 0, 100, 1, "%"),
            PhaseMusicField(model, (*at, "music", "playlist"), "Playlist", run_async=section.run_async),
            number("climate", "target_c", "Warmth", 15, 35, 0.5, "°C"),
            switch("diffuser", "Diffuser"),
            number("diffuser", "on_minutes", "Diffuser on", 1, 60, 1, "min"),
            number("diffuser", "off_minutes", "Diffuser rests", 1, 120, 1, "min"),
        ]
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.heading, 1)
        top.addWidget(self.more)
        top.addWidget(self.up)
        top.addWidget(self.down)
        top.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        for field in (*self.always, *self.own):
            layout.addWidget(field)
        self.set_expanded(False)

    def set_expanded(self, on: bool) -> None:
        self.more.setChecked(on)
        set_text(self.more, "Own settings ▴" if on else "Own settings ▾")
        for field in self.own:
            field.setVisible(on)

    def fields(self) -> list[Field]:
        return [*self.always, *self.own]

    def refresh(self) -> None:
        name = self.model.get(("phases", self.index, "name"))
        set_text(
            self.heading, f"Phase {self.index + 1}" + (f" · {name}" if isinstance(name, str) and name else "")
        )
        found = self.model.problems
        own = [key_of(("phases", self.index)), *[k for k in found if k.startswith(f"phases[{self.index}].")]]
        shown = {k for f in self.fields() for k in f.problem_keys()}
        lines = [r for k in own if k not in shown for r in found.get(k, [])]
        set_text(self.problem, "\n".join(lines))
        self.problem.setVisible(bool(lines))
        for field in self.fields():
            field.refresh()
        # A phase with a problem among its own settings shows them.
        if any(found.get(k) for f in self.own for k in f.problem_keys()) and not self.more.isChecked():
            self.set_expanded(True)


class PhasesSection(QWidget):
    """Every phase, the minutes they add up to, and Add phase."""

    def __init__(self, model: EditorModel, *, run_async: RunAsync | None = None) -> None:
        super().__init__()
        self.model = model
        self.run_async = run_async
        self.cards: list[PhaseCard] = []
        self.expanded: set[int] = set()
        self.total = text_label("", "muted", wrap=True)
        self.problem = text_label("", "problem", wrap=True)
        self.problem.hide()
        self.add_button = touch_button("Add phase")
        self.add_button.clicked.connect(self.add_phase)
        self.box = QVBoxLayout()
        self.box.setSpacing(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.total)
        layout.addWidget(self.problem)
        layout.addLayout(self.box)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

    def problem_keys(self) -> list[str]:
        keys = ["phases"]
        for card in self.cards:
            keys.append(key_of(("phases", card.index)))
            keys.extend(k for f in card.fields() for k in f.problem_keys())
        return keys

    def phases(self) -> list[dict[str, Any]]:
        return self.model.draft.phases()

    def refresh(self) -> None:
        phases = self.phases()
        if len(phases) != len(self.cards):
            self._rebuild(len(phases))
        minutes = self.model.get(("minutes",))
        used = sum(p.get("minutes", 0) for p in phases if isinstance(p.get("minutes"), int | float))
        if phases and isinstance(minutes, int | float):
            set_text(
                self.total,
                f"The phases add up to {used:g} of the session's {minutes:g} minutes; the last phase "
                "takes whatever is left, so the wake-up always comes last.",
            )
        else:
            set_text(self.total, "No phases: the whole session is one phase.")
        lines = self.model.problems.get("phases", [])
        set_text(self.problem, "\n".join(lines))
        self.problem.setVisible(bool(lines))
        self.add_button.setEnabled(len(phases) < MAX_PHASES)
        for card in self.cards:
            card.refresh()

    def _rebuild(self, count: int) -> None:
        for card in self.cards:
            self.box.removeWidget(card)
            card.deleteLater()
        self.cards = [PhaseCard(self.model, i, count, self) for i in range(count)]
        for card in self.cards:
            self.box.addWidget(card)
            card.set_expanded(card.index in self.expanded)

    def expand(self, index: int, on: bool) -> None:
        (self.expanded.add if on else self.expanded.discard)(index)
        if 0 <= index < len(self.cards):
            self.cards[index].set_expanded(on)

    # Changing the list of phases.
    def _write(self, phases: list[dict[str, Any]], text: str) -> None:
        draft = Draft(self.model.draft.copy())
        draft.set(("phases",), phases)
        self._rebuild(0)  # the cards are made again for the new order
        self.model.replace(draft.data, text)

    def add_phase(self) -> None:
        phases = [dict(p) for p in self.phases()]
        phases.append({"name": f"Phase {len(phases) + 1}", "minutes": 5})
        self.expanded = set()
        self._write(phases, "Add a phase")

    def remove_phase(self, index: int) -> None:
        phases = [dict(p) for p in self.phases()]
        if 0 <= index < len(phases):
            del phases[index]
            self.expanded = set()
            self._write(phases, "Remove a phase")

    def move_phase(self, index: int, step: int) -> None:
        phases = [dict(p) for p in self.phases()]
        target = index + step
        if 0 <= index < len(phases) and 0 <= target < len(phases):
            phases[index], phases[target] = phases[target], phases[index]
            self.expanded = {target} if index in self.expanded else set()
            self._write(phases, "Move a phase")

"""The editor's fields: each shows one value of the draft, sends the owner's changes to the model,
and shows the problems of its field right under it as the owner works.

Numbers are sliders with − and + (a finger never needs to type one); only names are typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ambience.config.draft import MISSING, Path_, key_of
from ambience.ui.editor.model import EditorModel
from ambience.ui.inputs import Choices, Stepper, Switch, number_text
from ambience.ui.qt import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.widgets import set_text, text_label, touch_button

# The tile colours on offer: calm, distinct in a dim room, readable behind light text.
SWATCHES = (
    "#c9925f",
    "#b07a4f",
    "#8f6a4a",
    "#7d6fa8",
    "#5f8fc9",
    "#5f9c8a",
    "#7f9a5a",
    "#b0685f",
    "#9c5f86",
    "#6b7280",
)
# The essential oils the seed of this studio's practice names, and two blends of them.
BLENDS = ("lavender", "chamomile", "bergamot", "lavender & bergamot", "chamomile & lavender")


class Field(QFrame):
    """A labelled row: the title (and what it is for), the control, the problems underneath."""

    def __init__(self, model: EditorModel, path: Path_, title: str, about: str = "") -> None:
        super().__init__()
        self.setProperty("role", "field")
        self.model = model
        self.path = path
        self.title = text_label(title, "field-title")
        self.about = text_label(about, "faint", wrap=True)
        self.about.setVisible(bool(about))
        self.problem = text_label("", "problem", wrap=True)
        self.problem.hide()
        self.control = QVBoxLayout()
        self.control.setSpacing(6)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.title)
        words.addWidget(self.about)
        words.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addLayout(self.control)
        right.addWidget(self.problem)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(14)
        layout.addLayout(words, 2)
        layout.addLayout(right, 5)

    @property
    def key(self) -> str:
        return key_of(self.path)

    def problem_keys(self) -> list[str]:
        """The problem keys this field shows (its own, and those of what it holds)."""
        return [self.key]

    def refresh(self) -> None:
        """Show the draft's value and this field's problems (the model changed)."""
        found = self.model.problems
        lines = [reason for key in self.problem_keys() for reason in found.get(key, [])]
        set_text(self.problem, "\n".join(lines))
        self.problem.setVisible(bool(lines))
        self.show_value(self.model.get(self.path))

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def change(self, value: Any, text: str | None = None) -> None:
        self.model.set(self.path, value, text or f"{self.title.text()}")

    def commit(self, value: Any) -> None:
        """A change made in one touch (a switch, a swatch): a step of its own."""
        self.change(value)
        self.model.seal()


class NumberField(Field):
    """A number on a slider with − and +; shows any value the file holds, even one out of range."""

    def __init__(
        self,
        model: EditorModel,
        path: Path_,
        title: str,
        minimum: float,
        maximum: float,
        step: float = 1.0,
        *,
        unit: str = "",
        decimals: int = 0,
        about: str = "",
    ) -> None:
        super().__init__(model, path, title, about)
        self.stepper = Stepper(minimum, maximum, step, unit=unit, decimals=decimals)
        self.stepper.valueChanged.connect(lambda value: self.change(_whole(value)))
        self.stepper.released.connect(model.seal)
        self.control.addWidget(self.stepper)

    def show_value(self, value: Any) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.stepper.set_value(float(value))
            self.stepper.label.setProperty("role", "value")
        else:
            set_text(self.stepper.label, "—" if value is None else str(value)[:12])


class TextField(Field):
    """A name or a description: the only things typed."""

    def __init__(
        self, model: EditorModel, path: Path_, title: str, *, multiline: bool = False, about: str = ""
    ) -> None:
        super().__init__(model, path, title, about)
        self.multiline = multiline
        if multiline:
            self.edit: QLineEdit | QPlainTextEdit = Paragraph()
            self.edit.textChanged.connect(self._typed)
        else:
            self.edit = QLineEdit()
            self.edit.textEdited.connect(lambda _text: self._typed())
            self.edit.editingFinished.connect(model.seal)
        self.control.addWidget(self.edit)

    def text(self) -> str:
        return self.edit.toPlainText() if isinstance(self.edit, QPlainTextEdit) else self.edit.text()

    def _typed(self) -> None:
        if getattr(self, "_showing", False):
            return
        self.change(self.text())

    def show_value(self, value: Any) -> None:
        text = value if isinstance(value, str) else "" if value is None else str(value)
        if self.text() == text:
            return
        self._showing = True
        try:
            if isinstance(self.edit, QPlainTextEdit):
                self.edit.setPlainText(text)
            else:
                position = self.edit.cursorPosition()
                self.edit.setText(text)
                self.edit.setCursorPosition(min(position, len(text)))
        finally:
            self._showing = False


class Paragraph(QPlainTextEdit):
    """A few lines of text, as tall as four lines of its own font (at any scale)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.fontMetrics().lineSpacing() * 4 + 18)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class SwitchField(Field):
    def __init__(
        self, model: EditorModel, path: Path_, title: str, *, about: str = "", default: bool = False
    ) -> None:
        super().__init__(model, path, title, about)
        self.default = default
        self.switch = Switch()
        self.switch.toggledByUser.connect(self.commit)
        row = QHBoxLayout()
        row.addWidget(self.switch)
        row.addStretch(1)
        self.control.addLayout(row)

    def show_value(self, value: Any) -> None:
        self.switch.set_on(bool(self.default if value is None else value))


class ColourField(Field):
    """The tile's colour: a swatch to touch (and the file's own colour, if it is another)."""

    def __init__(self, model: EditorModel, path: Path_, title: str) -> None:
        super().__init__(model, path, title, "The stripe on the preset's tile.")
        grid = QGridLayout()
        grid.setSpacing(6)
        self.swatches: dict[str, QPushButton] = {}
        for index, colour in enumerate(SWATCHES):
            button = touch_button("", checkable=True)
            button.setProperty("role", "swatch")
            button.setStyleSheet(f"background: {colour};")
            button.setAccessibleName(colour)
            button.clicked.connect(lambda _c=False, colour=colour: self.commit(colour))
            grid.addWidget(button, index // 5, index % 5)
            self.swatches[colour] = button
        self.control.addLayout(grid)

    def show_value(self, value: Any) -> None:
        chosen = str(value).lower() if isinstance(value, str) else ""
        for colour, button in self.swatches.items():
            button.setChecked(colour == chosen)


class KelvinField(Field):
    """Colour temperature: off (the light's own white) or 1500–6500 K."""

    def __init__(self, model: EditorModel, path: Path_, title: str, about: str = "") -> None:
        super().__init__(model, path, title, about)
        self.switch = Switch(on_text="Warm white set", off_text="Light's own white")
        self.switch.setMinimumWidth(200)
        self.switch.toggledByUser.connect(self._toggled)
        self.stepper = Stepper(1800, 6500, 100, unit="K")
        self.stepper.valueChanged.connect(lambda value: self.change(round(value)))
        self.stepper.released.connect(model.seal)
        row = QHBoxLayout()
        row.addWidget(self.switch)
        row.addStretch(1)
        self.control.addLayout(row)
        self.control.addWidget(self.stepper)

    def _toggled(self, on: bool) -> None:
        self.change(2700 if on else MISSING)
        self.model.seal()

    def show_value(self, value: Any) -> None:
        on = value is not None
        self.switch.set_on(on)
        self.stepper.setVisible(on)
        if on and isinstance(value, int | float):
            self.stepper.set_value(float(value))


class BlendField(Field):
    """The essential-oil blend in the diffuser: a free name, with the usual oils a touch away."""

    def __init__(self, model: EditorModel, path: Path_, title: str) -> None:
        super().__init__(
            model, path, title, "Shown on the tile and while the session runs, so the right oil is in."
        )
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("e.g. lavender & bergamot")
        self.edit.setMaxLength(61)
        self.edit.textEdited.connect(lambda text: self.change(text))
        self.edit.editingFinished.connect(model.seal)
        chips = QHBoxLayout()
        chips.setSpacing(6)
        self.chips: list[QPushButton] = []
        for blend in BLENDS:
            chip = touch_button(blend, "chip")
            chip.clicked.connect(lambda _c=False, blend=blend: self.commit(blend))
            chips.addWidget(chip)
            self.chips.append(chip)
        chips.addStretch(1)
        self.control.addWidget(self.edit)
        self.control.addLayout(chips)

    def show_value(self, value: Any) -> None:
        text = value if isinstance(value, str) else ""
        if self.edit.text() != text:
            self.edit.setText(text)


class OverrideNumberField(Field):
    """A phase's own value, or the preset's: "Own" on shows the slider, off uses the preset's."""

    def __init__(
        self,
        model: EditorModel,
        path: Path_,
        base: Path_,
        title: str,
        minimum: float,
        maximum: float,
        step: float = 1.0,
        *,
        unit: str = "",
        fallback: float = 0.0,
    ) -> None:
        super().__init__(model, path, title)
        self.base, self.unit, self.fallback = base, unit, fallback
        self.switch = Switch(on_text="Own", off_text="As preset")
        self.switch.toggledByUser.connect(self._toggled)
        self.stepper = Stepper(minimum, maximum, step, unit=unit)
        self.stepper.valueChanged.connect(lambda value: self.change(_whole(value)))
        self.stepper.released.connect(model.seal)
        self.inherited = text_label("", "muted")
        row = QHBoxLayout()
        row.addWidget(self.switch)
        row.addWidget(self.inherited, 1)
        self.control.addLayout(row)
        self.control.addWidget(self.stepper)

    def _toggled(self, own: bool) -> None:
        base = self.model.get(self.base)
        start = base if isinstance(base, int | float) and not isinstance(base, bool) else self.fallback
        self.change(start if own else MISSING)
        self.model.seal()

    def show_value(self, value: Any) -> None:
        own = value is not None
        self.switch.set_on(own)
        self.stepper.setVisible(own)
        base = self.model.get(self.base)
        set_text(self.inherited, "" if own else f"the preset's {number_text(base, self.unit)}")
        if own and isinstance(value, int | float):
            self.stepper.set_value(float(value))


class OverrideSwitchField(Field):
    """A phase's own on/off, or the preset's."""

    def __init__(
        self, model: EditorModel, path: Path_, base: Path_, title: str, on: str = "On", off: str = "Off"
    ) -> None:
        super().__init__(model, path, title)
        self.base = base
        self.choices = Choices((("same", "As preset"), ("on", on), ("off", off)))
        self.choices.chosen.connect(self._chosen)
        self.control.addWidget(self.choices)

    def _chosen(self, key: str) -> None:
        self.change({"same": MISSING, "on": True, "off": False}[key])
        self.model.seal()

    def show_value(self, value: Any) -> None:
        self.choices.set_value("same" if value is None else "on" if value else "off")


class Section(QWidget):
    """A column of fields with a heading; ``refresh`` passes the model's change on to each."""

    def __init__(self, heading: str = "") -> None:
        super().__init__()
        self.fields: list[Field] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(2)
        if heading:
            self.layout_.addWidget(text_label(heading, "heading"))

    def add(self, field: Field) -> Field:
        self.fields.append(field)
        self.layout_.addWidget(field)
        return field

    def refresh(self) -> None:
        for field in self.fields:
            field.refresh()

    def problem_keys(self) -> list[str]:
        return [key for field in self.fields for key in field.problem_keys()]


def _whole(value: float) -> float | int:
    """Whole numbers are written as such (``level = 40``, not ``40.0``)."""
    return int(value) if float(value).is_integer() else value


def wide(widget: QWidget) -> QWidget:
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return widget


def buttons_row(*buttons: QPushButton, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    for button in buttons:
        row.addWidget(button)
    if stretch:
        row.addStretch(1)
    return row


Refresher = Callable[[], None]
Keys = Sequence[str]
_ = Qt

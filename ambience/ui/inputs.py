"""Touch inputs for the owner's forms: a slider with − and + steppers, an on/off switch, choices.

Each shows the value it holds, even one outside its range (a file may hold anything), so the
form can say beside it what is wrong rather than quietly changing it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ambience.ui.qt import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QSlider,
    Qt,
    QWidget,
    Signal,
)
from ambience.ui.theme import TOUCH
from ambience.ui.widgets import set_text, text_label, touch_button

VALUE_W = 92


def number_text(value: float | None, unit: str = "", decimals: int = 0, *, signed: bool = False) -> str:
    """``24.5 °C``, ``30 %``, ``—`` for no value; ``signed`` (a change): ``+1.5 °C``, ``±0 °C``."""
    if value is None:
        return "—"
    size = abs(value) if signed else value
    text = f"{size:.{decimals}f}" if decimals else f"{size:g}" if size != int(size) else f"{int(size)}"
    if signed:
        text = ("+" if value > 0 else "−" if value < 0 else "±") + text
    return f"{text} {unit}".strip()


class Stepper(QWidget):
    """[−] ──●── [+] 30 %: drag the slider or touch the steps; ``valueChanged`` when the owner moves it."""

    valueChanged = Signal(float)
    released = Signal()  # a drag of the slider ended (for one undo step per drag)

    def __init__(
        self,
        minimum: float,
        maximum: float,
        step: float = 1.0,
        *,
        unit: str = "",
        decimals: int = 0,
        value: float | None = None,
        slider: bool = True,
        signed: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.minimum, self.maximum, self.step = minimum, maximum, step
        self.unit, self.decimals = unit, decimals
        self.signed = signed  # a change from something else (warmer or cooler): shown with its sign
        self._value: float = minimum if value is None else value
        self.minus = touch_button("−")
        self.plus = touch_button("+")
        self.minus.setAutoRepeat(True)
        self.plus.setAutoRepeat(True)
        self.minus.setAccessibleName("less")
        self.plus.setAccessibleName("more")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, max(1, round((maximum - minimum) / step)))
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.setMinimumHeight(TOUCH)
        self.slider.setMinimumWidth(120)
        self.slider.setVisible(slider)
        self.slider.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.label = text_label("", "value")
        self.label.setMinimumWidth(VALUE_W)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.minus.clicked.connect(lambda: self._step(-1))
        self.plus.clicked.connect(lambda: self._step(1))
        self.slider.valueChanged.connect(self._slid)
        self.slider.sliderReleased.connect(self.released.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.minus)
        row.addWidget(self.slider, 1)
        row.addWidget(self.plus)
        row.addWidget(self.label)
        if not slider:
            row.insertStretch(0, 1)
        self._show()

    def value(self) -> float:
        return self._value

    def set_value(self, value: float) -> None:
        """Show ``value`` (without telling anyone): also a value outside the range."""
        self._value = value
        self._show()

    def _show(self) -> None:
        position = round((min(max(self._value, self.minimum), self.maximum) - self.minimum) / self.step)
        if self.slider.value() != position:
            self.slider.blockSignals(True)
            self.slider.setValue(position)
            self.slider.blockSignals(False)
        set_text(self.label, number_text(self._value, self.unit, self.decimals, signed=self.signed))
        self.minus.setEnabled(self.isEnabled() and self._value > self.minimum)
        self.plus.setEnabled(self.isEnabled() and self._value < self.maximum)

    def _slid(self, position: int) -> None:
        self._change(self.minimum + position * self.step)

    def _step(self, direction: int) -> None:
        # From a value between steps (typed in a file), the first step lands on the grid.
        steps = (self._value - self.minimum) / self.step
        target = math.floor(steps + 1e-9) + 1 if direction > 0 else math.ceil(steps - 1e-9) - 1
        self._change(self.minimum + target * self.step)
        self.released.emit()

    def _change(self, value: float) -> None:
        value = round(min(max(value, self.minimum), self.maximum), 6)
        if value == self._value:
            self._show()
            return
        self._value = value
        self._show()
        self.valueChanged.emit(value)


class Switch(QPushButton):
    """An on/off switch the size of a finger that says what it is: ``On`` or ``Off``."""

    toggledByUser = Signal(bool)

    def __init__(self, on: bool = False, *, on_text: str = "On", off_text: str = "Off") -> None:
        super().__init__()
        self.on_text, self.off_text = on_text, off_text
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(TOUCH * 2, TOUCH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setProperty("role", "switch")
        self.set_on(on)
        self.clicked.connect(self._clicked)

    def set_on(self, on: bool) -> None:
        self.setChecked(on)
        set_text(self, self.on_text if on else self.off_text)

    def _clicked(self, checked: bool) -> None:
        set_text(self, self.on_text if checked else self.off_text)
        self.toggledByUser.emit(checked)


class Choices(QWidget):
    """One button per choice; exactly one is chosen."""

    chosen = Signal(str)

    def __init__(self, choices: Sequence[tuple[str, str]], value: str | None = None) -> None:
        super().__init__()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        for key, label in choices:
            button = touch_button(label, checkable=True)
            self.group.addButton(button)
            self.buttons[key] = button
            button.clicked.connect(lambda _checked=False, key=key: self.chosen.emit(key))
            row.addWidget(button)
        row.addStretch(1)
        if value is not None:
            self.set_value(value)

    def value(self) -> str | None:
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, value: str) -> None:
        button = self.buttons.get(value)
        if button is not None:
            button.setChecked(True)

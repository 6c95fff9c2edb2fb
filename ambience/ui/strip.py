"""A row of choices, one chosen, that a finger scrolls sideways when it is wider than the screen."""

from __future__ import annotations

from collections.abc import Sequence

from ambience.ui.qt import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QResizeEvent,
    QScrollArea,
    QSize,
    QSizePolicy,
    Qt,
    QTimer,
    QWidget,
    Signal,
)
from ambience.ui.touch import kinetic
from ambience.ui.widgets import touch_button


class ChoiceStrip(QScrollArea):
    """Checkable buttons in a row (rooms, "Every room", feeds); never wider than its place.

    Its minimum width is one button's, so a long list of long names never widens a small
    screen: the row scrolls instead (by finger, or its thin bar), and the chosen one is shown.
    """

    chosen = Signal(str)

    def __init__(
        self,
        choices: Sequence[tuple[str, str]] = (),
        value: str | None = None,
        *,
        role: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.role = role
        self._shown_bar = 0
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        self.host = QWidget()
        # Never narrower than its buttons want: the area scrolls rather than squeeze their names.
        self.host.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.row = QHBoxLayout(self.host)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(8)
        self.setWidget(self.host)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        kinetic(self, horizontal=True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_choices(choices, value)

    def set_choices(self, choices: Sequence[tuple[str, str]], value: str | None = None) -> None:
        for button in self.buttons.values():
            self.group.removeButton(button)
            button.deleteLater()
        self.buttons = {}
        while self.row.count():
            self.row.takeAt(0)
        for key, label in choices:
            button = touch_button(label, self.role, checkable=True)
            button.setProperty("choice", key)
            button.clicked.connect(lambda _checked=False, key=key: self._clicked(key))
            self.group.addButton(button)
            self.buttons[key] = button
            self.row.addWidget(button)
        self.row.addStretch(1)
        if value is not None:
            self.set_value(value)
        self.updateGeometry()

    def value(self) -> str | None:
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, value: str) -> None:
        button = self.buttons.get(value)
        if button is not None:
            button.setChecked(True)
            self._show_chosen_soon()

    def _clicked(self, key: str) -> None:
        self.ensureWidgetVisible(self.buttons[key], 24, 0)
        self.chosen.emit(key)

    def _show_chosen_soon(self) -> None:
        # Once the row is laid out: before that, the buttons' places are not known yet.
        QTimer.singleShot(0, self, self._show_chosen)

    def _show_chosen(self) -> None:
        chosen = self.value()
        if chosen is not None:
            self.ensureWidgetVisible(self.buttons[chosen], 24, 0)

    # Size: as wide as the buttons when there is room, as narrow as one button when there is not.
    def _bar(self) -> int:
        bar = self.horizontalScrollBar()
        return bar.sizeHint().height() if self.host.sizeHint().width() > self.viewport().width() else 0

    def sizeHint(self) -> QSize:
        hint = self.host.sizeHint()
        return QSize(hint.width(), hint.height() + self._bar())

    def minimumSizeHint(self) -> QSize:
        first = next(iter(self.buttons.values()), None)
        width = min(first.sizeHint().width(), 160) if first is not None else 0
        return QSize(width, self.host.minimumSizeHint().height() + self._bar())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        bar = self._bar()
        if bar != self._shown_bar:  # the bar comes or goes: the row asks for its height again
            self._shown_bar = bar
            self.updateGeometry()
        self._show_chosen_soon()

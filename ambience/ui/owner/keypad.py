"""A large on-screen keypad for the owner's PIN: digits, delete, OK; the digits show as dots."""

from __future__ import annotations

from ambience.config.pin import PIN_MAX
from ambience.ui.qt import QGridLayout, QKeyEvent, QPushButton, QSizePolicy, Qt, QWidget, Signal
from ambience.ui.widgets import touch_button

KEY_W = 92
KEY_H = 64


class PinPad(QWidget):
    """Twelve keys a finger cannot miss; typing digits on a keyboard works too."""

    changed = Signal(int)  # how many digits are entered
    submitted = Signal(str)  # the digits, when OK is pressed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._digits = ""
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for index, label in enumerate(labels):
            role = "key-ok" if label == "OK" else "key"
            button = touch_button(label, role)
            button.setMinimumSize(KEY_W, KEY_H)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setAutoRepeat(label == "⌫")
            button.clicked.connect(lambda _checked=False, key=label: self.press(key))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[label] = button
        self.keys["⌫"].setAccessibleName("Delete the last digit")
        self._update()

    @property
    def digits(self) -> str:
        return self._digits

    def press(self, key: str) -> None:
        """What a key does: add a digit, delete the last one, or hand the digits over."""
        if not self.isEnabled():
            return
        if key.isdigit() and len(key) == 1:
            if len(self._digits) < PIN_MAX:
                self._digits += key
        elif key == "⌫":
            self._digits = self._digits[:-1]
        elif key == "OK":
            if self._digits:
                self.submitted.emit(self._digits)
            return
        self._update()

    def clear(self) -> None:
        self._digits = ""
        self._update()

    def _update(self) -> None:
        self.keys["⌫"].setEnabled(bool(self._digits))
        self.keys["OK"].setEnabled(bool(self._digits))
        self.changed.emit(len(self._digits))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and len(text) == 1:
            self.press(text)
        elif event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.press("⌫")
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press("OK")
        else:
            super().keyPressEvent(event)
            return
        event.accept()

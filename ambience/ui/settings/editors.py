"""One editor per kind of studio setting: text, number, on/off, choice, folder, list of folders."""

from __future__ import annotations

from typing import Any

from ambience.config.settings import SettingSpec
from ambience.ui.choosers import choose_folder
from ambience.ui.inputs import Choices, Stepper, Switch
from ambience.ui.qt import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget, Signal
from ambience.ui.widgets import ElidedLabel, touch_button

UNBOUNDED = 1_000_000.0


class SettingEditor(QWidget):
    """Shows a setting's value and says when the owner changes it."""

    changed = Signal()

    def __init__(self, spec: SettingSpec) -> None:
        super().__init__()
        self.spec = spec

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class TextEditor(SettingEditor):
    def __init__(self, spec: SettingSpec) -> None:
        super().__init__(spec)
        self.field = QLineEdit()
        if spec.max_length:
            # One more than allowed, so a name that is too long is said to be, not cut short.
            self.field.setMaxLength(spec.max_length + 1)
        self.field.textEdited.connect(lambda _text: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)

    def value(self) -> Any:
        text = self.field.text().strip()
        return None if self.spec.optional and not text else text

    def set_value(self, value: Any) -> None:
        self.field.setText("" if value is None else str(value))


class NumberEditor(SettingEditor):
    def __init__(self, spec: SettingSpec) -> None:
        super().__init__(spec)
        bounded = spec.minimum is not None and spec.maximum is not None
        self.stepper = Stepper(
            spec.minimum if spec.minimum is not None else -UNBOUNDED,
            spec.maximum if spec.maximum is not None else UNBOUNDED,
            spec.step,
            unit=spec.unit,
            slider=bounded,
        )
        self.stepper.valueChanged.connect(lambda _value: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stepper)

    def value(self) -> Any:
        number = self.stepper.value()
        return round(number) if self.spec.kind == "integer" else number

    def set_value(self, value: Any) -> None:
        self.stepper.set_value(float(value))


class ToggleEditor(SettingEditor):
    def __init__(self, spec: SettingSpec) -> None:
        super().__init__(spec)
        self.switch = Switch()
        self.switch.toggledByUser.connect(lambda _on: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.switch)
        layout.addStretch(1)

    def value(self) -> Any:
        return self.switch.isChecked()

    def set_value(self, value: Any) -> None:
        self.switch.set_on(bool(value))


class ChoiceEditor(SettingEditor):
    def __init__(self, spec: SettingSpec) -> None:
        super().__init__(spec)
        self.choices = Choices(spec.choices)
        self.choices.chosen.connect(lambda _key: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choices)

    def value(self) -> Any:
        return self.choices.value()

    def set_value(self, value: Any) -> None:
        self.choices.set_value(str(value))


class FolderEditor(SettingEditor):
    """A folder: typed (a network path) or chosen; Default clears it when the setting allows."""

    def __init__(self, spec: SettingSpec) -> None:
        super().__init__(spec)
        self.field = QLineEdit()
        if spec.empty:
            self.field.setPlaceholderText(f"Default: {spec.empty}")
        self.field.textEdited.connect(lambda _text: self.changed.emit())
        self.choose_button = touch_button("Choose…")
        self.choose_button.clicked.connect(self._choose)
        self.default_button = touch_button("Default")
        self.default_button.setVisible(spec.optional)
        self.default_button.clicked.connect(self._default)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.default_button)

    def value(self) -> Any:
        text = self.field.text().strip()
        return None if self.spec.optional and not text else text

    def set_value(self, value: Any) -> None:
        self.field.setText("" if value is None else str(value))

    def _choose(self) -> None:
        choose_folder(self, self.field.text(), self._chosen)

    def _chosen(self, path: str) -> None:
        self.field.setText(path)
        self.changed.emit()

    def _default(self) -> None:
        self.field.clear()
        self.changed.emit()


class FoldersEditor(SettingEditor):
    """A list of folders: Add… chooses one, × removes it."""

    def __init__(self, spec: SettingSpec) -> None:
        super().__init__(spec)
        self._folders: list[str] = []
        self.rows = QVBoxLayout()
        self.rows.setSpacing(6)
        self.add_button = touch_button("Add folder…")
        self.add_button.clicked.connect(lambda: choose_folder(self, "", self.add))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(self.rows)
        layout.addWidget(self.add_button)

    def value(self) -> Any:
        return tuple(self._folders)

    def set_value(self, value: Any) -> None:
        self._folders = [str(v) for v in value or ()]
        self._rebuild()

    def add(self, path: str) -> None:
        if path and path not in self._folders:
            self._folders.append(path)
            self._rebuild()
            self.changed.emit()

    def remove(self, index: int) -> None:
        del self._folders[index]
        self._rebuild()
        self.changed.emit()

    def _rebuild(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, folder in enumerate(self._folders):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(ElidedLabel(folder), 1)
            remove = touch_button("Remove")
            remove.clicked.connect(lambda _checked=False, i=index: self.remove(i))
            line.addWidget(remove)
            self.rows.addWidget(row)


EDITORS: dict[str, type[SettingEditor]] = {
    "text": TextEditor,
    "number": NumberEditor,
    "integer": NumberEditor,
    "toggle": ToggleEditor,
    "choice": ChoiceEditor,
    "folder": FolderEditor,
    "folders": FoldersEditor,
}


def editor_for(spec: SettingSpec) -> SettingEditor:
    return EDITORS[spec.kind](spec)

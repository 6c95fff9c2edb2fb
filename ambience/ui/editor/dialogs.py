"""The editor's questions: unsaved changes, a file changed on disk, the trash, import results.

Each opens with ``open()`` (never ``exec()``) and calls back with the answer chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from ambience.config.trash import TrashedPreset
from ambience.ui.qt import QDialog, QHBoxLayout, QPushButton, QScrollArea, Qt, QVBoxLayout, QWidget
from ambience.ui.widgets import text_label, touch_button


class Ask(QDialog):
    """A question with several large answers; ``answered(key)`` is called with the one touched."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        text: str,
        answers: Sequence[tuple[str, str, str]],  # (key, words, role)
        answered: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(min(parent.window().width() - 40, 620))
        self.answer: str | None = None
        self.buttons: dict[str, QPushButton] = {}
        body = text_label(text, "muted", wrap=True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.setSpacing(12)
        for index, (key, words, role) in enumerate(answers):
            button = touch_button(words, role or None)
            button.clicked.connect(lambda _c=False, key=key: self._chose(key))
            self.buttons[key] = button
            if index == len(answers) - 1:
                row.addStretch(1)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(text_label(title, "title", wrap=True))
        layout.addWidget(body)
        layout.addLayout(row)
        self._answered = answered
        self.finished.connect(self._finished)

    def _chose(self, key: str) -> None:
        self.answer = key
        self.accept()

    def _finished(self, _result: int) -> None:
        self._answered(self.answer or "cancel")
        self.deleteLater()

    def ask(self) -> Ask:
        self.open()
        self.setFocus()
        return self

    def choose(self, key: str) -> None:
        """Touch the answer ``key`` (as a finger would)."""
        self.buttons[key].click()


def unsaved_question(parent: QWidget, name: str, can_save: bool, answered: Callable[[str], None]) -> Ask:
    answers = [("cancel", "Keep editing", ""), ("discard", "Discard changes", "danger")]
    if can_save:
        answers.append(("save", "Save", "primary"))
    text = f"{name or 'This preset'} has changes that are not saved."
    if not can_save:
        text += " They cannot be saved until the problems shown beside the fields are fixed."
    return Ask(parent, "Save the changes?", text, answers, answered)


def changed_on_disk_question(parent: QWidget, name: str, answered: Callable[[str], None]) -> Ask:
    return Ask(
        parent,
        "The file changed on disk",
        f"Someone (or another computer sharing the presets folder) changed {name} while you were "
        "editing it. Nothing has been overwritten.",
        [
            ("reload", "Load theirs", ""),
            ("copy", "Save mine as a copy", ""),
            ("mine", "Keep mine", "primary"),
        ],
        answered,
    )


class TrashDialog(QDialog):
    """The deleted presets, newest first; Restore puts one back."""

    def __init__(
        self, parent: QWidget, items: Sequence[TrashedPreset], restore: Callable[[TrashedPreset], None]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trash")
        self.setModal(True)
        self.resize(min(parent.window().width() - 40, 700), min(parent.window().height() - 40, 480))
        self.restore_buttons: list[QPushButton] = []
        self._restore_one = restore
        rows = QWidget()
        column = QVBoxLayout(rows)
        column.setSpacing(6)
        if not items:
            column.addWidget(text_label("The trash is empty.", "muted"))
        for item in items:
            when = datetime.fromtimestamp(item.deleted_at).strftime("%d %b %Y, %H:%M")
            line = QHBoxLayout()
            words = QVBoxLayout()
            words.addWidget(text_label(item.name, "field-title"))
            words.addWidget(text_label(f"deleted {when} · was {item.original}", "faint"))
            line.addLayout(words, 1)
            button = touch_button("Restore", "primary")
            button.clicked.connect(lambda _c=False, item=item: self._restore(item))
            self.restore_buttons.append(button)
            line.addWidget(button)
            column.addLayout(line)
        column.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(rows)
        close = touch_button("Close")
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(text_label("Deleted presets", "title"))
        layout.addWidget(
            text_label(
                "Deleting a preset moves its file here, in the Trash folder of your presets.",
                "faint",
                wrap=True,
            )
        )
        layout.addWidget(area, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.finished.connect(self.deleteLater)

    def _restore(self, item: TrashedPreset) -> None:
        self._restore_one(item)
        self.accept()


def report_dialog(parent: QWidget, title: str, text: str) -> Ask:
    """Something to read (an import's results), with one answer."""
    return Ask(parent, title, text, [("ok", "Close", "primary")], lambda _key: None)

"""Where and how to export one client's data: a folder (chosen by touch) and JSON or CSV."""

from __future__ import annotations

from pathlib import Path

from ambience.ui.choosers import choose_folder
from ambience.ui.form_dialog import FormDialog
from ambience.ui.inputs import Choices
from ambience.ui.qt import QHBoxLayout, QVBoxLayout, QWidget, Signal
from ambience.ui.widgets import ElidedLabel, set_text, text_label, touch_button

FORMATS = [("json", "JSON (one file, easy to read back)"), ("csv", "CSV (opens in a spreadsheet)")]


class ExportDialog(FormDialog):
    """``chosen(folder, format)`` when the owner touches Export."""

    chosen = Signal(str, str)

    def __init__(self, parent: QWidget, name: str, folder: Path) -> None:
        super().__init__(parent, "Export")
        self.folder = str(folder)
        self.format = Choices(FORMATS, "json")
        self.where = ElidedLabel(self.folder, "value")
        self.choose_button = touch_button("Choose a folder…")
        self.choose_button.clicked.connect(lambda: choose_folder(self, self.folder, self.use_folder))
        self.error = text_label("", "error", wrap=True)
        self.error.hide()
        self.export_button = touch_button("Export", "primary")
        self.export_button.clicked.connect(self._export)
        folder_line = QHBoxLayout()
        folder_line.addWidget(self.where, 1)
        folder_line.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(ElidedLabel(f"Export {name}'s data", "title"))
        layout.addWidget(
            text_label(
                f"Everything kept about {name}: their preferences, their bookings and their sessions in "
                "the history, in a new file (an earlier export is never replaced). It holds one "
                "person's data: give it to them, and keep it no longer than needed.",
                "muted",
                wrap=True,
            )
        )
        layout.addWidget(text_label("FORMAT", "heading"))
        layout.addWidget(self.format)
        layout.addWidget(text_label("FOLDER", "heading"))
        layout.addLayout(folder_line)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addLayout(self.action_row(self.export_button))

    def _export(self) -> None:
        self.chosen.emit(self.folder, self.format.value() or "json")

    def use_folder(self, path: str) -> None:
        if path:
            self.folder = path
            set_text(self.where, path)

    def show_error(self, text: str) -> None:
        set_text(self.error, text)
        self.error.show()
        self.export_button.setEnabled(True)

    def busy(self) -> None:
        self.error.hide()
        self.export_button.setEnabled(False)

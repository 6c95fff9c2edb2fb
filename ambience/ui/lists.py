"""A list of rows that scrolls by finger; its rows are replaced all at once."""

from __future__ import annotations

from ambience.ui.qt import QScrollArea, QVBoxLayout, QWidget
from ambience.ui.touch import kinetic


class ScrollList(QScrollArea):
    """Rows one under the other; ``set_rows`` replaces them all (the old ones are deleted)."""

    def __init__(self, spacing: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = QWidget()
        self.rows = QVBoxLayout(self.host)
        self.rows.setContentsMargins(0, 0, 6, 0)
        self.rows.setSpacing(spacing)
        self.rows.addStretch(1)
        self.setWidget(self.host)
        self.setWidgetResizable(True)
        kinetic(self)

    def set_rows(self, widgets: list[QWidget]) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in widgets:
                widget.hide()
                widget.deleteLater()
        for widget in widgets:
            self.rows.addWidget(widget)
            widget.show()
        self.rows.addStretch(1)

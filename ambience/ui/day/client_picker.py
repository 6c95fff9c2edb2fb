"""Who the session is for: a known client (their preferences apply), a new name, or nobody."""

from __future__ import annotations

from ambience.agenda.preferences import describe
from ambience.journal.daybook import DayBook
from ambience.ui.qt import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.widgets import text_label, touch_button


class ClientPicker(QDialog):
    """Large buttons, one per client, with what they asked for underneath."""

    chosen = Signal(str)  # the client's name; "" for nobody

    def __init__(self, parent: QWidget, book: DayBook, current: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Client")
        self.setModal(True)
        self.setMinimumWidth(min(640, max(360, parent.width() * 2 // 3)))
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setSpacing(8)
        self.buttons = []
        for index, prefs in enumerate(book.clients()):
            wishes = " · ".join(describe(prefs)[:2])
            button = touch_button(f"{prefs.name}\n{wishes}" if wishes else prefs.name, checkable=True)
            button.setChecked(prefs.name == current)
            button.setMinimumHeight(64)
            button.clicked.connect(lambda _c=False, name=prefs.name: self.choose(name))
            self.buttons.append(button)
            grid.addWidget(button, index // 2, index % 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Another client's name")
        self.name.setMaxLength(60)
        self.name.returnPressed.connect(lambda: self.choose(self.name.text().strip()))
        use = touch_button("Use this name")
        use.clicked.connect(lambda: self.choose(self.name.text().strip()))
        nobody = touch_button("No client")
        nobody.clicked.connect(lambda: self.choose(""))
        close = touch_button("Close")
        close.clicked.connect(self.reject)
        typed = QHBoxLayout()
        typed.addWidget(self.name, 1)
        typed.addWidget(use)
        buttons = QHBoxLayout()
        buttons.addWidget(close)
        buttons.addStretch(1)
        buttons.addWidget(nobody)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(text_label("Who is the session for?", "title"))
        layout.addWidget(scroll, 1)
        layout.addLayout(typed)
        layout.addLayout(buttons)

    def choose(self, name: str) -> None:
        self.chosen.emit(name)
        self.accept()

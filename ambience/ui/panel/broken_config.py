"""The window a rooms config that cannot be read opens instead of the panel: which file, which
setting, what is wrong, and a choice between the demo studio and quitting. The file is never
written to: it stays exactly as it is until someone corrects it."""

from __future__ import annotations

from ambience.config.validation import FileError
from ambience.ui.qt import (
    QCloseEvent,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.touch import kinetic
from ambience.ui.widgets import card, text_label, touch_button

DEMO = "demo"
QUIT = "quit"


class BrokenConfigWindow(QWidget):
    """Says why the rooms config could not be used; ``chosen`` carries ``"demo"`` or ``"quit"``."""

    chosen = Signal(str)

    def __init__(self, error: FileError) -> None:
        super().__init__()
        self.setObjectName("panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle("Ambience: the rooms config cannot be used")
        self.error = error
        self.title = text_label("The studio's rooms config cannot be used", "title", wrap=True)
        self.file = text_label(f"File: {error.path}", wrap=True)
        self.file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lines = [f"• {where}: {reason}" if where else f"• {reason}" for where, reason in error.problems]
        self.problems = text_label("\n".join(lines), "warning", wrap=True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.advice = text_label(
            "Nothing was changed in the file. Correct it in a text editor (each line above names the "
            "setting and what is wrong), then start Ambience again. Meanwhile you can open the demo "
            "studio: simulated rooms, no real devices, no music through the speakers.",
            "muted",
            wrap=True,
        )
        self.demo_button: QPushButton = touch_button("Open the demo studio", "primary")
        self.quit_button: QPushButton = touch_button("Quit")
        self.demo_button.clicked.connect(lambda: self._choose(DEMO))
        self.quit_button.clicked.connect(lambda: self._choose(QUIT))
        self.choice: str | None = None

        box = card()
        words = QVBoxLayout(box)
        words.setContentsMargins(20, 16, 20, 16)
        words.setSpacing(12)
        for label in (self.title, self.file, self.problems, self.advice):
            words.addWidget(label)
        words.addStretch(1)
        scroll = kinetic(QScrollArea())
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _choose(self, choice: str) -> None:
        if self.choice is None:
            self.choice = choice
            self.close()
            self.chosen.emit(choice)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The window's own close button (or Alt+F4) means quit.
        super().closeEvent(event)
        if self.choice is None:
            self.choice = QUIT
            self.chosen.emit(QUIT)

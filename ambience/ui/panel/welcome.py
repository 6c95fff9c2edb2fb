"""The first start: a welcome that says the rooms on screen are a demo, and where real ones come from."""

from __future__ import annotations

from ambience.ui.qt import QHBoxLayout, QPushButton, QScrollArea, Qt, QVBoxLayout, QWidget, Signal
from ambience.ui.touch import kinetic
from ambience.ui.widgets import card, text_label, touch_button

WELCOME = (
    "These two treatment rooms are a demo studio. Their lights, diffuser, heating and music are "
    "simulated: try every button, start a session, pause it, bring the lights up. Nothing in "
    "your rooms switches, and no music plays through the speakers."
)
SET_UP = (
    "When you are ready, the studio's owner sets up the real rooms: find the Kasa and Tapo lights, "
    "plugs and thermostats on the network, put them in rooms, and choose where each room's music "
    "plays. The panel then shows those rooms instead of the demo."
)


class WelcomeScreen(QWidget):
    """Laid over the whole window on the first start; the window places it and listens."""

    try_demo = Signal()
    set_up = Signal()

    def __init__(self, parent: QWidget, *, can_set_up: bool) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = text_label("Welcome to Ambience", "title", wrap=True)
        self.body = text_label(WELCOME, wrap=True)
        self.next_steps = text_label(SET_UP, "muted", wrap=True)
        self.demo_button: QPushButton = touch_button("Try the demo", "primary")
        self.set_up_button: QPushButton = touch_button("Set up my rooms")
        self.set_up_button.setVisible(can_set_up)
        self.demo_button.clicked.connect(self.try_demo.emit)
        self.set_up_button.clicked.connect(self.set_up.emit)

        box = card()
        words = QVBoxLayout(box)
        words.setContentsMargins(24, 20, 24, 20)
        words.setSpacing(14)
        words.addWidget(self.title)
        words.addWidget(self.body)
        words.addWidget(self.next_steps)
        words.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        kinetic(scroll)
        self.scroll_area = scroll

        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        buttons.addWidget(self.set_up_button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        column = QVBoxLayout()
        column.setSpacing(16)
        column.addWidget(scroll, 1)
        column.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addStretch(1)
        layout.addLayout(column, 6)
        layout.addStretch(1)
        self.hide()

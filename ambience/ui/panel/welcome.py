"""The first start: a welcome that says the rooms on screen are a demo, and where real ones come from."""

from __future__ import annotations

from ambience.ui import theme
from ambience.ui.qt import (
    QFontMetrics,
    QHBoxLayout,
    QPushButton,
    QResizeEvent,
    QScrollArea,
    QShowEvent,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.theme import px
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

# The longest line the card holds, in characters of its text (a comfortable measure to read).
MEASURE_CHARS = 66


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

        self.box = box = card()
        words = QVBoxLayout(box)
        words.setContentsMargins(24, 20, 24, 20)
        words.setSpacing(14)
        words.addWidget(self.title)
        words.addWidget(self.body)
        words.addWidget(self.next_steps)
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
        # The card and its buttons in the middle of the screen, as wide as lines a reader's eye can
        # follow and as tall as the words (the card scrolls only on a screen too short for them).
        self.column = QWidget()
        column = QVBoxLayout(self.column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        column.addStretch(1)
        column.addWidget(scroll)
        column.addLayout(buttons)
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addStretch(1)
        layout.addWidget(self.column)
        layout.addStretch(1)
        self.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    def fit(self) -> None:
        """The column's width from the screen and the font; the card's height from its words."""
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        self.ensurePolished()
        scale = theme.scale_for(self.width(), self.height())
        words = self.box.layout()
        assert words is not None
        words.setContentsMargins(px(24, scale), px(20, scale), px(24, scale), px(20, scale))
        words.setSpacing(px(14, scale))
        measure = MEASURE_CHARS * QFontMetrics(self.body.font()).averageCharWidth() + px(48, scale)
        width = max(0, min(self.width() - margins.left() - margins.right(), measure))
        self.column.setFixedWidth(width)
        frame = 2 * self.scroll_area.frameWidth()
        needed = self.box.heightForWidth(width - frame) + frame
        column = self.column.layout()
        assert column is not None
        below = self.demo_button.sizeHint().height() + column.spacing()
        room = self.height() - margins.top() - margins.bottom() - below
        self.scroll_area.setFixedHeight(max(0, min(needed, room)))

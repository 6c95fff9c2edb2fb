"""The rooms along the top: one button per room with its state and countdown, in a strip that a
finger drags sideways when there are more rooms than fit, with a ‹ or › at an edge that hides some."""

from __future__ import annotations

from ambience.engine.snapshot import RoomSnapshot
from ambience.session.roomstate import Status
from ambience.ui import theme
from ambience.ui.describe import STATUS_WORDS, countdown, time_of_day
from ambience.ui.facade import RoomFacade
from ambience.ui.qt import (
    QButtonGroup,
    QEvent,
    QFontMetrics,
    QFrame,
    QHBoxLayout,
    QObject,
    QPushButton,
    QResizeEvent,
    QScrollArea,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.touch import kinetic
from ambience.ui.widgets import ElidedLabel, TouchButton, set_role, set_text

# The narrowest a room button gets before the strip scrolls (at scale 1): the countdown still fits.
MIN_BUTTON_W = 124
MAX_BUTTON_W = 280
STATUS_ROLES = {Status.RUNNING: "room-running", Status.PAUSED: "room-paused", Status.PREHEAT: "room-running"}


def room_words(snapshot: RoomSnapshot) -> tuple[str, str]:
    """What a room button says under the name: (the long form, the short form for a narrow button)."""
    state = snapshot.state
    warn = "  ⚠" if any(d.available is False for d in snapshot.devices) else ""
    if state.status is Status.RUNNING:
        left = countdown(state.remaining_s)
        return f"● Running · {left}{warn}", f"● {left}{warn}"
    if state.status is Status.PAUSED:
        left = countdown(state.remaining_s)
        return f"❚❚ PAUSED · {left}{warn}", f"❚❚ {left}{warn}"
    if state.status is Status.PREHEAT and state.ready:
        # The booked time has come: the room waits, warm, for Start (its start time is past).
        who = snapshot.client or snapshot.preset_name
        return (f"Ready · {who}{warn}" if who else f"Ready{warn}"), f"Ready{warn}"
    if state.status is Status.PREHEAT and state.next_phase_at is not None:
        at = time_of_day(state.next_phase_at)
        return f"Preheating · starts {at}{warn}", f"◔ {at}{warn}"
    word = STATUS_WORDS[state.status]
    return f"{word}{warn}", f"{word}{warn}"


class RoomButton(TouchButton):
    """A room in the selector: its name and, underneath, whether a session runs there and how long."""

    def __init__(self, room: RoomFacade, parent: QWidget | None = None) -> None:
        super().__init__()
        if parent is not None:
            self.setParent(parent)
        self.room = room
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setProperty("role", "room")
        self.setProperty("state", "")
        self.setMinimumHeight(theme.TOUCH + 4)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.title = ElidedLabel(room.name, "room-name")
        self.status = ElidedLabel("", "room-idle")
        self._words = ("", "")
        for label in (self.title, self.status):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        words = QVBoxLayout(self)
        words.setContentsMargins(12, 4, 12, 4)
        words.setSpacing(0)
        words.addWidget(self.title)
        words.addWidget(self.status)
        room.changed.connect(self.show_snapshot)
        self.show_snapshot(room.snapshot)

    def _scale(self) -> float:
        window = self.window()
        return theme.scale_for(window.width(), window.height())

    def sizeHint(self) -> QSize:
        # The labels inside decide the size; a plain button would only measure its own (empty) text.
        layout = self.layout()
        assert layout is not None  # set up in the constructor
        margins = layout.contentsMargins()
        title = QFontMetrics(self.title.font()).horizontalAdvance(self.title.text())
        status = QFontMetrics(self.status.font()).horizontalAdvance(self._words[0])
        width = max(title, status) + margins.left() + margins.right() + 6
        height = layout.sizeHint().height()
        scale = self._scale()
        return QSize(
            max(self.minimumSizeHint().width(), min(round(MAX_BUTTON_W * scale), width)),
            max(height, self.minimumHeight()),
        )

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        short = QFontMetrics(self.status.font()).horizontalAdvance(self._words[1])
        width = max(round(MIN_BUTTON_W * self._scale()), short + margins.left() + margins.right() + 6)
        return QSize(width, self.minimumHeight())

    def hold(self) -> None:
        # Never narrower than the short words (the countdown): the strip scrolls instead.
        if getattr(self, "_words", None) is None or self._holding:
            return
        self._holding = True
        try:
            width = self.minimumSizeHint().width()
            if self.minimumWidth() != width:
                self.setMinimumWidth(width)
        finally:
            self._holding = False

    def show_snapshot(self, snapshot: RoomSnapshot) -> None:
        words = room_words(snapshot)
        if words != self._words:
            grew = len(words[1]) != len(self._words[1]) or len(words[0]) != len(self._words[0])
            self._words = words
            self._fit_words()
            if grew:
                self.hold()
                self.updateGeometry()
        set_role(self.status, STATUS_ROLES.get(snapshot.state.status, "room-idle"))
        paused = "paused" if snapshot.state.status is Status.PAUSED else ""
        if self.property("state") != paused:
            self.setProperty("state", paused)
            self.style().unpolish(self)
            self.style().polish(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_words()

    def _fit_words(self) -> None:
        """The long words when they fit, else the short ones: the countdown is never cut."""
        long, short = self._words
        fits = self.status.text_width(long) <= self.status.contentsRect().width()
        set_text(self.status, long if fits or not self.status.width() else short)


class EdgeButton(QPushButton):
    """‹ or › over an edge of the strip of rooms while rooms are hidden past it."""

    def __init__(self, arrow: str, parent: QWidget) -> None:
        super().__init__(arrow, parent)
        self.setProperty("role", "edge")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()


class RoomBar(QScrollArea):
    """Every room's button in a row that scrolls sideways under a finger when they do not all fit.

    A strip that scrolls is invisible as such on a touch screen (no scroll bar, no hover): while
    rooms are hidden past an edge, a ‹ or › button sits on that edge, and a touch on it brings
    the next hidden room into view.
    """

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[RoomButton] = []
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self.chosen.emit)
        self.host = QWidget()
        self.row = QHBoxLayout(self.host)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(8)
        self.setWidget(self.host)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        kinetic(self, horizontal=True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.host.installEventFilter(self)
        self.more_before = self._edge("‹", -1)
        self.more_after = self._edge("›", +1)
        bar = self.horizontalScrollBar()
        bar.rangeChanged.connect(lambda _low, _high: self._show_edges())
        bar.valueChanged.connect(lambda _value: self._show_edges())

    def _edge(self, arrow: str, direction: int) -> EdgeButton:
        button = EdgeButton(arrow, self)
        button.clicked.connect(lambda: self.reveal_next(direction))
        return button

    def hidden_rooms(self, direction: int) -> list[int]:
        """The rooms (by index) wholly or partly out of sight before (-1) or after (+1) the view."""
        left = self.horizontalScrollBar().value()
        right = left + self.viewport().width()
        if direction < 0:
            return [i for i, b in enumerate(self.buttons) if b.x() < left]
        return [i for i, b in enumerate(self.buttons) if b.x() + b.width() > right]

    def reveal_next(self, direction: int) -> None:
        """Bring the nearest room hidden in ``direction`` into view, clear of the edge's button."""
        hidden = self.hidden_rooms(direction)
        if hidden:
            nearest = hidden[-1] if direction < 0 else hidden[0]
            self.ensureWidgetVisible(self.buttons[nearest], self.more_after.width(), 0)

    def _show_edges(self) -> None:
        bar = self.horizontalScrollBar()
        height = self.viewport().height()
        width = max(theme.TOUCH, height)
        self.more_before.setGeometry(0, 0, width, height)
        self.more_after.setGeometry(self.width() - width, 0, width, height)
        self.more_before.setVisible(bar.value() > bar.minimum())
        self.more_after.setVisible(bar.value() < bar.maximum())
        self.more_before.raise_()
        self.more_after.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_edges()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The buttons changed size (new words, a new scale): the strip's own size follows.
        if watched is self.host and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return False

    def set_rooms(self, rooms: list[RoomFacade]) -> None:
        for button in self.buttons:
            self.group.removeButton(button)
            self.row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for index, room in enumerate(rooms):
            button = RoomButton(room)
            self.buttons.append(button)
            self.row.addWidget(button)
            self.group.addButton(button, index)
        self.updateGeometry()

    def select(self, index: int) -> None:
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)
            self.ensureWidgetVisible(self.buttons[index], 0, 0)

    def sizeHint(self) -> QSize:
        return self.host.sizeHint()

    def minimumSizeHint(self) -> QSize:
        # One room at least; the strip scrolls for the others.
        first = self.buttons[0].minimumSizeHint() if self.buttons else QSize(0, 0)
        return QSize(first.width(), self.host.minimumSizeHint().height())

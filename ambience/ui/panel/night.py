"""Night mode: during a session, after a while without a touch, the panel goes dark but for the
countdown and the phase in a dim warm colour, so the screen never lights the treatment room.

The first touch only wakes the panel: it never reaches the button under the finger. Lights up
stays one touch away on the dark screen itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ambience.engine.snapshot import RoomSnapshot
from ambience.session.roomstate import Status
from ambience.ui import theme
from ambience.ui.activity import ACTIVITY
from ambience.ui.describe import countdown
from ambience.ui.qt import (
    QApplication,
    QColor,
    QEvent,
    QHBoxLayout,
    QMouseEvent,
    QObject,
    QPainter,
    QPaintEvent,
    QPushButton,
    QResizeEvent,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.widgets import ElidedLabel, set_text, touch_button

IN_SESSION = (Status.RUNNING, Status.PAUSED)


class NightScreen(QWidget):
    """The dark screen laid over the whole window; a touch anywhere but Lights up wakes the panel."""

    woken = Signal()
    lights = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("night")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # It paints every pixel itself (paintEvent): Qt then paints nothing under the dark screen
        # while it is up, so a dark panel costs no more than a lit one.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        # A new second is painted without laying the screen out again.
        self.countdown = ElidedLabel("")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase = ElidedLabel("")
        self.phase.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lights_button: QPushButton = touch_button("Lights up")
        self.lights_button.clicked.connect(self.lights.emit)
        corner = QHBoxLayout()
        corner.addStretch(1)
        corner.addWidget(self.lights_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.addStretch(3)
        layout.addWidget(self.countdown)
        layout.addWidget(self.phase)
        layout.addStretch(4)
        layout.addLayout(corner)
        self._size = 0
        self.hide()

    def show_snapshot(self, snapshot: RoomSnapshot) -> None:
        state = snapshot.state
        set_text(self.countdown, countdown(state.remaining_s))
        paused = " · PAUSED" if state.status is Status.PAUSED else ""
        set_text(self.phase, f"{state.phase or ''}{paused}")
        set_text(self.lights_button, "Back to session light" if state.lights_up else "Lights up")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = max(48, round(self.height() * 0.28))
        if size != self._size:
            self._size = size
            # A style sheet, not setFont: the panel's sheet would override a font set in code.
            self.countdown.setStyleSheet(f"font-size: {size}px; font-weight: 300;")
            self.phase.setStyleSheet(f"font-size: {max(18, size // 4)}px;")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(theme.NIGHT_BG))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the touch stops here: nothing underneath is pressed

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self.woken.emit()  # on the way up, so the whole touch belongs to the dark screen


class NightWatch(QObject):
    """Notices touches anywhere in the app and dims ``screen`` after ``after_s`` seconds without one,
    while ``wanted()`` says so (a session runs in the room shown and no question is open).

    ``clock`` is a monotonic wall clock (injected in tests); a single timer wakes up only when the
    idle time may have run out, so a quiet panel costs nothing.
    """

    def __init__(
        self,
        screen: NightScreen,
        wanted: Callable[[], bool],
        after_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(screen)
        self.screen = screen
        self.wanted = wanted
        self.after_s = after_s
        self.clock = clock
        self.last_touch = clock()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)
        screen.woken.connect(self.wake)
        app = QApplication.instance()
        if app is not None and after_s > 0:
            app.installEventFilter(self)
            self._arm(after_s)

    def set_after(self, seconds: float) -> None:
        """A new idle time (the studio setting changed); 0 switches night mode off."""
        if seconds == self.after_s:
            return
        self.after_s = seconds
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            if seconds > 0:
                app.installEventFilter(self)
        if seconds > 0:
            self._arm(seconds)
        else:
            self.timer.stop()

    @property
    def dimmed(self) -> bool:
        return self.screen.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if getattr(self, "screen", None) is None:
            return False  # the window is being taken apart
        if event.type() in ACTIVITY:
            self.last_touch = self.clock()
            if self.dimmed and event.type() is QEvent.Type.KeyPress:
                self.wake()  # a key only wakes the panel too (Space must not pause unseen)
                return True
        return False

    def check(self) -> None:
        """Dim if it is time to; else look again when it could be."""
        if self.after_s <= 0 or self.dimmed:
            return
        idle = self.clock() - self.last_touch
        if idle >= self.after_s and self.wanted():
            self.dim()
        else:
            self._arm(max(1.0, self.after_s - idle) if idle < self.after_s else self.after_s)

    def dim(self) -> None:
        window = self.screen.parentWidget()
        if window is not None:
            self.screen.setGeometry(window.rect())
        self.screen.show()
        self.screen.raise_()

    def wake(self) -> None:
        self.last_touch = self.clock()
        if self.dimmed:
            self.screen.hide()
        self._arm(self.after_s)

    def _arm(self, seconds: float) -> None:
        if self.after_s > 0:
            self.timer.start(round(seconds * 1000))

    def close(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

"""The running view of a room: a countdown readable from across the room, the phases, the devices.

Paused is unmistakable: the countdown dims to a cool blue and the view says PAUSED in large
letters, so nobody mistakes a stopped clock for a running one.
"""

from __future__ import annotations

from ambience.engine.snapshot import RoomSnapshot
from ambience.session.roomstate import Status
from ambience.ui import theme
from ambience.ui.describe import STATUS_WORDS, countdown, next_phase_text, time_of_day
from ambience.ui.facade import RoomFacade
from ambience.ui.panel.device_rows import DeviceList
from ambience.ui.panel.progress import PhaseBar
from ambience.ui.panel.room_picture import RoomPicture
from ambience.ui.qt import (
    QFont,
    QFontMetrics,
    QHBoxLayout,
    QPushButton,
    QResizeEvent,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.widgets import ElidedLabel, card, set_role, set_text, text_label, touch_button

STATUS_ROLES = {Status.PAUSED: "status-paused", Status.ENDED: "status-ended"}
# The countdown takes up to this share of the view's height (on a 600-pixel screen, ~150 px digits).
COUNTDOWN_SHARE = 0.36
# The demo picture only shows when it can be at least this tall (else the devices get the room).
PICTURE_MIN_H = 110


class RunningView(QWidget):
    def __init__(
        self, *, demo: bool = False, room: RoomFacade | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.preset = ElidedLabel("", "title")
        self.status = text_label("", "status")
        self.client = ElidedLabel("", "client")  # who the session is for: "No scent for Anna"
        self.client.hide()
        self.blend = ElidedLabel("", "muted")  # the diffuser's oil: "Diffuser: lavender & bergamot"
        self.blend.hide()
        self.countdown = ElidedLabel("00:00")  # a new second repaints it, without a new layout
        self.countdown.setObjectName("countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.countdown.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.ends = text_label("", "muted", wrap=True)
        self.bar = PhaseBar()
        self.phase = ElidedLabel("", "phase")
        self.next = text_label("", "next", wrap=True)
        self.devices = DeviceList(room if demo else None)
        self.picture = RoomPicture() if demo else None
        # The room's music warnings: a tap shows them (set up by the room page).
        self.notice_button: QPushButton = touch_button("", "notice")
        self.notice_button.hide()
        self._countdown_px = 0
        self._countdown_long = False
        self._paused = False
        self._rows_h = 0
        self._lines: tuple[str, ...] = ()
        self._steady: tuple[object, ...] | None = None  # what _show_steady last showed
        self._client_text = ""
        self._blend_text = ""

        head = QHBoxLayout()
        head.addWidget(self.preset, 1)
        head.addWidget(self.status, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.left = left = QVBoxLayout()
        left.setSpacing(4)
        left.addLayout(head)
        left.addWidget(self.client)
        left.addWidget(self.blend)
        left.addWidget(self.countdown)
        left.addWidget(self.ends)
        left.addSpacing(6)
        left.addWidget(self.bar)
        left.addWidget(self.phase)
        left.addWidget(self.next)
        left.addStretch(1)

        self.panel = panel = card()
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(text_label("DEVICES", "heading"), 1)
        heading.addWidget(self.notice_button)
        right = QVBoxLayout(panel)
        right.setContentsMargins(12, 8, 12, 8)
        right.setSpacing(4)
        right.addLayout(heading)
        right.addWidget(self.devices, 1)
        if self.picture is not None:
            right.addWidget(self.picture, 0)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 10, 16, 8)
        layout.setSpacing(18)
        layout.addLayout(left, 11)
        layout.addWidget(panel, 9)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_countdown()
        self._fit_picture()

    def _fit_picture(self) -> None:
        """The demo picture takes what the device rows leave, when that is enough to be worth it."""
        if self.picture is None:
            return
        layout = self.panel.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        inner = self.panel.height() - margins.top() - margins.bottom() - 28
        spare = inner - self.devices.content_height() - layout.spacing()
        show = spare >= PICTURE_MIN_H
        self.picture.setVisible(show)
        if show:
            self.picture.setFixedHeight(min(spare, round(inner * 0.6)))

    def _fit_countdown(self) -> None:
        """As large as the left column allows: by height, and by width for ``H:MM:SS``."""
        sample = "0:00:00" if len(self.countdown.text()) > 5 else "00:00"
        width = max(200, self.left_width())
        # A share of the height, but never more than the other lines leave (a client's line and a
        # note on two lines on a small screen): the digits shrink rather than cover a line.
        by_height = min(self.height() * COUNTDOWN_SHARE, (self.height() - self._rest_height(width)) / 1.15)
        font = QFont(self.countdown.font())
        font.setPixelSize(100)
        font.setWeight(QFont.Weight.Light)
        by_width = width * 0.95 * 100 / max(1, QFontMetrics(font).horizontalAdvance(sample))
        size = max(56, int(min(by_height, by_width)))
        if size != self._countdown_px:
            self._countdown_px = size
            font.setPixelSize(size)
            self.countdown.setFixedHeight(max(int(size * 1.15), QFontMetrics(font).height() + 2))
            self._style_countdown()

    def _rest_height(self, width: int) -> int:
        """What the left column needs at ``width`` besides the countdown, with the view's margins."""
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        left = self.left
        needed = left.heightForWidth(width) if left.hasHeightForWidth() else left.sizeHint().height()
        return needed - self.countdown.height() + margins.top() + margins.bottom()

    def _style_countdown(self) -> None:
        # A style sheet, not setFont: the panel's sheet would override a font set in code.
        colour = theme.PAUSED_DIM if self._paused else theme.TEXT
        self.countdown.setStyleSheet(f"font-size: {self._countdown_px}px; font-weight: 300; color: {colour};")

    def left_width(self) -> int:
        layout = self.layout()
        assert layout is not None  # set up in the constructor
        margins = layout.contentsMargins()
        usable = self.width() - margins.left() - margins.right() - layout.spacing()
        return usable * 11 // 20

    def show_snapshot(self, snapshot: RoomSnapshot, spans: list[tuple[str, float]]) -> None:
        state = snapshot.state
        # What stays put while a session simply runs on (the title, the status, the phase, who it is
        # for): set again only when it changes, not with every second of the countdown.
        steady = (
            snapshot.preset_name,
            snapshot.client,
            snapshot.blend,
            state.status,
            state.ready,
            state.no_scent,
            state.ends_at,
            state.total_s,
            state.phase,
        )
        if steady != self._steady:
            self._steady = steady
            self._show_steady(snapshot)
        if state.ready:  # waiting for Start: the session's whole length is still ahead
            set_text(self.countdown, countdown(state.total_s))
        elif state.status is Status.PREHEAT and state.next_phase_at is not None:
            set_text(self.countdown, countdown(state.next_phase_at - state.at))
        else:
            set_text(self.countdown, countdown(state.remaining_s))
        if (len(self.countdown.text()) > 5) != (self._countdown_long):
            self._countdown_long = len(self.countdown.text()) > 5
            self._fit_countdown()
        self.bar.show_progress(spans, state.elapsed_s, state.phase_index)
        if state.status is Status.ENDED:
            set_text(self.next, "The room is in its turnover state: lights up, music off, diffuser off.")
        elif state.status is Status.PREHEAT and state.ready:
            set_text(self.next, "The room is warm. The session begins when you touch Start.")
        else:
            set_text(self.next, next_phase_text(state))
        # The lines around the countdown changed (at most once a minute): it may have to give room.
        lines = (self._client_text, self._blend_text, self.ends.text(), self.phase.text(), self.next.text())
        if lines != self._lines:
            self._lines = lines
            self._fit_countdown()
        self.devices.show_snapshot(snapshot)
        if self.picture is not None:
            self.picture.show_snapshot(snapshot)
            if self.devices.content_height() != self._rows_h:  # a row opened or closed its details
                self._rows_h = self.devices.content_height()
                self._fit_picture()

    def _show_steady(self, snapshot: RoomSnapshot) -> None:
        state = snapshot.state
        set_text(self.preset, snapshot.preset_name or "")
        paused = state.status is Status.PAUSED
        word = "Ready" if state.ready else STATUS_WORDS[state.status]
        set_text(self.status, "❚❚ PAUSED" if paused else word)
        set_role(self.status, STATUS_ROLES.get(state.status, "status"))
        if paused != self._paused:
            self._paused = paused
            self._style_countdown()
        set_text(self.ends, _ends_text(snapshot))
        set_role(self.ends, "paused-note" if paused else "muted")
        if state.status is Status.ENDED:
            set_text(self.phase, "Session ended")
        elif state.status is Status.PREHEAT and state.ready:
            # The preset is the title above and Start is named on the next line: the large line
            # says only who the room is ready for, so it reads whole on the smallest screen.
            set_text(self.phase, f"Ready for {snapshot.client}" if snapshot.client else "Ready")
        elif state.status is Status.PREHEAT:
            set_text(self.phase, "Warming the room")
        else:
            set_text(self.phase, state.phase or "")
        line = self._client_text = client_line(snapshot)
        set_text(self.client, line)
        self.client.setVisible(bool(line))
        blend = f"Diffuser: {snapshot.blend}" if snapshot.blend and state.status is not Status.ENDED else ""
        self._blend_text = blend
        set_text(self.blend, blend)
        self.blend.setVisible(bool(blend))


def client_line(snapshot: RoomSnapshot) -> str:
    """``No scent for Anna``, ``For Anna``, or nothing when the session is for nobody in particular."""
    client, no_scent = snapshot.client, snapshot.state.no_scent
    if client and no_scent:
        return f"No scent for {client}"
    if no_scent:
        return "No scent"
    return f"For {client}" if client else ""


def _ends_text(snapshot: RoomSnapshot) -> str:
    state = snapshot.state
    total_min = state.total_s / 60.0
    if state.status is Status.RUNNING and state.ends_at is not None:
        return f"left of {total_min:.0f} min · ends at {time_of_day(state.ends_at)}"
    if state.status is Status.PAUSED:
        return f"Paused: the clock is stopped · {total_min:.0f} min session"
    if state.ready:
        return f"a {total_min:.0f}-minute session, from the touch on Start"
    if state.status is Status.PREHEAT:
        return "until the session starts"
    if state.status is Status.ENDED:
        return f"ran {total_min:.0f} min"
    return ""

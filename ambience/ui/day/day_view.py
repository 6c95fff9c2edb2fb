"""A room's day: its bookings in time order (time, preset, client, notes, state), one touch each.

Opened from the panel's top bar; the room shown is the one the panel was on. A row opens the
booking editor; "New booking" opens it with the room, the preset and the next free hour set.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta

from ambience.agenda.planner import Planner
from ambience.agenda.preferences import describe
from ambience.journal.daybook import Booking, BookingState
from ambience.session.roomstate import Status
from ambience.ui.day.booking_editor import BookingEditor
from ambience.ui.facade import StudioFacade
from ambience.ui.fit import fit_layout, scale_of
from ambience.ui.lists import ScrollList
from ambience.ui.qt import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QMouseEvent,
    QPushButton,
    QResizeEvent,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.strip import ChoiceStrip
from ambience.ui.widgets import ElidedLabel, set_role, set_text, text_label, touch_button

REFRESH_MS = 5000


def booking_state(booking: Booking, planner: Planner) -> str:
    """The state a therapist cares about: Booked, Preheating, Ready, Running, Done, Missed, Cancelled."""
    if booking.state is BookingState.BOOKED:
        room = next((r for r in planner.studio.rooms if r.id == booking.room_id), None)
        if room is not None and room.session is not None and room.session.id == booking.session_id:
            state = room.state()
            if state.status is Status.PREHEAT:
                return "Ready · touch Start" if state.ready else "Preheating"
            if state.status in (Status.RUNNING, Status.PAUSED):
                return "Running"
        return "Booked"
    return {
        BookingState.STARTED: "Started",
        BookingState.MISSED: "Missed",
        BookingState.CANCELLED: "Cancelled",
    }[booking.state]


class BookingRow(QFrame):
    """One booking: a large row a finger can hit."""

    clicked = Signal()

    def __init__(self, booking: Booking, state: str, extra: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.booking = booking
        done = booking.state is not BookingState.BOOKED
        now = state.startswith(("Ready", "Preheating", "Running"))
        self.setProperty("role", "booking-done" if done else "booking-now" if now else "booking")
        self.setMinimumHeight(72)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        start = datetime.fromtimestamp(booking.starts_at)
        end = datetime.fromtimestamp(booking.ends_at)
        self.time = text_label(f"{start:%H:%M}", "booking-time")
        self.until = text_label(f"until {end:%H:%M}", "faint")
        self.what = ElidedLabel(booking.preset, "tile-name")
        who = booking.client or "No client"
        if booking.imported:
            who += "  ·  from the calendar"
        self.who = ElidedLabel(who, "tile-summary")
        self.extra = ElidedLabel(" · ".join(p for p in (extra, booking.notes) if p), "faint")
        self.state = text_label(state, "booking-state" if not done else "muted")
        for label in (self.time, self.until, self.what, self.who, self.extra, self.state):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        clock = QVBoxLayout()
        clock.setSpacing(0)
        clock.addWidget(self.time)
        clock.addWidget(self.until)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.what)
        words.addWidget(self.who)
        words.addWidget(self.extra)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        row.setSpacing(16)
        row.addLayout(clock)
        row.addLayout(words, 1)
        row.addWidget(self.state, 0, Qt.AlignmentFlag.AlignVCenter)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()


class DayView(QDialog):
    """The day of one room (any room, with the buttons along the top), from the panel's top bar."""

    def __init__(self, parent: QWidget, facade: StudioFacade, room_id: str) -> None:
        super().__init__(parent)
        assert facade.planner is not None
        self.facade = facade
        self.planner: Planner = facade.planner
        self.room_id = room_id
        self.day = date.fromtimestamp(self.planner.clock.now())
        self.editor: BookingEditor | None = None
        self.rows: list[BookingRow] = []
        self.setWindowTitle("Today")
        self.setObjectName("panel")

        # The rooms in a row that scrolls sideways: many or long names never widen a small screen.
        rooms = [(room.id, room.name) for room in self.planner.studio.config.rooms]
        self.room_strip = ChoiceStrip(rooms, room_id, role="room")
        self.room_strip.chosen.connect(self._room_chosen)
        self.title = ElidedLabel("", "title")  # never wider than a small screen
        self.previous = touch_button("◀")
        self.today = touch_button("Today")
        self.next = touch_button("▶")
        self.previous.clicked.connect(lambda: self.show_day(self.day - timedelta(days=1)))
        self.next.clicked.connect(lambda: self.show_day(self.day + timedelta(days=1)))
        self.today.clicked.connect(lambda: self.show_day(date.fromtimestamp(self.planner.clock.now())))
        self.add_button = touch_button("New booking", "primary")
        self.add_button.clicked.connect(self.new_booking)
        self.close_button = touch_button("Close")
        self.close_button.clicked.connect(self.accept)
        self.auto = text_label("", "faint")

        self.list = ScrollList(spacing=8)

        top = QHBoxLayout()
        top.addWidget(self.room_strip, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        head = QHBoxLayout()
        head.addWidget(self.previous)
        head.addWidget(self.title, 1)
        head.addWidget(self.today)
        head.addWidget(self.next)
        bottom = QHBoxLayout()
        bottom.addWidget(self.auto, 1)
        bottom.addWidget(self.add_button)
        self.main = layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(head)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        facade.day_changed.connect(self.refresh)
        self.finished.connect(lambda _result: self._disconnect())
        self._fit()
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        fit_layout(self.main, scale_of(self), (16, 10, 16, 12), 10)

    def _disconnect(self) -> None:
        self.timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):  # already gone
            self.facade.day_changed.disconnect(self.refresh)

    @property
    def room_buttons(self) -> list[QPushButton]:
        return list(self.room_strip.buttons.values())

    def _room_chosen(self, room_id: str) -> None:
        self.room_id = room_id
        self.refresh()

    def show_day(self, day: date) -> None:
        self.day = day
        self.refresh()

    def bookings(self) -> list[Booking]:
        return self.planner.desk.day(self.day, self.room_id)

    def refresh(self) -> None:
        studio = self.planner.studio
        room = studio.config.room(self.room_id)
        today = date.fromtimestamp(self.planner.clock.now())
        word = "Today" if self.day == today else "Tomorrow" if self.day == today + timedelta(days=1) else ""
        word = word + " · " if word else ""
        self.title.set_texts(
            f"{room.name} · {word}{self.day:%A %d %B}",
            f"{room.name} · {word}{self.day:%a %d %b}",
            f"{word}{self.day:%a %d %b}",
        )
        set_text(
            self.auto,
            "Booked sessions start by themselves in this room."
            if room.auto_start
            else "At the booked time the room waits, warm and ready, for Start.",
        )
        self.rows = []
        for booking in self.bookings():
            prefs = self.planner.book.client(booking.client) if booking.client else None
            extra = " · ".join(describe(prefs)) if prefs else ""
            row = BookingRow(booking, booking_state(booking, self.planner), extra)
            row.clicked.connect(lambda b=booking: self.edit(b))
            self.rows.append(row)
        empty = text_label("No bookings. Touch New booking to add one.", "muted")
        self.list.set_rows(list(self.rows) or [empty])
        for row in self.rows:
            set_role(row, str(row.property("role")))

    def new_booking(self) -> None:
        now = datetime.fromtimestamp(self.planner.clock.now())
        start = (now.hour + 1) * 60 if self.day == now.date() else 10 * 60
        for booking in self.bookings():  # after the day's last open booking, if later
            if booking.open:
                end = datetime.fromtimestamp(booking.ends_at)
                start = max(start, end.hour * 60 + end.minute)
        self._open_editor(None, min(start, 23 * 60))

    def edit(self, booking: Booking) -> None:
        if booking.state is BookingState.BOOKED:
            self._open_editor(booking, 0)

    def _open_editor(self, booking: Booking | None, start: int) -> None:
        if self.editor is not None:
            return
        editor = BookingEditor(self, self.planner, self.day, self.room_id, booking, start_minutes=start)
        editor.resize(self.size())
        editor.saved.connect(self.refresh)
        editor.finished.connect(lambda _result: setattr(self, "editor", None))
        editor.finished.connect(editor.deleteLater)
        self.editor = editor
        editor.open()

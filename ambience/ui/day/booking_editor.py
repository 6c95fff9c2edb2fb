"""Adding or changing one booking by touch: time, room, preset, client, a note; Save or Cancel it."""

from __future__ import annotations

from datetime import date, datetime, time

from ambience.agenda.bookings import BookingRefused
from ambience.agenda.planner import Planner
from ambience.journal.daybook import Booking
from ambience.ui.day.time_picker import TimePicker
from ambience.ui.qt import QComboBox, QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget, Signal
from ambience.ui.widgets import set_text, text_label, touch_button

NO_CLIENT = "— no client —"


class BookingEditor(QDialog):
    """A new booking (room and preset pre-selected) or an existing one to move, change or cancel."""

    saved = Signal()

    def __init__(
        self,
        parent: QWidget,
        planner: Planner,
        day: date,
        room_id: str,
        booking: Booking | None = None,
        *,
        start_minutes: int = 10 * 60,
    ) -> None:
        super().__init__(parent)
        self.planner = planner
        self.day = day
        self.booking = booking
        self.setWindowTitle("Booking")
        self.setModal(True)
        studio = planner.studio
        self.room = QComboBox()
        for room in studio.config.rooms:
            self.room.addItem(room.name, room.id)
        self.room.setCurrentIndex(max(0, self.room.findData(booking.room_id if booking else room_id)))
        self.preset = QComboBox()
        for loaded in studio.library.presets:
            self.preset.addItem(f"{loaded.name} · {loaded.preset.minutes:g} min", loaded.name)
        wanted = (
            booking.preset
            if booking
            else (studio.presets_for(studio.room(room_id)) or studio.library.presets)[0].name
        )
        self.preset.setCurrentIndex(max(0, self.preset.findData(wanted)))
        self.client = QComboBox()
        self.client.setEditable(True)  # a new client's name is typed; known ones are picked
        self.client.addItem(NO_CLIENT, "")
        for prefs in planner.book.clients():
            self.client.addItem(prefs.name, prefs.name)
        if booking is not None and booking.client:
            self.client.setCurrentText(booking.client)
        else:
            self.client.setCurrentIndex(0)
        self.notes = QLineEdit(booking.notes if booking else "")
        self.notes.setPlaceholderText("A short note (optional)")
        self.notes.setMaxLength(200)
        at = datetime.fromtimestamp(booking.starts_at) if booking else None
        self.time = TimePicker(at.hour * 60 + at.minute if at else start_minutes)
        self.error = text_label("", "error", wrap=True)
        self.error.hide()

        self.save_button = touch_button("Save", "primary")
        self.cancel_booking_button = touch_button("Cancel booking", "danger")
        self.close_button = touch_button("Close")
        self.cancel_booking_button.setVisible(booking is not None)
        self.save_button.clicked.connect(self.save)
        self.cancel_booking_button.clicked.connect(self.cancel_booking)
        self.close_button.clicked.connect(self.reject)

        title = "New booking" if booking is None else "Change the booking"
        if booking is not None and booking.imported:
            title += " (from a calendar: your change is kept)"
        fields = QVBoxLayout()
        fields.setSpacing(8)
        for label, widget in (("Room", self.room), ("Preset", self.preset), ("Client", self.client)):
            fields.addWidget(text_label(label.upper(), "heading"))
            fields.addWidget(widget)
        fields.addWidget(text_label("NOTE", "heading"))
        fields.addWidget(self.notes)
        fields.addStretch(1)
        when = QVBoxLayout()
        when.addWidget(text_label(f"{day:%A %d %B}".upper(), "heading"))
        when.addWidget(self.time)
        when.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(24)
        body.addLayout(when)
        body.addLayout(fields, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.cancel_booking_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(text_label(title, "title"))
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def starts_at(self) -> float:
        minutes = self.time.minutes()
        return datetime.combine(self.day, time(minutes // 60, minutes % 60)).astimezone().timestamp()

    def client_name(self) -> str:
        text = self.client.currentText().strip()
        return "" if text == NO_CLIENT else text

    def save(self) -> None:
        room_id = str(self.room.currentData())
        preset = str(self.preset.currentData())
        try:
            if self.booking is None:
                self.planner.add(
                    room_id, self.starts_at(), preset, self.client_name() or None, self.notes.text()
                )
            else:
                b = self.booking
                if b.starts_at != self.starts_at() or b.room_id != room_id:
                    self.booking = self.planner.move(b.id, self.starts_at(), room_id)
                self.planner.change(b.id, preset=preset, client=self.client_name(), notes=self.notes.text())
        except BookingRefused as refused:
            self.show_error(str(refused))
            return
        self.saved.emit()
        self.accept()

    def cancel_booking(self) -> None:
        if self.booking is None:
            return
        try:
            self.planner.cancel(self.booking.id)
        except BookingRefused as refused:
            self.show_error(str(refused))
            return
        self.saved.emit()
        self.accept()

    def show_error(self, text: str) -> None:
        set_text(self.error, text[:1].upper() + text[1:] + ".")
        self.error.show()

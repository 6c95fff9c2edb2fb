"""One client's preferences in words, what the studio keeps about them, and what the owner can do."""

from __future__ import annotations

from ambience.agenda.clients import ClientSummary, bounds_words, warmth_words
from ambience.ui.qt import QFrame, QHBoxLayout, QVBoxLayout, QWidget
from ambience.ui.widgets import ElidedLabel, set_text, text_label, touch_button


def preference_lines(client: ClientSummary) -> list[str]:
    prefs = client.prefs
    if prefs is None:
        return ["No preferences yet: the presets play as they are. Touch Set preferences to add some."]
    lines = [
        "Scent: none, the diffuser stays off" if prefs.no_scent else "Scent: as the preset",
        f"Music: {prefs.volume:g} %" if prefs.volume is not None else "Music: as the preset",
        f"Warmth: {warmth_words(prefs.warmth).lower()}" + (f" ({bounds_words()})" if prefs.warmth else ""),
        f"Usual preset: {prefs.preset}" if prefs.preset else "Usual preset: none",
    ]
    if prefs.note:
        lines.append(f"Note: {prefs.note}")
    return lines


def kept_words(client: ClientSummary) -> str:
    bookings = f"{client.bookings} booking{'s' if client.bookings != 1 else ''}"
    if client.from_calendar:
        bookings += f" ({client.from_calendar} from a calendar)"
    sessions = f"{client.sessions} session{'s' if client.sessions != 1 else ''} in the history"
    return f"Named on {bookings} and {sessions}."


class ClientDetails(QFrame):
    """The chosen client (or a word when there is none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.name = ElidedLabel("", "title")
        self.lines = text_label("", "next", wrap=True)
        self.kept = text_label("", "faint", wrap=True)
        self.change_button = touch_button("Change…")
        self.export_button = touch_button("Export…")
        self.delete_button = touch_button("Delete…", "danger")
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        layout.addWidget(self.name)
        layout.addWidget(self.lines)
        layout.addWidget(self.kept)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def show_client(self, client: ClientSummary | None) -> None:
        self.client = client
        for button in (self.change_button, self.export_button, self.delete_button):
            button.setVisible(client is not None)
        if client is None:
            set_text(self.name, "")
            set_text(self.lines, "Choose a client on the left, or touch New client.")
            set_text(self.kept, "")
            return
        set_text(self.name, client.name)
        set_text(self.lines, "\n".join(preference_lines(client)))
        set_text(self.kept, kept_words(client))
        set_text(self.change_button, "Change…" if client.prefs is not None else "Set preferences…")

"""The owner's clients screen: every client with what they asked for; new, change, export, delete.

A client is anyone the studio has preferences for or whose name is on a booking or a session.
Changes are kept at once (the day book is written in short steps); an export is written on a
thread; deleting asks first, naming exactly what goes.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from ambience.agenda.clients import (
    ClientSummary,
    Format,
    check_client,
    client_export,
    forget_words,
    summaries,
    write_export,
)
from ambience.agenda.preferences import describe
from ambience.config.paths import exports_dir
from ambience.journal.daybook import ClientPreferences
from ambience.ui.clients.client_editor import ClientEditor
from ambience.ui.clients.details import ClientDetails
from ambience.ui.clients.export_dialog import ExportDialog
from ambience.ui.facade import StudioFacade
from ambience.ui.fit import focus_on_touch, scale_of
from ambience.ui.lists import ScrollList
from ambience.ui.owner.book_page import BookPage
from ambience.ui.panel.dialogs import Question
from ambience.ui.qt import QFrame, QHBoxLayout, QMouseEvent, Qt, QVBoxLayout, QWidget, Signal
from ambience.ui.widgets import ElidedLabel, set_role, text_field, text_label, touch_button

NOTICE = "Preferences are what the room should do for a client, never anything about their health."


class ClientRow(QFrame):
    """A client in the list: their name and, underneath, what they asked for."""

    clicked = Signal()

    def __init__(self, client: ClientSummary) -> None:
        super().__init__()
        self.client = client
        self.setProperty("role", "booking")
        self.setMinimumHeight(64)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.name = ElidedLabel(client.name, "tile-name")
        wishes = " · ".join(describe(client.prefs)) if client.prefs else "No preferences"
        self.wishes = ElidedLabel(wishes or "No preferences", "tile-summary")
        for label in (self.name, self.wishes):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        words = QVBoxLayout(self)
        words.setContentsMargins(12, 6, 12, 6)
        words.setSpacing(2)
        words.addWidget(self.name)
        words.addWidget(self.wishes)

    def set_chosen(self, chosen: bool) -> None:
        set_role(self, "booking-now" if chosen else "booking")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()


class ClientsPage(BookPage):
    """Clients on the left (with a search), the chosen one's preferences and actions on the right."""

    def __init__(
        self,
        facade: StudioFacade,
        *,
        journal_path: Path | None = None,
        export_dir: Path | None = None,
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(facade, parent)
        self.journal_path = journal_path
        self.export_dir = export_dir
        self.chosen: str | None = None
        self.rows: list[ClientRow] = []
        self.clients: list[ClientSummary] = []

        self.search = text_field("Find a client")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.show_list())
        self.new_button = touch_button("New client", "primary")
        self.new_button.clicked.connect(lambda: self.edit(None))
        self._top.addWidget(text_label("Clients", "title"))
        self._top.addWidget(self.search, 1)
        self._top.addWidget(self.new_button)

        self.list = ScrollList(spacing=6)
        self.details = ClientDetails()
        self.details.change_button.clicked.connect(lambda: self.edit(self.chosen))
        self.details.export_button.clicked.connect(self.export)
        self.details.delete_button.clicked.connect(self.delete)
        note = self.demo_note(note, "the clients")
        self.note = text_label(f"{NOTICE} {note}".strip(), "warning", wrap=True)
        self.body = QHBoxLayout()
        self.body.addWidget(self.list, 5)
        self.body.addWidget(self.details, 6)
        self.main.addLayout(self._top)
        self.main.addWidget(self.note)
        self.main.addLayout(self.body, 1)
        self.main.addWidget(self.status)
        facade.day_changed.connect(self.refresh)
        focus_on_touch(self)
        self._fit()
        self.refresh()

    def _fit(self) -> None:
        super()._fit()
        self.body.setSpacing(round(14 * scale_of(self)))

    # What is shown.
    def refresh(self) -> None:
        if not self._open:
            return
        self.clients = summaries(self.planner.book)
        names = [c.name for c in self.clients]
        if self.chosen is not None and self.chosen not in names:
            # Renamed or deleted meanwhile (here or from the terminal): the same client in any case, or none.
            self.chosen = next((n for n in names if n.casefold() == self.chosen.casefold()), None)
        self.show_list()

    def shown(self) -> list[ClientSummary]:
        """The clients the search finds (every one when it is empty)."""
        words = self.search.text().strip().casefold().split()
        return [
            c
            for c in self.clients
            if all(w in f"{c.name} {c.prefs.note if c.prefs else ''}".casefold() for w in words)
        ]

    def show_list(self) -> None:
        found = self.shown()
        self.rows = [ClientRow(c) for c in found]
        for row in self.rows:
            row.clicked.connect(lambda name=row.client.name: self.choose(name))
            row.set_chosen(row.client.name == self.chosen)
        widgets: list[QWidget] = list(self.rows)
        if not found:
            empty = (
                "No client matches."
                if self.search.text().strip()
                else "No clients yet. Touch New client to add one."
            )
            widgets = [text_label(empty, "muted", wrap=True)]
        self.list.set_rows(widgets)
        if self.chosen is None and found:
            self.chosen = found[0].name
            self.rows[0].set_chosen(True)
        client = next((c for c in self.clients if c.name == self.chosen), None)
        self.details.show_client(client)

    def choose(self, name: str) -> None:
        self.chosen = name
        for row in self.rows:
            row.set_chosen(row.client.name == name)
        self.details.show_client(next((c for c in self.clients if c.name == name), None))

    def row(self, name: str) -> ClientRow:
        return next(r for r in self.rows if r.client.name == name)

    # New and changed clients.
    def edit(self, name: str | None) -> None:
        client = next((c for c in self.clients if c.name == name), None) if name else None
        studio = self.planner.studio
        prefs = client.prefs if client is not None else None
        editor = ClientEditor(
            self,
            studio.library.names(),
            studio.config.volume_cap,
            prefs,
            name=client.name if client is not None and prefs is None else "",
        )
        was = client.name if client is not None else None
        editor.submitted.connect(lambda new: self._save(editor, new, was))
        self._show(editor)

    def _save(self, editor: ClientEditor, prefs: ClientPreferences, was: str | None) -> None:
        studio = self.planner.studio
        problems = check_client(prefs, studio.config, studio.library.names(), self.planner.book, was)
        if problems:
            editor.show_problems(problems)
            return
        try:
            self.planner.save_client(prefs, was)
        except ValueError as exc:  # taken meanwhile (from the terminal)
            editor.show_problems({"name": str(exc)})
            return
        editor.accept()
        self.chosen = prefs.name.strip()
        self.say(f"Saved {self.chosen}: their preferences apply to their bookings and when picked at Start.")
        self.refresh()

    # Export.
    def export(self) -> None:
        if self.chosen is None:
            return
        name = self.chosen
        dialog = ExportDialog(self, name, self.export_dir or exports_dir())
        dialog.chosen.connect(lambda folder, fmt: self._export(dialog, name, Path(folder), fmt))
        self._show(dialog)

    def _export(self, dialog: ExportDialog, name: str, folder: Path, fmt: str) -> None:
        dialog.busy()
        rooms = {r.id: r.name for r in self.planner.studio.config.rooms}
        data = client_export(
            self.planner.book,
            name,
            journal_path=self.journal_path,
            room_names=rooms,
            now=self.planner.clock.now(),
        )
        chosen: Format = "csv" if fmt == "csv" else "json"

        def written(future: asyncio.Future[Any]) -> None:
            if future.cancelled() or not self._open:
                return
            error = future.exception()
            if error is not None:
                reason = getattr(error, "strerror", None) or error
                dialog.show_error(f"Could not write to {folder}: {reason}. Choose another folder.")
                return
            dialog.accept()
            self.say(f"Saved {name}'s data to {future.result()}")

        work = asyncio.to_thread(write_export, data, folder, chosen)
        self.facade.run_async(work).add_done_callback(written)

    # Delete.
    def delete(self) -> None:
        client = next((c for c in self.clients if c.name == self.chosen), None)
        if client is None:
            return
        short = len(client.name) <= 20
        question = Question(
            self,
            f"Delete {client.name}'s data?" if short else "Delete this client's data?",
            forget_words(client) if short else f"{client.name}. {forget_words(client)}",
            f"Delete {client.name}'s data" if short else "Delete their data",
            "Keep it",
            danger=True,
        )
        self._ask(question, lambda: self._delete(client.name))

    def _delete(self, name: str) -> None:
        self.planner.forget_client(name)
        self.chosen = None
        self.say(f"Deleted {name}'s data.")
        self.refresh()

"""The owner's clients screen: create and change preferences, export one client, delete one after asking."""

from __future__ import annotations

import json

import pytest

from ambience.journal.daybook import ClientPreferences
from ambience.session.timeline import EventKind, Session
from ambience.ui.clients.client_editor import ClientEditor
from ambience.ui.clients.export_dialog import ExportDialog
from ambience.ui.clients.page import ClientsPage
from ambience.ui.owner.pin_dialog import PinDialog
from ambience.ui.panel.dialogs import Question
from ambience.ui.qt import Qt
from tests.ui.conftest import START, WAIT_MS

LEFT = Qt.MouseButton.LeftButton
MIN = 60.0


def open_page(p) -> ClientsPage:
    return p.open_owner_screen(p.window.open_clients, ClientsPage)


def finished_session(p, room_id: str, preset: str, client: str, began: float) -> None:
    """A session earlier in the day, written to the journal as the engine would have."""
    session = Session(p.studio.plan(p.studio.library.find(preset)), client=client)
    session.add(EventKind.START, began)
    p.journal.record_start(room_id, session)
    p.journal.record_end(session, began + 20 * MIN)
    p.book.note_session(session.id, room_id, None, client, began)


@pytest.fixture
def known(day_panel):
    """Anna (no scent) with a booking and a finished session; Ben with a booking; Dora only in the history."""
    p = day_panel
    p.book.put_client(ClientPreferences("Anna", no_scent=True, volume=20.0, note="Quiet music"))
    p.book.put_client(ClientPreferences("Ben", warmth=1.5))
    for began, client in ((START - 3 * 3600, "Anna"), (START - 2 * 3600, "Dora")):
        finished_session(p, "cedar", "Express", client, began)
    p.planner.add("lavender", START + 3 * 3600, "Relax", client="Anna", notes="Shoulders")
    p.planner.add("lavender", START + 5 * 3600, "Relax", client="Ben", notes="Neck")
    p.journal.flush()
    return p


def test_the_clients_open_in_owner_mode_and_list_everyone_the_studio_knows(known):
    p = known
    p.window.open_clients()
    assert isinstance(p.window.owner.prompt, PinDialog)
    p.window.owner.prompt.reject()
    page = open_page(p)
    assert [r.client.name for r in page.rows] == ["Anna", "Ben", "Dora"]
    assert page.row("Anna").wishes.text() == "No scent · Music 20 % · Quiet music"
    assert page.row("Dora").wishes.text() == "No preferences"
    assert page.details.name.text() == "Anna"
    assert "Scent: none, the diffuser stays off" in page.details.lines.text()
    assert page.details.kept.text() == "Named on 1 booking and 1 session in the history."
    assert "never anything about their health" in page.note.text()
    page.search.setText("be")
    assert [r.client.name for r in page.rows] == ["Ben"]
    page.search.setText("quiet")  # the note is searched too
    assert [r.client.name for r in page.rows] == ["Anna"]


def test_a_client_created_on_the_screen_gets_their_preferences_at_start(day_panel):
    p = day_panel
    page = open_page(p)
    p.qtbot.mouseClick(page.new_button, LEFT)
    editor = page.dialog
    assert isinstance(editor, ClientEditor)
    assert "Never health information" in editor.actions_only.text()
    editor.name.setText("Cleo")
    p.qtbot.mouseClick(editor.no_scent, LEFT)
    p.qtbot.mouseClick(editor.own_volume, LEFT)
    for _ in range(2):
        p.qtbot.mouseClick(editor.volume.minus, LEFT)  # 25 % → 15 %
    for _ in range(2):
        p.qtbot.mouseClick(editor.warmth.plus, LEFT)  # +1 °C
    assert editor.warmth_words.text() == "· 1 °C warmer, kept within 18–30 °C"
    editor.preset.setCurrentIndex(editor.preset.findData("Relax"))
    editor.note.setText("Extra towel")
    p.qtbot.mouseClick(editor.save_button, LEFT)
    assert page.dialog is None
    assert p.book.client("Cleo") == ClientPreferences("Cleo", True, 15.0, 1.0, "Relax", "Extra towel")
    assert page.details.name.text() == "Cleo"
    page.window().accept()
    p.qtbot.waitUntil(lambda: p.window.dialog is None)

    room_page = p.window.page_for("lavender")
    p.qtbot.mouseClick(room_page.client_button, LEFT)
    picker = room_page.dialog
    (button,) = picker.buttons
    p.qtbot.mouseClick(button, LEFT)
    room_page.room.start(p.studio.library.find("Relax"))
    p.advance(MIN)
    state = p.room("lavender").state()
    assert state.no_scent and not state.diffuser.on  # Relax would scent the room now
    assert state.music.volume == pytest.approx(15.0)
    assert state.climate.target_c == pytest.approx(25.0)  # Relax's 24 °C, one warmer
    assert p.room("lavender").snapshot().client == "Cleo"


def test_a_refused_preference_says_why_and_keeps_nothing(known):
    p = known
    page = open_page(p)
    p.qtbot.mouseClick(page.new_button, LEFT)
    editor = page.dialog
    editor.name.setText("anna")
    editor.note.setText("Pregnant, no lavender")
    editor.note.textEdited.emit(editor.note.text())
    assert editor.message.isVisibleTo(editor) and "health information" in editor.message.text()
    assert editor.message.property("role") == "warning"
    p.qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.message.text() == "Name: there is already a client called Anna."
    assert page.dialog is editor and len(p.book.clients()) == 2


def test_a_client_changed_on_the_screen_is_renamed_on_their_bookings(known):
    p = known
    page = open_page(p)
    p.qtbot.mouseClick(page.row("Ben"), LEFT)
    p.qtbot.mouseClick(page.details.change_button, LEFT)
    editor = page.dialog
    assert editor.warmth.value() == 1.5
    editor.name.setText("Ben Okafor")
    p.qtbot.mouseClick(editor.save_button, LEFT)
    assert p.book.client("Ben") is None and p.book.client("Ben Okafor").warmth == 1.5
    assert [b.client for b in p.book.bookings()] == ["Anna", "Ben Okafor"]
    assert page.details.name.text() == "Ben Okafor"


def test_dora_with_no_preferences_can_be_given_some(known):
    p = known
    page = open_page(p)
    p.qtbot.mouseClick(page.row("Dora"), LEFT)
    assert page.details.change_button.text() == "Set preferences…"
    p.qtbot.mouseClick(page.details.change_button, LEFT)
    editor = page.dialog
    assert editor.name.text() == "Dora"
    p.qtbot.mouseClick(editor.no_scent, LEFT)
    p.qtbot.mouseClick(editor.save_button, LEFT)
    assert p.book.client("Dora").no_scent


def test_an_export_from_the_screen_writes_exactly_that_clients_data(known, tmp_path):
    p = known
    page = open_page(p)
    p.qtbot.mouseClick(page.details.export_button, LEFT)
    dialog = page.dialog
    assert isinstance(dialog, ExportDialog)
    dialog.use_folder(str(tmp_path / "for-anna"))
    p.qtbot.mouseClick(dialog.export_button, LEFT)
    p.qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    (path,) = (tmp_path / "for-anna").iterdir()
    assert page.status.text() == f"Saved Anna's data to {path}"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["client"] == "Anna" and data["preferences"]["volume"] == 20.0
    assert [b["notes"] for b in data["bookings"]] == ["Shoulders"]
    assert [s["preset"] for s in data["sessions"]] == ["Express"]
    text = path.read_text(encoding="utf-8")
    assert "Ben" not in text and "Dora" not in text and "Neck" not in text

    p.qtbot.mouseClick(page.details.export_button, LEFT)
    dialog = page.dialog
    p.qtbot.mouseClick(dialog.format.buttons["csv"], LEFT)
    dialog.use_folder(str(tmp_path / "for-anna"))
    p.qtbot.mouseClick(dialog.export_button, LEFT)
    p.qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    assert sorted(f.suffix for f in (tmp_path / "for-anna").iterdir()) == [".csv", ".json"]


def test_an_export_to_a_folder_that_cannot_be_written_says_so(known, tmp_path):
    p = known
    page = open_page(p)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    p.qtbot.mouseClick(page.details.export_button, LEFT)
    dialog = page.dialog
    dialog.use_folder(str(blocker / "inside"))
    p.qtbot.mouseClick(dialog.export_button, LEFT)
    p.qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
    assert dialog.error.text().startswith(f"Could not write to {blocker / 'inside'}")
    assert dialog.export_button.isEnabled() and page.dialog is dialog


def test_deleting_a_client_asks_first_naming_what_goes_and_removes_it_everywhere(known):
    p = known
    page = open_page(p)
    p.qtbot.mouseClick(page.details.delete_button, LEFT)
    question = page.dialog
    assert isinstance(question, Question)
    assert question.body.text() == (
        "This removes Anna's preferences, their name on 1 booking (the bookings stay, with no name or "
        "note) and their name on 1 session in the history. It cannot be undone."
    )
    p.qtbot.mouseClick(question.cancel_button, LEFT)
    assert p.book.client("Anna") is not None
    p.qtbot.mouseClick(page.details.delete_button, LEFT)
    assert page.dialog.confirm_button.text() == "Delete Anna's data"
    p.qtbot.mouseClick(page.dialog.confirm_button, LEFT)
    assert p.book.client("Anna") is None
    assert "Anna" not in p.book.client_names()
    assert all(b.client != "Anna" and b.notes != "Shoulders" for b in p.book.bookings())
    assert all(n.client != "Anna" for n in p.book.session_notes().values())
    assert [r.client.name for r in page.rows] == ["Ben", "Dora"]
    assert page.status.text() == "Deleted Anna's data."

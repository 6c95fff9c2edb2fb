"""Driving the editor as a finger would: fields found by the path they edit."""

from __future__ import annotations

from ambience.ui.editor.dialogs import Ask
from ambience.ui.editor.fields import Field, NumberField
from ambience.ui.editor.page import EditorPage
from ambience.ui.qt import QApplication, Qt
from tests.ui.conftest import WAIT_MS


def open_editor(panel) -> EditorPage:
    return panel.open_owner_screen(panel.window.open_editor, EditorPage)


def fields(page: EditorPage) -> list[Field]:
    found = list(page.form.fields())
    for card in page.form.phases.cards:
        found.extend(card.fields())
    return found


def field(page: EditorPage, *path) -> Field:
    page.form.refresh()  # phase cards are made for the phases there are
    return next(f for f in fields(page) if f.path == tuple(path))


def set_number(page: EditorPage, value: float, *path) -> None:
    """Drag the field's slider to ``value`` (as far as its range goes), then let go."""
    target = field(page, *path)
    assert isinstance(target, NumberField) or hasattr(target, "stepper")
    stepper = target.stepper
    stepper.slider.setValue(round((value - stepper.minimum) / stepper.step))
    stepper.released.emit()


def type_text(page: EditorPage, text: str, *path) -> None:
    target = field(page, *path)
    edit = target.edit
    if hasattr(edit, "setPlainText"):
        edit.setPlainText(text)
    else:
        edit.setText(text)
        edit.textEdited.emit(text)
        edit.editingFinished.emit()


def click(panel, button) -> None:
    panel.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_files(panel, page: EditorPage) -> None:
    """Until the page's file work (off the UI thread) and the library's reload are done."""
    panel.qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    panel.qtbot.wait(30)
    panel.qtbot.waitUntil(lambda: not page.busy and not panel.facade._tasks, timeout=WAIT_MS)


def problem(page: EditorPage, *path) -> str:
    target = field(page, *path)
    return target.problem.text() if not target.problem.isHidden() else ""


def asked(panel) -> Ask:
    """The question on screen (after it opened)."""

    def shown() -> list[Ask]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, Ask) and w.isVisible()]

    panel.qtbot.waitUntil(lambda: bool(shown()), timeout=WAIT_MS)
    return shown()[0]

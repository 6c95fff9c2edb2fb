"""Try in room from the editor: off by default; on, a simulated room shows the preset being
edited and follows each edit; off, closed or failing, the room is put back exactly."""

from __future__ import annotations

import pytest

from ambience.ui.qt import QApplication
from tests.ui.conftest import WAIT_MS
from tests.ui.editor.helpers import click, open_editor, set_number


def room_as_it_is(panel):
    return (
        panel.device("lavender", "ceiling").reading(),
        panel.device("lavender", "diffuser").reading(),
        panel.device("lavender", "radiator").reading().target_c,
        panel.device("lavender", "music").now_playing().playing,
    )


@pytest.fixture
def lit_room(studio_panel):
    """The Lavender room left as the last therapist left it: a bright cool light, the diffuser on."""
    panel = studio_panel
    panel.run(panel.device("lavender", "ceiling").set_light(55, 3500))
    panel.run(panel.device("lavender", "diffuser").set_on(True))
    panel.run(panel.device("lavender", "radiator").set_target(21.5))
    return panel


def trying(panel, page) -> None:
    click(panel, page.trial_bar.switch)
    panel.qtbot.waitUntil(lambda: page.trial is not None and page.trial.active, timeout=WAIT_MS)
    panel.advance(2)


def test_opening_a_preset_never_changes_a_room(lit_room):
    panel = lit_room
    before = room_as_it_is(panel)
    page = open_editor(panel)
    page.choose("Relax")
    panel.advance(2)
    assert room_as_it_is(panel) == before and not page.trial_bar.switch.isChecked()


def test_a_tried_preset_follows_each_edit_and_turning_it_off_puts_the_room_back(lit_room):
    panel = lit_room
    before = room_as_it_is(panel)
    page = open_editor(panel)
    page.choose("Relax")
    trying(panel, page)
    ceiling = panel.device("lavender", "ceiling")
    assert ceiling.reading().level == pytest.approx(40)  # Relax's Welcome, the minute shown
    assert panel.device("lavender", "music").now_playing().playing
    assert "Lavender room shows 1:30 into the session (Welcome)" in page.trial_bar.status.text()
    set_number(page, 45, "phases", 0, "lighting", "level")
    panel.advance(2)
    assert ceiling.reading().level == pytest.approx(45)
    page.set_moment(20 * 60)  # a touch on the chart, in Treatment
    panel.advance(2)
    assert ceiling.reading().level == pytest.approx(20)
    assert panel.device("lavender", "radiator").reading().target_c == 21.5  # temperature: only if asked
    click(panel, page.trial_bar.switch)
    panel.qtbot.waitUntil(lambda: panel.room("lavender").trial is None, timeout=WAIT_MS)
    panel.advance(2)
    assert room_as_it_is(panel) == before


def test_closing_the_editor_abruptly_puts_the_room_back(lit_room):
    panel = lit_room
    before = room_as_it_is(panel)
    page = open_editor(panel)
    page.choose("Relax")
    trying(panel, page)
    assert room_as_it_is(panel) != before
    panel.window.dialog.deleteLater()  # gone without a question (a crash of the screen, a kill)
    QApplication.processEvents()
    panel.qtbot.waitUntil(lambda: panel.room("lavender").trial is None, timeout=WAIT_MS)
    panel.advance(2)
    assert room_as_it_is(panel) == before


def test_a_room_with_a_session_is_not_offered_and_a_start_ends_the_trial(lit_room):
    panel = lit_room
    page = open_editor(panel)
    page.choose("Relax")
    trying(panel, page)
    relax = panel.facade.library.entry("Relax").loaded
    panel.room("lavender").start(panel.studio.plan(relax))  # a therapist starts a session there
    panel.advance(2)
    assert page.trial is None and not page.trial_bar.switch.isChecked()
    assert "a session started in the room" in page.trial_bar.status.text()
    page.trial_room = "lavender"
    click(panel, page.trial_bar.switch)
    panel.qtbot.waitUntil(lambda: page.trial is not None and page.trial.active, timeout=WAIT_MS)
    assert page.trial_room == "cedar"  # the idle room
    assert not page.trial_bar.rooms.buttons["lavender"].isEnabled()

"""The panel's questions fit a 800×480 screen: sized to their words, scrolling what does not fit,
the technical words folded away, every answer whole."""

from __future__ import annotations

from ambience.ui.qt import QApplication, Qt
from tests.support.layout import layout_problems
from tests.ui.panel.test_start import start


def small(panel) -> None:
    panel.window.resize(800, 480)
    panel.qtbot.waitUntil(lambda: panel.window.height() == 480)


def fits(dialog, window) -> None:
    QApplication.processEvents()
    assert dialog.width() <= window.width() and dialog.height() <= window.height()
    body = dialog.body
    assert body.height() >= body.heightForWidth(body.width()) - 1  # the words are whole, top and bottom
    assert not layout_problems(dialog)


def test_the_quit_question_fits_a_small_screen_and_names_what_quitting_leaves(panel):
    small(panel)
    start(panel, "Relax", "lavender")
    start(panel, "Express", "cedar")
    panel.window.close()
    question = panel.window.dialog
    assert question is not None
    fits(question, panel.window)
    assert "Lavender room, Cedar room" in question.body.text()
    assert "turnover level" in question.body.text()
    panel.qtbot.mouseClick(question.cancel_button, Qt.MouseButton.LeftButton)


def test_a_long_pre_flight_question_scrolls_and_keeps_its_details_a_tap_away(panel):
    small(panel)
    for device in ("ceiling", "diffuser", "radiator", "music"):
        panel.faults("lavender", device).offline = True
    page = panel.window.page_for("lavender")
    panel.qtbot.mouseClick(page.tiles.tile("Relax"), Qt.MouseButton.LeftButton)
    panel.qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: page.dialog is not None, timeout=3000)
    question = page.dialog
    fits(question, panel.window)
    panel.qtbot.mouseClick(question.details_button, Qt.MouseButton.LeftButton)
    assert question.details.isVisible() and question.details_button.text() == "Hide details"
    QApplication.processEvents()
    assert question.height() <= panel.window.height()  # taller words scroll inside it
    assert "simulated outage" in question.details.text()
    panel.qtbot.mouseClick(question.cancel_button, Qt.MouseButton.LeftButton)


def test_the_demo_badge_and_a_notice_explain_themselves_on_a_tap(panel):
    panel.qtbot.mouseClick(panel.window.badge, Qt.MouseButton.LeftButton)
    question = panel.window.dialog
    assert question is not None and "simulated" in question.body.text()
    panel.qtbot.mouseClick(question.confirm_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: panel.window.dialog is None)
    panel.window._set_notice("New devices are used once the running sessions end")
    panel.qtbot.mouseClick(panel.window.notice, Qt.MouseButton.LeftButton)
    assert "once the running sessions end" in panel.window.dialog.body.text()

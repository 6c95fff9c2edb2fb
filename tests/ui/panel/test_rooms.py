"""Several rooms at once: each runs its own session and keeps its own countdown."""

from __future__ import annotations

from ambience.session.roomstate import Status
from ambience.ui.qt import Qt
from tests.ui.panel.test_start import start

MIN = 60.0


def test_two_rooms_keep_independent_countdowns(panel):
    lavender = start(panel, "Relax", "lavender")
    panel.advance(5 * MIN)
    cedar = start(panel, "Express", "cedar")
    assert panel.window.page is cedar
    panel.advance(3 * MIN)
    assert panel.window.room_buttons[0].status.text() == "● Running · 22:00"
    assert cedar.running.countdown.text() == "17:00"

    panel.qtbot.mouseClick(panel.window.room_buttons[0], Qt.MouseButton.LeftButton)
    assert panel.window.page is lavender
    assert lavender.running.countdown.text() == "22:00"
    panel.qtbot.mouseClick(lavender.pause_button, Qt.MouseButton.LeftButton)
    panel.advance(2 * MIN)
    assert lavender.running.countdown.text() == "22:00"
    assert panel.window.room_buttons[0].status.text() == "❚❚ PAUSED · 22:00"
    assert panel.window.room_buttons[0].property("state") == "paused"
    assert panel.window.room_buttons[1].status.text() == "● Running · 15:00"
    assert panel.room("cedar").state().status is Status.RUNNING

    panel.advance(15 * MIN)
    assert panel.room("cedar").state().status is Status.ENDED
    assert panel.room("lavender").state().status is Status.PAUSED
    panel.qtbot.mouseClick(panel.window.room_buttons[1], Qt.MouseButton.LeftButton)
    assert cedar.running.phase.text() == "Session ended"


def test_number_keys_switch_rooms(panel):
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_2)
    assert panel.window.page is panel.window.page_for("cedar")
    assert panel.window.room_buttons[1].isChecked()
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_1)
    assert panel.window.page is panel.window.page_for("lavender")

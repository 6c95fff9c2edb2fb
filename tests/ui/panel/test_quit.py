"""Quitting during a session asks first; the answer ends the sessions in turnover or cancels."""

from __future__ import annotations

from ambience.config.rooms import StudioConfig
from ambience.session.roomstate import Status
from ambience.ui.qt import Qt
from tests.ui.conftest import build_panel, room_config, tear_down
from tests.ui.panel.test_start import start


def test_quitting_during_a_session_can_be_cancelled(panel):
    start(panel)
    panel.window.close()
    assert panel.window.dialog is not None
    assert "Lavender room" in panel.window.dialog.body.text()
    panel.qtbot.mouseClick(panel.window.dialog.cancel_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: panel.window.dialog is None)
    assert panel.window.isVisible()
    assert panel.room("lavender").running


def test_quitting_during_a_session_ends_it_in_turnover(panel):
    start(panel)
    panel.window.close()
    with panel.qtbot.waitSignal(panel.window.closed, timeout=3000):
        panel.qtbot.mouseClick(panel.window.dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert not panel.window.isVisible()
    state = panel.room("lavender").state()
    assert state.status is Status.ENDED and state.light.level == 70
    assert not panel.device("lavender", "diffuser").reading().on


def test_quitting_with_no_session_asks_nothing(panel):
    with panel.qtbot.waitSignal(panel.window.closed, timeout=3000):
        panel.window.close()
    assert panel.window.dialog is None


def test_quitting_leaves_the_rooms_as_the_studio_setting_says(loop, qtbot, tmp_path):
    config = StudioConfig(quit_leaves="all_off", rooms=(room_config("lavender", "Lavender room"),))
    panel = build_panel(qtbot, tmp_path / "presets", config)
    try:
        start(panel)
        panel.window.close()
        question = panel.window.dialog
        assert "switch everything off" in question.body.text()
        with panel.qtbot.waitSignal(panel.window.closed, timeout=3000):
            panel.qtbot.mouseClick(question.confirm_button, Qt.MouseButton.LeftButton)
        panel.settle()
        assert not panel.device("lavender", "ceiling").reading().on
        assert panel.device("lavender", "radiator").reading().target_c == 18.0
        assert not panel.device("lavender", "diffuser").reading().on
    finally:
        tear_down(panel)

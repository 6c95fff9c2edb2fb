"""Device health: an offline device is marked on its row with the reason, and clears on recovery."""

from __future__ import annotations

from ambience.session.roomstate import Status
from ambience.ui.qt import Qt
from tests.ui.panel.test_start import start


def test_an_offline_device_is_marked_with_its_reason_and_clears_when_it_recovers(panel):
    page = start(panel)
    row = page.running.devices.row("ceiling")
    assert not row.offline

    panel.faults("lavender", "ceiling").offline = True
    panel.run(panel.room("lavender").poll())
    panel.facade.refresh()
    assert row.offline
    assert row.mark.text() == "Not answering"
    assert row.text.text().startswith("Not answering since ")  # never the stale value as if live
    assert "⚠" in panel.window.room_buttons[0].status.text()
    assert not page.running.devices.row("radiator").offline

    # Tapping the mark shows the reason on the row itself, in plain words; the technical one a tap on.
    panel.qtbot.mouseClick(row.mark, Qt.MouseButton.LeftButton)
    assert row.reason.isVisibleTo(row)
    assert row.reason.text().startswith("Ceiling light is not answering — is it switched on at the wall?")
    assert not row.technical.isVisibleTo(row)
    panel.qtbot.mouseClick(row.technical_button, Qt.MouseButton.LeftButton)
    assert row.technical.isVisibleTo(row) and "not reachable" in row.technical.text()

    # The rest of the panel answers meanwhile.
    panel.qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    assert panel.room("lavender").state().status is Status.PAUSED
    panel.qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)

    panel.faults("lavender", "ceiling").offline = False
    panel.advance(60)  # the retry falls due (backoff), the light answers and gets the current state
    assert not row.offline
    assert not row.reason.isVisibleTo(row)
    assert row.text.text() == "40 % · 2700 K"
    assert "⚠" not in panel.window.room_buttons[0].status.text()
    assert round(panel.device("lavender", "ceiling").reading().level) == 40


def test_a_device_that_never_answers_does_not_hold_up_the_panel(panel):
    page = start(panel)
    panel.faults("lavender", "diffuser").hang = True
    panel.qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)  # the diffuser's "off" hangs
    assert page.running.status.text() == "❚❚ PAUSED"
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_L)
    panel.qtbot.mouseClick(panel.window.room_buttons[1], Qt.MouseButton.LeftButton)
    assert panel.window.page is panel.window.page_for("cedar")
    panel.run(panel.room("cedar").settle())
    assert panel.room("lavender").state().lights_up
    panel.facade.close_settle_s = 0.0  # closing need not wait for a device that never answers


def test_the_health_mark_shows_a_timeout_as_slow_to_answer(panel):
    page = start(panel)
    faults = panel.faults("lavender", "radiator")
    faults.error_rate = 1.0
    panel.run(panel.room("lavender").poll())
    panel.facade.refresh()
    row = page.running.devices.row("radiator")
    assert row.offline and row.mark.text() == "Slow to answer"

"""In a demo the presenter unplugs a simulated device and plugs it back in, from its row."""

from __future__ import annotations

from ambience.ui.qt import Qt
from tests.ui.panel.test_start import start


def test_a_presenter_can_unplug_a_simulated_device_and_plug_it_back(panel):
    page = start(panel)
    row = page.running.devices.row("ceiling")
    panel.qtbot.mouseClick(row, Qt.MouseButton.LeftButton)  # a tap opens the row's details
    assert row.expanded and row.demo_button.isVisible()
    assert row.demo_button.text() == "Demo: unplug it"
    panel.qtbot.mouseClick(row.demo_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: row.offline, timeout=3000)
    assert row.mark.text() == "Not answering"
    assert row.reason.text().startswith("Ceiling light is not answering — is it switched on at the wall?")
    assert row.demo_button.text() == "Demo: plug it back in"
    panel.qtbot.mouseClick(row.demo_button, Qt.MouseButton.LeftButton)
    panel.qtbot.waitUntil(lambda: not row.offline, timeout=3000)
    panel.advance(2)
    assert round(panel.device("lavender", "ceiling").reading().level) == 40  # back where the session is


def test_real_devices_offer_no_such_button(loop, qtbot, tmp_path):
    from tests.ui.conftest import build_panel, tear_down

    p = build_panel(qtbot, tmp_path / "presets", demo=False)
    try:
        row = p.window.page.running.devices.row("ceiling")
        row.toggle_details()
        assert not row.demo_button.isVisibleTo(row)
    finally:
        tear_down(p)

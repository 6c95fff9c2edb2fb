"""The music player's warnings appear, unobtrusively, beside the room's devices; a tap shows them."""

from __future__ import annotations

from ambience.ui.qt import Qt


def test_music_warnings_show_in_the_room_until_cleared(panel):
    page = panel.window.page_for("lavender")
    player = panel.device("lavender", "music")
    pending = ["skipped broken.ogg: not an audio file", "no audio output: playing silently"]
    player.warnings = lambda: [pending.pop(0)] if pending else []
    notice = page.tiles.notice_button
    assert not notice.isVisibleTo(page)
    panel.facade.refresh()
    assert notice.isVisibleTo(page)
    assert notice.text() == "⚠ Music"
    panel.facade.refresh()
    assert notice.text() == page.running.notice_button.text() == "⚠ Music (2)"
    cedar = panel.window.page_for("cedar")
    assert not cedar.tiles.notice_button.isVisibleTo(cedar)

    panel.qtbot.mouseClick(notice, Qt.MouseButton.LeftButton)
    assert "broken.ogg" in page.dialog.body.text() and "no audio output" in page.dialog.body.text()
    panel.qtbot.mouseClick(page.dialog.confirm_button, Qt.MouseButton.LeftButton)  # Clear
    panel.qtbot.waitUntil(lambda: not notice.isVisibleTo(page))

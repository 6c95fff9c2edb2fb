"""The music player's warnings appear, unobtrusively, in the room's bottom bar."""

from __future__ import annotations

from ambience.ui.qt import Qt


def test_music_warnings_show_in_the_room_until_cleared(panel):
    page = panel.window.page_for("lavender")
    player = panel.device("lavender", "music")
    pending = ["skipped broken.ogg: not an audio file", "no audio output: playing silently"]
    player.warnings = lambda: [pending.pop(0)] if pending else []
    assert not page.notice_button.isVisibleTo(page)
    panel.facade.refresh()
    assert page.notice_button.isVisibleTo(page)
    assert page.notice_button.text() == "⚠ Music"
    assert "broken.ogg" in page.notice_button.toolTip()
    panel.facade.refresh()
    assert page.notice_button.text() == "⚠ Music (2)"
    assert "no audio output" in page.notice_button.toolTip()
    assert not panel.window.page_for("cedar").notice_button.isVisibleTo(panel.window.page_for("cedar"))

    panel.qtbot.mouseClick(page.notice_button, Qt.MouseButton.LeftButton)
    assert "broken.ogg" in page.dialog.body.text()
    panel.qtbot.mouseClick(page.dialog.confirm_button, Qt.MouseButton.LeftButton)  # Clear
    panel.qtbot.waitUntil(lambda: not page.notice_button.isVisibleTo(page))

"""The facade follows the preset folders: notices where the system sends them, a look every few
seconds where it cannot."""

from __future__ import annotations

from ambience.config.watch import FolderWatch
from ambience.ui.facade import LIBRARY_POLL_MS, LIBRARY_SAFETY_POLL_MS
from tests.ui.conftest import RELAX, WAIT_MS, build_panel, tear_down

GOOD = 'schema = 1\nname = "{name}"\nminutes = 30\n[lighting]\nlevel = 20\n'


def _panel(qtbot, tmp_path):
    return build_panel(
        qtbot, tmp_path / "presets", demo=False, config_path=tmp_path / "rooms.toml", studio_library=True
    )


def test_a_local_library_is_followed_by_notices_and_looked_at_only_now_and_then(loop, qtbot, tmp_path):
    panel = _panel(qtbot, tmp_path)
    try:
        panel.facade.start_watching()
        assert panel.facade.listening
        assert panel.facade.watch_timer.interval() == LIBRARY_SAFETY_POLL_MS
        followed = panel.facade.notifier.files()
        assert str(tmp_path / "presets" / "relax.toml") in followed  # a file written in place tells
        assert str(tmp_path / "presets") in panel.facade.notifier.directories()
    finally:
        tear_down(panel)


def test_a_notice_brings_a_look_that_shows_a_changed_and_a_new_preset(loop, qtbot, tmp_path):
    panel = _panel(qtbot, tmp_path)
    try:
        panel.facade.start_watching()
        folder = tmp_path / "presets"
        (folder / "relax.toml").write_text(RELAX.replace("level = 20", "level = 50"))
        (folder / "sea.toml").write_text(GOOD.format(name="Sea breeze"))
        panel.facade.notifier.fileChanged.emit(str(folder / "relax.toml"))  # as the system says it
        timer = panel.facade.notice_timer
        assert timer.isActive() and timer.isSingleShot()  # a moment later: a save is a burst of notices
        timer.stop()
        timer.timeout.emit()
        tiles = panel.window.page.tiles
        panel.qtbot.waitUntil(lambda: "Sea breeze" in tiles.names(), timeout=WAIT_MS)
        assert panel.facade.library.entry("Relax").loaded.preset.lighting.level == 50
        # The new file is followed from now on.
        panel.qtbot.waitUntil(
            lambda: str(folder / "sea.toml") in panel.facade.notifier.files(), timeout=WAIT_MS
        )
    finally:
        tear_down(panel)


def test_a_folder_that_sends_no_notices_is_looked_at_every_few_seconds(loop, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(FolderWatch, "all_send_notices", lambda self: False)  # a shared network folder
    panel = _panel(qtbot, tmp_path)
    try:
        panel.facade.start_watching()
        assert not panel.facade.listening
        assert panel.facade.watch_timer.interval() == LIBRARY_POLL_MS
        (tmp_path / "presets" / "sea.toml").write_text(GOOD.format(name="Sea breeze"))
        panel.facade.watch_timer.timeout.emit()  # the next look
        tiles = panel.window.page.tiles
        panel.qtbot.waitUntil(lambda: "Sea breeze" in tiles.names(), timeout=WAIT_MS)
    finally:
        tear_down(panel)

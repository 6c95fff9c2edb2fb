"""The library in the editor and the panel: imports checked first, the trash, read-only folders,
files changed on disk, copies of bundled presets, hidden presets, broken files, live reloads."""

from __future__ import annotations

from ambience.config.catalog import Source
from ambience.session.roomstate import Status
from ambience.ui.editor.dialogs import TrashDialog
from ambience.ui.owner.pin_dialog import PinDialog
from ambience.ui.panel.tiles import BrokenTile
from ambience.ui.qt import QApplication
from tests.support.disk import read_only
from tests.ui.conftest import OWNER_PIN, RELAX, WAIT_MS, build_panel, tear_down
from tests.ui.editor.helpers import asked, click, open_editor, set_number, wait_files

GOOD = 'schema = 1\nname = "{name}"\nminutes = 30\n[lighting]\nlevel = 20\n'


def dialogs(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_import_checks_each_file_and_writes_only_the_good_one(studio_panel, tmp_path):
    panel = studio_panel
    page = open_editor(panel)
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "sea.toml").write_text(GOOD.format(name="Sea breeze"))
    (usb / "bright.toml").write_text(GOOD.format(name="Too bright").replace("level = 20", "level = 140"))
    (usb / "oops.toml").write_text('schema = 1\nname = "Oops\n')
    page.import_files([usb])
    report = asked(panel)
    words = "\n".join(label.text() for label in report.findChildren(type(page.raw.reason)))
    assert "Imported: sea-breeze.toml" in words
    assert f"Not imported: {usb / 'bright.toml'}: lighting.level: must be between 0 and 100, got 140" in words
    assert f"Not imported: {usb / 'oops.toml'}: line 2" in words
    report.choose("ok")
    owner = tmp_path / "presets"
    assert sorted(p.name for p in owner.glob("*.toml")) == ["express.toml", "relax.toml", "sea-breeze.toml"]
    panel.qtbot.waitUntil(lambda: "Sea breeze" in panel.window.page.tiles.names(), timeout=WAIT_MS)


def test_a_deleted_preset_goes_to_the_trash_and_comes_back(studio_panel, tmp_path):
    panel = studio_panel
    page = open_editor(panel)
    page.choose("Relax")
    page.list.select("Relax")
    click(panel, page.list.delete_button)
    asked(panel).choose("delete")
    wait_files(panel, page)
    assert not (tmp_path / "presets" / "relax.toml").exists()
    panel.qtbot.waitUntil(lambda: "Relax" not in panel.window.page.tiles.names(), timeout=WAIT_MS)
    click(panel, page.list.trash_button)
    (trash,) = dialogs(TrashDialog)
    click(panel, trash.restore_buttons[0])
    wait_files(panel, page)
    assert (tmp_path / "presets" / "relax.toml").exists()
    panel.qtbot.waitUntil(lambda: "Relax" in panel.window.page.tiles.names(), timeout=WAIT_MS)
    assert page.model.draft.name == "Relax"


def test_a_read_only_folder_makes_the_save_fail_and_keeps_the_old_file(studio_panel, tmp_path, monkeypatch):
    panel = studio_panel
    page = open_editor(panel)
    page.choose("Relax")
    path = tmp_path / "presets" / "relax.toml"
    before = path.read_bytes()
    set_number(page, 35, "lighting", "level")
    with read_only(monkeypatch, path.parent):
        click(panel, page.save_button)
        wait_files(panel, page)
    assert page.status.text() == "Not saved: Permission denied. The file on disk is as it was."
    assert path.read_bytes() == before
    assert page.model.dirty and page.save_button.isEnabled()  # nothing lost: save again later


def test_a_file_changed_on_disk_during_an_edit_asks_and_never_overwrites(studio_panel, tmp_path):
    panel = studio_panel
    page = open_editor(panel)
    page.choose("Relax")
    set_number(page, 35, "lighting", "level")
    path = tmp_path / "presets" / "relax.toml"
    path.write_text(RELAX.replace("level = 20", "level = 25"))  # another computer saved it
    panel.run(panel.facade.check_library())
    question = asked(panel)
    assert "changed on disk" in question.windowTitle() or question.buttons.keys() >= {
        "reload",
        "copy",
        "mine",
    }
    question.choose("copy")
    wait_files(panel, page)
    assert "level = 25" in path.read_text()  # theirs is kept
    copy = tmp_path / "presets" / "relax-copy.toml"
    panel.qtbot.waitUntil(copy.exists, timeout=WAIT_MS)
    assert "level = 35" in copy.read_text()
    assert page.model.draft.name == "Relax (copy)" and not page.model.dirty  # the work goes on there
    # Nothing edited: a change on disk simply shows.
    page.choose("Express")
    (tmp_path / "presets" / "express.toml").write_text(
        (tmp_path / "presets" / "express.toml").read_text().replace("level = 30", "level = 33")
    )
    panel.run(panel.facade.check_library())
    panel.qtbot.waitUntil(lambda: page.model.get(("lighting", "level")) == 33, timeout=WAIT_MS)
    assert "changed on disk" in page.status.text()


def test_a_duplicated_bundled_preset_is_yours_and_plays_the_bundled_music(studio_panel, tmp_path):
    panel = studio_panel
    page = open_editor(panel)
    page.choose("Swedish massage")
    page.list.select("Swedish massage")
    click(panel, page.list.duplicate_button)
    wait_files(panel, page)
    panel.qtbot.waitUntil(lambda: page.model.draft.name == "Swedish massage (copy)", timeout=WAIT_MS)
    entry = panel.facade.library.entry("Swedish massage (copy)")
    assert entry.source is Source.OWNER and not entry.broken
    assert entry.path == tmp_path / "presets" / "swedish-massage-copy.toml"
    bundled = panel.facade.library.entry("Swedish massage")
    assert entry.loaded.tracks == bundled.loaded.tracks and entry.loaded.tracks
    panel.room("lavender").start(panel.studio.plan(entry.loaded))
    panel.advance(1)
    assert panel.device("lavender", "music").now_playing().playing


def test_a_hidden_bundled_preset_leaves_the_panel_but_stays_in_the_library(studio_panel, tmp_path):
    panel = studio_panel
    page = open_editor(panel)
    page.list.select("Express massage")
    click(panel, page.list.hide_button)
    wait_files(panel, page)
    panel.qtbot.waitUntil(lambda: "Express massage" not in panel.window.page.tiles.names(), timeout=WAIT_MS)
    assert "hidden" in (tmp_path / "presets" / "library.toml").read_text()
    assert panel.facade.library.entry("Express massage").hidden
    page.list.select("Express massage")
    assert page.list.hide_button.text() == "Show"


def test_a_broken_owner_preset_with_a_bundled_name_is_shown_broken_not_replaced(loop, qtbot, tmp_path):
    broken = GOOD.format(name="Swedish massage").replace("level = 20", "level = 140")
    panel = build_panel(
        qtbot, tmp_path / "presets", demo=False, config_path=tmp_path / "rooms.toml", studio_library=True
    )
    try:
        (tmp_path / "presets" / "swedish.toml").write_text(broken)
        assert panel.run(panel.facade.check_library())
        tiles = panel.window.page.tiles
        swedish = [t for t in tiles.tiles if t.name_text == "Swedish massage"]
        assert len(swedish) == 1 and isinstance(swedish[0], BrokenTile)
        assert "lighting.level: must be between 0 and 100, got 140" in swedish[0].summary.text()
        click(panel, swedish[0])
        assert tiles.current is None  # nothing to start
        assert not panel.window.page.start_button.isEnabled()
        assert panel.window.page.start_button.text() == "Can't start: this preset is broken"
        question = panel.window.page.dialog
        assert "lighting.level: must be between 0 and 100, got 140" in question.body.text()
        assert all(p.name != "Swedish massage" for p in panel.facade.rooms[0].presets())
        click(panel, question.confirm_button)  # Open in Presets: the owner's PIN first
        prompt = panel.window.owner.prompt
        assert isinstance(prompt, PinDialog)
        prompt.enter(OWNER_PIN)
        prompt.enter(OWNER_PIN)
        panel.qtbot.waitUntil(lambda: panel.window.dialog is not None, timeout=WAIT_MS)
        page = panel.window.dialog.page
        assert page.model.draft.name == "Swedish massage" and page.model.source.source is Source.OWNER
        assert page.model.problems["lighting.level"] == ["must be between 0 and 100, got 140"]
        assert not page.save_button.isEnabled()
    finally:
        tear_down(panel)


def test_a_file_saved_elsewhere_shows_within_one_look_and_a_running_session_keeps_its_preset(
    studio_panel, tmp_path
):
    panel = studio_panel
    relax = panel.facade.library.entry("Relax").loaded
    panel.room("cedar").start(panel.studio.plan(relax))
    panel.advance(60)
    (tmp_path / "presets" / "sea.toml").write_text(GOOD.format(name="Sea breeze"))
    (tmp_path / "presets" / "relax.toml").write_text(RELAX.replace("level = 20", "level = 50"))
    assert panel.run(panel.facade.check_library())
    assert "Sea breeze" in panel.window.page.tiles.names()
    assert panel.facade.library.entry("Relax").loaded.preset.lighting.level == 50
    panel.advance(10 * 60)  # in Treatment
    room = panel.room("cedar")
    assert room.state().status is Status.RUNNING and room.state().light.level == 20
    assert not panel.run(panel.facade.check_library())  # nothing changed since


def test_dragging_a_preset_in_the_list_orders_the_tiles(studio_panel):
    panel = studio_panel
    page = open_editor(panel)
    names = page.list.names()
    model = page.list.list.model()
    assert model.moveRow(model.index(0, 0).parent(), names.index("Relax"), model.index(0, 0).parent(), 0)
    wait_files(panel, page)
    panel.qtbot.waitUntil(lambda: panel.window.page.tiles.names()[0] == "Relax", timeout=WAIT_MS)


def test_export_copies_a_preset_file_out(studio_panel, tmp_path):
    panel = studio_panel
    page = open_editor(panel)
    page.export_to(panel.facade.library.entry("Relax"), tmp_path / "usb")
    wait_files(panel, page)
    assert (tmp_path / "usb" / "relax.toml").read_text() == (tmp_path / "presets" / "relax.toml").read_text()
    assert page.status.text() == f"Exported to {tmp_path / 'usb' / 'relax.toml'}"

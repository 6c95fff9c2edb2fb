"""The preset editor: a preset made from scratch with every field, problems beside their fields,
undo and redo, revert, and leaving with unsaved changes."""

from __future__ import annotations

from ambience.config.catalog import Source
from ambience.config.library import load_preset
from ambience.ui.editor.fields import ColourField, SwitchField
from ambience.ui.owner.pin_dialog import PinDialog
from tests.ui.conftest import WAIT_MS
from tests.ui.editor.helpers import (
    asked,
    click,
    field,
    open_editor,
    problem,
    set_number,
    type_text,
    wait_files,
)


def test_the_editor_opens_only_in_owner_mode(studio_panel):
    panel = studio_panel
    panel.window.open_editor()
    assert isinstance(panel.window.owner.prompt, PinDialog)
    assert panel.window.dialog is None


def test_a_preset_made_from_scratch_saves_every_field_and_its_tile_takes_the_chosen_place(
    studio_panel, tmp_path
):
    panel = studio_panel
    page = open_editor(panel)
    click(panel, page.list.new_button)
    type_text(page, "Evening calm", "name")
    type_text(page, "A slow hour for tired shoulders.", "description")
    colour = field(page, "color")
    assert isinstance(colour, ColourField)
    click(panel, colour.swatches["#5f9c8a"])
    set_number(page, 60, "minutes")
    set_number(page, 22, "lighting", "level")
    set_number(page, 2400, "lighting", "kelvin")
    set_number(page, 90, "lighting", "fade_seconds")
    set_number(page, 65, "lighting", "turnover_level")
    playlist = field(page, "music", "playlist")
    playlist.remove_entry(0)  # the bundled music a new preset starts with
    playlist.add([tmp_path / "presets" / "music"])  # the owner's own folder of music
    set_number(page, 28, "music", "volume")
    for path in (("music", "shuffle"), ("music", "loop")):
        switch = field(page, *path)
        assert isinstance(switch, SwitchField)
        click(panel, switch.switch)
    set_number(page, 40, "music", "fade_in_seconds")
    set_number(page, 200, "music", "fade_out_seconds")
    set_number(page, 25, "climate", "target_c")
    set_number(page, 45, "climate", "preheat_minutes")
    click(panel, field(page, "diffuser", "enabled").switch)
    click(panel, field(page, "diffuser", "blend").chips[3])  # lavender & bergamot
    set_number(page, 15, "diffuser", "on_minutes")
    set_number(page, 25, "diffuser", "off_minutes")
    # Three phases: minutes, names and a few of each phase's own settings.
    type_text(page, "Arrive", "phases", 0, "name")
    set_number(page, 10, "phases", 0, "minutes")
    set_number(page, 45, "phases", 1, "minutes")
    page.form.phases.expand(1, True)
    click(panel, field(page, "phases", 1, "lighting", "level").switch)  # its own light level
    set_number(page, 15, "phases", 1, "lighting", "level")
    click(panel, field(page, "phases", 1, "diffuser", "enabled").choices.buttons["off"])
    page.form.phases.expand(2, True)
    click(panel, field(page, "phases", 2, "climate", "target_c").switch)
    set_number(page, 23.5, "phases", 2, "climate", "target_c")

    assert page.model.valid, page.model.problems
    assert page.save_button.isEnabled()
    click(panel, page.save_button)
    wait_files(panel, page)
    path = tmp_path / "presets" / "evening-calm.toml"
    assert page.status.text() == f"Saved to {path}"
    saved = load_preset(path).preset
    assert saved == page.model.preset
    assert (saved.name, saved.color, saved.minutes) == ("Evening calm", "#5f9c8a", 60)
    assert (saved.lighting.level, saved.lighting.kelvin, saved.lighting.fade_seconds) == (22, 2400, 90)
    assert saved.lighting.turnover_level == 65
    assert saved.music.playlist == ("music",) and saved.music.volume == 28
    assert (saved.music.shuffle, saved.music.loop) == (True, False)
    assert (saved.music.fade_in_seconds, saved.music.fade_out_seconds) == (40, 200)
    assert (saved.climate.target_c, saved.climate.preheat_minutes) == (25, 45)
    assert saved.diffuser.enabled and saved.diffuser.blend == "lavender & bergamot"
    assert (saved.diffuser.on_minutes, saved.diffuser.off_minutes) == (15, 25)
    assert [(p.name, p.minutes) for p in saved.phases] == [("Arrive", 10), ("Treatment", 45), ("Wake-up", 5)]
    assert saved.phases[1].lighting.level == 15 and saved.phases[1].diffuser.enabled is False
    assert saved.phases[2].climate.target_c == 23.5

    # The tile is in the panel, at the end; moved up twice, it comes third from the end.
    tiles = panel.window.page.tiles
    wait_files(panel, page)
    panel.qtbot.waitUntil(lambda: tiles.names()[-1:] == ["Evening calm"], timeout=WAIT_MS)
    page.list.select("Evening calm")
    click(panel, page.list.up_button)
    wait_files(panel, page)
    click(panel, page.list.up_button)
    wait_files(panel, page)
    panel.qtbot.waitUntil(lambda: tiles.names()[-3] == "Evening calm", timeout=WAIT_MS)
    assert page.list.names() == tiles.names()  # the panel shows the editor's order
    assert (tmp_path / "presets" / "library.toml").exists()


def test_a_refused_value_is_named_beside_its_field_and_save_stays_off(studio_panel):
    panel = studio_panel
    page = open_editor(panel)
    page.list.select("Relax")
    page.choose("Relax")
    assert page.model.source.source is Source.OWNER

    def refused(path, *, by_file=None, slider=None, text=None):
        if by_file is not None:  # a value a file can hold but no slider reaches
            page.model.set(path, by_file)
        elif slider is not None:
            set_number(page, slider, *path)
        else:
            type_text(page, text, *path)
        assert not page.save_button.isEnabled()
        return problem(page, *path)

    assert refused(("lighting", "level"), by_file=140) == "must be between 0 and 100, got 140"
    page.model.undo_stack.undo()
    assert refused(("name",), text="") == "must not be blank" or problem(page, "name") == "must not be empty"
    assert refused(("name",), text="Express") == "another of your presets is called 'Express'"
    type_text(page, "Relax", "name")
    assert refused(("minutes",), slider=25) == ""  # the sum is the phases' problem
    assert page.form.phases.problem.text() == "add up to 30 minutes, more than the session's 25"
    set_number(page, 30, "minutes")
    reason = refused(("climate", "target_c"), slider=35)
    assert reason.startswith("must be between 18 and 30, got 35") and "comfortable and safe" in reason
    set_number(page, 24, "climate", "target_c")
    reason = refused(("music", "volume"), slider=90)
    assert reason.startswith("must not exceed the studio volume cap of 80 %, got 90")
    set_number(page, 30, "music", "volume")
    reason = refused(("diffuser", "on_minutes"), slider=45)
    assert reason.startswith("must be between 1 and 30, got 45 (a diffuser rests between spells")
    assert "Scent ⚠1" in [b.text() for b in page.form.tabs]
    set_number(page, 12, "diffuser", "on_minutes")
    assert page.model.valid and page.save_button.isEnabled()


def test_undo_and_redo_cover_every_change_and_revert_returns_to_the_file(studio_panel):
    panel = studio_panel
    page = open_editor(panel)
    page.choose("Relax")
    set_number(page, 35, "lighting", "level")
    set_number(page, 26, "climate", "target_c")
    page.form.phases.add_phase()
    assert len(page.model.draft.phases()) == 4
    click(panel, page.undo_button)
    assert len(page.model.draft.phases()) == 3
    click(panel, page.undo_button)
    assert page.model.get(("climate", "target_c")) == 24.0
    click(panel, page.redo_button)
    assert page.model.get(("climate", "target_c")) == 26
    assert page.revert_button.isEnabled()
    click(panel, page.revert_button)
    assert page.model.draft.data == page.model.saved and not page.model.dirty
    click(panel, page.undo_button)  # a revert can be undone too
    assert page.model.get(("lighting", "level")) == 35


def test_leaving_with_unsaved_changes_asks_first(studio_panel):
    panel = studio_panel
    page = open_editor(panel)
    page.choose("Relax")
    set_number(page, 35, "lighting", "level")
    panel.window.dialog.reject()  # Close, or Esc
    question = asked(panel)
    question.choose("cancel")
    assert panel.window.dialog is not None and page.model.get(("lighting", "level")) == 35
    page.choose("Express")  # another preset: asked too
    asked(panel).choose("discard")
    assert page.model.draft.name == "Express"
    set_number(page, 35, "lighting", "level")
    panel.window.dialog.accept()
    asked(panel).choose("save")
    panel.qtbot.waitUntil(lambda: panel.window.dialog is None, timeout=WAIT_MS)
    panel.qtbot.waitUntil(
        lambda: panel.facade.library.entry("Express").loaded.preset.lighting.level == 35, timeout=WAIT_MS
    )


def test_each_playlist_entry_shows_its_length_or_what_is_wrong(studio_panel):
    panel = studio_panel
    page = open_editor(panel)
    page.choose("Relax")
    playlist = field(page, "music", "playlist")
    page.model.set(("music", "playlist"), ["music", "gone.ogg"])
    rows = {row.entry: row for row in playlist.rows}
    panel.qtbot.waitUntil(lambda: rows["music"].info.text() == "1 track · 0:01", timeout=WAIT_MS)
    panel.qtbot.waitUntil(lambda: rows["gone.ogg"].info.text() == "⚠ not found", timeout=WAIT_MS)
    assert problem(page, "music", "playlist") == "file or folder not found: gone.ogg"
    assert not page.save_button.isEnabled()
    playlist.move_entry(1, -1)
    assert page.model.get(("music", "playlist")) == ["gone.ogg", "music"]
    playlist.remove_entry(0)
    assert page.model.get(("music", "playlist")) == ["music"] and not page.model.dirty

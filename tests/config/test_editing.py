"""Never lose a preset: atomic saves with a backup, renames that keep it, conflicts that ask,
imports that check first, copies of bundled presets that still play the bundled music."""

from __future__ import annotations

import pytest

from ambience.config.catalog import Source, load_studio_library
from ambience.config.editing import (
    SaveConflict,
    copy_name,
    duplicate,
    export_presets,
    file_stem,
    import_presets,
    save_owner_preset,
    stamp_of,
)
from ambience.config.library import load_preset, parse_preset, plan_of
from ambience.config.paths import bundled_presets_dir
from tests.factories import make_preset
from tests.support.disk import disk_full, read_only

GOOD = 'schema = 1\nname = "{name}"\nminutes = 30\n[lighting]\nlevel = 20\n'


@pytest.fixture
def owner(tmp_path):
    folder = tmp_path / "owner"
    folder.mkdir()
    return folder


def quiet(**overrides):
    return make_preset(music={"playlist": [], "volume": 30}, **overrides)


def test_a_new_preset_gets_a_file_named_after_it_and_loads_back_equal(owner):
    preset = quiet(name="Hot stones & oil")
    saved = save_owner_preset(preset, owner)
    assert saved.path == owner / "hot-stones-oil.toml"
    assert load_preset(saved.path).preset == preset
    assert file_stem("Été à Paris") == "ete-a-paris" and file_stem("!!!") == "preset"


def test_saving_again_keeps_the_previous_version_as_a_backup(owner):
    first = save_owner_preset(quiet(name="Calm"), owner)
    second = save_owner_preset(quiet(name="Calm", minutes=75), owner, path=first.path, expected=first.stamp)
    assert second.path == first.path
    assert "minutes = 60" in first.path.with_name("calm.toml.bak").read_text()
    assert load_preset(second.path).preset.minutes == 75


def test_a_renamed_preset_moves_to_its_new_file_and_keeps_the_old_one_as_backup(owner):
    first = save_owner_preset(quiet(name="Calm"), owner)
    renamed = save_owner_preset(quiet(name="Deep calm"), owner, path=first.path, expected=first.stamp)
    assert renamed.path == owner / "deep-calm.toml" and renamed.renamed_from == first.path
    assert not first.path.exists()
    assert 'name = "Calm"' in (owner / "deep-calm.toml.bak").read_text()


def test_a_file_changed_on_disk_is_never_overwritten_unasked(owner):
    first = save_owner_preset(quiet(name="Calm"), owner)
    first.path.write_text(first.path.read_text().replace("minutes = 60", "minutes = 70"))
    with pytest.raises(SaveConflict):
        save_owner_preset(quiet(name="Calm", minutes=75), owner, path=first.path, expected=first.stamp)
    assert load_preset(first.path).preset.minutes == 70
    save_owner_preset(
        quiet(name="Calm", minutes=75), owner, path=first.path, expected=first.stamp, force=True
    )
    assert load_preset(first.path).preset.minutes == 75


def test_a_failed_save_keeps_the_old_file_and_says_why(owner, monkeypatch):
    first = save_owner_preset(quiet(name="Calm"), owner)
    before = first.path.read_bytes()
    with read_only(monkeypatch, owner), pytest.raises(PermissionError):
        save_owner_preset(quiet(name="Calm", minutes=75), owner, path=first.path, expected=first.stamp)
    assert first.path.read_bytes() == before
    with disk_full(monkeypatch), pytest.raises(OSError, match="No space left"):
        save_owner_preset(quiet(name="Calm", minutes=75), owner, path=first.path, expected=first.stamp)
    assert first.path.read_bytes() == before
    assert sorted(p.name for p in owner.iterdir()) == ["calm.toml"]  # no temporary file left


def test_a_copied_bundled_preset_validates_and_plays_the_bundled_music(owner):
    bundled = load_studio_library(bundled_presets_dir(), None).entry("Swedish massage").loaded
    saved = duplicate(bundled.preset, owner, ["Swedish massage"])
    copy = load_studio_library(bundled_presets_dir(), owner).entry("Swedish massage (copy)")
    assert copy.source is Source.OWNER and not copy.broken
    assert copy.loaded.preset.music.playlist == ("bundled:music",)
    assert copy.loaded.tracks == bundled.tracks and copy.loaded.tracks
    plan = plan_of(copy.loaded)
    assert plan.phases[1].tracks == tuple(str(t) for t in bundled.tracks)
    assert saved.path == owner / "swedish-massage-copy.toml"
    assert copy_name("Swedish massage", ["swedish massage (copy)"]) == "Swedish massage (copy 2)"


def test_import_checks_every_file_first_and_writes_only_the_good_ones(owner, tmp_path):
    source = tmp_path / "from-usb"
    source.mkdir()
    (source / "good.toml").write_text(GOOD.format(name="Sea breeze"))
    (source / "level.toml").write_text(GOOD.format(name="Too bright").replace("level = 20", "level = 140"))
    (source / "syntax.toml").write_text('schema = 1\nname = "Oops\n')
    (source / "express.toml").write_text(GOOD.format(name="Express massage"))
    report = import_presets([source], owner, owner_names=[], bundled_names=["Express massage"])
    assert sorted(p.name for p in report.imported) == ["express-massage.toml", "sea-breeze.toml"]
    assert report.replaced_bundled == ["Express massage"]
    reasons = {e.path.name: e.problems for e in report.problems}
    assert reasons["level.toml"] == (("lighting.level", "must be between 0 and 100, got 140"),)
    assert reasons["syntax.toml"][0][1].startswith("line 2, column 13: TOML syntax error: Illegal character")
    assert sorted(p.name for p in owner.glob("*.toml")) == ["express-massage.toml", "sea-breeze.toml"]
    again = import_presets([source / "good.toml"], owner, owner_names=["Sea breeze"])
    assert not again.imported and "already" in again.problems[0].problems[0][1]


def test_an_imported_playlist_must_be_found_where_the_preset_will_live(owner, tmp_path):
    source = tmp_path / "elsewhere"
    (source / "songs").mkdir(parents=True)
    (source / "songs" / "a.ogg").write_bytes(b"")
    (source / "p.toml").write_text(GOOD.format(name="Songs") + '[music]\nplaylist = ["songs"]\n')
    report = import_presets([source / "p.toml"], owner)
    assert not report.imported
    assert "file or folder not found: songs" in report.problems[0].problems[0][1]


def test_export_copies_and_never_overwrites(owner, tmp_path):
    a = save_owner_preset(quiet(name="Calm"), owner).path
    out = tmp_path / "usb"
    assert [p.name for p in export_presets([a], out)] == ["calm.toml"]
    assert [p.name for p in export_presets([a], out)] == ["calm-2.toml"]
    assert parse_preset(__import__("tomllib").loads((out / "calm.toml").read_text()), path=a).name == "Calm"


def test_a_stamp_tells_a_changed_file(owner):
    path = save_owner_preset(quiet(name="Calm"), owner).path
    before = stamp_of(path)
    path.write_text(path.read_text() + "\n")
    assert stamp_of(path) != before and stamp_of(owner / "gone.toml") is None

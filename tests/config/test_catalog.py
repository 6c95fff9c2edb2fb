"""The library that never lies: bundled and owner presets with their source, broken files shown
broken under their own name, the owner's order and hidden presets."""

from __future__ import annotations

import pytest

from ambience.config.catalog import Source, load_studio_library
from ambience.config.order import LibraryOrder, load_order, save_order
from ambience.config.paths import bundled_presets_dir
from ambience.config.trash import move_to_trash, restore, trashed


def preset(name: str, level: float = 20, minutes: float = 30) -> str:
    return f'schema = 1\nname = "{name}"\nminutes = {minutes}\n[lighting]\nlevel = {level}\n'


@pytest.fixture
def folders(tmp_path):
    bundled, owner = tmp_path / "bundled", tmp_path / "owner"
    bundled.mkdir()
    owner.mkdir()
    (bundled / "swedish-massage.toml").write_text(preset("Swedish massage", 25))
    (bundled / "express.toml").write_text(preset("Express"))
    return bundled, owner


def test_each_preset_says_where_it_comes_from(folders):
    bundled, owner = folders
    (owner / "hot-stones.toml").write_text(preset("Hot stones"))
    library = load_studio_library(bundled, owner)
    assert {(e.name, e.source) for e in library.entries} == {
        ("Swedish massage", Source.BUNDLED),
        ("Express", Source.BUNDLED),
        ("Hot stones", Source.OWNER),
    }
    assert library.entry("hot stones").where() == "yours"


def test_an_owner_preset_replaces_the_bundled_one_of_the_same_name(folders):
    bundled, owner = folders
    (owner / "my-swedish.toml").write_text(preset("Swedish massage", 35))
    library = load_studio_library(bundled, owner)
    entry = library.entry("Swedish massage")
    assert entry.source is Source.OWNER and entry.loaded.preset.lighting.level == 35
    assert entry.where() == "yours, in place of the bundled one"
    assert [p.name for p in library.presets].count("Swedish massage") == 1


def test_a_broken_owner_preset_is_shown_broken_and_never_falls_back_to_the_bundled_one(folders):
    bundled, owner = folders
    (owner / "swedish-massage.toml").write_text(preset("Swedish massage", 140))
    library = load_studio_library(bundled, owner)
    entry = library.entry("Swedish massage")
    assert entry.broken and entry.source is Source.OWNER
    assert entry.reasons() == ["lighting.level: must be between 0 and 100, got 140"]
    assert "Swedish massage" not in [p.name for p in library.presets]  # cannot be started
    with pytest.raises(LookupError, match=r"'Swedish massage' cannot be used: lighting\.level"):
        library.find("swedish massage")


def test_a_file_too_broken_to_name_itself_still_stands_in_for_the_bundled_file_of_its_name(folders):
    bundled, owner = folders
    (owner / "swedish-massage.toml").write_text('schema = 1\nname = "Swedish massage\n')
    library = load_studio_library(bundled, owner)
    names = [(e.name, e.source, e.broken) for e in library.entries]
    assert ("swedish-massage", Source.OWNER, True) in names
    assert all(e.source is Source.OWNER for e in library.entries if "swedish" in e.key)
    assert "line 2" in library.entry("swedish-massage").reasons()[0]


def test_two_owner_files_with_one_name_make_the_second_broken(folders):
    bundled, owner = folders
    (owner / "a.toml").write_text(preset("Deep calm"))
    (owner / "b.toml").write_text(preset("Deep calm", 30))
    library = load_studio_library(bundled, owner)
    second = library.entry("Deep calm (b.toml)")
    assert second.broken and "another file, a.toml, has the same preset name" in second.reasons()[0]
    assert [p.path.name for p in library.presets if p.name == "Deep calm"] == ["a.toml"]


def test_the_owners_order_and_hidden_presets_shape_the_tiles(folders):
    bundled, owner = folders
    (owner / "hot-stones.toml").write_text(preset("Hot stones"))
    save_order(LibraryOrder(order=("Hot stones", "Swedish massage"), hidden=("express",)), owner)
    library = load_studio_library(bundled, owner)
    assert [e.name for e in library.entries] == ["Hot stones", "Swedish massage", "Express"]
    assert [p.name for p in library.presets] == ["Hot stones", "Swedish massage"]
    assert [e.name for e in library.visible()] == ["Hot stones", "Swedish massage"]
    assert library.entry("Express").hidden
    assert load_order(owner).is_hidden("EXPRESS")


def test_an_unreadable_order_file_keeps_the_default_order_and_says_why(folders):
    bundled, owner = folders
    (owner / "library.toml").write_text("order = [\n")
    library = load_studio_library(bundled, owner)
    assert [e.name for e in library.entries] == ["Express", "Swedish massage"]
    assert "library.toml" in library.order_problem and not library.errors


def test_a_renamed_preset_keeps_its_place():
    order = LibraryOrder(order=("A", "B"), hidden=("B",)).renamed("b", "Bee")
    assert order.order == ("A", "Bee") and order.is_hidden("bee")
    assert LibraryOrder(order=("A", "B", "C")).with_order(["C", "A"]).order == ("C", "A", "B")


def test_a_deleted_preset_goes_to_the_trash_and_comes_back(folders):
    _bundled, owner = folders
    path = owner / "hot-stones.toml"
    path.write_text(preset("Hot stones"))
    path.with_name("hot-stones.toml.bak").write_text(preset("Hot stones", 10))
    moved = move_to_trash(path, now=1_800_000_000)
    assert not path.exists() and moved.parent == owner / "Trash"
    (item,) = trashed(owner)
    assert (item.name, item.original) == ("Hot stones", "hot-stones.toml")
    path.write_text(preset("Hot stones", 50))  # a new preset took the name meanwhile
    back = restore(item, owner)
    assert back.name == "hot-stones-2.toml" and "Hot stones" in back.read_text()
    assert back.with_name("hot-stones-2.toml.bak").exists()
    assert trashed(owner) == []


def test_the_real_bundled_library_loads_whole():
    library = load_studio_library(bundled_presets_dir(), None)
    assert not library.errors and len(library.presets) == 7
    assert all(e.source is Source.BUNDLED for e in library.entries)


def test_an_unknown_key_suggests_the_nearest_known_one(folders):
    bundled, owner = folders
    (owner / "relax.toml").write_text(
        'schema = 1\nname = "Relax"\nduration_min = 60\n[lighting]\nlevel = 20\ncolor_temp_k = 2700\n'
        "fade_s = 30\n[diffuser]\non_min = 10\n"
    )
    reasons = load_studio_library(bundled, owner).entry("Relax").reasons()
    assert 'duration_min: unknown field; did you mean "minutes"?' in reasons
    assert 'lighting.color_temp_k: unknown field; did you mean "kelvin"?' in reasons
    assert 'lighting.fade_s: unknown field; did you mean "fade_seconds"?' in reasons
    assert 'diffuser.on_min: unknown field; did you mean "on_minutes"?' in reasons


def test_a_refused_value_gives_the_safe_range_and_why(folders):
    bundled, owner = folders
    (owner / "long.toml").write_text(
        preset("Long scent") + "[diffuser]\nenabled = true\non_minutes = 120\n[climate]\ntarget_c = 35.0\n"
    )
    reasons = load_studio_library(bundled, owner).entry("Long scent").reasons()
    assert any(
        r.startswith("diffuser.on_minutes: must be between 1 and 30, got 120 (a diffuser rests")
        for r in reasons
    )
    assert any("target_c: must be between 18 and 30" in r and "comfortable and safe" in r for r in reasons)


def test_a_toml_syntax_error_gives_the_line_in_plain_words(folders):
    bundled, owner = folders
    (owner / "oops.toml").write_text('schema = 1\nname = "Oops"\nminutes = \n')
    (reason,) = load_studio_library(bundled, owner).entry("oops").reasons()
    assert reason.startswith("line 3, column 11: TOML syntax error: Invalid value — ")


def test_a_preset_named_like_another_file_does_not_hide_it(folders):
    bundled, owner = folders
    (owner / "express.toml").write_text(preset("Express lunch"))  # the bundled file is express.toml
    names = [(e.name, e.source) for e in load_studio_library(bundled, owner).entries]
    assert ("Express", Source.BUNDLED) in names and ("Express lunch", Source.OWNER) in names

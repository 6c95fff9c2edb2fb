"""Loading, checking and saving preset files."""

from __future__ import annotations

import os

import pytest

from ambience.config.library import PresetInvalid, load_library, load_preset, preset_to_toml, save_preset
from ambience.config.paths import bundled_presets_dir
from tests.factories import make_preset

GOOD = """schema = 1
name = "Calm"
minutes = 30
[lighting]
level = 20
[music]
playlist = ["music"]
"""

BROKEN = {
    "syntax.toml": 'schema = 1\nname = "x"\nminutes = 30\nlighting = { level = 20 \n',
    "range.toml": 'schema = 1\nname = "Deep"\nminutes = 60\n[lighting]\nlevel = 140\n',
    "types.toml": 'schema = 1\nname = "T"\nminutes = "sixty"\n[lighting]\nlevel = 20\n',
    "unknown.toml": 'schema = 1\nname = "U"\nminutes = 30\ncolour = "#ffffff"\n[lighting]\nlevel = 20\n',
    "missing-music.toml": (
        'schema = 1\nname = "M"\nminutes = 30\n[lighting]\nlevel = 20\n[music]\nplaylist = ["gone.ogg"]\n'
    ),
    "too-hot.toml": (
        'schema = 1\nname = "H"\nminutes = 30\n[lighting]\nlevel = 20\n[climate]\ntarget_c = 32.0\n'
    ),
    "too-loud.toml": 'schema = 1\nname = "L"\nminutes = 30\n[lighting]\nlevel = 20\n[music]\nvolume = 95.0\n',
    "long-mist.toml": (
        'schema = 1\nname = "D"\nminutes = 30\n[lighting]\nlevel = 20\n'
        "[diffuser]\nenabled = true\non_minutes = 45\n"
    ),
    "dark-end.toml": 'schema = 1\nname = "E"\nminutes = 30\n[lighting]\nlevel = 20\nturnover_level = 0\n',
    "phases.toml": (
        'schema = 1\nname = "P"\nminutes = 30\n[lighting]\nlevel = 20\n'
        '[[phases]]\nname = "a"\nminutes = 20\n[[phases]]\nname = "b"\nminutes = 20\n'
    ),
    "future.toml": 'schema = 7\nname = "F"\nminutes = 30\n[lighting]\nlevel = 20\n',
}

EXPECTED = {
    "syntax.toml": "line 4, column",
    "range.toml": "lighting.level: must be between 0 and 100, got 140",
    "types.toml": "minutes: must be a valid number, got 'sixty'",
    "unknown.toml": "colour: unknown field",
    "missing-music.toml": "music.playlist[0]: file or folder not found: gone.ogg",
    "too-hot.toml": "climate.target_c: must be between 18 and 30, got 32",
    "too-loud.toml": "music.volume: must not exceed the studio volume cap of 80 %, got 95",
    "long-mist.toml": "diffuser.on_minutes: must be between 1 and 30, got 45",
    "dark-end.toml": "lighting.turnover_level: must be between 10 and 100, got 0",
    "phases.toml": "phases: add up to 40 minutes, more than the session's 30",
    "future.toml": "schema: unsupported version 7",
}


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "music").mkdir()
    (tmp_path / "music" / "one.ogg").write_bytes(b"OggS")
    (tmp_path / "calm.toml").write_text(GOOD)
    for name, text in BROKEN.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_a_folder_with_broken_files_loads_the_good_ones_and_names_every_problem(folder):
    library = load_library(folder)
    assert library.names() == ["Calm"]
    assert library.presets[0].tracks == ((folder / "music" / "one.ogg").resolve(),)
    messages = {e.path.name: str(e) for e in library.errors}
    assert set(messages) == set(BROKEN)
    for name, expected in EXPECTED.items():
        assert messages[name].startswith(f"{name}: ")
        assert expected in messages[name], messages[name]


def test_the_bundled_library_is_valid_and_sensible():
    library = load_library(bundled_presets_dir())
    assert library.errors == []
    assert len(library.presets) >= 6
    names = " ".join(library.names()).lower()
    for technique in ("swedish", "deep tissue", "myofascial", "trigger point", "aromatherapy", "express"):
        assert technique in names
    for loaded in library.presets:
        p = loaded.preset
        assert p.description, p.name
        for phase in p.resolved_phases()[:-1]:
            assert phase.lighting.level <= 45
            assert 2200 <= (phase.lighting.kelvin or 2700) <= 2700
        assert 22 <= p.climate.target_c <= 26
        assert p.music.volume <= 40 and p.music.fade_out_seconds >= p.music.fade_in_seconds
        assert loaded.tracks, f"{p.name} has no music"
    assert [p.name for p in library.presets if not p.preset.diffuser.enabled] == ["Scent-free relaxation"]
    assert min(p.preset.minutes for p in library.presets) == 30


def test_find_matches_names_case_insensitively_by_prefix_or_word():
    library = load_library(bundled_presets_dir())
    assert library.find("Swedish").name == "Swedish massage"
    assert library.find("swed").name == "Swedish massage"
    assert library.find("deep").name == "Deep tissue"
    assert library.find("trigger-point").name == "Trigger point therapy"
    with pytest.raises(LookupError, match="no preset matches 'shiatsu'"):
        library.find("shiatsu")
    with pytest.raises(LookupError, match="several presets"):
        library.find("massage")


def test_saved_presets_load_back_identical(tmp_path):
    preset = make_preset(music={"playlist": [], "volume": 30})
    path = tmp_path / "test.toml"
    save_preset(preset, path)
    assert load_preset(path).preset == preset
    assert path.read_text().startswith("schema = 1\n")


def test_saving_keeps_the_previous_version_as_a_backup(tmp_path):
    path = tmp_path / "test.toml"
    first = make_preset(music={"playlist": []})
    second = first.model_copy(update={"description": "changed"})
    save_preset(first, path)
    save_preset(second, path)
    assert load_preset(path).preset.description == "changed"
    assert (tmp_path / "test.toml.bak").read_text() == preset_to_toml(first)


def test_a_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "test.toml"
    preset = make_preset(music={"playlist": []})
    save_preset(preset, path)
    before = path.read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        save_preset(preset.model_copy(update={"description": "lost"}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["test.toml"]


def test_an_invalid_preset_is_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "test.toml"
    save_preset(make_preset(music={"playlist": []}), path)
    before = path.read_bytes()
    loud = make_preset(music={"playlist": [], "volume": 70})
    with pytest.raises(PresetInvalid, match=r"music\.volume: must not exceed the studio volume cap of 60"):
        save_preset(loud, path, volume_cap=60)
    assert path.read_bytes() == before

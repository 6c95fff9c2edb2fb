"""The `ambience` command line: preset checks, the headless runner, its messages."""

from __future__ import annotations

import json

import pytest

from ambience.cli import main
from ambience.config.library import load_library
from ambience.config.paths import bundled_presets_dir


def test_presets_check_passes_on_the_bundled_library(capsys):
    assert main(["presets", "check", str(bundled_presets_dir())]) == 0
    assert "all valid" in capsys.readouterr().out


def test_presets_check_prints_one_line_per_bad_file_with_its_full_path_and_exits_1(tmp_path, capsys):
    (tmp_path / "deep-tissue.toml").write_text(
        'schema = 1\nname = "D"\nminutes = 60\n[lighting]\nlevel = 140\n'
    )
    (tmp_path / "bad.toml").write_text("schema = 1\nname = \n")
    assert main(["presets", "check", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{tmp_path / 'bad.toml'}: line 2, column 8: TOML syntax error: Invalid value — the value after "
        "'=' is missing or not understood; text needs \"quotes\"",
        f"{tmp_path / 'deep-tissue.toml'}: lighting.level: must be between 0 and 100, got 140",
    ]


def test_presets_check_takes_single_files_as_well_as_folders(tmp_path, capsys):
    good = bundled_presets_dir() / "express.toml"
    (tmp_path / "long.toml").write_text(
        'schema = 1\nname = "L"\nminutes = 60\n[lighting]\nlevel = 20\n[diffuser]\non_minutes = 120\n'
    )
    assert main(["presets", "check", str(good)]) == 0
    assert capsys.readouterr().out == f"1 preset in {good}: all valid\n"
    assert (
        main(["presets", "check", str(good), str(tmp_path / "long.toml"), str(tmp_path / "gone.toml")]) == 1
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        f"{tmp_path / 'long.toml'}: diffuser.on_minutes: must be between 1 and 30, got 120"
    )
    assert "rests between spells" in out[0]
    assert out[1] == f"{tmp_path / 'gone.toml'}: no such file or folder"


def test_presets_list_and_check_see_the_library_the_panel_sees(tmp_path, capsys):
    own = tmp_path / "mine"
    own.mkdir()
    (own / "swedish.toml").write_text(
        'schema = 1\nname = "Swedish massage"\nminutes = 60\n[lighting]\nlevel = 140\n'
    )
    (own / "hot-stones.toml").write_text(
        'schema = 1\nname = "Hot stones"\nminutes = 45\n[lighting]\nlevel = 20\n'
    )
    config = tmp_path / "rooms.toml"
    config.write_text(f'schema = 1\npresets_dir = "{own}"\n')
    assert main(["presets", "list", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert f"your presets:    {own}" in out and f"bundled presets: {bundled_presets_dir()}" in out
    hot = next(line for line in out.splitlines() if line.startswith("Hot stones"))
    assert "45 min" in hot and "yours" in hot and str(own / "hot-stones.toml") in hot
    swedish = [line for line in out.splitlines() if line.startswith("Swedish massage")]
    assert len(swedish) == 1 and "BROKEN" in swedish[0] and "yours" in swedish[0]
    assert "lighting.level: must be between 0 and 100, got 140" in swedish[0]
    assert main(["presets", "check", "--config", str(config)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{own / 'swedish.toml'}: lighting.level: must be between 0 and 100, got 140"
    ]


def test_help_names_the_owners_presets_folder_and_the_pin_file(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "your presets:" in out and "owner.toml" in out


def test_run_plays_a_whole_session_as_json_lines(capsys):
    assert main(["run", "express", "--demo", "--speed", "3000", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"t", "phase", "devices"} <= set(records[0])
    phases = [r["phase"] for r in records if r["status"] == "running"]
    assert phases[0] == "Welcome" and "Treatment" in phases and phases[-1] == "Wake-up"
    last = records[-1]
    assert last["status"] == "ended"
    assert last["devices"]["ceiling"]["level"] == 70
    assert last["devices"]["diffuser"]["on"] is False
    treatment = next(r for r in records if r["phase"] == "Treatment")
    assert treatment["devices"]["ceiling"]["level"] in (28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40)
    assert treatment["devices"]["radiator"]["target_c"] == 24.0


def test_run_prints_a_readable_table(capsys):
    assert main(["run", "express", "--demo", "--speed", "3000", "--room", "cedar"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Express massage in Cedar room — 30 min"
    assert out[1].split()[:3] == ["time", "phase", "Ceiling"]
    assert any(" Treatment " in line and "28% 2700K" in line for line in out)


def test_run_explains_an_unknown_preset_or_room(capsys):
    assert main(["run", "shiatsu", "--demo"]) == 2
    assert "no preset matches 'shiatsu'" in capsys.readouterr().err
    assert main(["run", "swedish", "--demo", "--room", "attic"]) == 2
    assert "no room matches 'attic'" in capsys.readouterr().err


def test_a_broken_rooms_config_is_named_with_its_field(tmp_path, capsys):
    config = tmp_path / "rooms.toml"
    config.write_text(
        'schema = 1\n[[rooms]]\nid = "a"\nname = "A"\n[[rooms.devices]]\nid = "x"\nname = "X"\n'
        'role = "light"\nbackend = "kasa"\n'
    )
    assert main(["run", "swedish", "--config", str(config)]) == 2
    assert "rooms.toml: rooms[0].devices[0]: host: required for a kasa device" in capsys.readouterr().err


def test_help_explains_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for word in ("run", "presets", "--demo", "--speed", "--config", "rooms config"):
        assert word in out


def test_every_bundled_preset_fits_the_demo_studio():
    assert load_library(bundled_presets_dir()).errors == []

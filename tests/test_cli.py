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


def test_presets_check_prints_one_line_per_bad_file_and_exits_1(tmp_path, capsys):
    (tmp_path / "deep-tissue.toml").write_text(
        'schema = 1\nname = "D"\nminutes = 60\n[lighting]\nlevel = 140\n'
    )
    (tmp_path / "bad.toml").write_text("schema = 1\nname = \n")
    assert main(["presets", "check", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "bad.toml: line 2: TOML syntax error: Invalid value",
        "deep-tissue.toml: lighting.level: must be between 0 and 100, got 140",
    ]


def test_presets_list_names_each_preset_with_its_phases(capsys):
    assert main(["presets", "list"]) == 0
    out = capsys.readouterr().out
    assert "Swedish massage" in out and "Welcome → Treatment → Wake-up" in out


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

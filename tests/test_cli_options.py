"""Global options work before or after the command, or are refused; never silently dropped."""

from __future__ import annotations

import json

import pytest

from ambience import cli
from ambience.cli import main, parse_args


@pytest.fixture
def rooms(tmp_path):
    path = tmp_path / "rooms.toml"
    path.write_text(
        'schema = 1\n[[rooms]]\nid = "attic"\nname = "Attic"\n'
        '[[rooms.devices]]\nid = "lamp"\nname = "Lamp"\nrole = "light"\n',
        encoding="utf-8",
    )
    return path


def place(option: list[str], position: str, command: list[str], rest: list[str]) -> list[str]:
    return [*option, *command, *rest] if position == "before" else [*command, *rest, *option]


POSITIONS = ["before", "after"]


@pytest.mark.parametrize("position", POSITIONS)
def test_run_takes_demo_in_either_position(position):
    args = parse_args(place(["--demo"], position, ["run"], ["swedish"]))
    assert args.demo is True and args.command == "run"


@pytest.mark.parametrize("position", POSITIONS)
def test_run_takes_speed_in_either_position(position):
    assert parse_args(place(["--speed", "60"], position, ["run"], ["swedish"])).speed == 60.0


@pytest.mark.parametrize("position", POSITIONS)
def test_run_takes_config_in_either_position(position, rooms, capsys):
    argv = place(["--config", str(rooms)], position, ["run"], ["express", "--speed", "5000", "--json"])
    assert main(argv) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert set(records[0]["devices"]) == {"lamp"}  # the config's one room, not the demo studio


@pytest.mark.parametrize("position", POSITIONS)
def test_a_demo_run_at_speed_is_a_demo_at_speed_in_either_position(position, capsys):
    argv = place(["--demo", "--speed", "5000"], position, ["run"], ["express", "--json"])
    assert main(argv) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"ceiling", "diffuser", "radiator"} <= set(records[0]["devices"])
    assert records[-1]["status"] == "ended"


def test_an_option_before_the_command_is_not_reset_by_the_command():
    args = parse_args(["--config", "a.toml", "--speed", "60", "run", "swedish", "--room", "attic"])
    assert (str(args.config), args.speed, args.demo, args.room) == ("a.toml", 60.0, False, "attic")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        (["--demo"], ("demo", True)),
        (["--speed", "30"], ("speed", 30.0)),
        (["--config", "x.toml"], ("config", "x.toml")),
    ],
)
def test_the_panel_takes_each_option(option, value, monkeypatch, tmp_path):
    seen = {}

    def fake_panel(config, **kwargs):
        seen.update(kwargs, config=config)
        return 0

    import ambience.ui.app

    monkeypatch.setattr(ambience.ui.app, "run_panel", fake_panel)
    if option[0] == "--config":
        (tmp_path / "x.toml").write_text('schema = 1\nname = "Mine"\n', encoding="utf-8")
        option = ["--config", str(tmp_path / "x.toml")]
    assert main(option) == 0
    name, expected = value
    if name == "demo":
        assert seen["demo"] is True
    elif name == "speed":
        assert seen["speed"] == expected
    else:
        assert seen["config"].name == "Mine" and seen["config_path"] == tmp_path / "x.toml"


@pytest.mark.parametrize("position", ["top", "presets", "check"])
def test_presets_check_takes_config_at_every_level(position, rooms, tmp_path, capsys):
    rooms.write_text("schema = 1\nvolume_cap = 20\n", encoding="utf-8")
    folder = tmp_path / "presets"
    folder.mkdir()
    (folder / "loud.toml").write_text(
        'schema = 1\nname = "Loud"\nminutes = 30\n[lighting]\nlevel = 20\n[music]\nvolume = 50\n',
        encoding="utf-8",
    )
    option = ["--config", str(rooms)]
    argv = {
        "top": [*option, "presets", "check", str(folder)],
        "presets": ["presets", *option, "check", str(folder)],
        "check": ["presets", "check", str(folder), *option],
    }[position]
    assert main(argv) == 1  # the config's cap of 20 % applies
    assert "music.volume: must not exceed the studio volume cap of 20 %" in capsys.readouterr().out
    assert main(["presets", "check", str(folder)]) == 0


@pytest.mark.parametrize("position", POSITIONS)
def test_presets_takes_demo_in_either_position(position):
    assert parse_args(place(["--demo"], position, ["presets", "list"], [])).demo is True


@pytest.mark.parametrize("position", POSITIONS)
def test_speed_is_refused_for_presets_in_either_position(position, capsys):
    with pytest.raises(SystemExit) as caught:
        parse_args(place(["--speed", "60"], position, ["presets", "check"], []))
    assert caught.value.code == 2
    assert "--speed does not apply to 'presets'" in capsys.readouterr().err


@pytest.mark.parametrize("option", [["--demo"], ["--speed", "2"], ["--config", "x.toml"]])
@pytest.mark.parametrize("position", POSITIONS)
def test_desktop_entry_refuses_the_studio_options(option, position, capsys):
    with pytest.raises(SystemExit):
        parse_args(place(option, position, ["desktop-entry"], []))
    assert "does not apply to 'desktop-entry'" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["run", "swedish"], ["presets", "list"], []])
@pytest.mark.parametrize("position", POSITIONS)
def test_demo_and_config_together_are_refused(command, position, capsys):
    with pytest.raises(SystemExit):
        parse_args(place(["--demo", "--config", "x.toml"], position, command[:1], command[1:]))
    assert "--demo uses the simulated studio" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "fast", "100000"])
def test_a_speed_that_means_nothing_is_refused(value, capsys):
    with pytest.raises(SystemExit):
        parse_args(["--speed", value, "run", "swedish"])
    assert "--speed" in capsys.readouterr().err


@pytest.mark.parametrize("option", [["--room", "attic"], ["--json"]])
def test_the_runs_own_options_before_the_command_are_refused(option, capsys):
    with pytest.raises(SystemExit):
        parse_args([*option, "run", "swedish"])
    assert "ambience: error:" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["day"], ["history"], ["feeds", "list"], ["bookings", "cancel", "x"]])
@pytest.mark.parametrize("position", POSITIONS)
def test_the_days_commands_take_config_in_either_position(command, position):
    args = parse_args(place(["--config", "rooms.toml"], position, command[:1], command[1:]))
    assert str(args.config) == "rooms.toml" and args.command == command[0]


@pytest.mark.parametrize("command", [["day"], ["history"], ["feeds", "sync"]])
@pytest.mark.parametrize("position", POSITIONS)
def test_the_days_commands_refuse_speed_in_either_position(command, position, capsys):
    with pytest.raises(SystemExit):
        parse_args(place(["--speed", "60"], position, command[:1], command[1:]))
    assert f"--speed does not apply to '{command[0]}'" in capsys.readouterr().err


def test_every_command_is_known_to_the_option_check():
    parser = cli.build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    assert set(commands.choices) | {None} == set(cli.USES)


@pytest.mark.parametrize(
    ("command", "offered", "left_out"),
    [
        (["run"], ["--demo", "--config", "--speed"], []),
        (["presets", "list"], ["--demo", "--config"], ["--speed"]),
        (["day"], ["--demo", "--config"], ["--speed"]),
        (["history"], ["--demo", "--config"], ["--speed"]),
        (["feeds", "sync"], ["--demo", "--config"], ["--speed"]),
        (["feeds", "add"], ["--config"], ["--demo", "--speed"]),
        (["bookings", "add"], ["--config"], ["--demo", "--speed"]),
        (["clients", "forget"], ["--config"], ["--demo", "--speed"]),
        (["desktop-entry"], [], ["--demo", "--config", "--speed"]),
    ],
)
def test_a_commands_help_offers_only_the_studio_options_it_takes(command, offered, left_out, capsys):
    with pytest.raises(SystemExit):
        parse_args([*command, "--help"])
    options = capsys.readouterr().out.split("options:")[1]
    assert [o for o in offered if o not in options] == []
    assert [o for o in left_out if o in options] == []

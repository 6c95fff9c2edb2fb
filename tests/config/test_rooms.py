"""The rooms config: loading, validation messages, atomic saves, and the demo studio."""

from __future__ import annotations

import pytest

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig, demo_studio, load_rooms, save_rooms
from ambience.config.settings import declared_settings
from ambience.config.validation import InvalidFile

GOOD = """schema = 1
name = "Lotus studio"
volume_cap = 70

[[rooms]]
id = "lotus"
name = "Lotus room"

[[rooms.devices]]
id = "ceiling"
name = "Ceiling light"
role = "light"
backend = "kasa"
host = "127.0.0.1"
port = 9999

[[rooms.devices]]
id = "music"
name = "Music"
role = "music"
"""


def test_a_rooms_file_loads_with_its_devices(tmp_path):
    path = tmp_path / "rooms.toml"
    path.write_text(GOOD)
    config = load_rooms(path)
    assert config.volume_cap == 70
    room = config.room("lotus")
    assert [(d.id, d.role, d.backend) for d in room.devices] == [
        ("ceiling", Role.LIGHT, "kasa"),
        ("music", Role.MUSIC, "simulated"),
    ]
    assert config.room("Lotus").id == "lotus"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema = 1\nrooms = 3\n", "rooms.toml: rooms: must be a valid tuple"),
        ('name = "x"\n', "rooms.toml: schema: must be 1, got missing"),
        (
            'schema = 1\n[[rooms]]\nid = "Big Room"\nname = "B"\n',
            "rooms.toml: rooms[0].id: String should match",
        ),
        (
            'schema = 1\n[[rooms]]\nid = "a"\nname = "A"\n'
            '[[rooms.devices]]\nid = "x"\nname = "X"\nrole = "lamp"\n',
            "rooms.toml: rooms[0].devices[0].role: must be 'light', 'diffuser', 'thermostat' or 'music'",
        ),
        (
            'schema = 1\n[[rooms]]\nid = "a"\nname = "A"\n[[rooms]]\nid = "a"\nname = "B"\n',
            "rooms.toml: rooms: two rooms have the id 'a'",
        ),
        ("schema = 1\n[[rooms]\n", "rooms.toml: line 2, column 8: TOML syntax error"),
    ],
)
def test_a_bad_rooms_file_names_the_field_and_the_reason(tmp_path, text, message):
    path = tmp_path / "rooms.toml"
    path.write_text(text)
    with pytest.raises(InvalidFile) as caught:
        load_rooms(path)
    assert str(caught.value).startswith(message), str(caught.value)


def test_rooms_save_atomically_and_load_back(tmp_path):
    path = tmp_path / "cfg" / "rooms.toml"
    config = StudioConfig(
        name="Lotus",
        rooms=(
            RoomConfig(id="a", name="A", devices=(DeviceConfig(id="p", name="Plug", role=Role.DIFFUSER),)),
        ),
    )
    save_rooms(config, path)
    save_rooms(config.model_copy(update={"name": "Lotus 2"}), path)
    assert load_rooms(path).name == "Lotus 2"
    assert load_rooms(path.with_name("rooms.toml.bak")) == config


def test_the_demo_studio_has_two_fully_equipped_rooms():
    studio = demo_studio()
    assert len(studio.rooms) == 2
    for room in studio.rooms:
        assert {d.role for d in room.devices} == set(Role)


def test_the_studio_settings_have_defaults_bounds_and_words_for_the_owner(tmp_path):
    config = StudioConfig()
    assert (config.quit_leaves, config.night_after_s) == ("turnover", 45)
    specs = {spec.key: spec for spec in declared_settings(StudioConfig)}
    leaves, night = specs["quit_leaves"], specs["night_after_s"]
    assert leaves.kind == "choice" and {value for value, _ in leaves.choices} == {
        "turnover",
        "all_off",
        "as_is",
    }
    assert night.kind == "integer" and (night.minimum, night.maximum, night.unit) == (0, 600, "s")
    assert leaves.description and night.description
    path = tmp_path / "rooms.toml"
    path.write_text('schema = 1\nquit_leaves = "all_off"\nnight_after_s = 0\n')
    assert (load_rooms(path).quit_leaves, load_rooms(path).night_after_s) == ("all_off", 0)
    path.write_text('schema = 1\nquit_leaves = "everything"\n')
    with pytest.raises(InvalidFile, match="quit_leaves"):
        load_rooms(path)


def test_the_demo_that_stands_in_for_missing_rooms_plays_no_real_music():
    backends = {d.backend for room in demo_studio(real_music=False).rooms for d in room.devices}
    assert backends == {"simulated"}
    assert "pygame" in {d.backend for d in demo_studio().rooms[0].devices}

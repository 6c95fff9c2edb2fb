"""A room's music in the rooms config: the choices offered and what each writes."""

from __future__ import annotations

import pytest

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig
from ambience.setup.music import (
    NO_MUSIC,
    choice_of,
    choices,
    sharing_warning,
    this_computer,
    with_music,
)

PLAYER = DeviceConfig(id="music", name="Music", role=Role.MUSIC, backend="pygame")


def studio(*rooms: tuple[str, tuple[DeviceConfig, ...]]) -> StudioConfig:
    return StudioConfig(
        rooms=tuple(
            RoomConfig(id=name.lower(), name=f"{name} room", devices=devices) for name, devices in rooms
        )
    )


def test_the_same_choice_leaves_the_config_as_it_is():
    config = studio(("Lotus", (PLAYER,)))
    assert with_music(config, "lotus", this_computer()) is config
    assert with_music(config, "lotus", this_computer("")) is config  # "" is the default too


def test_a_new_player_never_takes_another_devices_id_and_extra_players_go():
    lamp = DeviceConfig(id="music", name="Music lamp", role=Role.LIGHT)
    config = with_music(studio(("Lotus", (lamp,))), "lotus", this_computer("USB"))
    assert [(d.id, d.role, d.output) for d in config.room("lotus").devices] == [
        ("music", Role.LIGHT, None),
        ("music-2", Role.MUSIC, "USB"),
    ]
    two = studio(
        ("Lotus", (PLAYER, lamp.model_copy(update={"id": "lamp"}), PLAYER.model_copy(update={"id": "b"})))
    )
    config = with_music(two, "lotus", this_computer("USB"))
    assert [d.id for d in config.room("lotus").devices] == ["music", "lamp"]
    assert choice_of(config.room("lotus")) == this_computer("USB")
    with pytest.raises(LookupError):
        with_music(two, "cedar", NO_MUSIC)


def test_the_choices_keep_what_the_room_has_and_one_output_is_not_offered_twice():
    simulated = DeviceConfig(id="music", name="Music", role=Role.MUSIC)
    kept = choice_of(RoomConfig(id="lotus", name="Lotus", devices=(simulated,)))
    assert [c.label for c in choices(["Speakers"], kept)] == [
        "No music",
        "This computer — default output",
        "Simulated player (no sound)",
    ]
    assert [c.label for c in choices(None, this_computer("hdmi 2"))][-1] == "hdmi 2"  # as SDL names it


def test_three_rooms_through_this_computer_are_all_named():
    config = studio(("Lotus", (PLAYER,)), ("Cedar", (PLAYER,)), ("Birch", (PLAYER,)), ("Oak", ()))
    assert sharing_warning(config, "birch") == (
        "Lotus room and Cedar room also play through this computer: one computer plays through one "
        "output at a time, so all 3 rooms would hear every playlist."
    )
    assert sharing_warning(config, "oak") == ""

"""Studio settings are declared once on the model, with their type, default, description and bounds."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig
from ambience.config.settings import declared_settings, setting, settings_problems, with_settings


class Quit(StrEnum):
    ASK = "ask"
    END_SESSIONS = "end_sessions"


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = setting("x", title="Label", description="A name.", max_length=10)
    count: int = setting(3, title="Count", description="How many.", ge=1, le=9)
    loud: bool = setting(False, title="Loud", description="On or off.")
    mode: Literal["calm", "bright"] = setting("calm", title="Mode", description="One of two.")
    policy: Quit = setting(Quit.ASK, title="Quit", description="What quitting does.")
    music: tuple[str, ...] = setting((), title="Music folders", description="Folders.", kind="folders")
    not_a_setting: int = 0


def test_the_rooms_config_declares_its_settings_with_bounds_and_words():
    specs = {s.key: s for s in declared_settings(StudioConfig)}
    assert list(specs)[:5] == ["name", "volume_cap", "presets_dir", "music_dirs", "owner_lock_minutes"]
    assert specs["music_dirs"].kind == "folders"
    cap = specs["volume_cap"]
    assert (cap.kind, cap.default, cap.minimum, cap.maximum, cap.unit) == ("number", 80.0, 0, 100, "%")
    assert cap.bounds_text() == "0–100 %"
    assert specs["presets_dir"].kind == "folder" and specs["presets_dir"].optional
    assert specs["name"].max_length == 40 and specs["name"].description


def test_each_type_gets_its_kind_of_editor_and_plain_fields_are_not_settings():
    specs = {s.key: s for s in declared_settings(Example)}
    assert {k: s.kind for k, s in specs.items()} == {
        "label": "text",
        "count": "integer",
        "loud": "toggle",
        "mode": "choice",
        "policy": "choice",
        "music": "folders",
    }
    assert specs["mode"].choices == (("calm", "calm"), ("bright", "bright"))
    assert specs["policy"].choices == (("ask", "Ask"), ("end_sessions", "End sessions"))


def test_a_refused_setting_is_named_with_its_reason():
    base = Example()
    assert settings_problems(Example, base, {"count": 12, "label": "far too long a label"}) == {
        "count": "must be at most 9, got 12",
        "label": "must have at most 10 characters, this one has 20",
    }
    assert settings_problems(StudioConfig, StudioConfig(), {"name": ""}) == {"name": "must not be empty"}


def test_changing_settings_keeps_the_rooms():
    room = RoomConfig(id="lotus", name="Lotus", devices=(DeviceConfig(id="l", name="L", role=Role.LIGHT),))
    values = {"volume_cap": 65.0, "name": "Lotus spa"}
    config = with_settings(StudioConfig, StudioConfig(rooms=(room,)), values)
    assert config.rooms == (room,) and config.volume_cap == 65.0 and config.name == "Lotus spa"

"""Presets, plans and rooms built in code for tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig
from ambience.session.plan import SessionPlan
from ambience.session.preset import Preset

# One simulated device of each role, as a room of the studio usually has.
DEVICES = {
    Role.LIGHT: DeviceConfig(id="ceiling", name="Ceiling light", role=Role.LIGHT),
    Role.DIFFUSER: DeviceConfig(id="diffuser", name="Diffuser", role=Role.DIFFUSER),
    Role.THERMOSTAT: DeviceConfig(id="radiator", name="Radiator", role=Role.THERMOSTAT),
    Role.MUSIC: DeviceConfig(id="music", name="Music", role=Role.MUSIC),
}


def preset_data(**overrides: Any) -> dict[str, Any]:
    """A 60-minute three-phase preset like the bundled ones, as TOML-shaped data."""
    data: dict[str, Any] = {
        "schema": 1,
        "name": "Test massage",
        "minutes": 60,
        "lighting": {"level": 20, "kelvin": 2700, "fade_seconds": 60, "turnover_level": 70},
        "music": {
            "playlist": ["a.ogg", "b.ogg"],
            "volume": 30,
            "fade_in_seconds": 20,
            "fade_out_seconds": 120,
        },
        "climate": {"target_c": 24.0, "preheat_minutes": 30},
        "diffuser": {"enabled": True, "on_minutes": 10, "off_minutes": 10},
        "phases": [
            {"name": "Welcome", "minutes": 5, "lighting": {"level": 40}},
            {"name": "Treatment", "minutes": 50},
            {
                "name": "Wake-up",
                "minutes": 5,
                "lighting": {"level": 60, "fade_seconds": 240},
                "diffuser": {"enabled": False},
            },
        ],
    }
    data.update(overrides)
    return data


def make_preset(**overrides: Any) -> Preset:
    return Preset.model_validate(preset_data(**overrides))


def make_plan(**overrides: Any) -> SessionPlan:
    return SessionPlan.from_preset(make_preset(**overrides))


def room_config(
    room_id: str, name: str | None = None, *, roles: Sequence[Role] = tuple(DEVICES), auto_start: bool = False
) -> RoomConfig:
    """A room (``Lotus room`` for ``lotus`` unless named) with a simulated device of each of ``roles``."""
    return RoomConfig(
        id=room_id,
        name=name or f"{room_id.title()} room",
        auto_start=auto_start,
        devices=tuple(DEVICES[role] for role in roles),
    )

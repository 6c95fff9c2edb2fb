"""Presets and plans built in code for tests."""

from __future__ import annotations

from typing import Any

from ambience.session.plan import SessionPlan
from ambience.session.preset import Preset


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

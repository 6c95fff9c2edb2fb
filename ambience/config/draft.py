"""A preset being edited: its data as the file has it (TOML-shaped), whatever it holds, and what is
wrong with it, field by field.

Qt-free, so the editor's rules are tested without a screen. A draft may hold values the model
refuses (a file with ``level = 140``, an unknown key): they are kept, shown, and named as
problems, never dropped or changed behind the owner's back. ``problems()`` maps each field
(``lighting.level``, ``phases[1].minutes``) to a sentence; ``""`` holds the ones about no field.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ambience.config.library import migrate, resolve_playlists
from ambience.config.music import MusicScope
from ambience.config.validation import InvalidFile, location, problems
from ambience.session.preset import DEFAULT_VOLUME_CAP, SCHEMA_VERSION, Preset

Path_ = tuple[str | int, ...]
MISSING = object()


def new_preset_data(name: str = "New preset") -> dict[str, Any]:
    """A sensible start for a new preset: an hour, three phases, warm dim light, the bundled music."""
    return {
        "schema": SCHEMA_VERSION,
        "name": name,
        "description": "",
        "color": "#b07a4f",
        "minutes": 60,
        "lighting": {"level": 25, "kelvin": 2700, "fade_seconds": 60, "turnover_level": 70},
        "music": {
            "playlist": ["bundled:music"],
            "volume": 30,
            "shuffle": False,
            "loop": True,
            "fade_in_seconds": 30,
            "fade_out_seconds": 180,
        },
        "climate": {"target_c": 24.0, "preheat_minutes": 30},
        "diffuser": {"enabled": False, "blend": "", "on_minutes": 20, "off_minutes": 20},
        "phases": [
            {"name": "Welcome", "minutes": 5, "lighting": {"level": 40}},
            {"name": "Treatment", "minutes": 50},
            {"name": "Wake-up", "minutes": 5, "lighting": {"level": 60, "fade_seconds": 240}},
        ],
    }


def data_of(preset: Preset) -> dict[str, Any]:
    """A valid preset as file data (what ``preset_to_toml`` writes)."""
    data = preset.model_dump(mode="json", by_alias=True, exclude_none=True)
    for phase in data.get("phases", []):
        for part in ("lighting", "music", "climate", "diffuser"):
            if part in phase and not phase[part]:
                del phase[part]
    return data


def key_of(path: Path_) -> str:
    """``("phases", 1, "minutes")`` → ``phases[1].minutes`` (the way problems name fields)."""
    return location(path)


class Draft:
    """The data being edited, with get/set by path and the checks the library will make."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data: dict[str, Any] = copy.deepcopy(dict(data))

    def copy(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)

    def get(self, path: Path_, default: Any = None) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, list) or not 0 <= part < len(node):
                    return default
                node = node[part]
            else:
                if not isinstance(node, dict) or part not in node:
                    return default
                node = node[part]
        return node

    def set(self, path: Path_, value: Any) -> None:
        """Set the value at ``path`` (creating the tables on the way); ``MISSING`` removes it."""
        node: Any = self.data
        for part in path[:-1]:
            if isinstance(part, int):
                node = node[part]
            else:
                if not isinstance(node.get(part), dict | list):
                    node[part] = {}
                node = node[part]
        last = path[-1]
        if value is MISSING:
            if isinstance(node, dict):
                node.pop(last, None)
                self._prune(path[:-1])
        elif isinstance(last, int):
            node[last] = value
        else:
            node[last] = value

    def _prune(self, path: Path_) -> None:
        """An override table left empty (``phases[1].lighting = {}``) goes away, as in the file."""
        if len(path) >= 3 and path[0] == "phases":
            table = self.get(path)
            if isinstance(table, dict) and not table:
                parent = self.get(path[:-1])
                if isinstance(parent, dict):
                    parent.pop(path[-1], None)

    @property
    def name(self) -> str:
        name = self.data.get("name")
        return name if isinstance(name, str) else ""

    def phases(self) -> list[dict[str, Any]]:
        phases = self.data.get("phases")
        return [p for p in phases if isinstance(p, dict)] if isinstance(phases, list) else []

    def _phase_minutes(self) -> float | None:
        values = [p.get("minutes") for p in self.phases()]
        numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if not values or len(numbers) != len(values):
            return None
        return sum(numbers)

    # Checking.
    def validate(
        self, *, volume_cap: float = DEFAULT_VOLUME_CAP
    ) -> tuple[Preset | None, dict[str, list[str]]]:
        """The preset if the data is valid, and every problem by field."""
        found: dict[str, list[str]] = {}
        try:
            data = migrate(self.copy(), Path("preset.toml"))
            preset = Preset.model_validate(data, context={"volume_cap": volume_cap})
        except InvalidFile as invalid:
            for where, reason in invalid.error.problems:
                found.setdefault(where, []).append(reason)
            return None, found
        except ValidationError as exc:
            for where, reason in problems(exc):
                found.setdefault(where, []).append(reason)
            return None, found
        return preset, found

    def problems(
        self,
        *,
        volume_cap: float = DEFAULT_VOLUME_CAP,
        folder: MusicScope | Path | None = None,
        taken_names: Iterable[str] = (),
    ) -> dict[str, list[str]]:
        """Every problem by field: the model's, a playlist entry not found (or not allowed) from
        ``folder`` (where the preset lives, or its whole music scope), and a name another of the
        owner's presets has (``taken_names``)."""
        preset, found = self.validate(volume_cap=volume_cap)
        if preset is None and "phases" not in found:
            # The model checks the phases' sum only once every field is right; say it at once.
            total, minutes = self._phase_minutes(), self.data.get("minutes")
            if total is not None and isinstance(minutes, int | float) and total > minutes + 1e-9:
                found["phases"] = [f"add up to {total:g} minutes, more than the session's {minutes:g}"]
        name = self.name.strip().casefold()
        if name and name in {n.casefold() for n in taken_names}:
            found.setdefault("name", []).append(f"another of your presets is called '{self.name.strip()}'")
        if preset is not None and folder is not None:
            _tracks, missing = resolve_playlists(preset, folder)
            for where, reason in missing:
                found.setdefault(where, []).append(reason)
        return found


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def unknown_keys(found: Mapping[str, Sequence[str]]) -> list[tuple[str, str | None]]:
    """The fields a file has that the app does not know, each with the field it probably meant."""
    out: list[tuple[str, str | None]] = []
    for where, reasons in found.items():
        for reason in reasons:
            if reason.startswith("unknown field"):
                guess = (
                    reason.split('did you mean "', 1)[1].split('"', 1)[0]
                    if "did you mean" in reason
                    else None
                )
                out.append((where, guess))
    return out


def path_of(key: str) -> Path_:
    """``phases[1].minutes`` → ``("phases", 1, "minutes")``."""
    parts: list[str | int] = []
    for piece in key.split("."):
        name, _, rest = piece.partition("[")
        if name:
            parts.append(name)
        while rest:
            index, _, rest = rest.partition("]")
            parts.append(int(index))
            rest = rest.removeprefix("[")
    return tuple(parts)

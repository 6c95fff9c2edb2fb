"""Did you mean…? The nearest known field for a key a model does not know (``duration_min`` → ``minutes``)."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

# Words people write for a field, from other apps and from habit; checked before spelling.
SYNONYMS: dict[str, str] = {
    "duration": "minutes",
    "duration_min": "minutes",
    "duration_mins": "minutes",
    "duration_minutes": "minutes",
    "length": "minutes",
    "length_min": "minutes",
    "mins": "minutes",
    "min": "minutes",
    "color_temp": "kelvin",
    "color_temp_k": "kelvin",
    "colour_temp": "kelvin",
    "colour_temp_k": "kelvin",
    "color_temperature": "kelvin",
    "colour_temperature": "kelvin",
    "temperature_k": "kelvin",
    "kelvins": "kelvin",
    "k": "kelvin",
    "fade": "fade_seconds",
    "fade_s": "fade_seconds",
    "fade_sec": "fade_seconds",
    "fade_secs": "fade_seconds",
    "fade_time": "fade_seconds",
    "fade_in": "fade_in_seconds",
    "fade_in_s": "fade_in_seconds",
    "fade_out": "fade_out_seconds",
    "fade_out_s": "fade_out_seconds",
    "on": "on_minutes",
    "on_min": "on_minutes",
    "on_mins": "on_minutes",
    "on_time": "on_minutes",
    "off": "off_minutes",
    "off_min": "off_minutes",
    "off_mins": "off_minutes",
    "off_time": "off_minutes",
    "temp": "target_c",
    "temperature": "target_c",
    "target": "target_c",
    "target_temp": "target_c",
    "target_temperature": "target_c",
    "celsius": "target_c",
    "preheat": "preheat_minutes",
    "preheat_min": "preheat_minutes",
    "brightness": "level",
    "dim": "level",
    "dimmer": "level",
    "colour": "color",
    "tile_color": "color",
    "title": "name",
    "tracks": "playlist",
    "songs": "playlist",
    "files": "playlist",
    "music_folder": "playlist",
    "vol": "volume",
    "light": "lighting",
    "lights": "lighting",
    "sound": "music",
    "heating": "climate",
    "scent": "diffuser",
    "oil": "blend",
    "oils": "blend",
    "essential_oil": "blend",
    "phase": "phases",
    "version": "schema",
}


def nearest(key: str, known: Sequence[str]) -> str | None:
    """The known field ``key`` most likely meant, or None when nothing is close."""
    if not known:
        return None
    folded = key.strip().casefold().replace("-", "_").replace(" ", "_")
    if folded in known and folded != key:
        return folded
    synonym = SYNONYMS.get(folded)
    if synonym in known:
        return synonym
    close = difflib.get_close_matches(folded, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def known_fields(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The field names (as written in a file) of the model reached by following ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            if typing.get_origin(current) in (tuple, list) and args:
                current = args[0]
                continue
            return []
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = _field(current, str(part))
        if field is None:
            return []
        current = field
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _field(model: type[BaseModel], name: str) -> Any:
    for key, info in model.model_fields.items():
        if name in (key, info.alias):
            return info.annotation
    return None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation

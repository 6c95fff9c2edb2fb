"""Turns pydantic and TOML errors into one-line reasons that name the field."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ambience.config.suggest import known_fields, nearest


@dataclass(frozen=True)
class FileError:
    """Why one file could not be loaded: the file, and each field with its reason."""

    path: Path
    problems: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        parts = [f"{where}: {reason}" if where else reason for where, reason in self.problems]
        return f"{shorten(self.path.name, 120)}: " + "; ".join(parts)


class InvalidFile(ValueError):
    """A file that cannot be loaded or saved, with every reason."""

    def __init__(self, error: FileError) -> None:
        super().__init__(str(error))
        self.error = error

    @classmethod
    def one(cls, path: Path, where: str, reason: str) -> InvalidFile:
        return cls(FileError(Path(path), ((where, reason),)))

    @classmethod
    def from_validation(cls, path: Path, exc: ValidationError) -> InvalidFile:
        return cls(FileError(Path(path), tuple(problems(exc))))


def problems(exc: ValidationError) -> Iterable[tuple[str, str]]:
    """(field path, reason) for every error, worded for the person who wrote the file."""
    model = _model_named(exc.title)
    for err in exc.errors(include_url=False):
        where = location(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            reason = "unknown field"
            loc = err["loc"]
            known = known_fields(model, loc[:-1]) if model is not None and loc else []
            guess = nearest(str(loc[-1]), known) if loc else None
            if guess is not None:
                reason += f'; did you mean "{guess}"?'
            elif known:
                reason += f" (known here: {', '.join(known)})"
        elif kind == "missing":
            reason = "required field is missing"
        elif kind in ("less_than_equal", "greater_than_equal"):
            ctx = err.get("ctx") or {}
            bound = ctx.get("le", ctx.get("ge"))
            reason = f"must be {'at most' if 'le' in ctx else 'at least'} {bound}, got {err['input']!r}"
        elif kind == "string_too_short":
            minimum = (err.get("ctx") or {}).get("min_length", 1)
            reason = "must not be empty" if minimum == 1 else f"must have at least {minimum} characters"
        elif kind == "string_too_long":
            maximum = (err.get("ctx") or {}).get("max_length")
            reason = f"must have at most {maximum} characters, this one has {len(str(err['input']))}"
        elif kind == "value_error":
            reason = shorten(err["msg"].removeprefix("Value error, "), 300)
            # A model-level check says which field it is about as "field: reason".
            field, sep, rest = reason.partition(": ")
            if sep and not where and re.fullmatch(r"[\w.\[\]]+", field):
                where, reason = field, rest
        else:
            reason = shorten(err["msg"].replace("Input should be", "must be"), 200)
            if not isinstance(err["input"], dict | list):
                reason += f", got {show(err['input'])}"
        yield where, with_why(where, reason)


# Why a bound exists, said after a refused value (by the field's own name).
WHY: dict[str, str] = {
    "on_minutes": "a diffuser rests between spells so the scent stays gentle: at most 30 minutes at a "
    "stretch",
    "off_minutes": "a rest of 1 to 240 minutes between spells",
    "target_c": "18–30 °C keeps a client lying still on the table comfortable and safe",
    "turnover_level": "the room is never left dark when a session ends",
    "volume": "the studio's volume cap (Owner → Studio settings) keeps music soft for clients and neighbours",
    "volume_cap": "a percentage of the player's full volume",
    "kelvin": "white lights make 1500 K (candle) to 6500 K (daylight)",
    "minutes": "a session lasts 5 minutes to 8 hours; a phase at least 1 minute",
    "preheat_minutes": "heating starts at most 3 hours before a booking",
    "fade_seconds": "a fade lasts at most an hour",
    "fade_in_seconds": "a fade lasts at most an hour",
    "fade_out_seconds": "a fade lasts at most an hour",
}


def with_why(where: str, reason: str) -> str:
    """``reason`` followed by why the bound exists, for a value refused for its range."""
    field = where.rsplit(".", 1)[-1].split("[")[0]
    why = WHY.get(field)
    if why is None or not reason.startswith(("must be between", "must not exceed", "must be at")):
        return reason
    return f"{reason} ({why})"


def _model_named(title: str) -> type[BaseModel] | None:
    """The app's model a validation error is about, to name the fields it knows."""
    # Imported here: the models' modules use this one.
    from ambience.config.rooms import StudioConfig
    from ambience.session.preset import Preset

    models: dict[str, type[BaseModel]] = {"Preset": Preset, "StudioConfig": StudioConfig}
    return models.get(title)


def location(loc: tuple[Any, ...]) -> str:
    """('phases', 0, 'minutes') → 'phases[0].minutes'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + shorten(str(part), 40)
    return text


def shorten(text: str, limit: int = 80) -> str:
    """``text`` on one line, printable, and at most ``limit`` characters (a message never holds a
    whole hostile value)."""
    clean = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: limit + 1])
    return clean if len(clean) <= limit and len(text) <= limit else clean[: limit - 1] + "…"


def show(value: object, limit: int = 40) -> str:
    """A value as a message quotes it: short, and never failing (a huge number is described)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "a number too large"
    try:
        text = repr(value) if isinstance(value, str) else str(value)
    except Exception:  # a value that cannot say itself is still named by its type
        text = type(value).__name__
    return shorten(text, limit)


# What the TOML reader says, in the words of someone who wrote the file by hand.
PLAIN_TOML = (
    ("Invalid value", "the value after '=' is missing or not understood; text needs \"quotes\""),
    ("Illegal character '\\n'", "a text in quotes is not closed before the end of the line"),
    ("Illegal character", "a character that has no place there"),
    ("Expected ']' at the end of a table", "a [section] name is not closed with ']'"),
    ("Expected '=' after a key", "a name must be followed by '=' and a value; names have no spaces"),
    ("Expected newline or end of document", "only one 'name = value' per line"),
    ("Cannot overwrite a value", "this name is given a value twice"),
    ("Cannot declare", "this [section] appears twice"),
    ("Invalid statement", "each line must be 'name = value' or a [section]"),
    ("Unclosed array", "a list in [...] is not closed"),
    ("Unclosed inline table", "a { ... } is not closed"),
)


def toml_reason(exc: tomllib.TOMLDecodeError) -> str:
    """``line 3, column 9: TOML syntax error: Invalid value — the value after '=' is missing …``.

    tomllib says "... (at line 3, column 9)"; the line leads, which is what people look for.
    """
    match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    message = shorten(re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)), 120)
    plain = next((words for start, words in PLAIN_TOML if message.startswith(start)), "")
    if match:
        said = f"{message} — {plain}" if plain else message
        return f"line {match.group(1)}, column {match.group(2)}: TOML syntax error: {said}"
    if "(at end of document)" in message:
        message = message.replace(" (at end of document)", "")
        said = f"{message} — {plain}" if plain else message
        return "TOML syntax error at the end of the file: " + said
    return f"TOML syntax error: {message}"

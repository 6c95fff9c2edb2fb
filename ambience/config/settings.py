"""Studio settings, declared once on the rooms config's model and shown by the settings screen.

A setting is a field of ``StudioConfig`` (``config/rooms.py``) made with :func:`setting`: its
type, default, title, description and bounds are written there, once. The owner's studio
settings screen lists every declared setting with an editor that fits its type (text, number
with bounds, on/off, a choice, a folder, a list of folders) and checks each value with the
model itself, so no screen code is needed for a new one::

    music_dirs: tuple[str, ...] = setting(
        (), title="Music folders", description="Where the owner's music lives.", kind="folders"
    )
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel, Field, ValidationError

from ambience.config.validation import problems

Kind = Literal["text", "number", "integer", "toggle", "choice", "folder", "folders"]
SETTING_KEY = "setting"


def setting(
    default: Any,
    *,
    title: str,
    description: str,
    unit: str = "",
    step: float | None = None,
    kind: Kind | None = None,
    choices: Mapping[str, str] | None = None,
    ge: float | None = None,
    le: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    empty: str = "",
) -> Any:
    """A model field that is also a studio setting (see the module's docstring).

    ``unit`` follows a number (``%``, ``min``); ``step`` is a stepper's step; ``kind`` overrides
    the editor guessed from the type (``folder`` for a path in a ``str``); ``choices`` labels a
    choice's values; ``empty`` says what an unset (None) value means ("the app's data folder").
    """
    extra: dict[str, Any] = {"unit": unit, "step": step, "kind": kind, "empty": empty}
    if choices is not None:
        extra["choices"] = dict(choices)
    return Field(
        default,
        title=title,
        description=description,
        ge=ge,
        le=le,
        min_length=min_length,
        max_length=max_length,
        json_schema_extra={SETTING_KEY: extra},
    )


@dataclass(frozen=True)
class SettingSpec:
    """One declared setting, as the settings screen needs it."""

    key: str
    title: str
    description: str
    kind: Kind
    default: Any
    optional: bool = False  # None is allowed ("use the default place")
    minimum: float | None = None
    maximum: float | None = None
    step: float = 1.0
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    empty: str = ""

    def bounds_text(self) -> str:
        """``0–100 %``, or "" when the setting has no range."""
        if self.minimum is None or self.maximum is None:
            return ""
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.minimum:g}–{self.maximum:g}{unit}"


def declared_settings(model: type[BaseModel]) -> list[SettingSpec]:
    """Every field of ``model`` declared with :func:`setting`, in the model's order."""
    specs: list[SettingSpec] = []
    for key, info in model.model_fields.items():
        extra = info.json_schema_extra
        found = extra.get(SETTING_KEY) if isinstance(extra, dict) else None
        if not isinstance(found, dict):
            continue
        meta: dict[str, Any] = dict(found)
        annotation, optional = _unwrap_optional(info.annotation)
        minimum = maximum = None
        min_length = max_length = None
        for item in info.metadata:
            if isinstance(item, annotated_types.Ge | annotated_types.Gt):
                minimum = float(getattr(item, "ge", getattr(item, "gt", 0)))
            elif isinstance(item, annotated_types.Le | annotated_types.Lt):
                maximum = float(getattr(item, "le", getattr(item, "lt", 0)))
            elif isinstance(item, annotated_types.MinLen):
                min_length = item.min_length
            elif isinstance(item, annotated_types.MaxLen):
                max_length = item.max_length
        kind: Kind = meta.get("kind") or _kind_of(annotation)
        choices = tuple(meta.get("choices", {}).items()) or _choices_of(annotation)
        specs.append(
            SettingSpec(
                key=key,
                title=info.title or key.replace("_", " ").capitalize(),
                description=info.description or "",
                kind=kind,
                default=info.default,
                optional=optional,
                minimum=minimum,
                maximum=maximum,
                step=float(meta.get("step") or 1.0),
                unit=meta.get("unit", ""),
                choices=choices,
                min_length=min_length,
                max_length=max_length,
                empty=meta.get("empty", ""),
            )
        )
    return specs


def settings_problems(model: type[BaseModel], base: BaseModel, values: Mapping[str, Any]) -> dict[str, str]:
    """Each setting's problem (by key) if ``base`` took ``values``, in words for the owner."""
    try:
        _apply(model, base, values)
    except ValidationError as exc:
        found: dict[str, str] = {}
        for where, reason in problems(exc):
            key = where.split(".")[0].split("[")[0]
            found.setdefault(key if key in values else "", reason if key in values else f"{where}: {reason}")
        return found
    return {}


def with_settings(model: type[BaseModel], base: BaseModel, values: Mapping[str, Any]) -> Any:
    """``base`` with ``values`` for its settings, validated (raises ValidationError)."""
    return _apply(model, base, values)


def _apply(model: type[BaseModel], base: BaseModel, values: Mapping[str, Any]) -> BaseModel:
    data = base.model_dump(by_alias=True)
    data.update(values)
    return model.model_validate(data)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _strip_annotated(args[0]), True
    return _strip_annotated(annotation), False


def _strip_annotated(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation


def _kind_of(annotation: Any) -> Kind:
    if annotation is bool:
        return "toggle"
    if annotation is int:
        return "integer"
    if annotation is float:
        return "number"
    if typing.get_origin(annotation) is Literal or _is_enum(annotation):
        return "choice"
    if typing.get_origin(annotation) is tuple:
        return "folders"
    return "text"


def _choices_of(annotation: Any) -> tuple[tuple[str, str], ...]:
    if typing.get_origin(annotation) is Literal:
        return tuple((str(v), str(v)) for v in typing.get_args(annotation))
    if _is_enum(annotation):
        return tuple((str(m.value), str(m.value).replace("_", " ").capitalize()) for m in annotation)
    return ()


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, enum.Enum)

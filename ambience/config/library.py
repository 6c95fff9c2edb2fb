"""The preset library: loads a folder of preset files, reports bad ones, finds and saves presets."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from ambience.config.paths import bundled_presets_dir
from ambience.config.storage import atomic_write_text
from ambience.config.validation import FileError, InvalidFile, problems, toml_reason
from ambience.session.plan import SessionPlan
from ambience.session.preset import DEFAULT_VOLUME_CAP, SCHEMA_VERSION, Preset

AUDIO_SUFFIXES = frozenset({".ogg", ".mp3", ".wav", ".flac"})


# A bad preset file is reported like any other bad file.
PresetError = FileError
PresetInvalid = InvalidFile


@dataclass(frozen=True)
class LoadedPreset:
    preset: Preset
    path: Path
    tracks: tuple[Path, ...]

    @property
    def name(self) -> str:
        return self.preset.name


@dataclass
class PresetLibrary:
    """Every preset that loaded from a folder, and one error per file that did not."""

    root: Path
    presets: list[LoadedPreset] = field(default_factory=list)
    errors: list[PresetError] = field(default_factory=list)

    def names(self) -> list[str]:
        return [p.name for p in self.presets]

    def find(self, query: str) -> LoadedPreset:
        """The preset whose name (or file name) matches: exactly, then by prefix, then by word.

        Matching ignores case. Raises LookupError naming the candidates when it is ambiguous.
        """
        q = query.strip().casefold()
        keys = [(p, {p.name.casefold(), p.path.stem.casefold()}) for p in self.presets]
        for test in (
            lambda k: q == k,
            lambda k: k.startswith(q),
            lambda k: q in re.split(r"[\s\-_]+", k) or q in k,
        ):
            hits = [p for p, names in keys if any(test(k) for k in names)]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                names = ", ".join(sorted(h.name for h in hits))
                raise LookupError(f"'{query}' matches several presets: {names}")
        known = ", ".join(sorted(self.names())) or "none"
        raise LookupError(f"no preset matches '{query}' (known: {known})")


def load_library(root: Path, *, volume_cap: float = DEFAULT_VOLUME_CAP) -> PresetLibrary:
    """Load every ``*.toml`` in ``root``. Never fails as a whole: bad files become errors."""
    library = PresetLibrary(root=Path(root))
    for path in sorted(Path(root).glob("*.toml")):
        try:
            library.presets.append(load_preset(path, root=root, volume_cap=volume_cap))
        except PresetInvalid as invalid:
            library.errors.append(invalid.error)
    return library


def load_preset(
    path: Path, *, root: Path | None = None, volume_cap: float = DEFAULT_VOLUME_CAP
) -> LoadedPreset:
    """Read, migrate and validate one preset file; raise PresetInvalid with every reason."""
    path = Path(path)
    root = Path(root) if root is not None else path.parent
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PresetInvalid(PresetError(path, (("", f"cannot read: {exc.strerror}"),))) from exc
    except UnicodeDecodeError as exc:
        raise PresetInvalid(PresetError(path, (("", "not a UTF-8 text file"),))) from exc
    except tomllib.TOMLDecodeError as exc:
        raise PresetInvalid(PresetError(path, (("", toml_reason(exc)),))) from exc
    preset = parse_preset(data, path=path, volume_cap=volume_cap)
    tracks, missing = resolve_playlists(preset, root)
    if missing:
        raise PresetInvalid(PresetError(path, tuple(missing)))
    return LoadedPreset(preset=preset, path=path, tracks=tracks)


def parse_preset(data: Mapping[str, Any], *, path: Path, volume_cap: float = DEFAULT_VOLUME_CAP) -> Preset:
    """Validate a preset's data (already read from TOML) into a Preset."""
    data = migrate(dict(data), path)
    try:
        return Preset.model_validate(data, context={"volume_cap": volume_cap})
    except ValidationError as exc:
        raise PresetInvalid(PresetError(path, tuple(problems(exc)))) from exc


# Each entry upgrades a preset's data from that schema version to the next one.
MIGRATIONS: dict[int, Any] = {}


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Bring older preset data up to the current schema, one version at a time."""
    version = data.get("schema")
    if version is None:
        raise PresetInvalid(PresetError(path, (("schema", f"missing (write schema = {SCHEMA_VERSION})"),)))
    if not isinstance(version, int) or isinstance(version, bool) or version > SCHEMA_VERSION or version < 1:
        raise PresetInvalid(
            PresetError(
                path,
                (("schema", f"unsupported version {version!r}, this app reads {SCHEMA_VERSION}"),),
            )
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["schema"] = version
    return data


def resolve_playlists(preset: Preset, root: Path) -> tuple[tuple[Path, ...], list[tuple[str, str]]]:
    """Every audio file the preset's playlists name, and a problem for each entry not found."""
    entries: list[tuple[str, str]] = [
        (f"music.playlist[{i}]", e) for i, e in enumerate(preset.music.playlist)
    ]
    for pi, phase in enumerate(preset.phases):
        for i, entry in enumerate(phase.music.playlist or ()):
            entries.append((f"phases[{pi}].music.playlist[{i}]", entry))
    tracks: list[Path] = []
    missing: list[tuple[str, str]] = []
    for where, entry in entries:
        found = expand_entry(Path(root), entry)
        if found is None:
            missing.append((where, f"file or folder not found: {entry}"))
        elif not found:
            missing.append((where, f"no audio files (.ogg, .mp3, .wav, .flac) in folder: {entry}"))
        tracks.extend(t for t in found or () if t not in tracks)
    return tuple(tracks), missing


def expand_entry(root: Path, entry: str) -> list[Path] | None:
    """The audio files a playlist entry names (a file, or a folder's files in name order)."""
    path = (root / entry).resolve()
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES)
    if path.is_file():
        return [path]
    return None


def preset_to_toml(preset: Preset) -> str:
    """The TOML text of a preset, as the library stores it."""
    data = preset.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["phases"] = [
        {k: v for k, v in phase.items() if v not in ({}, None)} for phase in data.get("phases", [])
    ]
    for phase in data["phases"]:
        for part in ("lighting", "music", "climate", "diffuser"):
            if part in phase and not phase[part]:
                del phase[part]
    if not data["phases"]:
        del data["phases"]
    ordered = {"schema": data.pop("schema")} | data
    return tomli_w.dumps(ordered)


def save_preset(preset: Preset, path: Path, *, volume_cap: float = DEFAULT_VOLUME_CAP) -> None:
    """Save atomically, keeping the previous version as a ``.bak``; validates first."""
    text = preset_to_toml(preset)
    parse_preset(tomllib.loads(text), path=Path(path), volume_cap=volume_cap)
    atomic_write_text(Path(path), text)


def load_libraries(roots: list[Path], *, volume_cap: float = DEFAULT_VOLUME_CAP) -> PresetLibrary:
    """Several folders as one library; a later folder's preset replaces an earlier one of the same name."""
    merged = PresetLibrary(root=Path(roots[0]) if roots else bundled_presets_dir())
    by_name: dict[str, LoadedPreset] = {}
    for root in roots:
        if not Path(root).is_dir():
            continue
        library = load_library(Path(root), volume_cap=volume_cap)
        by_name.update({p.name.casefold(): p for p in library.presets})
        merged.errors.extend(library.errors)
    merged.presets = sorted(by_name.values(), key=lambda p: p.name.casefold())
    return merged


def plan_for(preset: Preset, root: Path | None, *, volume_cap: float = DEFAULT_VOLUME_CAP) -> SessionPlan:
    """The session plan of ``preset``, its playlists resolved against the library folder ``root``.

    An entry that is not found stays as written (the player reports it as missing when it plays).
    """

    def tracks(entries: tuple[str, ...]) -> list[str]:
        files: list[str] = []
        for entry in entries:
            found = expand_entry(root, entry) if root is not None else None
            files.extend(str(p) for p in (found if found is not None else [Path(entry)]))
        return files

    return SessionPlan.from_preset(preset, root, volume_cap=volume_cap, tracks=tracks)


def plan_of(loaded: LoadedPreset, *, volume_cap: float = DEFAULT_VOLUME_CAP) -> SessionPlan:
    """The session plan of a preset from the library."""
    return plan_for(loaded.preset, loaded.path.parent, volume_cap=volume_cap)

"""The preset library: loads a folder of preset files, reports bad ones, finds and saves presets."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from ambience.config.music import AUDIO_SUFFIXES, EntryRefused, MusicScope
from ambience.config.paths import bundled_presets_dir
from ambience.config.reading import PRESET_LIMITS, parse_toml, read_toml
from ambience.config.storage import atomic_write_text
from ambience.config.validation import FileError, InvalidFile, problems, shorten, show
from ambience.session.plan import SessionPlan
from ambience.session.preset import DEFAULT_VOLUME_CAP, SCHEMA_VERSION, Preset

log = logging.getLogger(__name__)

__all__ = ["AUDIO_SUFFIXES", "LoadedPreset", "MusicScope", "PresetLibrary"]


# A bad preset file is reported like any other bad file.
PresetError = FileError
PresetInvalid = InvalidFile


@dataclass(frozen=True)
class LoadedPreset:
    preset: Preset
    path: Path
    tracks: tuple[Path, ...]
    # Where its playlists were found (its folder, the bundled music, the studio's music folders).
    scope: MusicScope | None = None

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


def scope_for(root: Path | None, music_dirs: Sequence[Path] = ()) -> MusicScope:
    """Where the playlists of presets in ``root`` may lead (see ambience.config.music)."""
    return MusicScope(
        Path(root) if root is not None else None,
        bundled_presets_dir(),
        tuple(Path(d).expanduser() for d in music_dirs),
    )


def load_library(
    root: Path, *, volume_cap: float = DEFAULT_VOLUME_CAP, music_dirs: Sequence[Path] = ()
) -> PresetLibrary:
    """Load every ``*.toml`` in ``root``. Never fails as a whole: bad files become errors."""
    library = PresetLibrary(root=Path(root))
    try:
        paths = sorted(Path(root).glob("*.toml"))
    except (OSError, ValueError) as exc:
        library.errors.append(PresetError(Path(root), (("", f"cannot list the folder: {exc}"),)))
        return library
    scope = scope_for(root, music_dirs)
    for path in paths:
        try:
            library.presets.append(load_preset(path, scope=scope, volume_cap=volume_cap))
        except PresetInvalid as invalid:
            library.errors.append(invalid.error)
    return library


def load_preset(
    path: Path,
    *,
    root: Path | None = None,
    volume_cap: float = DEFAULT_VOLUME_CAP,
    scope: MusicScope | None = None,
) -> LoadedPreset:
    """Read, migrate and validate one preset file; raise PresetInvalid with every reason.

    Total: whatever the file holds, this returns a preset or raises PresetInvalid naming the
    file, the field and the reason (an unexpected failure is logged and reported as such).
    """
    path = Path(path)
    if scope is None:
        scope = scope_for(Path(root) if root is not None else path.parent)
    try:
        data = read_toml(path, PRESET_LIMITS)
        preset = parse_preset(data, path=path, volume_cap=volume_cap)
        tracks, missing = resolve_playlists(preset, scope)
    except PresetInvalid:
        raise
    except Exception as exc:  # the last net: a bad file is a message, never a crash
        log.exception("%s: unexpected error while reading", path)
        raise PresetInvalid.one(
            path, "", f"could not be read ({shorten(str(exc) or type(exc).__name__)})"
        ) from exc
    if missing:
        raise PresetInvalid(PresetError(path, tuple(missing)))
    return LoadedPreset(preset=preset, path=path, tracks=tracks, scope=scope)


def parse_preset(data: Mapping[str, Any], *, path: Path, volume_cap: float = DEFAULT_VOLUME_CAP) -> Preset:
    """Validate a preset's data (already read from TOML) into a Preset."""
    if not isinstance(data, Mapping):
        raise PresetInvalid.one(path, "", "not a preset (a TOML table is expected)")
    data = migrate(dict(data), path)
    try:
        return Preset.model_validate(data, context={"volume_cap": volume_cap})
    except ValidationError as exc:
        raise PresetInvalid(PresetError(path, tuple(problems(exc)))) from exc
    except RecursionError as exc:
        raise PresetInvalid.one(path, "", "nested too deeply") from exc


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
                (("schema", f"unsupported version {show(version)}, this app reads {SCHEMA_VERSION}"),),
            )
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["schema"] = version
    return data


def resolve_playlists(
    preset: Preset, scope: MusicScope | Path
) -> tuple[tuple[Path, ...], list[tuple[str, str]]]:
    """Every audio file the preset's playlists name, and a problem for each entry that is refused
    or not found (``scope``: where entries may lead; a folder: that folder and the bundled music)."""
    if not isinstance(scope, MusicScope):
        scope = scope_for(scope)
    entries: list[tuple[str, str]] = [
        (f"music.playlist[{i}]", e) for i, e in enumerate(preset.music.playlist)
    ]
    for pi, phase in enumerate(preset.phases):
        for i, entry in enumerate(phase.music.playlist or ()):
            entries.append((f"phases[{pi}].music.playlist[{i}]", entry))
    tracks: list[Path] = []
    missing: list[tuple[str, str]] = []
    for where, entry in entries:
        try:
            found = scope.resolve(entry)
        except EntryRefused as refused:
            missing.append((where, str(refused)))
            continue
        except FileNotFoundError:
            missing.append((where, f"file or folder not found: {shorten(entry)}"))
            continue
        if not found:
            missing.append(
                (where, f"no audio files ({', '.join(sorted(AUDIO_SUFFIXES))}) in folder: {entry}")
            )
        tracks.extend(t for t in found if t not in tracks)
    return tuple(tracks), missing


def expand_entry(root: Path, entry: str) -> list[Path] | None:
    """The audio files a playlist entry names under ``root`` (or the bundled music); None if refused
    or not found."""
    try:
        return scope_for(root).resolve(entry)
    except (EntryRefused, FileNotFoundError):
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
    parse_toml(Path(path), text, PRESET_LIMITS)  # what is saved must load again: size, shape
    parse_preset(tomllib.loads(text), path=Path(path), volume_cap=volume_cap)
    if len(text.encode("utf-8")) > PRESET_LIMITS.max_bytes:
        raise PresetInvalid.one(
            path, "", f"too large to save (at most {PRESET_LIMITS.max_bytes // 1024} KiB)"
        )
    atomic_write_text(Path(path), text)


def load_libraries(
    roots: list[Path], *, volume_cap: float = DEFAULT_VOLUME_CAP, music_dirs: Sequence[Path] = ()
) -> PresetLibrary:
    """Several folders as one library; a later folder's preset replaces an earlier one of the same name."""
    merged = PresetLibrary(root=Path(roots[0]) if roots else bundled_presets_dir())
    by_name: dict[str, LoadedPreset] = {}
    for root in roots:
        try:
            if not Path(root).is_dir():
                continue
        except (OSError, ValueError):
            continue
        library = load_library(Path(root), volume_cap=volume_cap, music_dirs=music_dirs)
        by_name.update({p.name.casefold(): p for p in library.presets})
        merged.errors.extend(library.errors)
    merged.presets = sorted(by_name.values(), key=lambda p: p.name.casefold())
    return merged


def plan_for(
    preset: Preset,
    root: Path | None,
    *,
    volume_cap: float = DEFAULT_VOLUME_CAP,
    scope: MusicScope | None = None,
) -> SessionPlan:
    """The session plan of ``preset``, its playlists resolved against the library folder ``root``
    (or ``scope``: also the studio's music folders).

    An entry that is not found stays as written (the player reports it as missing when it plays);
    an entry that leads outside the music folders is left out.
    """
    scope = scope.with_library(root) if scope is not None else scope_for(root)

    def tracks(entries: tuple[str, ...]) -> list[str]:
        files: list[str] = []
        for entry in entries:
            try:
                files.extend(str(p) for p in scope.resolve(entry))
            except FileNotFoundError:
                files.append(str(scope.expected(entry)))
            except EntryRefused as refused:
                log.warning("%s: playlist entry left out: %s", preset.name, refused)
        return files

    return SessionPlan.from_preset(preset, root, volume_cap=volume_cap, tracks=tracks)


def plan_of(loaded: LoadedPreset, *, volume_cap: float = DEFAULT_VOLUME_CAP) -> SessionPlan:
    """The session plan of a preset from the library."""
    return plan_for(loaded.preset, loaded.path.parent, volume_cap=volume_cap, scope=loaded.scope)

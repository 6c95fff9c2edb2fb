"""The owner's preset files, changed without ever losing one: save, rename, duplicate, import, export.

* A save is atomic and keeps the previous version as ``NAME.toml.bak`` (``config/storage.py``);
  it is checked first, so nothing invalid is written, and a failed write leaves the old file.
* A file changed on disk since it was opened is not overwritten: :class:`SaveConflict` lets the
  editor ask (reload, keep mine, save as a copy).
* A preset whose name changes moves to a file named after it; the old file becomes the new one's
  backup, so the previous version is still there.
* Bundled presets are never written: saving one makes the owner's copy, which then takes its
  place. Its music stays the bundled music (``bundled:`` entries), so the copy plays it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ambience.config.library import (
    PresetError,
    PresetInvalid,
    parse_preset,
    preset_to_toml,
    resolve_playlists,
    save_preset,
    scope_for,
)
from ambience.config.music import BUNDLED_PREFIX
from ambience.config.paths import bundled_presets_dir
from ambience.config.reading import PRESET_LIMITS, read_toml
from ambience.config.trash import free_path
from ambience.session.preset import DEFAULT_VOLUME_CAP, Preset

MAX_FILE_STEM = 60


@dataclass(frozen=True)
class DiskStamp:
    """What a file was when it was read: enough to tell that someone changed it since."""

    size: int
    mtime_ns: int
    digest: str


def stamp_of(path: Path) -> DiskStamp | None:
    """The file's stamp, or None when it is not there (or cannot be read)."""
    try:
        data = Path(path).read_bytes()
        info = Path(path).stat()
    except OSError:
        return None
    return DiskStamp(info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())


def changed_on_disk(path: Path, expected: DiskStamp | None) -> bool:
    """Whether ``path`` is no longer what was read (also: deleted, or created since)."""
    now = stamp_of(path)
    if now is None or expected is None:
        return now != expected
    return now.digest != expected.digest


class SaveConflict(Exception):
    """The file was changed (or removed) on disk after it was opened; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path.name} was changed on disk since it was opened")
        self.path = path


def file_stem(name: str) -> str:
    """A file name for a preset name: ``Hot stones & oil`` → ``hot-stones-oil``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-")[:MAX_FILE_STEM].strip("-")
    return stem or "preset"


@dataclass(frozen=True)
class Saved:
    path: Path
    stamp: DiskStamp | None
    renamed_from: Path | None = None


def save_owner_preset(
    preset: Preset,
    folder: Path,
    *,
    path: Path | None = None,
    expected: DiskStamp | None = None,
    volume_cap: float = DEFAULT_VOLUME_CAP,
    force: bool = False,
) -> Saved:
    """Write ``preset`` into the owner's ``folder`` (see the module's docstring).

    ``path`` is the file it was opened from (None: a new preset, or a bundled one being copied);
    ``expected`` what that file was when opened. Raises SaveConflict (unless ``force``),
    PresetInvalid, or OSError (the old file is then untouched).
    """
    folder = Path(folder)
    own = path is not None and _inside(path, folder)
    if own and path is not None and not force and changed_on_disk(path, expected):
        raise SaveConflict(path)
    preset = keep_bundled_music(preset, folder)
    if own and path is not None and file_stem(preset.name) == _base_stem(path.stem):
        save_preset(preset, path, volume_cap=volume_cap)
        return Saved(path, stamp_of(path))
    target = free_path(folder / f"{file_stem(preset.name)}.toml")
    save_preset(preset, target, volume_cap=volume_cap)
    if own and path is not None and path.exists():
        # A new name: the new file's backup is the old file, so the last version is kept.
        os.replace(path, target.with_name(target.name + ".bak"))
        return Saved(target, stamp_of(target), renamed_from=path)
    return Saved(target, stamp_of(target))


def keep_bundled_music(preset: Preset, folder: Path) -> Preset:
    """``preset`` with every playlist entry that only the bundled library has turned into a
    ``bundled:`` entry, so a copy in ``folder`` plays the same music."""
    bundled = bundled_presets_dir()

    def fix(entries: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for entry in entries:
            relative = not entry.startswith(BUNDLED_PREFIX) and not Path(entry).is_absolute()
            if relative and not (folder / entry).exists() and (bundled / entry).exists():
                entry = BUNDLED_PREFIX + entry
            out.append(entry)
        return tuple(out)

    music = preset.music.model_copy(update={"playlist": fix(preset.music.playlist)})
    phases = tuple(
        p.model_copy(update={"music": p.music.model_copy(update={"playlist": fix(p.music.playlist)})})
        if p.music.playlist is not None
        else p
        for p in preset.phases
    )
    return preset.model_copy(update={"music": music, "phases": phases})


def copy_name(name: str, taken: Iterable[str]) -> str:
    """``Swedish massage (copy)``, ``… (copy 2)``: a name no preset has."""
    used = {n.casefold() for n in taken}
    base = re.sub(r"\s*\(copy(?: \d+)?\)$", "", name)
    for n in range(1, 1000):
        candidate = f"{base} (copy)" if n == 1 else f"{base} (copy {n})"
        if len(candidate) > 60:
            candidate = f"{base[: 60 - len(candidate) + len(base) - 1]}… (copy{'' if n == 1 else f' {n}'})"
        if candidate.casefold() not in used:
            return candidate
    return base


def duplicate(
    preset: Preset, folder: Path, taken: Iterable[str], *, volume_cap: float = DEFAULT_VOLUME_CAP
) -> Saved:
    """A copy of ``preset`` under a new name in the owner's ``folder``."""
    copy = preset.model_copy(update={"name": copy_name(preset.name, taken)})
    return save_owner_preset(copy, folder, volume_cap=volume_cap)


@dataclass
class ImportReport:
    """What an import did: the files written, and every problem of the files refused."""

    imported: list[Path] = field(default_factory=list)
    replaced_bundled: list[str] = field(default_factory=list)
    problems: list[PresetError] = field(default_factory=list)


def import_presets(
    paths: Sequence[Path],
    folder: Path,
    *,
    owner_names: Iterable[str] = (),
    bundled_names: Iterable[str] = (),
    volume_cap: float = DEFAULT_VOLUME_CAP,
    music_dirs: Sequence[Path] = (),
) -> ImportReport:
    """Check each file (or each ``*.toml`` of a folder) first, then copy in only the valid ones.

    A file is checked as it will be in ``folder``: its playlists must be found from there (or in
    the bundled music). A preset whose name one of the owner's presets has already is refused.
    """
    report = ImportReport()
    taken = {n.casefold() for n in owner_names}
    bundled = {n.casefold() for n in bundled_names}
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.toml") if p.is_file()))
        else:
            files.append(path)
    for path in files:
        try:
            preset = _checked(path, folder, volume_cap, music_dirs)
        except PresetInvalid as invalid:
            report.problems.append(invalid.error)
            continue
        if preset.name.casefold() in taken:
            report.problems.append(
                PresetError(path, (("name", f"you have a preset called '{preset.name}' already"),))
            )
            continue
        target = free_path(Path(folder) / f"{file_stem(preset.name)}.toml")
        save_preset(preset, target, volume_cap=volume_cap)
        taken.add(preset.name.casefold())
        report.imported.append(target)
        if preset.name.casefold() in bundled:
            report.replaced_bundled.append(preset.name)
    return report


def _checked(path: Path, folder: Path, volume_cap: float, music_dirs: Sequence[Path] = ()) -> Preset:
    """The preset in ``path`` as it would be in ``folder``; raises PresetInvalid with every reason."""
    data = read_toml(Path(path), PRESET_LIMITS)  # the same limits and words as the library's
    preset = keep_bundled_music(parse_preset(data, path=path, volume_cap=volume_cap), Path(folder))
    _tracks, missing = resolve_playlists(preset, scope_for(Path(folder), music_dirs))
    if missing:
        raise PresetInvalid(
            PresetError(
                path, tuple((w, f"{r} (looked for in {folder} and the bundled music)") for w, r in missing)
            )
        )
    return preset


def export_presets(paths: Sequence[Path], folder: Path) -> list[Path]:
    """Copy the preset files ``paths`` into ``folder`` (a file there already is never overwritten)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for path in paths:
        target = free_path(folder / Path(path).name)
        shutil.copyfile(path, target)
        written.append(target)
    return written


def preset_text(preset: Preset) -> str:
    return preset_to_toml(preset)


def _base_stem(stem: str) -> str:
    """``hot-stones-2`` → ``hot-stones`` (a free name taken beside a file of the same name)."""
    return re.sub(r"-\d+$", "", stem)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return Path(path).resolve().parent == Path(folder).resolve()
    except OSError:
        return False

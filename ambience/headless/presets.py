"""``ambience presets list`` and ``presets check``: the library as the panel sees it, in the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ambience.config.catalog import SOURCE_WORDS, LibraryEntry, Source, StudioLibrary, read_entry, read_folder
from ambience.session.preset import DEFAULT_VOLUME_CAP


def library_lines(library: StudioLibrary) -> list[str]:
    """Where the presets come from, then one line per preset in the tiles' order."""
    lines = [f"bundled presets: {library.bundled_dir}"]
    if library.owner_dir is not None:
        state = "" if library.owner_dir.is_dir() else " (no such folder yet: saving a preset creates it)"
        lines.append(f"your presets:    {library.owner_dir}{state}")
    if library.order_problem:
        lines.append(f"tile order: not used, {library.order_problem}")
    lines.append("")
    lines.extend(entry_line(e) for e in library.entries)
    return lines


def entry_line(entry: LibraryEntry) -> str:
    """``Swedish massage   60 min  bundled  /…/swedish-massage.toml  Welcome → Treatment → Wake-up``."""
    source = SOURCE_WORDS[entry.source]
    if entry.loaded is None:
        return f"{entry.name:<28} BROKEN  {source:<7}  {entry.path}: {'; '.join(entry.reasons())}"
    preset = entry.loaded.preset
    phases = " → ".join(p.name for p in preset.resolved_phases())
    length = "hidden" if entry.hidden else f"{preset.minutes:g} min"
    return f"{preset.name:<28} {length:>6}  {source:<7}  {entry.path}  {phases}"


def check_lines(
    paths: Sequence[Path], *, volume_cap: float = DEFAULT_VOLUME_CAP, music_dirs: Sequence[Path] = ()
) -> tuple[list[str], bool]:
    """One line per broken file (its full path, each field and reason), then a summary; ok or not."""
    entries: list[LibraryEntry] = []
    lines: list[str] = []
    for path in paths:
        if path.is_dir():
            entries.extend(read_folder(path, Source.OWNER, volume_cap=volume_cap, music_dirs=music_dirs))
        elif path.is_file():
            entries.append(read_entry(path, Source.OWNER, volume_cap=volume_cap, music_dirs=music_dirs))
        else:
            lines.append(f"{path.absolute()}: no such file or folder")
    return _report(entries, lines, ", ".join(str(p.absolute()) for p in paths))


def check_library(library: StudioLibrary) -> tuple[list[str], bool]:
    """``presets check`` with no paths: the studio's own library (bundled and yours)."""
    folders = ", ".join(str(f) for f in (library.bundled_dir, library.owner_dir) if f is not None)
    return _report(library.entries, [], folders)


def _report(entries: Iterable[LibraryEntry], missing: list[str], where: str) -> tuple[list[str], bool]:
    entries = list(entries)
    broken = [e for e in entries if e.broken]
    lines = [f"{entry.path.absolute()}: {'; '.join(entry.reasons())}" for entry in broken] + missing
    if not lines:
        lines.append(f"{len(entries)} preset{'s' if len(entries) != 1 else ''} in {where}: all valid")
    return lines, not broken and not missing

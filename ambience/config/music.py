"""Where a preset's playlist may lead: its own folder, the bundled music, and the owner's music folders.

A playlist entry is a file or a folder of music. It is found

- ``bundled:NAME`` — in the bundled library (``bundled:music`` is the music that ships with the
  app), so a bundled preset copied to the owner's folder still plays it;
- ``NAME`` (relative) — in the preset's own folder; if it is not there, in the bundled library;
- ``/ABSOLUTE/NAME`` — only inside one of the music folders the owner names in the rooms config
  (``music_dirs``).

Whatever the entry, the file it finally leads to (symbolic links followed) must lie inside one of
those folders, ``..`` is refused, and only the audio types the player plays count as tracks.
Anything else is refused with the entry named: a preset shared from elsewhere cannot make the
player open any other file on the computer.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Final

AUDIO_SUFFIXES: Final = frozenset({".ogg", ".mp3", ".wav", ".flac"})
BUNDLED_PREFIX: Final = "bundled:"
# A folder entry takes at most this many tracks (the rest are left out, in name order).
MAX_FOLDER_TRACKS: Final = 1000


class EntryRefused(ValueError):
    """A playlist entry that leads nowhere the player may go, or to nothing it can play."""


@dataclass(frozen=True)
class MusicScope:
    """The folders a preset's playlist may reach: its own, the bundled library, the owner's music."""

    library: Path | None
    bundled: Path
    music_dirs: tuple[Path, ...] = ()

    def with_library(self, library: Path | None) -> MusicScope:
        return MusicScope(library, self.bundled, self.music_dirs)

    def roots(self) -> list[Path]:
        """Every allowed folder, resolved (a folder that does not exist allows nothing)."""
        found: list[Path] = []
        for folder in (self.library, self.bundled, *self.music_dirs):
            real = _real(folder) if folder is not None else None
            if real is not None and real not in found:
                found.append(real)
        return found

    def resolve(self, entry: str) -> list[Path]:
        """The audio files ``entry`` names, in play order.

        Raises EntryRefused with a plain reason, and FileNotFoundError when nothing is there.
        """
        if not entry or "\x00" in entry:
            raise EntryRefused("not a file or folder name")
        roots = self.roots()
        for candidate in self._candidates(entry):
            real = _real(candidate)
            if real is None:
                continue
            if not _inside(real, roots):
                raise EntryRefused(f"leads outside the music folders: {entry}")
            if real.is_dir():
                return _folder_tracks(real, roots, entry)
            if not real.is_file():
                raise EntryRefused(f"not a file or folder: {entry}")
            if real.suffix.lower() not in AUDIO_SUFFIXES:
                raise EntryRefused(f"not a type of audio the player plays ({_types()}): {entry}")
            return [real]
        raise FileNotFoundError(entry)

    def expected(self, entry: str) -> Path:
        """Where ``entry`` would be if it existed (what the player names when it is missing)."""
        try:
            return self._candidates(entry)[0]
        except EntryRefused:
            return self.bundled / "missing"

    def _candidates(self, entry: str) -> list[Path]:
        bundled = entry.startswith(BUNDLED_PREFIX)
        name = entry.removeprefix(BUNDLED_PREFIX) if bundled else entry
        pure = PurePath(name)
        if ".." in pure.parts:
            raise EntryRefused(f"'..' is not allowed in a playlist entry: {entry}")
        if name.startswith("~"):
            raise EntryRefused(f"write the music folder's whole path instead of '~': {entry}")
        if pure.is_absolute() or pure.anchor:
            if bundled:
                raise EntryRefused(f"a bundled: entry names a file inside the bundled library: {entry}")
            path = Path(name)
            if not any(_inside_lexically(path, folder) for folder in self.music_dirs):
                raise EntryRefused(
                    f"an absolute path must lie in one of the studio's music folders (music_dirs): {entry}"
                )
            return [path]
        if bundled:
            return [self.bundled / name]
        own = [self.library / name] if self.library is not None else []
        return [*own, self.bundled / name]


def _types() -> str:
    return ", ".join(sorted(AUDIO_SUFFIXES))


def _real(path: Path) -> Path | None:
    """``path`` with every symbolic link followed; None when it does not exist or cannot be reached."""
    try:
        real = Path(os.path.realpath(path, strict=True))
        real.stat()
    except (OSError, ValueError, RuntimeError):
        return None
    return real


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def _inside_lexically(path: Path, folder: Path) -> bool:
    try:
        return Path(os.path.abspath(path)).is_relative_to(os.path.abspath(folder))
    except (OSError, ValueError):
        return False


def _folder_tracks(folder: Path, roots: Sequence[Path], entry: str) -> list[Path]:
    """The folder's audio files in name order; a link in it that leads outside is refused."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise EntryRefused(f"cannot read the folder {entry}: {(exc.strerror or str(exc)).lower()}") from exc
    tracks: list[Path] = []
    for name in names:
        if Path(name).suffix.lower() not in AUDIO_SUFFIXES:
            continue
        real = _real(folder / name)
        if real is None or not real.is_file():
            continue
        if not _inside(real, roots):
            raise EntryRefused(f"{entry}/{name} leads outside the music folders")
        tracks.append(real)
        if len(tracks) >= MAX_FOLDER_TRACKS:
            break
    return tracks

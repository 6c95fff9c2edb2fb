"""What the preset editor shows for a playlist entry: how many files, how long, and what is wrong.

Reads the disk and the files' tags (through the audio backend's tag reader), so the editor runs
it in a worker thread. An entry is resolved the way the library resolves it, so what is found
here is what a session will play.
"""

from __future__ import annotations

from dataclasses import dataclass

from ambience.config.music import EntryRefused, MusicScope
from ambience.devices.audio.tags import read_track_info, unreadable_reason


@dataclass(frozen=True)
class EntryInfo:
    """A playlist entry: its files' count and total length, or why it cannot be played."""

    entry: str
    files: int = 0
    length_s: float | None = None
    problem: str | None = None  # "not found", "no audio files in the folder", "2 files cannot be read"

    def words(self) -> str:
        """``3 tracks · 24:10``, ``1 track · 4:05``, or the problem."""
        if self.problem:
            return self.problem
        count = f"{self.files} track{'s' if self.files != 1 else ''}"
        if self.length_s is None:
            return count
        minutes, seconds = divmod(round(self.length_s), 60)
        hours, minutes = divmod(minutes, 60)
        length = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
        return f"{count} · {length}"


def entry_info(scope: MusicScope, entry: str) -> EntryInfo:
    """Look at one entry as a preset whose playlists may reach ``scope`` would play it."""
    try:
        files = scope.resolve(entry)
    except FileNotFoundError:
        return EntryInfo(entry, problem="not found")
    except EntryRefused as refused:
        return EntryInfo(entry, problem=str(refused))
    if not files:
        return EntryInfo(entry, problem="no audio files in this folder")
    total = 0.0
    known = True
    unreadable = 0
    for path in files:
        if unreadable_reason(str(path)) is not None:
            unreadable += 1
            continue
        length = read_track_info(str(path)).length_s
        if length is None:
            known = False
        else:
            total += length
    if unreadable == len(files):
        return EntryInfo(entry, len(files), problem="cannot be read")
    problem = f"{unreadable} of {len(files)} files cannot be read" if unreadable else None
    return EntryInfo(entry, len(files) - unreadable, total if known else None, problem)

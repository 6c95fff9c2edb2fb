"""What an audio file says about itself: title, artist and length from its tags (mutagen).

Reading tags touches the disk, so callers run ``read_track_info`` in a worker thread.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import mutagen


@dataclass(frozen=True)
class TrackInfo:
    """Title and artist for "now playing" (the file name when untagged), and the length if known."""

    title: str
    artist: str = ""
    length_s: float | None = None
    size_bytes: int = 0


def fallback_title(path: str) -> str:
    """A readable title from a file name: "soft-rain_02.ogg" -> "soft rain 02"."""
    return Path(path).stem.replace("-", " ").replace("_", " ").strip() or Path(path).name


def unreadable_reason(path: str) -> str | None:
    """Why a file cannot be played at all (missing, a folder, no permission), or None."""
    try:
        if not os.path.exists(path):
            return "file not found"
        if os.path.isdir(path):
            return "a folder, not an audio file"
        with open(path, "rb") as handle:
            if not handle.read(16):
                return "empty file"
    except OSError as exc:
        return f"cannot read ({exc.strerror or exc})"
    return None


def read_track_info(path: str) -> TrackInfo:
    """Title, artist and length from the file's tags; a file mutagen cannot read keeps its name."""
    try:
        size = os.path.getsize(path)
    except OSError:
        size = 0
    try:
        tagged = mutagen.File(path, easy=True)
    except Exception:  # unknown or damaged tags: the decoder will decide whether it plays
        tagged = None
    if tagged is None:
        return TrackInfo(fallback_title(path), size_bytes=size)
    tags = tagged.tags or {}

    def first(key: str) -> str:
        try:
            values = tags.get(key) or []
        except Exception:  # some tag formats raise on unknown keys
            values = []
        return str(values[0]).strip() if values else ""

    length = getattr(getattr(tagged, "info", None), "length", None)
    return TrackInfo(
        title=first("title") or fallback_title(path),
        artist=first("artist"),
        length_s=float(length) if length else None,
        size_bytes=size,
    )

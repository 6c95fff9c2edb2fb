"""What an audio file says about itself: title, artist and length from its tags (mutagen).

Reading tags touches the disk, so callers run ``read_track_info`` in a worker thread.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen

# The formats a file's extension points to, tried before all the others: asked to guess,
# mutagen loads the modules of its twenty-odd formats (about 2.5 MiB) to score each file. A file
# none of these reads is guessed as before.
_OGG = ("oggvorbis.OggVorbis", "oggopus.OggOpus", "oggspeex.OggSpeex")  # Ogg FLAC: guessed
LIKELY_FORMATS: dict[str, tuple[str, ...]] = {
    ".ogg": _OGG,
    ".oga": _OGG,
    ".opus": _OGG,
    ".flac": ("flac.FLAC",),
}


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
        tagged = _read_tags(path)
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


def _read_tags(path: str) -> Any:
    """mutagen's reading of the file: the formats its extension points to first, then any."""
    likely = _likely_formats(path)
    found = mutagen.File(path, easy=True, options=likely) if likely else None
    return found if found is not None else mutagen.File(path, easy=True)


def _likely_formats(path: str) -> list[Any]:
    names = LIKELY_FORMATS.get(os.path.splitext(path)[1].casefold(), ())
    kinds = []
    for name in names:
        module, kind = name.split(".")
        kinds.append(getattr(importlib.import_module(f"mutagen.{module}"), kind))
    return kinds

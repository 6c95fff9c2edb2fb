"""The owner's trash: a deleted preset file is moved to ``Trash/`` in the presets folder, and back.

Nothing is ever unlinked: a trashed file keeps its text, with the time it was deleted in its
name (``swedish-massage.20261201-144817.toml``), so the same preset deleted twice keeps both.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ambience.config.reading import PRESET_LIMITS, read_toml
from ambience.config.validation import InvalidFile

TRASH_FOLDER: Final = "Trash"
_STAMP = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.toml$")


@dataclass(frozen=True)
class TrashedPreset:
    """A preset file in the trash: where it is, the file it was, its preset name, when deleted."""

    path: Path
    original: str  # the file name it had
    name: str  # the preset's name, as far as the file says
    deleted_at: float


def trash_dir(folder: Path) -> Path:
    return Path(folder) / TRASH_FOLDER


def move_to_trash(path: Path, *, now: float | None = None) -> Path:
    """Move the preset file ``path`` (and its backup) into the trash; returns where it went."""
    path = Path(path)
    trash = trash_dir(path.parent)
    trash.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    target = trash / f"{path.stem}.{stamp}.toml"
    n = 1
    while target.exists():
        n += 1
        target = trash / f"{path.stem}.{stamp}-{n}.toml"
    os.replace(path, target)
    backup = path.with_name(path.name + ".bak")
    if backup.exists():
        os.replace(backup, target.with_name(target.name + ".bak"))
    return target


def trashed(folder: Path) -> list[TrashedPreset]:
    """What the trash of ``folder`` holds, the most recently deleted first."""
    found: list[TrashedPreset] = []
    trash = trash_dir(folder)
    try:
        paths = list(trash.glob("*.toml"))
    except OSError:
        return []
    for path in paths:
        match = _STAMP.match(path.name)
        if match is None:
            continue
        try:
            deleted = time.mktime(time.strptime(match["stamp"], "%Y%m%d-%H%M%S"))
        except ValueError:
            continue
        found.append(TrashedPreset(path, f"{match['stem']}.toml", _name_in(path) or match["stem"], deleted))
    return sorted(found, key=lambda t: (t.deleted_at, t.path.name), reverse=True)


def restore(item: TrashedPreset, folder: Path) -> Path:
    """Put a trashed preset back under its old file name (or a free one beside it); returns it."""
    target = free_path(Path(folder) / item.original)
    os.replace(item.path, target)
    backup = item.path.with_name(item.path.name + ".bak")
    if backup.exists() and not target.with_name(target.name + ".bak").exists():
        os.replace(backup, target.with_name(target.name + ".bak"))
    return target


def free_path(path: Path) -> Path:
    """``path``, or ``stem-2.toml``, ``stem-3.toml``… whichever does not exist yet."""
    candidate, n = Path(path), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _name_in(path: Path) -> str | None:
    try:
        data = read_toml(path, PRESET_LIMITS)
    except InvalidFile:
        return None
    name = data.get("name")
    return name if isinstance(name, str) and name.strip() else None

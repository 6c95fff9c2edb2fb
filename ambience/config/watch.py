"""Notices changes to the preset folders by looking at them now and then (polling).

Polling works everywhere, also on a shared network folder where change notifications never
arrive: each look lists the folder and the size and time of each preset file (a few ``stat``
calls), and says whether anything was added, removed or rewritten since the last look.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

Fingerprint = tuple[tuple[str, tuple[tuple[str, int, int], ...] | None], ...]


def fingerprint(folders: Sequence[Path]) -> Fingerprint:
    """What the folders hold, as far as the library cares: each ``*.toml`` with its size and time."""
    found: list[tuple[str, tuple[tuple[str, int, int], ...] | None]] = []
    for folder in folders:
        try:
            with os.scandir(folder) as listing:
                files = []
                for item in listing:
                    if item.name.endswith(".toml") and item.is_file():
                        info = item.stat()
                        files.append((item.name, info.st_size, info.st_mtime_ns))
        except OSError:
            found.append((str(folder), None))  # missing or unreachable: a change when it comes back
            continue
        found.append((str(folder), tuple(sorted(files))))
    return tuple(found)


class FolderWatch:
    """``changed()`` is True once after each change to the folders."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = [Path(f) for f in folders]
        self.last = fingerprint(self.folders)

    def changed(self) -> bool:
        now = fingerprint(self.folders)
        if now == self.last:
            return False
        self.last = now
        return True

    def settle(self) -> None:
        """Take the folders as they are now (after the app wrote to them itself)."""
        self.last = fingerprint(self.folders)

"""Notices changes to the preset folders: a cheap look at them (polling), and which folders can be
left to the system's change notices instead.

Polling works everywhere, also on a shared network folder where change notifications never
arrive: each look lists the folder and the size and time of each preset file (a few ``stat``
calls), and says whether anything was added, removed or rewritten since the last look. A folder
on a local disk sends notices (the panel listens with a file-system watcher), so there a look is
needed only when a notice comes, and now and then as a safety net.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

Fingerprint = tuple[tuple[str, tuple[tuple[str, int, int], ...] | None], ...]

# File systems whose changes may be made by another computer: the system sends no notice of
# those, so such a folder is looked at every few seconds. FUSE mounts (sshfs, a desktop's network
# shares) are counted with them: whether their notices arrive depends on the mount.
NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb3",
        "smbfs",
        "ncpfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gfs2",
        "ocfs2",
        "davfs",
        "coda",
        "beegfs",
        "gpfs",
    }
)
MOUNTINFO = Path("/proc/self/mountinfo")


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


def _unescape(field: str) -> str:
    """A path as ``mountinfo`` writes it: space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mounts(mountinfo: str) -> list[tuple[str, str]]:
    """``(mount point, file system type)`` for each line of a ``/proc/self/mountinfo`` text."""
    found = []
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields, after = left.split(), right.split()
        if sep and len(fields) >= 5 and after:
            found.append((_unescape(fields[4]), after[0]))
    return found


def file_system_of(folder: Path, mountinfo: str) -> str | None:
    """The type of the file system ``folder`` is on (its deepest mount), or None if none is known."""
    path = str(folder)
    best: tuple[int, str] | None = None
    for point, kind in mounts(mountinfo):
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), kind)
    return best[1] if best is not None else None


def sends_notices(folder: Path, mountinfo: str | None = None) -> bool:
    """Whether changes to ``folder`` (or, while it does not exist, to where it will be) reach this
    computer's change notices: a folder on a local file system. False where that is not known (no
    ``/proc``: another system), so such a folder is looked at every few seconds."""
    if mountinfo is None:
        try:
            mountinfo = MOUNTINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    kind = file_system_of(Path(os.path.realpath(folder)), mountinfo)
    if kind is None:
        return False
    return kind not in NETWORK_FILE_SYSTEMS and not kind.startswith("fuse")


def watched_paths(folders: Sequence[Path]) -> list[str]:
    """What to ask for notices on: each folder and each preset file in it (a file written in place
    changes no folder); for a folder not made yet, the nearest folder above it that exists."""
    paths: list[str] = []
    for folder in folders:
        if folder.is_dir():
            paths.append(str(folder))
            try:
                with os.scandir(folder) as listing:
                    paths += [item.path for item in listing if item.name.endswith(".toml") and item.is_file()]
            except OSError:
                pass
            continue
        parent = folder.parent
        while parent != parent.parent and not parent.is_dir():
            parent = parent.parent
        if parent.is_dir():
            paths.append(str(parent))
    return sorted(set(paths))


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

    def all_send_notices(self) -> bool:
        """Whether every folder is on a local file system (notices can replace the frequent look)."""
        return all(sends_notices(folder) for folder in self.folders)

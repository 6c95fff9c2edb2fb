"""Atomic file saves: a crash or a failed write never leaves a half-written or lost file.

A save writes a temporary file beside the target (``.NAME.PID.TOKEN.tmp``), flushes it to disk
and renames it over the target, so the target is always either the old or the new version. The
new file keeps the old one's permissions. A process killed during a save leaves its temporary
file behind; ``clean_stale_temps`` (run when the app starts) removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import shutil
import stat
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

# Temporary files of this module carry the saving process's id; older versions' did not.
_TEMP = re.compile(r"^\..+\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")
_OLD_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
# A temporary file without a process id is only taken for stale after this long.
OLD_TEMP_AGE_S = 3600.0


def atomic_write_text(path: Path, text: str, *, backup: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file, fsync and rename.

    With ``backup``, the previous version is kept beside it as ``NAME.bak``. If anything fails,
    the file at ``path`` is left exactly as it was, and no temporary file stays behind. A file
    that replaces another keeps its permissions; a new one gets the usual ones (umask).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        old: os.stat_result | None = path.stat()
    except FileNotFoundError:
        old = None
    tmp = _temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            if old is not None:
                _keep_owner_and_mode(handle.fileno(), old)
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if backup and old is not None:
            _backup(path)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temp_name(path: Path, label: str = "") -> Path:
    return path.with_name(f".{path.name}{label}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _keep_owner_and_mode(fd: int, old: os.stat_result) -> None:
    if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only the owner or root may give a file away
            os.fchown(fd, old.st_uid, old.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(old.st_mode))


def _backup(path: Path) -> None:
    """``NAME.bak`` becomes the current version, atomically (a hard link where the disk allows it)."""
    bak = path.with_name(path.name + ".bak")
    tmp = _temp_name(path, ".bak")
    try:
        try:
            os.link(path, tmp)
        except OSError:
            shutil.copy2(path, tmp)
        os.replace(tmp, bak)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not every platform can open a directory.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def clean_stale_temps(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporary files that interrupted saves left in ``folder``; returns them.

    A temporary file is stale when the process that wrote it is gone (or, for one without a
    process id, when it is more than an hour old). Saves in progress are never touched.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time() if now is None else now
    for entry in entries:
        if not entry.name.endswith(".tmp") or not entry.name.startswith("."):
            continue
        match = _TEMP.match(entry.name)
        try:
            if match is not None:
                if process_alive(int(match["pid"])):
                    continue
            elif _OLD_TEMP.match(entry.name) is None or now - entry.stat().st_mtime < OLD_TEMP_AGE_S:
                continue
            if not entry.is_file(follow_symlinks=False):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    if removed:
        log.info("removed %d temporary file(s) left by interrupted saves in %s", len(removed), folder)
    return removed


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (this one counts as alive: its saves may be in progress)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32" or pid <= 0:
        return True  # cannot tell safely: leave it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True

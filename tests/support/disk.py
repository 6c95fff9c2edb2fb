"""Disks that refuse writes, for tests that must pass as any user (root ignores read-only modes)."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@contextlib.contextmanager
def read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Iterator[None]:
    """``folder`` refuses new files, as a read-only folder or share does: mode bits, and a refusal
    of temporary files there for users (root) whom the mode bits do not stop."""
    real = tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        where = kwargs.get("dir")
        if where is not None and Path(str(where)).resolve() == Path(folder).resolve():
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
        return real(*args, **kwargs)  # type: ignore[call-overload]

    real_open = os.open

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(os.fsdecode(path)).resolve().parent == Path(folder).resolve():
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    mode = Path(folder).stat().st_mode
    Path(folder).chmod(0o555)
    with monkeypatch.context() as patch:
        patch.setattr(tempfile, "mkstemp", mkstemp)
        patch.setattr(os, "open", open_)
        try:
            yield
        finally:
            Path(folder).chmod(mode)


@contextlib.contextmanager
def disk_full(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every fsync fails with "No space left on device", as on a full disk."""

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", fsync)
        yield

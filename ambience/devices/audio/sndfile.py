"""Audio files decoded to 16-bit samples by libsndfile, called through ctypes: no numpy needed.

soundfile's wheels bundle libsndfile (with its Ogg Vorbis, FLAC, Opus and MP3 decoders), but
soundfile itself imports numpy as it loads, about 20 MiB resident for a panel that only needs a
few seconds of samples at a time. The player reads through the same library with four of its
documented C functions instead: open, read 16-bit frames, the error, close. Reading is what
``soundfile.SoundFile.buffer_read(dtype="int16")`` does, so the samples are the same.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import sys
import threading
from pathlib import Path

SFM_READ = 0x10


class SndfileError(Exception):
    """libsndfile could not open or decode a file; the message is libsndfile's own."""


class _Info(ctypes.Structure):
    """libsndfile's SF_INFO (sf_count_t is 64 bits on every platform)."""

    _fields_ = (
        ("frames", ctypes.c_int64),
        ("samplerate", ctypes.c_int),
        ("channels", ctypes.c_int),
        ("format", ctypes.c_int),
        ("sections", ctypes.c_int),
        ("seekable", ctypes.c_int),
    )


def _candidates() -> list[str]:
    """Where libsndfile may be: soundfile's bundled copy first (as soundfile looks), then the system's."""
    found: list[str] = []
    spec = importlib.util.find_spec("_soundfile_data")  # finds the folder without importing soundfile
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            found += sorted(str(p) for p in Path(folder).glob("libsndfile*") if p.is_file())
    system = ctypes.util.find_library("sndfile")
    if system:
        found.append(system)
    found.append({"win32": "libsndfile.dll", "darwin": "libsndfile.dylib"}.get(sys.platform, "libsndfile.so"))
    return found


_library: ctypes.CDLL | None = None
_library_lock = threading.Lock()
# libsndfile reports a failed open in a global error (sf_strerror(NULL)): one open at a time.
_open_lock = threading.Lock()


def library() -> ctypes.CDLL:
    """libsndfile, loaded on first use; raises SndfileError when there is none."""
    global _library
    with _library_lock:
        if _library is None:
            _library = _load()
        return _library


def _load() -> ctypes.CDLL:
    reasons: list[str] = []
    for candidate in _candidates():
        try:
            lib = ctypes.CDLL(candidate)
        except OSError as exc:
            reasons.append(str(exc))
            continue
        handle, info = ctypes.c_void_p, ctypes.POINTER(_Info)
        if sys.platform == "win32":
            lib.sf_wchar_open.argtypes = (ctypes.c_wchar_p, ctypes.c_int, info)
            lib.sf_wchar_open.restype = handle
        lib.sf_open.argtypes = (ctypes.c_char_p, ctypes.c_int, info)
        lib.sf_open.restype = handle
        lib.sf_readf_short.argtypes = (handle, ctypes.c_void_p, ctypes.c_int64)
        lib.sf_readf_short.restype = ctypes.c_int64
        lib.sf_error.argtypes = (handle,)
        lib.sf_error.restype = ctypes.c_int
        lib.sf_strerror.argtypes = (handle,)
        lib.sf_strerror.restype = ctypes.c_char_p
        lib.sf_close.argtypes = (handle,)
        lib.sf_close.restype = ctypes.c_int
        return lib
    raise SndfileError(f"libsndfile not found ({'; '.join(reasons[-1:]) or 'nowhere to look'})")


def _message(lib: ctypes.CDLL, handle: int | None) -> str:
    text = lib.sf_strerror(handle)
    return text.decode("utf-8", "replace").strip() if text else "unknown error"


class AudioFile:
    """An audio file open for reading 16-bit frames (one reader at a time; close it when done)."""

    def __init__(self, path: str) -> None:
        lib = library()
        self._lib = lib
        info = _Info()
        with _open_lock:
            if sys.platform == "win32":
                handle = lib.sf_wchar_open(str(path), SFM_READ, ctypes.byref(info))
            else:
                handle = lib.sf_open(
                    str(path).encode(sys.getfilesystemencoding()), SFM_READ, ctypes.byref(info)
                )
            if not handle:
                raise SndfileError(f"Error opening {path!r}: {_message(lib, None)}")
        self._handle: int | None = handle
        self.frames = int(info.frames)
        self.samplerate = int(info.samplerate)
        self.channels = int(info.channels)

    def read_int16(self, frames: int) -> memoryview:
        """Up to ``frames`` frames of interleaved 16-bit samples (fewer at the end; empty after it)."""
        if self._handle is None:
            raise SndfileError("the file is closed")
        data = bytearray(max(0, frames) * self.channels * 2)
        target = (ctypes.c_char * len(data)).from_buffer(data)
        try:
            got = self._lib.sf_readf_short(self._handle, target, frames)
        finally:
            del target  # releases the bytearray's buffer
        if self._lib.sf_error(self._handle):
            raise SndfileError(_message(self._lib, self._handle))
        return memoryview(data)[: max(0, got) * self.channels * 2]

    def close(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            self._lib.sf_close(handle)

    def __enter__(self) -> AudioFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""Small audio files made on the fly for tests."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path


def write_tone(path: Path, *, seconds: float = 1.0, hz: float = 220.0, rate: int = 22050) -> Path:
    """A quiet sine tone as 16-bit mono WAV."""
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(4000 * math.sin(2 * math.pi * hz * i / rate))) for i in range(frames)
            )
        )
    return path

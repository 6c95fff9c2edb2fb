"""The Kasa legacy wire format: JSON XOR-"autokey" encrypted, framed by a 4-byte length over TCP."""

from __future__ import annotations

import json
import struct
from typing import Any

INITIAL_KEY = 171
_LENGTH = struct.Struct(">I")


def encrypt(plain: bytes) -> bytes:
    """Each byte is XORed with the previous *encrypted* byte (the first with 171)."""
    key = INITIAL_KEY
    out = bytearray(len(plain))
    for i, byte in enumerate(plain):
        key ^= byte
        out[i] = key
    return bytes(out)


def decrypt(cipher: bytes) -> bytes:
    key = INITIAL_KEY
    out = bytearray(len(cipher))
    for i, byte in enumerate(cipher):
        out[i] = key ^ byte
        key = byte
    return bytes(out)


def encode_json(message: dict[str, Any]) -> bytes:
    return encrypt(json.dumps(message, separators=(",", ":")).encode())


def decode_json(payload: bytes) -> dict[str, Any]:
    return json.loads(decrypt(payload).decode())


def frame(payload: bytes) -> bytes:
    """A TCP message: the payload's length, big-endian, then the payload."""
    return _LENGTH.pack(len(payload)) + payload


def frame_length(header: bytes) -> int:
    return _LENGTH.unpack(header)[0]

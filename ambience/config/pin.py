"""The owner's PIN: 4–8 digits, kept only as a salted scrypt hash, never as the digits themselves."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PIN_MIN = 4
PIN_MAX = 8
# scrypt's cost: about 16 MB and a few tens of milliseconds per try, so a copied hash does not
# give up a short PIN to a quick search, while the panel still answers at once.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
KEY_BYTES = 32
SALT_BYTES = 16
SCHEME = "scrypt"
MAX_MEMORY = 256 * 1024 * 1024


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be an owner PIN, or None when it can."""
    if not pin.isdigit() or not pin.isascii():
        return "a PIN is made of digits only"
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        return f"a PIN has {PIN_MIN} to {PIN_MAX} digits"
    return None


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$SALT$KEY`` (base64 parts) for a valid ``pin``; raises ValueError otherwise."""
    problem = pin_problem(pin)
    if problem is not None:
        raise ValueError(problem)
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    key = _derive(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join((SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)))


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN ``stored`` was made from (a malformed ``stored`` matches nothing)."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME or pin_problem(pin) is not None:
        return False
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt, key = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
        # Bounds keep a hand-edited file from asking for gigabytes of memory.
        if not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16 and salt and key):
            return False
        return hmac.compare_digest(_derive(pin, salt, n, r, p, len(key)), key)
    except ValueError:
        return False


def is_pin_hash(stored: str) -> bool:
    """Whether ``stored`` has the shape of a hash this module wrote (not a PIN typed by hand)."""
    parts = stored.split("$")
    return len(parts) == 6 and parts[0] == SCHEME and all(parts[1:])


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, length: int = KEY_BYTES) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=length
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")

"""Owner mode without Qt: the PIN's hash on disk, the growing wait after wrong tries, the idle lock.

The hash lives in ``owner.toml`` beside the rooms config (``rooms.toml``), so a studio with a
config of its own (``--config``) has its own PIN. Wrong tries are counted in the same file, so
closing and reopening the app does not reset the wait. Deleting the file (or its ``pin`` line)
is how a forgotten PIN is reset: it takes access to the computer's files, not the touch screen.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Final, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ambience.config.pin import hash_pin, is_pin_hash, pin_problem, verify_pin
from ambience.config.reading import read_model_if_there
from ambience.config.storage import atomic_write_text
from ambience.config.validation import InvalidFile

OWNER_FILE: Final = "owner.toml"
SCHEMA_VERSION: Final = 1
# Wrong tries in a row → seconds before the next try: two slips are free, then it slows down.
WAITS_S: Final = (0.0, 0.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0)
DEFAULT_IDLE_MINUTES: Final = 3.0


class OwnerRecord(BaseModel):
    """What ``owner.toml`` holds: the PIN's hash (never the PIN) and the wrong tries so far."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal[1] = Field(SCHEMA_VERSION, alias="schema")
    pin: str | None = None
    failed_tries: Annotated[int, Field(ge=0)] = 0
    last_failure: float | None = None

    @field_validator("pin")
    @classmethod
    def _a_hash(cls, value: str | None) -> str | None:
        if value is not None and not is_pin_hash(value):
            raise ValueError("must be a PIN hash written by the app (delete the line to set a new PIN)")
        return value


def owner_path(config_path: Path) -> Path:
    """Where the owner's file lives for the rooms config at ``config_path``."""
    return Path(config_path).with_name(OWNER_FILE)


def load_owner(path: Path) -> OwnerRecord:
    """The owner's record; an absent file is a studio with no PIN yet. Raises InvalidFile."""
    return read_model_if_there(Path(path), OwnerRecord)


def save_owner(record: OwnerRecord, path: Path) -> None:
    """Write the record atomically, readable by this user only (no backup: a hash is enough)."""
    data = record.model_dump(mode="json", by_alias=True, exclude_none=True)
    text = (
        "# The owner's PIN, as a salted scrypt hash (never the PIN itself).\n"
        "# Forgot the PIN? Delete this file: the next owner screen asks for a new one.\n"
    ) + tomli_w.dumps(data)
    atomic_write_text(Path(path), text, backup=False)
    # Some file systems (a network share) do not keep modes; the hash is safe to read anyway.
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


def wait_after(failed_tries: int) -> float:
    """Seconds to wait before the next try after ``failed_tries`` wrong ones in a row."""
    if failed_tries <= 0:
        return 0.0
    return WAITS_S[min(failed_tries, len(WAITS_S)) - 1]


@dataclass(frozen=True)
class Attempt:
    """What came of one try: in or not, and how long the next try must wait."""

    ok: bool
    wait_s: float = 0.0
    failed_tries: int = 0
    reason: str = ""


class OwnerLock:
    """Owner mode's state: locked or not, since when untouched, and the PIN checks.

    Time comes from ``now`` (seconds), so tests move it instead of waiting.
    """

    def __init__(
        self,
        path: Path,
        *,
        now: Callable[[], float] = time.time,
        idle_s: float = DEFAULT_IDLE_MINUTES * 60.0,
    ) -> None:
        self.path = Path(path)
        self.now = now
        self.idle_s = idle_s
        self.unlocked = False
        self._last_touch = 0.0

    # The file.
    def record(self) -> OwnerRecord:
        """Read afresh each time: a PIN reset on disk counts at once, without a restart."""
        return load_owner(self.path)

    def problem(self) -> str | None:
        """Why owner mode cannot be entered (an unreadable owner file), or None."""
        try:
            self.record()
        except InvalidFile as exc:
            return f"{exc}. Fix or delete {self.path} to set a new PIN."
        return None

    @property
    def has_pin(self) -> bool:
        try:
            return self.record().pin is not None
        except InvalidFile:
            return True  # never offer to set a new PIN over a file that cannot be read

    # Entering owner mode.
    def set_pin(self, pin: str) -> None:
        """Choose the PIN: on first use, or to change it while owner mode is open."""
        if self.has_pin and not self.unlocked:
            raise PermissionError("owner mode is locked")
        problem = pin_problem(pin)
        if problem is not None:
            raise ValueError(problem)
        save_owner(OwnerRecord(pin=hash_pin(pin)), self.path)
        self._open()

    def wait_left(self) -> float:
        """Seconds before the next try is allowed (after wrong tries)."""
        try:
            record = self.record()
        except InvalidFile:
            return 0.0
        if record.last_failure is None:
            return 0.0
        return max(0.0, record.last_failure + wait_after(record.failed_tries) - self.now())

    def try_pin(self, pin: str) -> Attempt:
        """Check ``pin``; a wrong one counts and makes the next try wait longer."""
        record = self.record()
        if record.pin is None:
            return Attempt(False, reason="no PIN is set yet")
        wait = self.wait_left()
        if wait > 0:
            return Attempt(False, wait, record.failed_tries, "too many wrong tries")
        if verify_pin(pin, record.pin):
            if record.failed_tries or record.last_failure is not None:
                save_owner(record.model_copy(update={"failed_tries": 0, "last_failure": None}), self.path)
            self._open()
            return Attempt(True)
        failed = record.failed_tries + 1
        save_owner(record.model_copy(update={"failed_tries": failed, "last_failure": self.now()}), self.path)
        return Attempt(False, wait_after(failed), failed, "wrong PIN")

    def _open(self) -> None:
        self.unlocked = True
        self._last_touch = self.now()

    # Staying in owner mode.
    def touch(self) -> None:
        """The owner did something: the idle lock starts counting again."""
        if self.unlocked:
            self._last_touch = self.now()

    def idle_left(self) -> float:
        """Seconds before owner mode locks itself if nothing is touched."""
        if not self.unlocked:
            return 0.0
        return max(0.0, self._last_touch + self.idle_s - self.now())

    def expired(self) -> bool:
        return self.unlocked and self.idle_left() <= 0.0

    def lock(self) -> None:
        self.unlocked = False

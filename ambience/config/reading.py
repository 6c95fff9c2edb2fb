"""Reads a TOML file of the user's whatever its bytes: a dictionary, or an InvalidFile naming the reason.

Every limit on what a file may hold that is not a field's own bound lives here: the file's size,
how deeply it nests, how many parts a dotted key has, how long a number is. They are checked
before and after the TOML parser runs, so a hostile file never makes the parser recurse, hang or
raise anything but a reason a person can read.
"""

from __future__ import annotations

import codecs
import os
import stat
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from ambience.config.validation import InvalidFile, shorten, toml_reason

Model = TypeVar("Model", bound=BaseModel)

# A preset is a few kilobytes; a studio's rooms a few more. Generous, yet far from anything slow.
MAX_PRESET_BYTES: Final = 64 * 1024
MAX_ROOMS_BYTES: Final = 256 * 1024
# Tables, arrays and dotted keys inside one another. A preset needs 3 (phases → lighting → level).
MAX_NESTING: Final = 8
# Digits in a number: far more than any bound needs, far fewer than Python's own limit (4,300).
MAX_NUMBER_CHARS: Final = 40
# Whole numbers beyond this are refused as they are read (every field's bound is much smaller).
MAX_INTEGER: Final = 2**53


@dataclass(frozen=True)
class Limits:
    """What a kind of file may hold."""

    max_bytes: int
    max_nesting: int = MAX_NESTING


PRESET_LIMITS: Final = Limits(MAX_PRESET_BYTES)
ROOMS_LIMITS: Final = Limits(MAX_ROOMS_BYTES)
# The app's own small files beside them (the library's order, the owner's record).
SMALL_FILE_LIMITS: Final = Limits(MAX_PRESET_BYTES)


def read_toml(path: Path, limits: Limits) -> dict[str, Any]:
    """The TOML data in ``path``; raises InvalidFile (file, where, reason) for anything else."""
    raw = read_bytes(path, limits.max_bytes)
    text = decode(path, raw)
    return parse_toml(path, text, limits)


def read_toml_if_there(path: Path, limits: Limits) -> dict[str, Any] | None:
    """Like ``read_toml``, with None for a file that does not exist (a setting never saved)."""
    try:
        return read_toml(path, limits)
    except InvalidFile as invalid:
        if not Path(path).exists() and not Path(path).is_symlink():
            return None
        raise invalid


def read_model_if_there(path: Path, model: type[Model]) -> Model:
    """A small file of settings read as ``model``; its defaults when the file does not exist (never saved).

    Raises InvalidFile for a file that cannot be read or whose fields are wrong, whatever its bytes.
    """
    found = read_toml_if_there(path, SMALL_FILE_LIMITS)
    if found is None:
        return model()
    try:
        return model.model_validate(found)
    except ValidationError as exc:
        raise InvalidFile.from_validation(path, exc) from exc


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of a regular file; a folder, a pipe or a device is refused, never waited on."""
    path = Path(path)
    try:
        # Non-blocking: opening a named pipe must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise InvalidFile.one(path, "", f"file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise InvalidFile.one(path, "", "is a folder, not a file") from exc
    except (OSError, ValueError) as exc:
        raise InvalidFile.one(path, "", f"cannot read: {_os_reason(exc)}") from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidFile.one(path, "", "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidFile.one(path, "", "is not a regular file")
        if info.st_size > max_bytes:
            raise InvalidFile.one(path, "", _too_large(info.st_size, max_bytes))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, max_bytes + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InvalidFile.one(path, "", f"cannot read: {_os_reason(exc)}") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:  # it grew while being read
        raise InvalidFile.one(path, "", _too_large(len(data), max_bytes))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"too large ({_kib(size)}); a file may hold at most {_kib(limit)}"


def _kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB" if size >= 1024 else f"{size} bytes"


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return shorten(str(exc) or type(exc).__name__)


_OTHER_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def decode(path: Path, raw: bytes) -> str:
    """UTF-8 text (a leading byte-order mark is allowed); anything else is named with where it goes wrong."""
    for bom, name in _OTHER_ENCODINGS:
        if raw.startswith(bom):
            raise InvalidFile.one(path, "", f"saved as {name} text; save it as UTF-8")
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        hint = " (Latin-1 or Windows-1252?)" if 0x80 <= byte <= 0xFF else ""
        raise InvalidFile.one(
            path,
            "",
            f"line {line}: not UTF-8 text: byte 0x{byte:02x} at column {column}{hint};"
            " save the file as UTF-8",
        ) from exc


def parse_toml(path: Path, text: str, limits: Limits) -> dict[str, Any]:
    """Parse TOML text that has passed the lexical checks; the data is then checked again."""
    check_shape(path, text, limits.max_nesting)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidFile.one(path, "", toml_reason(exc)) from exc
    except (RecursionError, MemoryError) as exc:  # the lexical check should have stopped it first
        raise InvalidFile.one(path, "", f"nested too deeply (at most {limits.max_nesting} levels)") from exc
    except ValueError as exc:  # e.g. Python's own limit on the digits of a number
        raise InvalidFile.one(path, "", f"TOML syntax error: {shorten(str(exc))}") from exc
    check_data(path, data, limits.max_nesting)
    return data


# The lexical check: a small scanner that knows TOML's strings and comments, and nothing else.
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+:")


def check_shape(path: Path, text: str, max_nesting: int) -> None:
    """Refuse, before parsing, brackets nested too deeply, keys with too many dotted parts and
    overlong numbers: the parser recurses on the first and slows down on the second."""
    depth = 0
    parts = 0  # parts of the dotted key (or dotted number) being read
    after_dot = False
    line = 1
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            parts, after_dot = 0, False
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            end, lines = _string_end(text, i)
            line += lines
            parts = parts + 1 if after_dot or parts == 0 else 1
            after_dot = False
            i = end
        elif c in "[{":
            depth += 1
            if depth > max_nesting:
                raise InvalidFile.one(path, "", f"line {line}: nested more than {max_nesting} levels deep")
            parts, after_dot = 0, False
            i += 1
        elif c in "]}":
            depth = max(0, depth - 1)
            parts, after_dot = 0, False
            i += 1
        elif c == ".":
            after_dot = True
            i += 1
        elif c in _BARE:
            start = i
            while i < n and text[i] in _BARE:
                i += 1
            word = text[start:i]
            if i - start > MAX_NUMBER_CHARS and (word[0].isdigit() or word[0] in "+-"):
                raise InvalidFile.one(
                    path, "", f"line {line}: a number with more than {MAX_NUMBER_CHARS} characters"
                )
            parts = parts + 1 if after_dot or parts == 0 else 1
            after_dot = False
        elif c in " \t\r":
            i += 1
        else:
            parts, after_dot = 0, False
            i += 1
        if parts > max_nesting:
            raise InvalidFile.one(path, "", f"line {line}: a dotted key with more than {max_nesting} parts")


def _string_end(text: str, i: int) -> tuple[int, int]:
    """(index after the string starting at ``i``, newlines inside it); an unclosed string ends the text."""
    quote = text[i]
    triple = text.startswith(quote * 3, i)
    if triple:
        end = text.find(quote * 3, i + 3)
        while end >= 0 and quote == '"' and _escaped(text, end):
            end = text.find(quote * 3, end + 1)
        stop = len(text) if end < 0 else end + 3
        # A closing delimiter may be followed by up to two more quotes that belong to the string.
        while stop < len(text) and text[stop] == quote and end >= 0 and stop - end < 5:
            stop += 1
        return stop, text.count("\n", i, stop)
    j = i + 1
    while j < len(text) and text[j] != "\n":
        if quote == '"' and text[j] == "\\":
            j += 2
            continue
        if text[j] == quote:
            return j + 1, 0
        j += 1
    return j, 0  # the parser will say what is wrong with it


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def check_data(path: Path, data: dict[str, Any], max_nesting: int) -> None:
    """Refuse parsed data nested too deeply or holding a whole number too large to be meant."""
    for where, value, depth in _walk(data):
        if depth > max_nesting:
            raise InvalidFile.one(path, where, f"nested more than {max_nesting} levels deep")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            raise InvalidFile.one(path, where, "number too large")


def _walk(data: dict[str, Any]) -> Iterator[tuple[str, Any, int]]:
    """Every value with its field path and depth, without recursion."""
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        where, value, depth = stack.pop()
        yield where, value, depth
        if depth > MAX_NESTING * 2:
            continue  # already refused by the caller; do not walk any further
        if isinstance(value, dict):
            for key, item in value.items():
                name = shorten(str(key), 40)
                stack.append((f"{where}.{name}" if where else name, item, depth + 1))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                stack.append((f"{where}[{index}]", item, depth + 1))

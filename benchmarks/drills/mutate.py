"""Seeded mutations of TOML files, as a careless editor, a broken disk or a hostile sender would make them.

Three kinds: byte-level (flips, cuts, other encodings), text-level (hostile snippets: deep
nesting, endless dotted keys, numbers of thousands of digits, megabytes of text) and
structure-level (the file parsed, a field set to a hostile value or removed, written back).
"""

from __future__ import annotations

import codecs
import random
import tomllib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import tomli_w

Mutation = Callable[[random.Random, bytes], bytes]

HOSTILE_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07\x1b[31m",
    "x" * 256,
    "x" * 5000,
    "é" * 300,
    "\u202e\u200b",
    "../../../../etc/passwd",
    "/etc/passwd",
    "~/music",
    "bundled:../../../etc/passwd",
    "bundled:/etc/passwd",
    "bundled:music",
    "music/../../x.ogg",
    "music/01-still-water.ogg",
    "C:\\Windows\\win.ini",
    "\\\\server\\share\\a.ogg",
    "link-out",
    "link-out.ogg",
    "trap",
    "notes.txt",
    "music",
    "nested/../music",
    "🎵",
]

HOSTILE_NUMBERS: list[Any] = [
    0,
    -1,
    1,
    -(10**30),
    10**18,
    2**63,
    2**70,
    0.0,
    -0.0,
    1e308,
    -1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    5e-324,
    17.9999,
    30.0001,
    80.0001,
    9.999,
    29.99,
    30,
    31,
    480,
    481,
    720,
]


def hostile_value(rng: random.Random) -> Any:
    kind = rng.randrange(8)
    if kind == 0:
        return rng.choice(HOSTILE_STRINGS)
    if kind == 1:
        return rng.choice(HOSTILE_NUMBERS)
    if kind == 2:
        return rng.choice([True, False])
    if kind == 3:
        return [hostile_value(rng) for _ in range(rng.randrange(4))]
    if kind == 4:
        return {rng.choice(["level", "x", "enabled", "name"]): hostile_value(rng)}
    if kind == 5:
        return datetime(1979, 5, 27, 7, 32)
    if kind == 6:
        return rng.uniform(-100, 1000)
    return rng.randrange(-100, 1000)


# Byte-level.
def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def cut_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.randint(1, 40) :]


def duplicate_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 200))
    return data[:b] + data[a:b] * rng.randint(1, 5) + data[b:]


def insert_junk(rng: random.Random, data: bytes) -> bytes:
    junk = rng.choice([b"\x00", b"\xff\xfe", b"[", b"]", b"{", b"=", b'"', b"'''", b"\n[[phases]]\n", b"\r"])
    at = rng.randrange(len(data) + 1)
    return data[:at] + junk * rng.randint(1, 3) + data[at:]


def other_encoding(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace").replace('name = "', 'name = "Salle Été ', 1)
    choice = rng.randrange(4)
    if choice == 0:
        return text.encode("latin-1", errors="replace")
    if choice == 1:
        return text.encode("utf-16")
    if choice == 2:
        return codecs.BOM_UTF8 + text.encode("utf-8")
    return text.encode("cp1252", errors="replace")


# Text-level.
def hostile_snippet(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([9, 50, 1000, 3000])
    snippets = [
        b"deep = " + b"[" * depth + b"]" * depth + b"\n",
        b"deep = " + b"{a = " * depth + b"1" + b"}" * depth + b"\n",
        b"a" + b".a" * rng.choice([9, 100, 5000]) + b" = 1\n",
        b"[" + b".".join([b"t"] * rng.choice([9, 200, 3000])) + b"]\n",
        b"minutes = " + b"9" * rng.choice([41, 4301, 6000]) + b"\n",
        b"minutes = 0x" + b"f" * rng.choice([50, 5000]) + b"\n",
        b'description = "' + b"x" * rng.choice([2001, 70_000, 4 * 1024 * 1024]) + b'"\n',
        b'name = "\\u0000"\n',
        b"minutes = nan\n",
        b"minutes = inf\n",
        b"minutes = -0.0\n",
        b"schema = true\n",
        b"schema = 1.0\n",
        b'schema = "1"\n',
        b'\n[[phases]]\nname = "x"\nminutes = 1\n' * rng.choice([25, 200]),
    ]
    snippet = rng.choice(snippets)
    if rng.random() < 0.5:
        return snippet + data
    return data + b"\n" + snippet


# Structure-level.
def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if len(prefix) > 12:
        return found
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _delete(node: Any, path: tuple[Any, ...]) -> None:
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


def restructure(rng: random.Random, data: bytes, extra: list[tuple[Any, ...]] | None = None) -> bytes:
    """Parse, change one field (set, delete or add), write back; falls back to byte flips."""
    try:
        tree = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return flip_bytes(rng, data)
    paths = _paths(tree) + list(extra or [])
    action = rng.randrange(10)
    try:
        tomli_w.dumps(tree)  # a tree the writer cannot write back (too deep) is mutated as bytes
        if action < 6 and paths:
            path = rng.choice(paths)
            try:
                _set(tree, path, hostile_value(rng))
            except (KeyError, IndexError, TypeError):
                tree[rng.choice(["colour", "extra", "lighting"])] = hostile_value(rng)
        elif action < 8 and paths:
            _delete(tree, rng.choice(paths))
        else:
            tree[rng.choice(["unknown", "schema", "phases", "music", "rooms"])] = hostile_value(rng)
        return tomli_w.dumps(tree).encode("utf-8")
    except (KeyError, IndexError, TypeError, ValueError, OverflowError, RecursionError):
        return flip_bytes(rng, data)


BYTE_MUTATIONS: list[Mutation] = [
    flip_bytes,
    truncate,
    cut_range,
    duplicate_range,
    insert_junk,
    other_encoding,
]


def mutate(rng: random.Random, data: bytes, structural: list[Mutation]) -> bytes:
    """One to three mutations, mostly structural (those reach the validation, not just the parser)."""
    for _ in range(rng.choice([1, 1, 2, 3])):
        roll = rng.random()
        if roll < 0.55:
            data = rng.choice(structural)(rng, data)
        elif roll < 0.75:
            data = hostile_snippet(rng, data)
        else:
            data = rng.choice(BYTE_MUTATIONS)(rng, data)
    return data

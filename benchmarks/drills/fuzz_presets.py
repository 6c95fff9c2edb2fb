"""Fuzzes the preset loader and `ambience presets check` with seeded, mutated preset files.

Every file must end as a valid preset that keeps every documented rule, or as one clear error
naming the file; nothing may escape as an exception or take long.

Run: uv run python -m benchmarks.drills.fuzz_presets [--count 1000] [--seed 1]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import random
import shutil
import signal
import tempfile
import time
import wave
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ambience.cli import main as cli_main
from ambience.config.library import PresetInvalid, load_library, load_preset, scope_for
from ambience.config.paths import bundled_presets_dir
from benchmarks.drills.mutate import mutate, restructure
from benchmarks.drills.oracle import preset_rule_breaks

BATCH = 50
SLOW_S = 1.0
HANG_S = 20

# A seed whose phases override every part, so mutations reach the phases' own fields.
PHASED = """\
schema = 1
name = "Phased"
description = "Every part overridden somewhere."
minutes = 90
[lighting]
level = 20
kelvin = 2700
fade_seconds = 60
turnover_level = 60
[music]
playlist = ["music", "bundled:music/01-still-water.ogg"]
volume = 30
[climate]
target_c = 24.0
[diffuser]
enabled = true
on_minutes = 10
off_minutes = 10
[[phases]]
name = "Welcome"
minutes = 10
lighting = { level = 40, kelvin = 3000 }
music = { playlist = ["music/a.wav"], volume = 20 }
climate = { target_c = 25.0 }
diffuser = { on_minutes = 5, off_minutes = 5 }
[[phases]]
name = "Treatment"
minutes = 70
diffuser = { on_minutes = 20, off_minutes = 20 }
[[phases]]
name = "Wake-up"
minutes = 10
diffuser = { enabled = false }
"""

DIFFUSER_FIELDS = [
    ("diffuser", "on_minutes"),
    ("diffuser", "off_minutes"),
    ("phases", 0, "diffuser", "on_minutes"),
    ("phases", 0, "diffuser", "off_minutes"),
    ("phases", 1, "diffuser", "on_minutes"),
    ("phases", 1, "diffuser", "off_minutes"),
    ("phases", 0, "minutes"),
    ("phases", 1, "minutes"),
]


def diffuser_cycles(rng: random.Random, data: bytes) -> bytes:
    """Phases with their own plausible cycles: where the diffuser can run on across a phase change."""
    import tomllib

    import tomli_w

    try:
        tree: dict[str, Any] = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return data
    phases = tree.get("phases")
    if not isinstance(phases, list) or not phases:
        return restructure(rng, data, DIFFUSER_FIELDS)
    for phase in phases:
        if isinstance(phase, dict) and rng.random() < 0.7:
            on = rng.choice([1, 5, 9, 10, 15, 20, 25, 28, 29, 30])
            phase["diffuser"] = {
                "enabled": rng.random() < 0.85,
                "on_minutes": on,
                "off_minutes": rng.choice([1, 2, 5, 10, 19, 20, 30, 60]),
            }
            phase["minutes"] = rng.choice([1, 5, 10, 19, 20, 29, 30])
    minutes = [p.get("minutes", 0) for p in phases if isinstance(p, dict)]
    tree["minutes"] = max(5, sum(m for m in minutes if isinstance(m, int | float)) + rng.choice([0, 10]))
    try:
        return tomli_w.dumps(tree).encode("utf-8")
    except (RecursionError, TypeError, ValueError):
        return data


def wrong_place(rng: random.Random, data: bytes) -> bytes:
    return restructure(rng, data, [("music", "playlist", 0), ("phases", 0, "music", "playlist", 0)])


STRUCTURAL = [restructure, restructure, diffuser_cycles, diffuser_cycles, wrong_place]


@dataclass
class Report:
    tried: int = 0
    accepted: int = 0
    refused: int = 0
    uncaught: list[str] = field(default_factory=list)
    hung: list[str] = field(default_factory=list)
    rule_breakers: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)
    check_failures: list[str] = field(default_factory=list)
    last_net: int = 0
    slowest_s: float = 0.0

    @property
    def lost(self) -> int:
        return len(self.uncaught) + len(self.hung) + len(self.rule_breakers) + len(self.check_failures)

    @property
    def survived(self) -> int:
        return self.tried - self.lost

    def summary(self, what: str) -> str:
        return (
            f"{what}: tried {self.tried} / survived {self.survived} / lost {self.lost}"
            f"  (accepted {self.accepted}, refused with a message {self.refused};"
            f" uncaught exceptions {len(self.uncaught)}, hangs {len(self.hung)},"
            f" accepted rule-breakers {len(self.rule_breakers)}, unclear messages {len(self.unclear)},"
            f" `presets check` failures {len(self.check_failures)},"
            f" caught only by the last net {self.last_net};"
            f" slowest file {self.slowest_s * 1000:.0f} ms)"
        )


class _NetCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _tone(path: Path) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 80)


def make_studio_folders(base: Path) -> tuple[Path, Path]:
    """A library folder with music, traps (links out, a text file) and a separate music folder."""
    library = base / "library"
    (library / "music").mkdir(parents=True)
    _tone(library / "music" / "a.wav")
    (library / "notes.txt").write_text("not music")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.ogg").write_text("root:x:0:0")
    with contextlib.suppress(OSError):
        (library / "link-out").symlink_to(outside, target_is_directory=True)
        (library / "link-out.ogg").symlink_to(outside / "secret.ogg")
        (library / "trap").mkdir()
        (library / "trap" / "escape.ogg").symlink_to(outside / "secret.ogg")
    owner_music = base / "owner-music"
    owner_music.mkdir()
    _tone(owner_music / "waves.wav")
    return library, owner_music


def seeds() -> list[bytes]:
    found = [p.read_bytes() for p in sorted(bundled_presets_dir().glob("*.toml"))]
    return [*found, PHASED.encode("utf-8")]


def fuzz_presets(count: int, seed: int, *, sequences: int = 3, check_every: int = 5) -> Report:
    """Mutate ``count`` preset files from the bundled ones and load each (and check folders of them)."""
    rng = random.Random(seed)
    report = Report()
    net = _NetCounter()
    loggers = [logging.getLogger("ambience.config.library")]
    for logger in loggers:
        logger.addHandler(net)
        logger.propagate = False
    base = Path(tempfile.mkdtemp(prefix="ambience-fuzz-"))
    try:
        library, owner_music = make_studio_folders(base)
        scope = scope_for(library, [owner_music])
        originals = seeds()
        batch_no = 0
        while report.tried < count:
            batch = base / f"batch-{batch_no}"
            shutil.copytree(library, batch, symlinks=True)
            files = []
            for i in range(min(BATCH, count - report.tried)):
                original = rng.choice(originals)
                # A third only get new diffuser cycles: plausible presets, where rule-breakers hide.
                data = (
                    diffuser_cycles(rng, original)
                    if rng.random() < 0.35
                    else mutate(rng, original, STRUCTURAL)
                )
                path = batch / f"p{report.tried:05d}.toml"
                path.write_bytes(data)
                files.append(path)
                report.tried += 1
                here = scope.with_library(batch)
                _one(path, here, here.roots(), rng, report, sequences, i)
            if batch_no % check_every == 0:
                _check_folder(batch, report)
            shutil.rmtree(batch)
            batch_no += 1
    finally:
        for logger in loggers:
            logger.removeHandler(net)
            logger.propagate = True
        shutil.rmtree(base, ignore_errors=True)
    report.last_net = net.count
    return report


def _one(
    path: Path, scope: Any, roots: list[Path], rng: random.Random, report: Report, sequences: int, i: int
) -> None:
    started = time.perf_counter()
    try:
        with _deadline(HANG_S):
            loaded = load_preset(path, scope=scope)
    except PresetInvalid as invalid:
        report.refused += 1
        text = str(invalid)
        if not text.startswith(f"{path.name}: ") or len(text) > 2000 or len(text) <= len(path.name) + 3:
            report.unclear.append(text[:200])
    except TimeoutError:
        report.hung.append(path.name)
    except Exception as exc:  # exactly what the drill looks for
        report.uncaught.append(f"{path.name}: {type(exc).__name__}: {str(exc)[:120]}")
    else:
        report.accepted += 1
        broken = preset_rule_breaks(loaded, volume_cap=80.0, roots=roots, rng=rng, sequences=sequences)
        if broken:
            report.rule_breakers.append(f"{path.name}: {'; '.join(broken)[:300]}")
    elapsed = time.perf_counter() - started
    report.slowest_s = max(report.slowest_s, elapsed)


def _check_folder(folder: Path, report: Report) -> None:
    """`ambience presets check` on the whole folder: one line per bad file, exit 0 or 1, no traceback."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with _deadline(HANG_S * 5), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(["presets", "check", str(folder)])
    except BaseException as exc:  # SystemExit included: the command must return, not exit
        report.check_failures.append(f"{folder.name}: {type(exc).__name__}: {str(exc)[:120]}")
        return
    library = load_library(folder)
    lines = out.getvalue().splitlines()
    if code not in (0, 1) or (code == 1) != bool(library.errors) or len(lines) != len(library.errors):
        report.check_failures.append(
            f"{folder.name}: exit {code}, {len(lines)} lines for {len(library.errors)} bad files"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    report = fuzz_presets(args.count, args.seed)
    print(report.summary("presets"))
    for title, items in (
        ("uncaught", report.uncaught),
        ("hung", report.hung),
        ("rule-breakers", report.rule_breakers),
        ("presets check", report.check_failures),
        ("unclear", report.unclear),
    ):
        for item in items[:10]:
            print(f"  {title}: {item}")
    print(f"seed {args.seed}, {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

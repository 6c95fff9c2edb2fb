"""Fuzzes the rooms config loader with seeded, mutated rooms.toml files.

Every file must end as a valid config that keeps the documented rules and saves and loads back
unchanged, or as one clear error naming the file; nothing may escape as an exception.

Run: uv run python -m benchmarks.drills.fuzz_rooms [--count 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import random
import shutil
import tempfile
import time
from pathlib import Path

from ambience.cli import main as cli_main
from ambience.config.rooms import demo_studio, load_rooms, rooms_to_toml, save_rooms
from ambience.config.validation import InvalidFile
from ambience.engine.studio import music_scope, preset_dirs
from benchmarks.drills.fuzz_presets import HANG_S, Report, _deadline, _NetCounter
from benchmarks.drills.mutate import mutate, restructure
from benchmarks.drills.oracle import rooms_rule_breaks

STUDIO = """\
schema = 1
name = "Lotus studio"
volume_cap = 70
presets_dir = "/srv/presets"
music_dirs = ["/srv/music"]

[[rooms]]
id = "lotus"
name = "Lotus room"
presets = ["Swedish massage"]

[[rooms.devices]]
id = "ceiling"
name = "Ceiling light"
role = "light"
backend = "kasa"
host = "127.0.0.1"
port = 9999

[[rooms.devices]]
id = "radiator"
name = "Radiator"
role = "thermostat"
backend = "kasa"
host = "127.0.0.1"
child = "Lotus radiator"

[[rooms.devices]]
id = "music"
name = "Music"
role = "music"
backend = "pygame"
output = "Speakers"

[[rooms]]
id = "cedar"
name = "Salle Été"

[[rooms.devices]]
id = "diffuser"
name = "Diffuser"
role = "diffuser"
"""

FIELDS = [
    ("rooms", 0, "devices", 0, "host"),
    ("rooms", 0, "devices", 0, "port"),
    ("rooms", 0, "devices", 0, "backend"),
    ("rooms", 0, "devices", 0, "role"),
    ("rooms", 1, "name"),
    ("rooms", 0, "id"),
    ("music_dirs", 0),
    ("presets_dir",),
    ("volume_cap",),
]


def structural(rng: random.Random, data: bytes) -> bytes:
    return restructure(rng, data, FIELDS)


def seeds() -> list[bytes]:
    return [STUDIO.encode("utf-8"), rooms_to_toml(demo_studio()).encode("utf-8")]


def fuzz_rooms(count: int, seed: int, *, check_every: int = 10) -> Report:
    rng = random.Random(seed)
    report = Report()
    net = _NetCounter()
    logger = logging.getLogger("ambience.config.rooms")
    logger.addHandler(net)
    logger.propagate = False
    base = Path(tempfile.mkdtemp(prefix="ambience-fuzz-rooms-"))
    try:
        originals = seeds()
        for n in range(count):
            path = base / "rooms.toml"
            original = rng.choice(originals)
            # Some get one change of one field only: plausible files, where rule-breakers hide.
            path.write_bytes(
                structural(rng, original) if rng.random() < 0.4 else mutate(rng, original, [structural])
            )
            report.tried += 1
            _one(path, report, base)
            if n % check_every == 0:
                _check_with(path, report)
    finally:
        logger.removeHandler(net)
        logger.propagate = True
        shutil.rmtree(base, ignore_errors=True)
    report.last_net = net.count
    return report


def _one(path: Path, report: Report, base: Path) -> None:
    started = time.perf_counter()
    try:
        with _deadline(HANG_S):
            config = load_rooms(path)
            # What the app does next with it must not fail either.
            preset_dirs(config)
            music_scope(config).roots()
    except InvalidFile as invalid:
        report.refused += 1
        text = str(invalid)
        if not text.startswith("rooms.toml: ") or len(text) > 2000:
            report.unclear.append(text[:200])
    except TimeoutError:
        report.hung.append(path.name)
    except Exception as exc:  # exactly what the drill looks for
        report.uncaught.append(f"{type(exc).__name__}: {str(exc)[:160]}")
    else:
        report.accepted += 1
        broken = rooms_rule_breaks(config, path.stat().st_size)
        again = base / "saved" / "rooms.toml"
        try:
            save_rooms(config, again)
            if load_rooms(again) != config:
                broken.append("does not load back as it was saved")
        except Exception as exc:  # a config that loads must save and load back
            broken.append(f"cannot be saved and read back: {type(exc).__name__}: {str(exc)[:100]}")
        if broken:
            report.rule_breakers.append("; ".join(broken)[:300])
    report.slowest_s = max(report.slowest_s, time.perf_counter() - started)


def _check_with(path: Path, report: Report) -> None:
    """The command line with this rooms config: a message and exit 2, or a normal run; no traceback."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with _deadline(HANG_S * 5), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(["presets", "list", "--config", str(path)])
    except BaseException as exc:
        report.check_failures.append(f"{type(exc).__name__}: {str(exc)[:120]}")
        return
    if code not in (0, 2) or "Traceback" in err.getvalue():
        report.check_failures.append(f"exit {code}: {err.getvalue()[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    report = fuzz_rooms(args.count, args.seed)
    print(report.summary("rooms files").replace("`presets check`", "command line"))
    for title, items in (
        ("uncaught", report.uncaught),
        ("hung", report.hung),
        ("rule-breakers", report.rule_breakers),
        ("command line", report.check_failures),
        ("unclear", report.unclear),
    ):
        for item in items[:10]:
            print(f"  {title}: {item}")
    print(f"seed {args.seed}, {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

"""Memory of the panel and of a headless run, side by side with their baselines; a two-hour curve.

    uv run python -m benchmarks.bench_memory [--repeat 3] [--curve-speed 60] [--chart docs/memory.png]

Resident memory (VmRSS) of fresh processes, medians:

- the demo panel with both rooms running the Swedish massage, after ``--warmup`` seconds and
  again after a track change, vs a bare PySide6 window with pygame's mixer open;
- ``ambience run swedish --demo --speed 600`` (peak) vs the same preset in a room whose music
  is simulated (peak);
- a two-hour session at high speed: the demo panel, sessions back to back in both rooms, a track
  change every 10 s, sampled every second; drawn as a chart (``--chart``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import ROOT, child_env, median, ratio, run_child, table

SIMULATED_ROOM = """\
schema = 1
name = "Simulated music"

[[rooms]]
id = "lavender"
name = "Lavender room"
devices = [
  { id = "ceiling", name = "Ceiling light", role = "light" },
  { id = "lamp", name = "Floor lamp", role = "light" },
  { id = "diffuser", name = "Diffuser", role = "diffuser" },
  { id = "radiator", name = "Radiator", role = "thermostat" },
  { id = "music", name = "Music", role = "music" },
]
"""


def peak_rss_mib(*args: str) -> float:
    """Peak resident memory of ``python -m ambience args`` (from the kernel's accounting)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "ambience", *args],
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"ambience {' '.join(args)} exited with {proc.returncode}")
    return usage.ru_maxrss / 1024


def panel_rows(repeat: int, warmup: float) -> list[list[str]]:
    bare: list[float] = []
    running: list[float] = []
    changed: list[float] = []
    for _ in range(repeat):
        bare.append(
            run_child("probe_bare", "--measure", "memory", "--mixer", "--warmup", str(warmup))["rss_mib"]
        )
        result = run_child("probe_panel", "--measure", "memory", "--warmup", str(warmup))
        running.append(result["rss_mib"])
        changed.append(result["rss_after_track_change_mib"])
    b = median(bare)
    return [
        [
            f"panel, two rooms running {warmup:g} s",
            f"{median(running):.0f} MiB",
            f"{b:.0f} MiB",
            ratio(median(running), b),
        ],
        [
            "panel, after a track change",
            f"{median(changed):.0f} MiB",
            f"{b:.0f} MiB",
            ratio(median(changed), b),
        ],
    ]


def headless_rows(repeat: int) -> list[list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        rooms = Path(tmp) / "rooms.toml"
        rooms.write_text(SIMULATED_ROOM, encoding="utf-8")
        real = [peak_rss_mib("run", "swedish", "--demo", "--speed", "600") for _ in range(repeat)]
        simulated = [
            peak_rss_mib("run", "swedish", "--config", str(rooms), "--speed", "600") for _ in range(repeat)
        ]
    r, s = median(real), median(simulated)
    return [["headless `run swedish --demo --speed 600` (peak)", f"{r:.0f} MiB", f"{s:.0f} MiB", ratio(r, s)]]


def curve(speed: float, chart: Path | None, baseline: float | None) -> str:
    seconds = 2 * 3600 / speed
    result = run_child(
        "probe_panel",
        "--measure",
        "memory-curve",
        "--speed",
        str(speed),
        "--seconds",
        str(seconds),
        "--sample",
        "1",
        "--change-every",
        "10",
        timeout=seconds + 120,
    )
    samples = [tuple(s) for s in result["samples"]]
    rss = [m for _, m in samples]
    settled = [m for t, m in samples if t >= 10]  # after the first ten studio minutes
    summary = (
        f"two hours at ×{speed:g} ({seconds:.0f} s), {len(result['track_changes'])} forced track changes: "
        f"{min(rss):.0f}–{max(rss):.0f} MiB; after the first 10 minutes "
        f"{min(settled):.0f}–{max(settled):.0f} MiB, last {rss[-1]:.0f} MiB"
    )
    if chart is not None:
        from benchmarks.chart import line_chart

        levels = (
            [
                (baseline, f"bare window + mixer: {baseline:.0f} MiB"),
                (1.5 * baseline, "goal: 1.5× the bare window"),
            ]
            if baseline
            else []
        )
        line_chart(
            chart,
            samples,
            title=f"ambience --demo, two rooms, sessions back to back, two studio hours at ×{speed:g}",
            x_label="studio minutes",
            y_label="resident memory, MiB",
            marks=result["track_changes"],
            mark_label="track changes",
            levels=levels,
            y_min=0,
        )
        summary += f"; chart: {chart}"
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=20.0)
    parser.add_argument("--curve-speed", type=float, default=60.0)
    parser.add_argument("--chart", type=Path)
    parser.add_argument("--no-curve", action="store_true")
    parser.add_argument("--no-headless", action="store_true")
    args = parser.parse_args()
    rows = panel_rows(args.repeat, args.warmup)
    if not args.no_headless:
        rows += headless_rows(args.repeat)
    print(table(["memory (resident)", "ambience", "baseline", "ratio"], rows), flush=True)
    print("(baselines: a bare PySide6 window with pygame's mixer open; the same preset with simulated music)")
    if not args.no_curve:
        bare = median([run_child("probe_bare", "--measure", "memory", "--mixer", "--warmup", "5")["rss_mib"]])
        print(curve(args.curve_speed, args.chart, bare))


if __name__ == "__main__":
    main()

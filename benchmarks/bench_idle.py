"""CPU of the panel while nothing is touched, side by side with a bare PySide6 window and the mixer.

    uv run python -m benchmarks.bench_idle [--seconds 20] [--repeat 3] [--only NAME]

Every figure is the share of one core a fresh process uses over ``--seconds`` (all its threads,
the mixer's audio thread too), after a warm-up; app and baseline alternate, medians are shown.

- no session: the panel on the demo's two rooms as a studio's panel (nothing booked, nothing
  running), measured after 35 s (an idle mixer closes after 30 s), vs a bare window with the
  mixer open;
- two rooms: the demo panel with the Swedish massage running in both rooms at speed 1, ten
  minutes in (past the first fades), vs a bare window with the mixer playing a bundled track;
- 20 rooms: the same with 20 rooms running;
- night mode: two rooms running with the panel's night mode on (when the panel has one).
"""

from __future__ import annotations

import argparse

from benchmarks.harness import median, ratio, run_child, table

# name: (the panel's arguments, the baseline's arguments, goal in % of a core, the panel's warm-up)
SCENARIOS: dict[str, tuple[list[str], list[str], float, float]] = {
    "no session": (["--measure", "idle-cpu", "--real"], ["--mixer"], 0.1, 35.0),
    "two rooms running": (["--measure", "cpu"], ["--play"], 0.5, 0.0),
    "two rooms running, night mode": (["--measure", "cpu", "--night"], ["--play"], 0.5, 0.0),
    "20 rooms running": (["--measure", "cpu", "--rooms", "20"], ["--play"], 2.0, 0.0),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=sorted(SCENARIOS), action="append")
    args = parser.parse_args()
    timing = ["--seconds", str(args.seconds), "--warmup", str(args.warmup)]
    rows = []
    for name in args.only or SCENARIOS:
        panel_args, bare_args, goal, warmup = SCENARIOS[name]
        panel_timing = ["--seconds", str(args.seconds), "--warmup", str(max(args.warmup, warmup))]
        panel: list[float] = []
        bare: list[float] = []
        unavailable = False
        for _ in range(args.repeat):
            bare.append(run_child("probe_bare", "--measure", "cpu", *bare_args, *timing)["cpu_percent"])
            result = run_child("probe_panel", *panel_args, *panel_timing)
            if "cpu_percent" not in result:
                unavailable = True
                break
            panel.append(result["cpu_percent"])
        if unavailable:
            rows.append([name, "(the panel has no night mode yet)", "", "", f"≤ {goal:g} %"])
            continue
        p, b = median(panel), median(bare)
        spread = f"{min(panel):.2f}–{max(panel):.2f}"
        rows.append([name, f"{p:.2f} % ({spread})", f"{b:.2f} %", ratio(p, b), f"≤ {goal:g} %"])
        print(f"{name}: panel {panel}, baseline {bare}", flush=True)
    print(table(["CPU, nothing touched", "ambience (% of a core)", "baseline", "ratio", "goal"], rows))
    print(f"({args.repeat} runs of {args.seconds:g} s each after {args.warmup:g} s, medians)")


if __name__ == "__main__":
    main()

"""How late cues run on the panel's own event loop, unloaded and with two CPU burners.

    uv run python -m benchmarks.bench_cues [--seconds 80] [--chains 40]

The demo panel runs in a child process with both rooms in session; on its loop, ``--chains``
cue schedulers (the app's ``CueScheduler``) each book one cue at a time, a random lead ahead
(0.1–30 s, log-uniform, fixed seed), and book the next when it runs. Every cue's lateness is the
time from its due moment to its job starting. An early wake-up is a scheduler timer that fires
before the moment it was armed for (the scheduler then finds nothing due and spins until it is).
Run with two processes spinning on the machine's cores for the loaded figures.
"""

from __future__ import annotations

import argparse

from benchmarks.harness import cpu_burners, percentile, run_child, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=80.0)
    parser.add_argument("--chains", type=int, default=40)
    args = parser.parse_args()
    rows = []
    for burners, goal in ((0, 20), (2, 50)):
        with cpu_burners(burners):
            result = run_child(
                "probe_panel",
                "--measure",
                "cues",
                "--seconds",
                str(args.seconds),
                "--chains",
                str(args.chains),
                timeout=args.seconds + 120,
            )
        late = result["late_ms"]
        early = [x for x in late if x < 0]
        rows.append(
            [
                "unloaded" if burners == 0 else f"{burners} CPU burners",
                str(len(late)),
                f"{percentile(late, 0.5):.1f} ms",
                f"{percentile(late, 0.99):.1f} ms",
                f"{max(late):.1f} ms",
                f"{len(early)}",
                f"{result['early_fires']} of {result['timer_fires']}",
                f"p99 ≤ {goal} ms",
            ]
        )
    print(
        table(
            ["cue lateness", "cues", "p50", "p99", "max", "cues run early", "early timer wake-ups", "goal"],
            rows,
        )
    )


if __name__ == "__main__":
    main()

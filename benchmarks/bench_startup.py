"""Start to first paint of ``ambience --demo``, side by side with a bare PySide6 window.

    uv run python -m benchmarks.bench_startup [--repeat 7]

Each run is a fresh process (``python -m``), app and baseline alternating; the time is from just
before the process is spawned to the window's first paint, and for the app also to the moment
the preset tiles are painted and the loop is free to take a touch. Medians.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.harness import median, ratio, run_child, table


def spawn_to(module: str, *args: str) -> dict[str, float]:
    before = time.monotonic()
    marks = run_child(module, "--measure", "startup", *args)
    return {k: v - before for k, v in marks.items() if isinstance(v, float)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    # The first starts read the libraries from disk and write the bytecode caches: not counted.
    spawn_to("probe_bare")
    spawn_to("probe_panel")
    bare: list[float] = []
    paint: list[float] = []
    usable: list[float] = []
    for _ in range(args.repeat):
        bare.append(spawn_to("probe_bare")["first_paint_at"])
        marks = spawn_to("probe_panel")
        paint.append(marks["first_paint_at"])
        usable.append(marks["tiles_usable_at"])
    b = median(bare)
    print(
        table(
            ["what", "ambience --demo", "bare PySide6 window", "ratio"],
            [
                ["start to first paint", f"{median(paint):.3f} s", f"{b:.3f} s", ratio(median(paint), b)],
                ["start to tiles usable", f"{median(usable):.3f} s", f"{b:.3f} s", ratio(median(usable), b)],
            ],
        )
    )
    print(
        f"({args.repeat} runs each, medians; first paint of the app ranged "
        f"{min(paint):.3f}–{max(paint):.3f} s, the bare window {min(bare):.3f}–{max(bare):.3f} s)"
    )


if __name__ == "__main__":
    main()

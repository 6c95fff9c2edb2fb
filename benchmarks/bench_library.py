"""The preset library's costs: reading it, looking for changes (the 3-second poll), a reload, and
the editor's work per change (checking a draft and drawing its chart). Prints figures.

    uv run python -m benchmarks.bench_library
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ambience.config.catalog import load_studio_library
from ambience.config.draft import Draft, data_of
from ambience.config.paths import bundled_presets_dir
from ambience.config.watch import FolderWatch
from ambience.session.plan import SessionPlan
from ambience.session.profile import session_profile


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and worst time of ``work`` in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    bundled = bundled_presets_dir()
    folder = Path(tempfile.mkdtemp(prefix="ambience-bench-"))
    try:
        source = (bundled / "swedish-massage.toml").read_text(encoding="utf-8")
        print(
            "owner presets  read library (ms, median / worst)  look for changes (ms)  reload after a change"
        )
        for count in (0, 20, 100, 300):
            for old in folder.glob("*.toml"):
                old.unlink()
            for index in range(count):
                text = source.replace('name = "Swedish massage"', f'name = "Preset {index:03d}"')
                (folder / f"p{index:03d}.toml").write_text(text.replace('"music"', '"bundled:music"'))
            read = timed(lambda: load_studio_library(bundled, folder), 5)
            watch = FolderWatch([bundled, folder])
            look = timed(watch.changed, 50)
            (folder / "p000.toml").touch() if count else None
            changed = watch.changed() if count else False
            reload = timed(lambda: load_studio_library(bundled, folder), 3)
            seen = "seen" if changed else "-"
            print(
                f"{count:>12}  {read[0]:>10.1f} / {read[1]:<10.1f}"
                f"            {look[0]:>6.3f} / {look[1]:<6.3f}          {seen:>4}, {reload[0]:.1f} ms"
            )
        library = load_studio_library(bundled, None)
        preset = library.entry("Swedish massage").loaded.preset  # type: ignore[union-attr]
        data = data_of(preset)
        check = timed(lambda: Draft(data).problems(), 50)
        plan = SessionPlan.from_preset(preset, tracks=lambda e: e)
        chart = timed(lambda: session_profile(plan), 50)
        long_plan = SessionPlan.from_preset(preset.model_copy(update={"minutes": 240.0}), tracks=lambda e: e)
        long_chart = timed(lambda: session_profile(long_plan), 20)
        print()
        print(
            f"editor, per change: check a draft {check[0]:.2f} ms (worst {check[1]:.2f}); "
            f"chart of 60 min {chart[0]:.2f} ms (worst {chart[1]:.2f}); of 240 min {long_chart[0]:.2f} ms"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Shared by the side-by-side benchmarks: child processes, CPU burners, memory readings, ratio tables.

Each figure is measured in a fresh child process (``benchmarks.probe_panel`` for the app,
``benchmarks.probe_bare`` for the baseline), alternating app and baseline so both see the same
machine; a child prints one JSON object on its last line of output.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUIET_ENV = {
    "QT_QPA_PLATFORM": "offscreen",
    "SDL_AUDIODRIVER": "dummy",
    "PYGAME_HIDE_SUPPORT_PROMPT": "1",
}


# The children's config and data folders: a benchmark never touches the user's own. Made by the
# parent when it starts its first child (a child imports this module too, and ends with os._exit,
# which would leave a folder of its own behind).
_HOME: str | None = None


def _home() -> str:
    global _HOME
    if _HOME is None:
        _HOME = tempfile.mkdtemp(prefix="ambience-bench-")
        atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
    return _HOME


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # An installed app starts from compiled bytecode (pip and uv compile it); a shell that turns
    # the bytecode cache off would time the compiler instead of the app.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for key, value in QUIET_ENV.items():
        env.setdefault(key, value)
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[key] = os.path.join(_home(), key.lower())
    # The children import this checkout (also when it is not the installed one).
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.update(extra or {})
    return env


def run_child(module: str, *args: str, timeout: float = 600.0, env: dict[str, str] | None = None) -> Any:
    """Run ``python -m benchmarks.<module> args`` and return the JSON object it printed last."""
    command = [sys.executable, "-m", f"benchmarks.{module}", *args]
    done = subprocess.run(
        command, cwd=ROOT, env=child_env(env), capture_output=True, text=True, timeout=timeout, check=False
    )
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(
        f"{' '.join(command)} printed no result (exit {done.returncode}):\n{done.stderr[-3000:]}"
    )


def emit(result: dict[str, Any]) -> None:
    """A child's answer: one JSON line, flushed (the child may leave with ``os._exit`` next)."""
    print(json.dumps(result), flush=True)


@contextlib.contextmanager
def cpu_burners(count: int) -> Iterator[None]:
    """``count`` processes that each keep a core busy for as long as the block runs."""
    procs = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], stdin=subprocess.DEVNULL)
        for _ in range(count)
    ]
    try:
        time.sleep(0.2 if procs else 0.0)
        yield
    finally:
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.wait()


def cpu_seconds() -> float:
    """CPU time of this process, every thread included (the mixer's audio thread too).

    The kernel's precise count (``os.times`` counts in hundredths, too coarse for 0.1 %).
    """
    return time.process_time()


def rss_mib(pid: int | str = "self") -> float:
    """Resident memory of a process, in MiB (the figure ``top`` and the issue tables use)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc status")


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0–1) quantile, nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table (the figures paste into docs/PERFORMANCE.md as they are)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.1f}×" if baseline > 0 else "—"

"""The real panel in a child process, measured from inside: start-up, CPU, memory, cue lateness.

Run by the benchmarks (never by hand, though it can be); prints one JSON line and leaves.

    --measure startup        runs ``ambience --demo`` as the command does and notes the first paint
                             of the window and the moment the preset tiles are painted and answer
    --measure cpu            share of a core over ``--seconds`` after ``--warmup``
    --measure memory         resident memory after ``--warmup``, then after a track change
    --measure memory-curve   resident memory every ``--sample`` seconds, a track change every
                             ``--change-every`` seconds, sessions back to back (use ``--speed``)
    --measure cues           lateness of cues booked on the panel's own loop (see bench_cues)

``--rooms N`` runs the demo studio (N = 2) or N rooms like it; ``--night`` turns the panel's night
mode on once the sessions run; ``--real`` runs it as the studio's panel instead of a demo (its own
journal, nothing booked).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

START = time.monotonic()

from ambience.ui.qt import QApplication, QEvent, QObject, QTimer, QWidget  # noqa: E402
from benchmarks.harness import cpu_seconds, emit, rss_mib  # noqa: E402

PRESET = "swedish"


class Watcher(QObject):
    """Start-up marks: the first paint of a window, the first paint of a preset tile."""

    def __init__(self) -> None:
        super().__init__()
        self.first_paint: float | None = None
        self.tile_paint: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            now = time.monotonic()
            if self.first_paint is None and watched.isWindow():
                self.first_paint = now
            if self.tile_paint is None and type(watched).__name__ == "PresetTile":
                self.tile_paint = now
                # Usable once the loop is free again to take a touch: the next turn of the loop.
                QTimer.singleShot(0, self.usable)
        return False

    def usable(self) -> None:
        emit(
            {
                "started_at": START,
                "first_paint_at": self.first_paint,
                "tiles_painted_at": self.tile_paint,
                "tiles_usable_at": time.monotonic(),
            }
        )
        os._exit(0)


def main_window() -> Any:
    """The panel's window once it exists (None before)."""
    module = sys.modules.get("ambience.ui.panel.window")
    if module is None:
        return None
    for widget in QApplication.allWidgets():
        if isinstance(widget, module.MainWindow) and widget.room_pages:
            return widget
    return None


def when_window(then: Any) -> None:
    """Call ``then(window)`` as soon as the panel's window is built."""
    timer = QTimer()
    timer.setInterval(20)

    def look() -> None:
        window = main_window()
        if window is not None:
            timer.stop()
            then(window)

    timer.timeout.connect(look)
    timer.start()
    _keep.append(timer)


_keep: list[Any] = []


def start_sessions(window: Any, ago_s: float = 0.0) -> None:
    """The Swedish massage in every room, started ``ago_s`` seconds ago (0: now).

    Started on the room's engine, as the Start button ends up doing, whatever the demo's day has
    booked in the room meanwhile.
    """
    for page in window.room_pages:
        loaded = next(p for p in page.room.presets() if PRESET in p.name.casefold())
        engine = page.room.room
        engine.start(page.room.studio.studio.plan(loaded), at=engine.clock.now() - ago_s)


def night_mode(window: Any, on: bool) -> bool:
    """Dim the panel as night mode does after a while without a touch; False when it has none."""
    watch = getattr(window, "night_watch", None)
    if watch is None:
        return False
    if on:
        window._night_wanted()  # the dark screen takes the room's countdown and phase
        watch.dim()
    else:
        watch.wake()
    return True


def players(window: Any) -> list[Any]:
    found = []
    for page in window.room_pages:
        for device in page.room.room.devices:
            if type(device).__name__ == "PygameMusicPlayer":
                found.append(device)
    return found


def change_tracks(window: Any) -> int:
    count = 0
    for player in players(window):
        _keep.append(asyncio.ensure_future(player.next()))
        count += 1
    return count


def measure_cpu(window: Any, args: argparse.Namespace) -> None:
    # Ten minutes in: the first phase's fades are over, as for most of a session.
    start_sessions(window, ago_s=600.0)
    if args.night and not night_mode(window, True):
        emit({"night": "unavailable"})
        os._exit(3)

    def begin() -> None:
        marks = (time.monotonic(), cpu_seconds())

        def end() -> None:
            wall, cpu = time.monotonic() - marks[0], cpu_seconds() - marks[1]
            emit({"cpu_percent": 100 * cpu / wall, "seconds": wall, "rss_mib": rss_mib()})
            os._exit(0)

        QTimer.singleShot(int(args.seconds * 1000), end)

    QTimer.singleShot(int(args.warmup * 1000), begin)


def measure_idle_cpu(window: Any, args: argparse.Namespace) -> None:
    def begin() -> None:
        marks = (time.monotonic(), cpu_seconds())

        def end() -> None:
            wall, cpu = time.monotonic() - marks[0], cpu_seconds() - marks[1]
            emit({"cpu_percent": 100 * cpu / wall, "seconds": wall, "rss_mib": rss_mib()})
            os._exit(0)

        QTimer.singleShot(int(args.seconds * 1000), end)

    QTimer.singleShot(int(args.warmup * 1000), begin)


def measure_memory(window: Any, args: argparse.Namespace) -> None:
    start_sessions(window)
    result: dict[str, Any] = {}

    def running() -> None:
        result["rss_mib"] = rss_mib()
        result["track_changes"] = change_tracks(window)
        QTimer.singleShot(8000, changed)

    def changed() -> None:
        result["rss_after_track_change_mib"] = rss_mib()
        emit(result)
        os._exit(0)

    QTimer.singleShot(int(args.warmup * 1000), running)


def measure_memory_curve(window: Any, args: argparse.Namespace) -> None:
    """Two hours of studio time (at ``--speed``), sessions back to back, forced track changes."""
    start_sessions(window)
    clock = window.facade.clock
    began_studio = clock.now()
    began = time.monotonic()
    samples: list[tuple[float, float]] = []
    changes: list[float] = []
    next_change = [began + args.change_every]

    def sample() -> None:
        now = time.monotonic()
        minutes = (clock.now() - began_studio) / 60.0
        samples.append((round(minutes, 2), round(rss_mib(), 1)))
        for page in window.room_pages:  # a session that ended makes room for the next one
            state = page.room.room.state()
            if state.status.value in ("ended", "idle"):
                loaded = next(p for p in page.room.presets() if PRESET in p.name.casefold())
                page.room.room.start(page.room.studio.studio.plan(loaded))
        if args.change_every > 0 and now >= next_change[0]:
            next_change[0] += args.change_every
            if change_tracks(window):
                changes.append(round(minutes, 2))
        if now - began >= args.seconds:
            emit({"samples": samples, "track_changes": changes, "speed": args.speed})
            os._exit(0)

    timer = QTimer()
    timer.setInterval(int(args.sample * 1000))
    timer.timeout.connect(sample)
    timer.start()
    _keep.append(timer)
    sample()


def measure_cues(window: Any, args: argparse.Namespace) -> None:
    """Chains of cues booked ahead at random leads, each on a scheduler of its own on the panel's loop.

    One scheduler per chain, so each timer is armed for the cue's whole lead, as a room's cue is
    when nothing else is due before it. Notes how late each cue starts, and every time a
    scheduler's timer fires before the moment it was armed for (an early wake-up).
    """
    from ambience.engine.clock import SystemClock
    from ambience.engine.scheduling import CueScheduler

    start_sessions(window)
    rng = random.Random(13)
    clock = SystemClock()
    late_ms: list[float] = []
    stats = {"timer_fires": 0, "early_fires": 0}
    began = time.monotonic()
    finishing = [False]

    def lead() -> float:
        # Log-uniform from 0.1 s to 30 s: fade steps a second apart up to the next poll.
        return 0.1 * (300.0 ** rng.random())

    def watch(cue: CueScheduler) -> None:
        sched: Any = cue.scheduler

        def start_timer(wait_seconds: float | None) -> None:
            sched._stop_timer()
            if wait_seconds is None:
                return
            armed_for = time.monotonic() + wait_seconds

            def fired() -> None:
                stats["timer_fires"] += 1
                if time.monotonic() < armed_for:
                    stats["early_fires"] += 1
                sched.wakeup()

            sched._timeout = sched._eventloop.call_later(wait_seconds, fired)

        sched._start_timer = start_timer

    async def cue(chain: CueScheduler, job: str, due: float) -> None:
        late_ms.append((time.time() - due) * 1000)
        if time.monotonic() - began < args.seconds:
            book(chain, job)
        elif not finishing[0]:
            finishing[0] = True
            QTimer.singleShot(31_000, report)  # the longest lead: every cue still booked fires

    def book(chain: CueScheduler, job: str) -> None:
        due = clock.now() + lead()
        chain.at(job, due, cue, chain, job, due)

    def report() -> None:
        emit({"late_ms": late_ms, **stats})
        os._exit(0)

    def begin() -> None:
        for i in range(args.chains):
            chain = CueScheduler.create(clock)
            chain.start()
            watch(chain)
            book(chain, f"probe:{i}")

    QTimer.singleShot(int(args.warmup * 1000), begin)


def config_of(rooms: int) -> Any:
    from ambience.config.rooms import RoomConfig, StudioConfig, demo_studio

    demo = demo_studio()
    if rooms == len(demo.rooms):
        return demo
    template = demo.rooms[1]  # simulated music; the first room keeps the real player
    extra = [RoomConfig(id=f"room-{i}", name=f"Room {i}", devices=template.devices) for i in range(2, rooms)]
    return StudioConfig(name=demo.name, rooms=(*demo.rooms[: min(rooms, 2)], *extra))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--measure",
        choices=("startup", "cpu", "idle-cpu", "memory", "memory-curve", "cues"),
        default="startup",
    )
    parser.add_argument("--rooms", type=int, default=2)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--sample", type=float, default=1.0)
    parser.add_argument("--change-every", type=float, default=10.0)
    parser.add_argument("--chains", type=int, default=40)
    parser.add_argument("--night", action="store_true")
    parser.add_argument("--real", action="store_true", help="the studio's panel, not a demo (nothing booked)")
    args = parser.parse_args()
    if args.measure == "startup":
        # As the `ambience` command starts (its entry point, or the command line's where there is
        # none), on a QApplication made here a moment earlier than the app would (same cost).
        app = QApplication(sys.argv[:1])
        watcher = Watcher()
        app.installEventFilter(watcher)
        try:
            from ambience.launch import main as ambience
        except ImportError:
            from ambience.cli import main as ambience
        ambience(["--demo"])
        return
    app = QApplication(sys.argv[:1])
    action = {
        "cpu": measure_cpu,
        "idle-cpu": measure_idle_cpu,
        "memory": measure_memory,
        "memory-curve": measure_memory_curve,
        "cues": measure_cues,
    }[args.measure]
    when_window(lambda window: action(window, args))
    from ambience.ui.app import run_panel

    if args.real:  # a journal of its own, in the benchmark's own data folder
        data = Path(os.environ.get("XDG_DATA_HOME") or tempfile.mkdtemp(prefix="ambience-bench-"))
        run_panel(config_of(args.rooms), speed=args.speed, journal_path=data / "sessions.sqlite3")
    else:
        run_panel(config_of(args.rooms), speed=args.speed, demo=True)


if __name__ == "__main__":
    main()

"""Takes the README's screenshots from the real panel on the simulated studio, with a stopped clock.

    uv run python -m tools.screenshots docs/screenshots [--size 1024x600]

The clock is a manual one, moved to a moment mid-session and the rooms' cues fired up to it,
so the pictures are the same on every run and take no waiting.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

import qasync

from ambience.config.rooms import StudioConfig, demo_studio
from ambience.engine.clock import ManualClock
from ambience.engine.room import RoomEngine
from ambience.engine.scheduling import CueScheduler
from ambience.engine.studio import Studio
from ambience.ui import theme
from ambience.ui.facade import StudioFacade
from ambience.ui.panel.window import MainWindow
from ambience.ui.qt import QApplication, QWidget

# A quiet afternoon, local time.
START = datetime(2026, 3, 12, 14, 0).timestamp()


def simulated(config: StudioConfig) -> StudioConfig:
    """The demo studio with every device simulated (no sound card needed, same picture every time)."""
    rooms = tuple(
        room.model_copy(
            update={"devices": tuple(d.model_copy(update={"backend": "simulated"}) for d in room.devices)}
        )
        for room in config.rooms
    )
    return config.model_copy(update={"rooms": rooms})


async def two_sessions_under_way(studio: Studio, clock: ManualClock) -> None:
    """The second room started ten minutes before the first (Deep tissue, then Swedish massage),
    both 32 minutes into the first one's: the rooms' tabs show two sessions."""
    first, second = studio.rooms[0], studio.rooms[1]
    presets = {p.name: p for p in studio.presets_for(first)}
    swedish = presets.get("Swedish massage") or next(iter(presets.values()))
    other = presets.get("Deep tissue") or swedish
    second.start(studio.plan(other))
    await play_until(second, clock, START + 10 * 60)
    first.start(studio.plan(swedish))
    for room in (first, second):
        await play_until(room, clock, START + 32 * 60 + 17)


async def play_until(room: RoomEngine, clock: ManualClock, t: float) -> None:
    """Move the clock to ``t``, running every cue of the room on the way, as the scheduler would."""
    while True:
        state = room.state()
        due = state.next_cue
        if due is None or due > t:
            break
        clock.set(due)
        await room.cue()
        await settle()
    clock.set(t)
    await room.poll()
    await settle()


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def shoot(out: Path, width: int, height: int) -> list[Path]:
    clock = ManualClock(START)
    scheduler = CueScheduler.create(clock)
    scheduler.start(paused=True)
    studio = Studio.build(simulated(demo_studio()), clock, scheduler)
    facade = StudioFacade(studio)
    window = MainWindow(facade, demo=True, speed=1.0)
    window.resize(width, height)
    window.show()
    saved: list[Path] = []
    try:
        first = studio.rooms[0]
        presets = {p.name: p for p in studio.presets_for(first)}
        window.page_for(first.id).tiles.select(presets.get("Swedish massage") or next(iter(presets.values())))
        await settle()
        saved.append(grab(window, out / "tiles.png"))
        await two_sessions_under_way(studio, clock)
        facade.refresh()
        await settle()
        saved.append(grab(window, out / "running.png"))
    finally:
        facade.close()
        window.hide()
        await studio.close()
        scheduler.shutdown()
    return saved


def grab(widget: QWidget, path: Path) -> Path:
    """Save what ``widget`` shows as a PNG at ``path``."""
    QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path), "PNG")
    return path


def run_shots(shoot: Callable[[], Awaitable[list[Path]]]) -> int:
    """Run ``shoot()`` on the panel's kind of loop (Qt with asyncio, the panel's theme) and print
    each picture it saved, with its size."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    theme.apply(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        saved = loop.run_until_complete(shoot())
    for path in saved:
        print(f"{path} ({path.stat().st_size // 1024} KB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Take the panel's screenshots on the simulated studio.")
    parser.add_argument("out", type=Path, help="folder for tiles.png and running.png")
    parser.add_argument("--size", default="1024x600", help="window size, WIDTHxHEIGHT (default 1024x600)")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    return run_shots(lambda: shoot(args.out, width, height))


if __name__ == "__main__":
    raise SystemExit(main())

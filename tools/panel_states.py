"""Takes the pictures of the panel as a wall-mounted touch screen shows it, on the simulated studio.

    uv run python -m tools.panel_states docs/screenshots

The running view at 800×480 and 1920×1080, a paused session, the Adjust sheet, night mode (and
its mean luminance, printed), the welcome of a first start and the window a broken rooms config
opens. The clock is a manual one, as in ``tools.screenshots``: the same pictures on every run.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from pathlib import Path

from ambience.config.rooms import demo_studio
from ambience.config.validation import FileError
from ambience.engine.clock import ManualClock
from ambience.engine.scheduling import CueScheduler
from ambience.engine.studio import Studio
from ambience.ui import theme
from ambience.ui.facade import StudioFacade
from ambience.ui.panel.broken_config import BrokenConfigWindow
from ambience.ui.panel.window import MainWindow
from ambience.ui.qt import QColor, QWidget
from tools.screenshots import START, run_shots, settle, simulated, two_sessions_under_way

SMALL, LARGE, TABLET = (800, 480), (1920, 1080), (1024, 600)


def mean_luminance(widget: QWidget) -> float:
    """The mean relative luminance of what ``widget`` shows (0: black, 1: white)."""
    image = widget.grab().toImage()
    total, count = 0.0, 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            total += theme.luminance(QColor(image.pixel(x, y)).name())
            count += 1
    return total / max(1, count)


async def grab(widget: QWidget, path: Path, size: tuple[int, int]) -> Path:
    widget.resize(*size)
    # Back to the shared loop a few times: Qt lays the window out, the devices' commands land.
    for _ in range(4):
        await settle()
        await asyncio.sleep(0.01)
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path), "PNG")
    return path


async def shoot(out: Path, report: Callable[[str], None]) -> list[Path]:
    clock = ManualClock(START)
    scheduler = CueScheduler.create(clock)
    scheduler.start(paused=True)
    studio = Studio.build(simulated(demo_studio()), clock, scheduler)
    facade = StudioFacade(studio)
    window = MainWindow(facade, demo=True, speed=1.0, welcome=True)
    window.resize(*TABLET)
    window.show()
    saved: list[Path] = []
    try:
        saved.append(await grab(window, out / "welcome.png", TABLET))
        window.close_welcome()
        first = studio.rooms[0]
        await two_sessions_under_way(studio, clock)
        facade.refresh()
        await settle()
        saved.append(await grab(window, out / "running-800x480.png", SMALL))
        saved.append(await grab(window, out / "running-1920x1080.png", LARGE))

        page = window.page_for(first.id)
        page.toggle_adjust()
        saved.append(await grab(window, out / "adjust-800x480.png", SMALL))
        page.toggle_adjust()

        first.pause()
        facade.refresh()
        await settle()
        saved.append(await grab(window, out / "paused.png", TABLET))

        watch = window.night_watch
        moment = [0.0]
        watch.clock = lambda: moment[0]
        watch.last_touch = 0.0
        moment[0] = watch.after_s + 1
        first.resume()
        facade.refresh()
        watch.check()
        saved.append(await grab(window, out / "night.png", TABLET))
        report(f"night mode: mean luminance {mean_luminance(window):.4f} at 1024×600")
        (await grab(window, out / "night-800x480.png", SMALL)).unlink()
        report(f"night mode: mean luminance {mean_luminance(window):.4f} at 800×480")
        watch.wake()
        report(f"awake (running view): mean luminance {mean_luminance(window):.4f} at 800×480")
    finally:
        facade.close()
        window.hide()
        await studio.close()
        scheduler.shutdown()

    broken = BrokenConfigWindow(
        FileError(
            Path("/home/studio/.config/ambience/rooms.toml"),
            (
                (
                    "rooms[0].devices[1].role",
                    "must be 'light', 'diffuser', 'thermostat' or 'music', got 'lamp'",
                ),
            ),
        )
    )
    broken.show()
    saved.append(await grab(broken, out / "broken-config.png", SMALL))
    broken.choice = "quit"  # a picture only: nothing is chosen
    broken.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Take the panel's pictures as touch screens show it.")
    parser.add_argument("out", type=Path, help="folder for the pictures")
    args = parser.parse_args(argv)
    return run_shots(lambda: shoot(args.out, print))


if __name__ == "__main__":
    raise SystemExit(main())

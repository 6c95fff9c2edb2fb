"""The README's walk through the preset editor, taken from the real window on the simulated studio.

    uv run python -m tools.editor_screenshots docs/screenshots

An owner builds a new 60-minute preset with three phases and a playlist of their choosing, tries
it in a simulated room, saves it and finds its tile where they put it; the pictures are taken
on the way, at 1024×600 and 1920×1080 (and 800×480, to check a 7" panel). Nothing is written
outside a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from ambience.config.rooms import demo_studio
from ambience.engine.clock import ManualClock
from ambience.engine.scheduling import CueScheduler
from ambience.engine.studio import Studio
from ambience.ui.editor.page import EditorPage
from ambience.ui.facade import StudioFacade
from ambience.ui.panel.window import MainWindow
from tools.screenshots import grab, run_shots, simulated

START = datetime(2026, 3, 12, 9, 30).timestamp()
SIZES = ((1024, 600), (1920, 1080), (800, 480))
PIN = "2468"


async def _settle(rounds: int = 20) -> None:
    for _ in range(rounds):
        await asyncio.sleep(0.01)  # Qt's events are served meanwhile: the loop is Qt's


def _set(page: EditorPage, value: float, *path: str | int) -> None:
    """Drag a field's slider to ``value``, as a finger would."""
    page.form.refresh()
    fields = list(page.form.fields())
    for card in page.form.phases.cards:
        fields.extend(card.fields())
    stepper = next(f for f in fields if f.path == path).stepper  # type: ignore[attr-defined]
    stepper.slider.setValue(round((value - stepper.minimum) / stepper.step))
    stepper.released.emit()


async def walk(out: Path, width: int, height: int, suffix: str) -> list[Path]:
    folder = Path(tempfile.mkdtemp(prefix="ambience-editor-"))
    config = simulated(demo_studio()).model_copy(update={"presets_dir": str(folder / "presets")})
    clock = ManualClock(START)
    scheduler = CueScheduler.create(clock)
    scheduler.start(paused=True)
    studio = Studio.build(config, clock, scheduler)
    facade = StudioFacade(studio)
    window = MainWindow(facade, demo=True, config_path=folder / "rooms.toml", demo_folder=folder)
    window.resize(width, height)
    window.show()
    saved: list[Path] = []
    try:
        window.owner.enter(PIN)
        window.open_editor()
        await _settle()
        dialog = window.dialog
        assert dialog is not None
        page = dialog.findChild(EditorPage)
        assert page is not None
        dialog.resize(width, height)
        # New: an hour, three phases, a playlist of the owner's choosing.
        page.new_preset()
        page.form.name.edit.setText("Hot stones")  # type: ignore[union-attr]
        page.form.name.edit.textEdited.emit("Hot stones")  # type: ignore[union-attr]
        page.model.seal()
        page.form.fields()[1].edit.setPlainText(  # type: ignore[attr-defined]
            "Warm basalt stones, a long quiet middle and a slow wake-up."
        )
        _set(page, 60, "minutes")
        playlist = page.form.playlist
        playlist.remove_entry(0)  # type: ignore[attr-defined]
        bundled = Path(__file__).resolve().parent.parent / "presets" / "music"
        playlist.add(
            [bundled / "05-warm-stones.ogg", bundled / "02-soft-rain.ogg", bundled / "04-evening-drone.ogg"]
        )  # type: ignore[attr-defined]
        _set(page, 22, "lighting", "level")
        page.model.set(("phases", 1, "name"), "Stones")
        _set(page, 45, "phases", 1, "minutes")
        _set(page, 10, "phases", 2, "minutes")
        page.model.set(("phases", 1, "climate"), {"target_c": 26.0})
        page.model.set(("diffuser", "enabled"), True)
        page.model.set(("diffuser", "blend"), "lavender & bergamot")
        page.model.seal()
        # Try it in the Lavender room, in the middle of the stones.
        page.trial_room = "lavender"
        page.trial_bar.switch.click()
        await _settle(40)
        page.set_moment(25 * 60)
        room = studio.rooms[0]
        clock.set(clock.now() + 3)
        await room.settle()
        await _settle()
        page.form.show_tab(5)
        saved.append(grab(dialog, out / f"editor-phases{suffix}.png"))
        page.form.show_tab(2)
        saved.append(grab(dialog, out / f"editor{suffix}.png"))
        if page.form.chart_tab.isVisibleTo(page):  # a short screen: the chart has a tab of its own
            page.form.show_tab(page.form.tab_group.id(page.form.chart_tab))
            saved.append(grab(dialog, out / f"editor-chart{suffix}.png"))
        # Save, put the tile second, and back to the rooms.
        page.stop_trying()
        page.save()
        await _settle(60)
        for _ in range(20):
            if page.list.names().index("Hot stones") <= 1:
                break
            page.list.move_current(-1)
            await _settle(10)
        dialog.accept()
        await _settle()
        if window.owner_menu is not None:
            window.owner_menu.reject()
        await _settle(30)
        tiles = window.page.tiles
        tiles.select(next(t.loaded for t in tiles.tiles if t.name_text == "Hot stones" and t.loaded))
        await _settle()
        saved.append(grab(window, out / f"tiles-hot-stones{suffix}.png"))
    finally:
        facade.close()
        window.hide()
        await studio.close()
        scheduler.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Take the editor's screenshots on the simulated studio.")
    parser.add_argument("out", type=Path, help="folder for editor-*.png and tiles-hot-stones-*.png")
    args = parser.parse_args(argv)

    async def every_size() -> list[Path]:
        saved: list[Path] = []
        for width, height in SIZES:
            saved += await walk(args.out, width, height, f"-{width}x{height}")
        return saved

    return run_shots(every_size)


if __name__ == "__main__":
    raise SystemExit(main())

"""A studio with a journal, a day book and a planner on virtual time; a new one is a restart."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from ambience.agenda.planner import Planner
from ambience.config.rooms import StudioConfig
from ambience.journal.daybook import DayBook
from tests.factories import preset_data, room_config
from tests.support.studio import StudioRun

MIN = 60.0


def studio_config(**settings) -> StudioConfig:
    return StudioConfig(rooms=(room_config("lotus"), room_config("cedar", auto_start=True)), **settings)


def write_library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.ogg", "b.ogg"):
        (folder / name).write_bytes(b"")
    (folder / "deep.toml").write_text(tomli_w.dumps(preset_data(name="Deep tissue")), encoding="utf-8")
    (folder / "quick.toml").write_text(
        tomli_w.dumps(preset_data(name="Quick", minutes=30, phases=[])), encoding="utf-8"
    )
    return folder


class App(StudioRun):
    """One run of the panel's domain: studio, journal, day book, planner."""

    home = "lotus"

    def __init__(self, tmp: Path, config: StudioConfig | None = None) -> None:
        if not (tmp / "presets").exists():
            write_library(tmp / "presets")
        self.book = DayBook(tmp / "day.sqlite3")
        super().__init__(tmp, config or studio_config(), book=self.book)
        self.planner = Planner(self.studio, self.book)
        self.planner.open()

    async def kill(self) -> None:
        """The process dies: nothing is stopped; what was written stays on disk."""
        await self.settle()
        self.planner.close()
        self.journal.flush()
        self.journal.close()
        self.book.close()
        self.scheduler.shutdown()

    async def quit(self) -> None:
        await self.kill()

"""A studio with a journal, a day book and a planner on virtual time; a new one is a restart."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from ambience.agenda.planner import Planner
from ambience.config.library import load_library
from ambience.config.rooms import StudioConfig
from ambience.engine.studio import Studio
from ambience.journal.daybook import DayBook
from ambience.journal.journal import SessionJournal
from ambience.journal.restore import restore_sessions
from tests.factories import preset_data, room_config
from tests.support.virtual import VirtualScheduler

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


class App:
    """One run of the panel's domain: studio, journal, day book, planner."""

    def __init__(self, tmp: Path, config: StudioConfig | None = None) -> None:
        if not (tmp / "presets").exists():
            write_library(tmp / "presets")
        self.scheduler = VirtualScheduler()
        self.scheduler.start()
        self.clock = self.scheduler.clock
        self.journal = SessionJournal(tmp / "sessions.sqlite3", clock=self.clock.now)
        self.book = DayBook(tmp / "day.sqlite3")
        library = load_library(tmp / "presets")
        assert not library.errors, library.errors
        self.studio = Studio.build(
            config or studio_config(), self.clock, self.scheduler, library=library, recorder=self.journal
        )
        restore_sessions(self.studio.rooms, self.journal, self.clock.now(), book=self.book)
        self.planner = Planner(self.studio, self.book)
        self.planner.open()

    def room(self, room_id: str = "lotus"):
        return self.studio.room(room_id)

    def device(self, device_id: str, room_id: str = "lotus"):
        return next(d for d in self.room(room_id).devices if d.id == device_id)

    async def settle(self) -> None:
        for room in self.studio.rooms:
            await room.settle()

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

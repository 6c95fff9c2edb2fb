"""One run of the studio on virtual time with its session journal; a new one is what starts after a kill."""

from __future__ import annotations

from pathlib import Path

from ambience.config.library import load_library
from ambience.config.rooms import StudioConfig
from ambience.engine.room import RoomEngine
from ambience.engine.studio import Studio
from ambience.journal.daybook import DayBook
from ambience.journal.journal import SessionJournal
from ambience.journal.restore import restore_sessions
from tests.support.virtual import VirtualScheduler


class StudioRun:
    """The studio built on the presets in ``tmp/presets``, its journal beside them, and what it restored."""

    home = "lavender"  # the room a test means when it names none

    def __init__(
        self, tmp: Path, config: StudioConfig, *, clock_offset: float = 0.0, book: DayBook | None = None
    ) -> None:
        self.scheduler = VirtualScheduler(clock_offset)
        self.scheduler.start()
        self.clock = self.scheduler.clock
        self.journal = SessionJournal(tmp / "sessions.sqlite3", clock=self.clock.now)
        library = load_library(tmp / "presets")
        assert not library.errors, library.errors
        self.studio = Studio.build(config, self.clock, self.scheduler, library=library, recorder=self.journal)
        self.restored = restore_sessions(self.studio.rooms, self.journal, self.clock.now(), book=book)

    def room(self, room_id: str | None = None) -> RoomEngine:
        return self.studio.room(room_id or self.home)

    def device(self, device_id: str, room_id: str | None = None):
        return next(d for d in self.room(room_id).devices if d.id == device_id)

    async def settle(self) -> None:
        for room in self.studio.rooms:
            await room.settle()

    async def kill(self) -> None:
        """The process dies: nothing is stopped; what the journal had written stays on disk."""
        await self.settle()
        self.journal.flush()
        self.journal.close()
        self.scheduler.shutdown()

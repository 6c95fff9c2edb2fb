"""The studio: every room's engine built from the rooms config, and the preset library."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from ambience.config.catalog import LibraryEntry, entries_of, library_of, owner_folder
from ambience.config.library import LoadedPreset, PresetLibrary, plan_of, scope_for
from ambience.config.music import MusicScope
from ambience.config.paths import bundled_presets_dir
from ambience.config.rooms import StudioConfig
from ambience.engine.clock import Clock
from ambience.engine.factory import DeviceContext, create_device
from ambience.engine.recorder import SessionRecorder
from ambience.engine.room import RoomEngine
from ambience.engine.scheduling import CueScheduler
from ambience.session.plan import SessionPlan


class Studio:
    """All rooms of a studio, sharing one clock and one scheduler."""

    def __init__(
        self,
        config: StudioConfig,
        rooms: list[RoomEngine],
        library: PresetLibrary,
        context: DeviceContext,
        scheduler: CueScheduler,
        *,
        timeout_s: float = 5.0,
        recorder: SessionRecorder | None = None,
    ) -> None:
        self.config = config
        self.rooms = rooms
        self.library = library
        self.context = context
        self.scheduler = scheduler
        self.timeout_s = timeout_s
        self.recorder = recorder

    @classmethod
    def build(
        cls,
        config: StudioConfig,
        clock: Clock,
        scheduler: CueScheduler,
        *,
        library: PresetLibrary | None = None,
        context: DeviceContext | None = None,
        timeout_s: float = 5.0,
        recorder: SessionRecorder | None = None,
    ) -> Studio:
        """Every room of ``config`` with its devices; ``recorder`` (if any) keeps their sessions."""
        context = context or DeviceContext(clock=clock)
        if context.volume_cap is None:
            context.volume_cap = config.volume_cap
        if library is None:
            library = library_for(config)
        rooms = [
            RoomEngine(
                room.id,
                room.name,
                [create_device(room.id, device, context) for device in room.devices],
                clock,
                scheduler,
                timeout_s=timeout_s,
                recorder=recorder,
            )
            for room in config.rooms
        ]
        return cls(config, rooms, library, context, scheduler, timeout_s=timeout_s, recorder=recorder)

    def successor(self, config: StudioConfig, library: PresetLibrary | None = None) -> Studio:
        """A studio for a changed rooms ``config`` on this one's clock and scheduler.

        It takes over this studio's Kasa options and connections, so a
        device that stays at the same address keeps its open connection. Close this studio
        afterwards, and only while none of its rooms runs a session: rooms with the same id use
        the same job ids. The new rooms keep their sessions in this studio's recorder. Without
        ``library``, this studio's presets are kept when ``config`` reads the same folders with the
        same volume cap; else they are loaded again from disk.
        """
        if library is None:
            library = self.library if self.shares_library(config) else library_for(config)
        clock = self.context.clock
        # The new studio's cap comes from its own config.
        context = DeviceContext(clock=clock, faults=self.context.faults, kasa=self.context.kasa)
        return Studio.build(
            config,
            clock,
            self.scheduler,
            library=library,
            context=context,
            timeout_s=self.timeout_s,
            recorder=self.recorder,
        )

    def shares_library(self, config: StudioConfig) -> bool:
        """Whether ``config`` would load the very presets this studio has."""
        return (
            preset_dirs(config) == preset_dirs(self.config)
            and config.volume_cap == self.config.volume_cap
            and config.music_dirs == self.config.music_dirs
        )

    def music_scope(self) -> MusicScope:
        """Where the playlists of this studio's sessions may lead (each preset adds its own folder)."""
        return music_scope(self.config)

    def room(self, query: str) -> RoomEngine:
        room_id = self.config.room(query).id
        return next(r for r in self.rooms if r.id == room_id)

    def presets_for(self, room: RoomEngine) -> list[LoadedPreset]:
        """The presets offered in a room (all of them unless the room config names some)."""
        wanted = self.config.room(room.id).presets
        if not wanted:
            return list(self.library.presets)
        names = {w.casefold() for w in wanted}
        return [p for p in self.library.presets if p.name.casefold() in names]

    def entries_for(self, room: RoomEngine) -> list[LibraryEntry]:
        """The tiles of a room: its presets and the broken files among them, in the owner's order."""
        wanted = {w.casefold() for w in self.config.room(room.id).presets}
        entries = entries_of(self.library)
        return [e for e in entries if not wanted or e.key in wanted]

    def plan(self, loaded: LoadedPreset) -> SessionPlan:
        return plan_of(loaded, volume_cap=self.config.volume_cap)

    def can_simulate(self, room_id: str, device_id: str) -> bool:
        """Whether the device is a simulated one whose faults a demo's presenter can set."""
        return f"{room_id}/{device_id}" in self.context.faults

    async def simulate_outage(self, room_id: str, device_id: str, offline: bool) -> None:
        """A demo's presenter unplugs a simulated device (or plugs it back in); the room notices at once."""
        faults = self.context.faults.get(f"{room_id}/{device_id}")
        if faults is None:
            return
        faults.offline = offline
        await self.room(room_id).check_device(device_id)

    def start_polling(self) -> None:
        for room in self.rooms:
            room.start_polling()

    async def close(self) -> None:
        for room in self.rooms:
            room.close()
        for room in self.rooms:
            for device in room.devices:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(device.close(), 2.0)


def library_for(config: StudioConfig) -> PresetLibrary:
    """The presets ``config`` offers (read from disk): the bundled ones and the owner's folder."""
    return library_of(config)


def music_dirs(config: StudioConfig) -> list[Path]:
    """The owner's music folders named in the rooms config."""
    return [Path(folder).expanduser() for folder in config.music_dirs]


def music_scope(config: StudioConfig) -> MusicScope:
    return scope_for(None, music_dirs(config))


def preset_dirs(config: StudioConfig) -> list[Path]:
    """Where presets come from: the bundled library, then the owner's own."""
    return [bundled_presets_dir(), owner_folder(config)]

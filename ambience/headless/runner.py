"""The headless runner: plays one session in one room and prints every cue as a table or JSON lines."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import sys
from pathlib import Path
from typing import TextIO

from ambience.config.roles import Role
from ambience.config.rooms import StudioConfig
from ambience.engine.clock import Clock
from ambience.engine.factory import DeviceContext, KasaOptions
from ambience.engine.room import RoomEngine
from ambience.engine.scheduling import CueScheduler
from ambience.engine.snapshot import RoomSnapshot
from ambience.engine.studio import Studio
from ambience.headless.report import clock_text, device_cell, snapshot_record
from ambience.session.roomstate import Status

# How long to let the cue's commands land before printing what the devices report (real seconds).
SETTLE_WAIT_S = 1.0
ROLE_WIDTH = {Role.LIGHT: 10, Role.DIFFUSER: 8, Role.THERMOSTAT: 22, Role.MUSIC: 24}


class HeadlessRun:
    def __init__(
        self,
        config: StudioConfig,
        clock: Clock,
        *,
        json_lines: bool = False,
        out: TextIO | None = None,
        rooms_path: Path | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        # The rooms config that keeps what the run learns of Kasa/Tapo devices (how each one talks,
        # a hub child's id), as the panel does; None (a demo) keeps nothing.
        self.rooms_path = rooms_path
        self.json_lines = json_lines
        self.out = out or sys.stdout
        self._queue: asyncio.Queue[RoomSnapshot | None] = asyncio.Queue()
        self._room: RoomEngine | None = None
        self._started_at = 0.0
        self._last_key: object = None
        self._widths: list[int] = []

    def interrupt(self) -> None:
        """Ctrl-C: end the session properly (lights to turnover level, music off), then exit."""
        if self._room is not None and self._room.running:
            print("\nstopping the session…", file=sys.stderr)
            self._room.stop()
        else:
            self._queue.put_nowait(None)

    async def play(self, preset_query: str, room_query: str | None) -> int:
        scheduler = CueScheduler.create(self.clock)
        scheduler.start()
        context = DeviceContext(clock=self.clock, kasa=KasaOptions(rooms_path=self.rooms_path))
        studio = Studio.build(self.config, self.clock, scheduler, context=context)
        try:
            for error in studio.library.errors:
                print(f"warning: skipped invalid preset {error}", file=sys.stderr)
            loaded = studio.library.find(preset_query)
            room = studio.room(room_query) if room_query else studio.rooms[0]
            self._room = room
            if not self.json_lines:
                print(f"{loaded.name} in {room.name} — {loaded.preset.minutes:g} min", file=self.out)
            room.subscribe(self._queue.put_nowait)
            room.start(studio.plan(loaded))
            assert room.session is not None
            self._started_at = room.session.events[0].at
            room.start_polling()
            await self._print_until_ended(room)
            return 0
        finally:
            await studio.close()
            await scheduler.aclose()

    async def _print_until_ended(self, room: RoomEngine) -> None:
        while True:
            snapshot = await self._queue.get()
            if snapshot is None:
                return
            # Print once per distinct moment of the timeline, after its commands have landed.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(room.settle(), SETTLE_WAIT_S)
            for message in room.warnings():  # skipped files, no audio output
                print(f"warning: {room.name}: {message}", file=sys.stderr)
            snapshot = dataclasses.replace(snapshot, devices=room.snapshot().devices)
            key = self._key(snapshot)
            if key != self._last_key:
                self._last_key = key
                self._print(snapshot)
            if snapshot.state.status is Status.ENDED:
                return

    def _key(self, snapshot: RoomSnapshot) -> object:
        state = snapshot.state
        devices = tuple(device_cell(d, state) for d in snapshot.devices)
        return state.status, state.phase, devices

    def _print(self, snapshot: RoomSnapshot) -> None:
        if self.json_lines:
            print(json.dumps(snapshot_record(snapshot, self._started_at)), file=self.out, flush=True)
            return
        state = snapshot.state
        cells = [
            clock_text(state.at - self._started_at),
            str(state.phase or state.status),
            *(device_cell(d, state) for d in snapshot.devices),
        ]
        if not self._widths:
            header = ["time", "phase", *(d.name for d in snapshot.devices)]
            self._widths = [5, 10, *(max(len(d.name), ROLE_WIDTH[d.role]) for d in snapshot.devices)]
            self._write_row(header)
        self._write_row(cells)

    def _write_row(self, cells: list[str]) -> None:
        row = "  ".join(c.ljust(w) for c, w in zip(cells, self._widths, strict=True))
        print(row.rstrip(), file=self.out, flush=True)

"""Choosing where a room's music plays, for the owner's Devices page: the choices a room has and
its music entry in the rooms config.

No Qt here. Listing the computer's outputs touches SDL, so the page runs ``list_outputs`` off the
UI thread and hands the result to these functions.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, RoomConfig, StudioConfig
from ambience.setup.placement import room_by_id, unique_id

MUSIC_ID = "music"
DEFAULT_OUTPUT = "This computer — default output"
BACKEND_NAMES = {"simulated": "simulated player (no sound)"}


@dataclass(frozen=True)
class MusicChoice:
    """Where a room's music plays: nowhere, through this computer (on ``output``; None: the
    default one), or on an entry of another backend kept as the rooms config has it."""

    kind: Literal["none", "computer", "kept"]
    output: str | None = None
    kept: DeviceConfig | None = None

    @property
    def label(self) -> str:
        """The choice's name as the owner sees it (an output's name exactly as SDL gives it)."""
        if self.kind == "computer":
            return self.where
        return self.where[:1].upper() + self.where[1:]

    @property
    def where(self) -> str:
        """Where the music plays, in a few words that fit in a sentence."""
        if self.kind == "none":
            return "no music"
        if self.kind == "computer":
            return self.output or DEFAULT_OUTPUT
        assert self.kept is not None
        return BACKEND_NAMES.get(self.kept.backend, f"{self.kept.backend} player")

    @property
    def through_computer(self) -> bool:
        return self.kind == "computer"


NO_MUSIC = MusicChoice("none")


def this_computer(output: str | None = None) -> MusicChoice:
    return MusicChoice("computer", output or None)


async def list_outputs() -> list[str]:
    """The outputs SDL offers (empty: no audio system), read on a worker thread."""
    from ambience.devices.audio.mixer import audio_outputs  # pygame only once it is needed

    return await asyncio.to_thread(audio_outputs)


def music_entries(room: RoomConfig) -> list[DeviceConfig]:
    return [d for d in room.devices if d.role is Role.MUSIC]


def choice_of(room: RoomConfig) -> MusicChoice:
    """What the room's music is now (its first music entry; a room rarely has two)."""
    entries = music_entries(room)
    if not entries:
        return NO_MUSIC
    if entries[0].backend == "pygame":
        return this_computer(entries[0].output)
    return MusicChoice("kept", kept=entries[0])


def choices(
    outputs: list[str] | None, current: MusicChoice, saved: MusicChoice | None = None
) -> list[MusicChoice]:
    """What the owner can pick for a room: no music, the default output, each output when the
    computer has several (``outputs`` None: not known yet), and what the room has now or had
    when last saved, even an output that is not plugged in today."""
    offered = [NO_MUSIC, this_computer()]
    if outputs and len(outputs) > 1:
        offered += [this_computer(name) for name in outputs]
    for extra in (saved, current):
        if extra is not None and extra not in offered:
            offered.append(extra)
    return offered


def missing(choice: MusicChoice, outputs: list[str] | None) -> bool:
    """The choice names an output this computer does not offer now (unknown yet: not missing)."""
    return choice.output is not None and outputs is not None and choice.output not in outputs


def with_music(config: StudioConfig, room_id: str, choice: MusicChoice) -> StudioConfig:
    """The config with ``room_id``'s music as ``choice`` (the same config if it already is).

    The new entry takes the place and id of the room's first music entry, so the file changes
    as little as it can; any other music entries of the room go.
    """
    room = room_by_id(config, room_id)
    if room is None:
        raise LookupError(f"no room '{room_id}'")
    if choice_of(room) == choice:
        return config
    entries = music_entries(room)
    first = entries[0] if entries else None
    entry = _entry(room, first, choice)
    devices: list[DeviceConfig] = []
    for device in room.devices:
        if device is first and entry is not None:
            devices.append(entry)
        elif device.role is not Role.MUSIC:
            devices.append(device)
    if first is None and entry is not None:
        devices.append(entry)
    room = room.model_copy(update={"devices": tuple(devices)})
    rooms = tuple(room if r.id == room_id else r for r in config.rooms)
    return StudioConfig.model_validate(config.model_copy(update={"rooms": rooms}).model_dump(by_alias=True))


def _entry(room: RoomConfig, first: DeviceConfig | None, choice: MusicChoice) -> DeviceConfig | None:
    if choice.kind == "none":
        return None
    if choice.kind == "kept":
        assert choice.kept is not None
        return choice.kept
    device_id = first.id if first is not None else unique_id(MUSIC_ID, {d.id for d in room.devices})
    # A player that was already this computer's keeps its name; one replacing another kind is "Music".
    name = first.name if first is not None and first.backend == "pygame" else "Music"
    return DeviceConfig(id=device_id, name=name, role=Role.MUSIC, backend="pygame", output=choice.output)


def sharing(config: StudioConfig, room_id: str) -> list[RoomConfig]:
    """The other rooms whose music also plays through this computer."""
    return [r for r in config.rooms if r.id != room_id and choice_of(r).through_computer]


def sharing_warning(config: StudioConfig, room_id: str) -> str:
    """Plain words for a room that plays through this computer while others do too ("" if none)."""
    room = room_by_id(config, room_id)
    others = sharing(config, room_id)
    if room is None or not others or not choice_of(room).through_computer:
        return ""
    names = [r.name for r in others]
    if len(names) == 1:
        return (
            f"{names[0]} also plays through this computer: one computer plays through one output "
            "at a time, so both rooms would hear both playlists."
        )
    who = ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"{who} also play through this computer: one computer plays through one output at a "
        f"time, so all {len(names) + 1} rooms would hear every playlist."
    )

"""Carrying on after a restart: each room takes up the session the journal says it was running.

A session is rebuilt from the preset text and library folder kept when it started, so editing
the preset file meanwhile changes nothing. The room is then driven to the timeline at ``now``,
as after any lost command; a session whose time ran out while the app was down is closed.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from ambience.config.library import parse_preset, plan_for
from ambience.config.music import MusicScope
from ambience.config.reading import PRESET_LIMITS, parse_toml
from ambience.config.validation import InvalidFile, shorten
from ambience.engine.room import RoomEngine
from ambience.journal.journal import SessionJournal, StoredSession
from ambience.session.timeline import Session

log = logging.getLogger(__name__)


def rebuild(stored: StoredSession, source: Path, scope: MusicScope | None = None) -> Session:
    """The session as it was started, with every event since; ``source`` names it in errors.

    ``scope`` says where its playlists may lead (the kept library folder is its own). Raises
    InvalidFile when the kept preset text no longer reads as a preset.
    """
    try:
        data = parse_toml(source, stored.preset_toml, PRESET_LIMITS)
        preset = parse_preset(data, path=source, volume_cap=stored.volume_cap)
    except InvalidFile:
        raise
    except Exception as exc:  # a damaged row is a session that cannot be restored, never a crash
        raise InvalidFile.one(source, "", f"kept preset text cannot be read ({shorten(str(exc))})") from exc
    plan = plan_for(preset, stored.library_dir, volume_cap=stored.volume_cap, scope=scope)
    return Session(plan, list(stored.events), id=stored.id)


def restore_sessions(
    rooms: Sequence[RoomEngine], journal: SessionJournal, now: float, *, scope: MusicScope | None = None
) -> list[RoomEngine]:
    """Give each room back its unfinished session; close the ones that ended or have no room.

    Returns the rooms that carry on with a session. Never raises: a journal that cannot be read
    only means nothing is restored.
    """
    try:
        unfinished = journal.unfinished()
    except sqlite3.Error as exc:
        log.warning("session journal %s could not be read (%s); no session is restored", journal.path, exc)
        return []
    by_id = {room.id: room for room in rooms}
    restored: list[RoomEngine] = []
    # The newest first: if a room somehow has two, the older one is closed.
    for stored in sorted(unfinished, key=lambda s: s.started_at, reverse=True):
        try:
            session = rebuild(stored, journal.path, scope)
        except InvalidFile as exc:
            log.warning(
                "session %s in room %s cannot be restored: %s", stored.preset_name, stored.room_id, exc
            )
            journal.mark_ended(stored.id, now)
            continue
        ended = session.ended_at(now)
        room = by_id.get(stored.room_id)
        if ended is not None:
            journal.mark_ended(stored.id, ended)
        elif room is None or room in restored:
            log.info("session %s: room %s is no longer there; closed", stored.preset_name, stored.room_id)
            journal.mark_ended(stored.id, now)
        else:
            room.restore(session)
            restored.append(room)
            state = room.state()
            log.info(
                "%s carries on with %s (%s, %.0f of %.0f min)",
                room.name,
                stored.preset_name,
                state.phase or state.status.value,
                state.elapsed_s / 60,
                state.total_s / 60,
            )
    return restored

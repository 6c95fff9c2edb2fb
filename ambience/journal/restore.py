"""Carrying on after a restart: each room takes up the session the journal says it was running.

A session is rebuilt from the preset text and library folder kept when it started, so editing
the preset file meanwhile changes nothing. The room is then driven to the timeline at ``now``,
as after any lost command; a session whose time ran out while the app was down is closed.

The clock may have moved while the app was down:

- **back** (a clock set back after a power cut, a computer whose battery-backed clock was lost):
  ``now`` is earlier than the last moment the journal wrote anything of the session. Its times
  are moved back by the difference, in the journal too, so the session carries on from where it
  was at that moment: nothing the therapist did is lost or reordered, and a paused session stays
  paused. How long the app was really down cannot be known; the session simply takes longer.
- **forward**: the time on the clock is taken as time that passed. A running session catches
  up (closed at its natural end if that has passed); a paused or waiting one stays so, unless
  nothing was written of it for longer than any session can last (12 hours), when it is closed.
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
from ambience.journal.daybook import DayBook
from ambience.journal.journal import SessionJournal, StoredSession
from ambience.session.safety import MAX_SESSION_S
from ambience.session.timeline import Session, SessionEvent

# A clock that reads this little earlier than the last write is noise (a time-sync step), not a jump.
CLOCK_SLACK_S = 2.0

log = logging.getLogger(__name__)


def rebuild(
    stored: StoredSession, source: Path, scope: MusicScope | None = None, client: str | None = None
) -> Session:
    """The session as it was started, with every event since; ``source`` names it in errors.

    ``scope`` says where its playlists may lead (the kept library folder is its own); ``client``
    is who it is for (the day book keeps the name; their preferences are among the events).
    Raises InvalidFile when the kept preset text no longer reads as a preset.
    """
    try:
        data = parse_toml(source, stored.preset_toml, PRESET_LIMITS)
        preset = parse_preset(data, path=source, volume_cap=stored.volume_cap)
    except InvalidFile:
        raise
    except Exception as exc:  # a damaged row is a session that cannot be restored, never a crash
        raise InvalidFile.one(source, "", f"kept preset text cannot be read ({shorten(str(exc))})") from exc
    plan = plan_for(preset, stored.library_dir, volume_cap=stored.volume_cap, scope=scope)
    return Session(plan, list(stored.events), id=stored.id, client=client)


def shifted(session: Session, by: float) -> Session:
    """``session`` with every event moved by ``by`` seconds."""
    events = [SessionEvent(e.kind, e.at + by, e.minutes, e.on, e.amount) for e in session.events]
    return Session(session.plan, events, id=session.id, client=session.client)


def restore_sessions(
    rooms: Sequence[RoomEngine],
    journal: SessionJournal,
    now: float,
    *,
    scope: MusicScope | None = None,
    book: DayBook | None = None,
) -> list[RoomEngine]:
    """Give each room back its unfinished session; close the ones that ended or have no room.

    ``book``, the day book, says who each session is for. Returns the rooms that carry on with a
    session. Never raises: a journal that cannot be read only means nothing is restored.
    """
    try:
        unfinished = journal.unfinished()
    except sqlite3.Error as exc:
        log.warning("session journal %s could not be read (%s); no session is restored", journal.path, exc)
        return []
    clients = _clients(book, [s.id for s in unfinished])
    by_id = {room.id: room for room in rooms}
    restored: list[RoomEngine] = []
    # The newest first: if a room somehow has two, the older one is closed.
    for stored in sorted(unfinished, key=lambda s: s.started_at, reverse=True):
        try:
            session = rebuild(stored, journal.path, scope, clients.get(stored.id))
        except InvalidFile as exc:
            log.warning(
                "session %s in room %s cannot be restored: %s", stored.preset_name, stored.room_id, exc
            )
            journal.mark_ended(stored.id, now)
            continue
        seen = stored.last_seen
        if seen is not None and now < seen - CLOCK_SLACK_S:
            back = seen - now
            log.warning(
                "the clock reads %.0f min earlier than when session %s in room %s was last written;"
                " it carries on from where it was then",
                back / 60,
                stored.preset_name,
                stored.room_id,
            )
            session = shifted(session, -back)
            journal.shift(stored.id, -back)
            seen = now
        ended = session.ended_at(now)
        room = by_id.get(stored.room_id)
        if ended is None and seen is not None and now - seen > MAX_SESSION_S:
            log.info(
                "session %s in room %s was last written too long ago; closed",
                stored.preset_name,
                stored.room_id,
            )
            ended = seen
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


def _clients(book: DayBook | None, session_ids: list[str]) -> dict[str, str]:
    """Who each of these sessions is for, as the day book says (never raises: no names then)."""
    if book is None or not session_ids:
        return {}
    try:
        notes = book.session_notes(session_ids)
    except sqlite3.Error as exc:
        log.warning(
            "day book %s could not be read (%s); sessions come back without their clients", book.path, exc
        )
        return {}
    return {sid: note.client for sid, note in notes.items() if note.client}

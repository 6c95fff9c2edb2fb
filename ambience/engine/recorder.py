"""What a room tells its session history: a session began, the therapist did something, it ended."""

from __future__ import annotations

from typing import Protocol

from ambience.session.timeline import Session, SessionEvent


class SessionRecorder(Protocol):
    """Takes note of a room's sessions; every call must return at once (no waiting on a disk)."""

    def record_start(self, room_id: str, session: Session) -> None:
        """``session`` was started (its events so far include the START) in room ``room_id``."""
        ...

    def record_event(self, session: Session, event: SessionEvent) -> None:
        """``event`` was appended to ``session``."""
        ...

    def record_end(self, session: Session, at: float) -> None:
        """``session`` ended at studio time ``at``: stopped, skipped past its end, ran out or cancelled."""
        ...

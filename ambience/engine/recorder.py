"""What a room tells its session history: a session began, the therapist did something, it ended."""

from __future__ import annotations

from typing import Protocol

from ambience.session.timeline import Session, SessionEvent


class SessionRecorder(Protocol):
    """Takes note of a room's sessions.

    A start and every event are what someone did (the therapist, a booking): they are kept
    before the call returns, so that nothing the panel shows as done can be lost by a crash
    (they are rare, and keeping one costs about a millisecond). The end of a session may be
    noted later: the events already say how it ended.
    """

    def record_start(self, room_id: str, session: Session) -> None:
        """``session`` was started (its events so far include the START) in room ``room_id``;
        returns once that is kept."""
        ...

    def record_event(self, session: Session, event: SessionEvent) -> None:
        """``event`` was appended to ``session``; returns once it is kept."""
        ...

    def record_alive(self, session: Session, at: float) -> None:
        """``session`` is still going at studio time ``at`` (every poll; returns at once). After a
        restart, this tells a clock that went back while the app was down."""
        ...

    def record_end(self, session: Session, at: float) -> None:
        """``session`` ended at studio time ``at``: stopped, skipped past its end, ran out or
        cancelled (returns at once)."""
        ...

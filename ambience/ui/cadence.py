"""When the panel next has something new to show: the countdown's next second, the clock's next minute.

The panel refreshes at those moments instead of on a fixed beat, so a room where nothing moves
costs nothing. Pure arithmetic on studio times (no Qt, no clock).
"""

from __future__ import annotations

import math

from ambience.session.roomstate import RoomState, Status

# After a change in a room (a cue, an intent, a device coming back) its readings may still move
# for a while — a light fading to its new level — so it is refreshed every second meanwhile.
LIVELY_S = 10.0


def next_minute(t: float) -> float:
    """The next time the ``HH:MM`` clock turns over after ``t``."""
    return (math.floor(t / 60.0) + 1.0) * 60.0


def to_next_second(seconds_left: float) -> float:
    """How long until a countdown showing ``seconds_left`` (rounded up) shows the next second.

    ``math.inf`` once it shows zero: the end comes with a change of the room, not a tick.
    """
    shown = math.ceil(seconds_left - 1e-6)
    if shown <= 0:
        return math.inf
    return max(0.0, seconds_left - (shown - 1))


def next_change(state: RoomState, lively_until: float = -math.inf) -> float:
    """The studio time at which a room in ``state`` next looks different on the panel."""
    t = state.at
    due = next_minute(t)
    if state.status is Status.RUNNING:
        due = min(due, t + to_next_second(state.remaining_s))
    elif state.status is Status.PREHEAT and state.next_phase_at is not None:
        due = min(due, t + to_next_second(state.next_phase_at - t))
    if t < lively_until:
        due = min(due, t + 1.0)
    return due

"""The panel refreshes when something on screen next changes, not on a fixed beat."""

from __future__ import annotations

import math

import pytest

from ambience.session.roomstate import RoomState, Status
from ambience.ui.cadence import LIVELY_S, next_change, next_minute, to_next_second

T = 1_800_000_000.0  # a whole minute


def running(at: float, remaining: float) -> RoomState:
    return RoomState(at=at, status=Status.RUNNING, elapsed_s=3600 - remaining, total_s=3600)


def test_a_running_countdown_is_next_refreshed_when_its_next_second_begins():
    # 59:59.6 left shows "60:00"; it shows "59:59" 0.6 s later.
    assert next_change(running(T + 0.4, 3599.6)) == pytest.approx(T + 1.0)
    # Exactly on a second: the next one is a whole second away.
    assert next_change(running(T + 1.0, 3599.0)) == pytest.approx(T + 2.0)


def test_a_countdown_at_zero_waits_for_the_room_to_change_not_for_a_tick():
    assert to_next_second(0.0) == math.inf
    assert next_change(running(T + 5, 0.0)) == next_minute(T + 5)


def test_with_nothing_running_the_panel_waits_for_the_clock_s_next_minute():
    idle = RoomState(at=T + 12.5, status=Status.IDLE)
    assert next_change(idle) == T + 60
    ended = RoomState(at=T + 59.9, status=Status.ENDED)
    assert next_change(ended) == T + 60


def test_a_paused_session_waits_too():
    paused = RoomState(at=T + 30, status=Status.PAUSED, elapsed_s=100, total_s=3600)
    assert next_change(paused) == T + 60


def test_a_room_that_just_changed_is_refreshed_every_second_for_a_while():
    idle = RoomState(at=T + 12.5, status=Status.IDLE)
    assert next_change(idle, lively_until=T + 12 + LIVELY_S) == T + 13.5
    assert next_change(idle, lively_until=T + 12) == T + 60


def test_a_booked_session_counts_down_to_its_start_by_the_second():
    booked = RoomState(at=T + 0.25, status=Status.PREHEAT, next_phase_at=T + 600)
    assert next_change(booked) == pytest.approx(T + 1.0)

"""The facade's tick: armed for the next moment anything on screen changes, with the injected clock."""

from __future__ import annotations

from datetime import UTC, datetime

from ambience.ui.cadence import LIVELY_S
from ambience.ui.facade import MAX_TICK_MS, TICK_LATE_MS
from ambience.ui.qt import Qt
from tests.ui.conftest import START
from tests.ui.panel.test_start import start


def test_the_tick_is_armed_for_the_next_second_boundary(panel):
    start(panel)
    begun = panel.clock.now()
    panel.clock.set(begun + 12.4)
    panel.facade.start_ticking()
    assert panel.facade.tick_due == begun + 13.0
    timer = panel.facade.timer
    assert timer.isSingleShot() and timer.timerType() == Qt.TimerType.PreciseTimer
    assert timer.isActive() and timer.interval() == 600 + TICK_LATE_MS
    panel.clock.set(begun + 13.0 + TICK_LATE_MS / 1000)
    panel.facade.refresh()  # what the timer does when it fires
    assert panel.facade.tick_due == begun + 14.0


def test_an_idle_panel_ticks_once_a_minute(panel):
    panel.clock.set(START + LIVELY_S + 5)  # long after anything changed
    panel.facade.start_ticking()
    assert panel.facade.tick_due == START + 60
    assert panel.facade.timer.interval() == (60 - LIVELY_S - 5) * 1000 + TICK_LATE_MS


def test_starting_a_session_brings_the_next_tick_forward(panel):
    panel.clock.set(START + 30)
    panel.facade.start_ticking()
    assert panel.facade.tick_due == START + 60
    start(panel)
    assert panel.facade.tick_due == START + 31


def test_a_fast_demo_ticks_at_most_ten_times_a_second(panel):
    class Fast:
        """Studio time at 600× the wall clock."""

        def now(self) -> float:
            return panel.clock.now()

        def wall_at(self, t: float) -> datetime:
            return datetime.fromtimestamp(START + (t - START) / 600, tz=UTC)

    panel.studio.context.clock = Fast()
    start(panel)
    panel.facade.start_ticking()
    assert panel.facade.timer.interval() == panel.facade.tick_ms == 100


def test_a_closed_facade_stops_ticking(panel):
    panel.facade.start_ticking()
    panel.facade.close()
    assert not panel.facade.timer.isActive()
    panel.facade.refresh()
    assert not panel.facade.timer.isActive()
    assert MAX_TICK_MS >= 60_000


def test_with_two_rooms_counting_down_the_panel_still_ticks_once_a_second_on_the_room_shown(panel):
    start(panel, "Relax", "lavender")
    panel.clock.advance(0.4)
    start(panel, "Express", "cedar")  # its seconds begin 0.4 s after the Lavender room's
    cedar_started = panel.clock.now()
    panel.clock.advance(0.2)
    panel.facade.start_ticking()
    assert panel.window.page is panel.window.page_for("cedar")
    assert panel.facade.tick_due == cedar_started + 1.0  # the room on screen sets the beat
    panel.window.show_room(0)
    assert panel.facade.tick_due == cedar_started + 0.6  # now the Lavender room's seconds

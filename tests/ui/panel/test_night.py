"""Night mode: after a while without a touch during a session the panel goes dark but for a dim
clock; the first touch only wakes it, and Lights up is one touch away on the dark screen."""

from __future__ import annotations

from ambience.session.roomstate import Status
from ambience.ui import theme
from ambience.ui.qt import QColor, QPoint, Qt, QTest
from tests.ui.panel.test_start import start

IDLE_S = 45


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def watched(panel) -> Clock:
    """The night watch on a clock the test moves (no real waiting)."""
    clock = Clock()
    watch = panel.window.night_watch
    watch.clock = clock
    watch.set_after(IDLE_S)
    watch.last_touch = clock.t
    return clock


def idle(panel, clock: Clock, seconds: float) -> None:
    clock.t += seconds
    panel.window.night_watch.check()


def mean_luminance(widget) -> float:
    """The mean relative luminance (0 black … 1 white) of what ``widget`` shows."""
    image = widget.grab().toImage()
    total, count = 0.0, 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            total += theme.luminance(QColor(image.pixel(x, y)).name())
            count += 1
    return total / count


def test_the_panel_dims_after_the_idle_time_only_during_a_session(panel):
    clock = watched(panel)
    idle(panel, clock, IDLE_S + 5)
    assert not panel.window.night_watch.dimmed  # no session: the panel stays as it is
    page = start(panel)
    panel.window.night_watch.wake()
    idle(panel, clock, IDLE_S - 1)
    assert not panel.window.night_watch.dimmed
    idle(panel, clock, 2)
    night = panel.window.night
    assert panel.window.night_watch.dimmed and night.isVisible()
    assert night.countdown.text() == page.running.countdown.text()
    assert night.phase.text() == "Welcome"
    bright = mean_luminance(panel.window)
    assert bright < 0.01, bright  # a black screen with a dim warm clock
    panel.advance(60)
    assert night.countdown.text() == page.running.countdown.text()  # the dark clock keeps time


def test_the_first_touch_only_wakes_the_panel_and_presses_nothing(panel):
    clock = watched(panel)
    page = start(panel)
    idle(panel, clock, IDLE_S + 1)
    night = panel.window.night
    assert night.isVisible()
    # A finger lands exactly where Pause is, under the dark screen.
    where = page.pause_button.mapTo(panel.window, page.pause_button.rect().center())
    touch = QTest.createTouchDevice()
    QTest.touchEvent(panel.window, touch).press(0, where, panel.window).commit()
    QTest.touchEvent(panel.window, touch).release(0, where, panel.window).commit()
    panel.qtbot.waitUntil(lambda: not night.isVisible(), timeout=1000)
    assert panel.room("lavender").state().status is Status.RUNNING  # Pause was not pressed
    # Awake, the same touch pauses.
    panel.qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    assert panel.room("lavender").state().status is Status.PAUSED


def test_a_key_only_wakes_the_panel_too(panel):
    clock = watched(panel)
    start(panel)
    idle(panel, clock, IDLE_S + 1)
    panel.qtbot.keyClick(panel.window, Qt.Key.Key_Space)
    assert not panel.window.night.isVisible()
    assert panel.room("lavender").state().status is Status.RUNNING


def test_lights_up_is_one_touch_from_the_dark_screen(panel):
    clock = watched(panel)
    start(panel)
    idle(panel, clock, IDLE_S + 1)
    night = panel.window.night
    button = night.lights_button
    assert button.isVisible() and button.text() == "Lights up"
    panel.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert panel.room("lavender").state().lights_up
    assert not night.isVisible()


def test_a_paused_session_says_so_on_the_dark_screen(panel):
    clock = watched(panel)
    page = start(panel)
    panel.qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    idle(panel, clock, IDLE_S + 1)
    assert panel.window.night.phase.text() == "Welcome · PAUSED"

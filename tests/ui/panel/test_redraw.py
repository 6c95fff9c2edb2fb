"""The panel redraws only what changed: a tick that changes nothing on screen costs no painting."""

from __future__ import annotations

from ambience.ui.qt import QApplication, QEvent, QObject, Qt, QWidget
from tests.ui.panel.test_start import start


class Events(QObject):
    """Counts the events of some kinds a set of widgets receive (and the regions painted)."""

    def __init__(self, *widgets: QWidget, kinds: tuple[QEvent.Type, ...] = (QEvent.Type.Paint,)) -> None:
        super().__init__()
        self.kinds = kinds
        self.seen: list[tuple[QObject, QEvent.Type]] = []
        self.painted: list[tuple[int, int]] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.kinds:
            self.seen.append((watched, event.type()))
            if event.type() == QEvent.Type.Paint:
                rect = event.rect()  # type: ignore[attr-defined]
                self.painted.append((rect.width(), rect.height()))
        return False

    def clear(self) -> None:
        QApplication.processEvents()  # what is pending now is not counted
        self.seen.clear()
        self.painted.clear()


def tick(panel, seconds: float = 1.0) -> None:
    panel.clock.advance(seconds)
    panel.facade.refresh()
    QApplication.processEvents()


def test_a_hidden_room_page_is_not_repainted_on_a_tick_and_catches_up_when_shown(panel):
    cedar = start(panel, "Express", "cedar")
    start(panel, "Relax", "lavender")
    panel.advance(2)
    shown_before = cedar.running.countdown.text()
    watch = Events(*cedar.findChildren(QWidget), kinds=(QEvent.Type.Paint, QEvent.Type.UpdateRequest))
    watch.clear()
    for _ in range(5):
        tick(panel)
    assert watch.seen == []
    assert cedar.running.countdown.text() == shown_before  # nobody sees it: it is not even set
    panel.window.show_room(1)
    assert cedar.running.countdown.text() == "19:53"
    assert panel.window.room_buttons[1].status.text() == "● Running · 19:53"


def test_a_device_row_that_says_the_same_is_left_alone(panel):
    page = start(panel)
    panel.advance(5)
    row = page.running.devices.row("diffuser")
    watch = Events(
        row,
        *row.findChildren(QWidget),
        kinds=(QEvent.Type.ToolTipChange, QEvent.Type.Paint, QEvent.Type.UpdateRequest),
    )
    watch.clear()
    for _ in range(3):
        tick(panel)
    assert watch.seen == []


def test_the_room_picture_is_repainted_only_when_what_it_shows_changes(panel):
    page = start(panel)
    panel.advance(5)
    panel.room("lavender").skip_to_last()  # the wake-up: no mist to move
    panel.advance(5)
    picture = page.running.picture
    assert picture is not None and not picture.diffuser_on
    watch = Events(picture)
    watch.clear()
    for _ in range(3):
        tick(panel, 0.1)
    assert watch.painted == []
    panel.room("lavender").lights_up()  # the lights change: the room is drawn again, once
    panel.advance(5)
    QApplication.processEvents()
    assert watch.painted == [(picture.width(), picture.height())]


def test_the_mist_moves_in_its_own_corner(panel):
    page = start(panel)
    panel.advance(5)
    picture = page.running.picture
    assert picture is not None and picture.diffuser_on
    watch = Events(picture)
    watch.clear()
    tick(panel)
    assert len(watch.painted) == 1
    width, height = watch.painted[0]
    assert width * height < picture.width() * picture.height() / 8


def test_the_picture_paints_every_pixel_itself_so_nothing_behind_it_repaints(panel):
    picture = start(panel).running.picture
    assert picture.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)


def test_the_phase_bar_repaints_only_when_its_fill_moves_a_whole_pixel(panel):
    page = start(panel)
    panel.advance(2)
    bar = page.running.bar
    watch = Events(bar)
    watch.clear()
    tick(panel, 0.5)  # a 30-minute session on a bar a few hundred pixels wide: under a pixel
    assert watch.painted == []
    tick(panel, 30.0)
    assert len(watch.painted) == 1


def test_under_night_mode_s_dark_screen_a_tick_paints_only_its_clock(panel):
    page = start(panel)
    panel.advance(5)
    panel.window._night_wanted()
    panel.window.night_watch.dim()
    QApplication.processEvents()
    night = panel.window.night
    watch = Events(*page.findChildren(QWidget), page, night, *night.findChildren(QWidget))
    watch.clear()
    tick(panel)
    painted = {type(widget).__name__ for widget, _ in watch.seen}
    assert painted == {"NightScreen", "ElidedLabel"}  # the dark screen's clock and nothing under it
    assert all(widget is night or widget.parent() is night for widget, _ in watch.seen)


def test_a_new_second_repaints_only_the_digits_that_changed(panel):
    page = start(panel)
    panel.advance(3)
    countdown = page.running.countdown
    tab = panel.window.room_buttons[0].status
    watch = Events(countdown, tab)
    watch.clear()
    tick(panel)  # 29:57 → 29:56: the last digit
    assert countdown.text() == "29:56" and tab.text() == "● Running · 29:56"
    assert {w for w, _ in watch.seen} == {countdown, tab}
    widths = dict(zip([w for w, _ in watch.seen], [w for w, _ in watch.painted], strict=True))
    assert widths[countdown] < countdown.width() / 2
    assert widths[tab] < tab.width() / 2
    panel.advance(56)
    watch.clear()
    tick(panel)  # 29:00 → 28:59: three digits
    assert countdown.text() == "28:59"
    assert max(w for w, _ in watch.painted) < countdown.width()

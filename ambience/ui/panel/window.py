"""The main window: a room selector along the top, one page per room, keys, and a careful quit.

The owner's screens (the Devices page, …) open over it in owner mode, after the PIN; a rooms
config saved there replaces the rooms as soon as no session runs (never in a demo that writes
to the real rooms config, which keeps its simulated studio). During a session the window dims
to night mode after a while without a touch; on the first start it welcomes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from ambience.config.library import PresetError
from ambience.config.owner import OwnerLock, owner_path
from ambience.config.paths import default_config_path
from ambience.config.rooms import DEFAULT_NIGHT_AFTER_S, StudioConfig
from ambience.session.roomstate import Status
from ambience.session.timeline import VOLUME_STEP
from ambience.ui import theme
from ambience.ui.describe import time_of_day
from ambience.ui.facade import RoomFacade, StudioFacade
from ambience.ui.owner.menu import OwnerEntry, OwnerMenu
from ambience.ui.owner.mode import OwnerMode
from ambience.ui.panel.dialogs import Question, info, quit_question
from ambience.ui.panel.night import NightScreen, NightWatch
from ambience.ui.panel.room_bar import RoomBar, RoomButton
from ambience.ui.panel.room_page import RoomPage
from ambience.ui.panel.welcome import WelcomeScreen
from ambience.ui.qt import (
    QApplication,
    QCloseEvent,
    QDialog,
    QHBoxLayout,
    QKeyEvent,
    QPushButton,
    QResizeEvent,
    QShowEvent,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.widgets import ElidedButton, card, set_text, text_label, touch_button

WAITING_NOTICE = "New devices are used once the running sessions end"
# The pages of the rooms not on screen are built this long after the panel is shown, one per turn
# of the loop: the room shown, its tiles first.
PAGES_LATER_MS = 100

log = logging.getLogger(__name__)


class OwnerDialog(QDialog):
    """An owner screen over the panel. A page that can have unsaved work (``leave(then)``) is
    asked before the dialog closes; ``discard()`` (owner mode locked itself) closes it unasked."""

    def __init__(self, parent: QWidget, page: Any) -> None:
        super().__init__(parent)
        self.page = page
        self._leaving = False

    def done(self, result: int) -> None:
        leave = getattr(self.page, "leave", None)
        if self._leaving or not callable(leave):
            super().done(result)
            return

        def go() -> None:
            self._leaving = True
            QDialog.done(self, result)

        leave(go)

    def discard(self) -> None:
        discard = getattr(self.page, "discard", None)
        if callable(discard):
            discard()
        self._leaving = True


class MainWindow(QWidget):
    """The control panel."""

    closed = Signal()  # the window has finished closing: sessions ended, ready to release devices

    def __init__(
        self,
        facade: StudioFacade,
        *,
        demo: bool = False,
        keep_demo: bool | None = None,
        speed: float = 1.0,
        errors: Sequence[PresetError] = (),
        config_path: Path | None = None,
        demo_folder: Path | None = None,
        owner: OwnerMode | None = None,
        history_path: Path | None = None,
        welcome: bool = False,
        night_after_s: float | None = None,
    ) -> None:
        super().__init__()
        self.facade = facade
        self.demo = demo
        # A demo asked for keeps its simulated rooms; the first-run demo gives way to saved rooms.
        self.keep_demo = demo if keep_demo is None else keep_demo
        self.speed = speed
        self.config_path = config_path
        # A demo's throw-away folder: what the owner saves goes there, never to the studio's files.
        self.demo_folder = demo_folder
        self.history_path = history_path  # the journal the owner's history reads
        self.owner = owner or OwnerMode(
            OwnerLock(owner_path(config_path or default_config_path())), note=self.demo_note(), parent=self
        )
        self.owner_menu: OwnerMenu | None = None
        self._owner_entries: list[OwnerEntry] = []
        self._may_close = False
        self._closing = False
        self._scale = 0.0
        self.dialog: QDialog | None = None
        self.new_config: StudioConfig | None = None  # saved on the Devices page, waiting to be used
        self._replacing = False
        self.setWindowTitle("Ambience")
        self.setObjectName("panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumSize(theme.BASE_WIDTH * 3 // 4, theme.BASE_HEIGHT * 3 // 4)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.room_bar = RoomBar()
        self.room_bar.chosen.connect(self.show_room)
        self.pages = QStackedWidget()
        # One page per room; a room not on screen gets its page a moment after the panel is up
        # (or when it is shown first): the tiles of the room shown come first.
        self._pages: list[RoomPage | None] = []
        self._page_rooms: list[RoomFacade] = []
        self._errors: Sequence[PresetError] = errors
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.timeout.connect(self._build_next_page)
        # The pages go into the window before the rooms' pages go into them: each page then joins
        # the window once (a tree of widgets moved into the window is styled again, all of it).
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.pages, 1)
        self._build_rooms(errors)

        self.clock_label = text_label("", "muted")
        self.badge: QPushButton = touch_button("", "badge")
        self.badge.clicked.connect(self.explain_badge)
        self._show_badge()
        # The day's bookings of the room on screen: one touch from the panel, no PIN.
        self.day_button = touch_button("Today", "flat")
        self.day_button.setVisible(facade.planner is not None)
        self.day_button.clicked.connect(self.open_day)
        self.add_owner_entry(
            OwnerEntry(
                "Presets", "Make, change, order and try the presets; the tiles' order", self.open_editor
            )
        )
        if facade.planner is not None:
            self.add_owner_entry(
                OwnerEntry("History", "Every finished session, day and week totals, CSV", self.open_history)
            )
            self.add_owner_entry(
                OwnerEntry(
                    "Calendars",
                    "Booking calendars, and how their events become bookings",
                    self.open_calendars,
                )
            )
            self.add_owner_entry(
                OwnerEntry(
                    "Clients",
                    "What each client asked for; export or delete a client's data",
                    self.open_clients,
                )
            )
        self.owner_button = touch_button("Owner", "flat")
        self.owner_button.clicked.connect(self.open_owner)
        self.add_owner_entry(
            OwnerEntry(
                "Studio settings", "Studio name, volume cap, presets folder, owner lock", self.open_settings
            )
        )
        self.add_owner_entry(
            OwnerEntry("Devices", "Rooms, lights, diffusers, thermostats, music", self.open_devices)
        )
        # Takes the free room in the bar (and only that: a long text ends in "…", whole on a tap).
        # Beside the rooms, well away from the clock: "…sessions end 08:00" would read as an end time.
        self.notice: QPushButton = ElidedButton()
        self.notice.setProperty("role", "notice")
        self.notice.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.notice.clicked.connect(self.explain_notice)
        self.notice.hide()
        self.notice_text = ""

        top = card("bar")
        bar = QHBoxLayout(top)
        bar.setContentsMargins(10, 6, 10, 6)
        bar.setSpacing(8)
        bar.addWidget(self.room_bar)
        bar.addWidget(self.notice, 1)
        bar.addStretch(0)
        bar.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.clock_label, 0, Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.day_button, 0, Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.owner_button, 0, Qt.AlignmentFlag.AlignVCenter)

        layout.insertWidget(0, top)

        # Over everything: the welcome on a first start, the dark screen of night mode.
        self.welcome = WelcomeScreen(self, can_set_up=True)
        self.welcome.try_demo.connect(self.close_welcome)
        self.welcome.set_up.connect(self._set_up_from_welcome)
        self.night = NightScreen(self)
        self.night.lights.connect(self._night_lights)
        self._night_after_s = night_after_s  # tests and demos may override the studio's setting
        self.night_watch = NightWatch(self.night, self._night_wanted, DEFAULT_NIGHT_AFTER_S)

        facade.ticked.connect(self._tick)
        facade.rooms_replaced.connect(self._rooms_replaced)
        self._show_studio(facade.studio.config)
        if self._pages:
            self.show_room(0)
        if welcome:
            self.welcome.show()
            self.welcome.raise_()
        self._tick()

    # Rooms.
    def _build_rooms(self, errors: Sequence[PresetError]) -> None:
        """The rooms' buttons, and a place for each room's page (built by ``_page_at``)."""
        self._errors = errors
        self.room_bar.set_rooms(self.facade.rooms)
        self._page_rooms = list(self.facade.rooms)
        self._pages = [None] * len(self._page_rooms)
        for _room in self._page_rooms:
            self.pages.addWidget(QWidget())  # stands in for the page until it is built

    @property
    def room_pages(self) -> list[RoomPage]:
        """Every room's page, in the rooms' order (those not built yet are built now)."""
        return [self._page_at(i) for i in range(len(self._pages))]

    def _built_pages(self) -> list[RoomPage]:
        return [page for page in self._pages if page is not None]

    def _page_at(self, index: int) -> RoomPage:
        page = self._pages[index]
        if page is None:
            page = self._pages[index] = RoomPage(self._page_rooms[index], demo=self.demo, errors=self._errors)
            stand_in = self.pages.widget(index)
            self.pages.insertWidget(index, page)
            if stand_in is not None:
                self.pages.removeWidget(stand_in)
                stand_in.deleteLater()
            if self._scale:  # the window has its size already: the page's buttons follow its scale
                page.refit()
        return page

    def _build_next_page(self) -> None:
        """Build one room's page not built yet, then let the loop turn (a touch is taken) before the next."""
        waiting = [i for i, page in enumerate(self._pages) if page is None]
        if waiting and not self._closing and self.isVisible():
            self._page_at(waiting[0])
            if len(waiting) > 1:
                self._later.start(0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._later.isActive() and any(page is None for page in self._pages):
            self._later.start(PAGES_LATER_MS)

    @property
    def room_buttons(self) -> list[RoomButton]:
        return self.room_bar.buttons

    def _rooms_replaced(self) -> None:
        """The studio was rebuilt: new buttons and pages, on the same room as before if it is still there."""
        shown = self._page_rooms[self.pages.currentIndex()].id if self._pages else None
        while self.pages.count():
            old = self.pages.widget(0)
            if old is None:
                break
            self.pages.removeWidget(old)
            old.deleteLater()
        self._build_rooms(self.facade.studio.library.errors)
        ids = [room.id for room in self._page_rooms]
        self.show_room(ids.index(shown) if shown in ids else 0)
        if self.isVisible() and not self._later.isActive():
            self._later.start(PAGES_LATER_MS)
        self._tick()

    @property
    def page(self) -> RoomPage:
        return self._page_at(self.pages.currentIndex())

    def page_for(self, room_id: str) -> RoomPage:
        return self._page_at(next(i for i, room in enumerate(self._page_rooms) if room.id == room_id))

    def show_room(self, index: int) -> None:
        if 0 <= index < len(self._pages):
            page = self._page_at(index)
            self.pages.setCurrentIndex(index)
            self.room_bar.select(index)
            self.facade.focus(page.room)  # the ticks keep to its countdown

    def _tick(self) -> None:
        clock = self.facade.clock
        if clock is not None:
            set_text(self.clock_label, time_of_day(clock.now()))
        if self.new_config is not None:
            self._use_new_config()
        if self.night_watch.dimmed and self._pages:
            snapshot = self.page.room.snapshot
            if snapshot.state.status in (Status.RUNNING, Status.PAUSED):
                self.night.show_snapshot(snapshot)
            else:
                self.night_watch.wake()  # the session ended: the panel shows it

    # Night mode and the first start.
    def _night_wanted(self) -> bool:
        """Dim only during a session in the room shown, with nothing else on the screen."""
        if not self._pages or self._closing or self.welcome.isVisible():
            return False
        if self.dialog is not None or any(page.dialog is not None for page in self._built_pages()):
            return False
        if self.owner.screens or self.owner.prompt is not None:
            return False
        snapshot = self.page.room.snapshot
        if snapshot.state.status not in (Status.RUNNING, Status.PAUSED):
            return False
        self.night.show_snapshot(snapshot)
        return True

    def _night_lights(self) -> None:
        if self._pages:
            self.page.room.lights_up()
        self.night_watch.wake()

    def close_welcome(self) -> None:
        self.welcome.hide()
        self.setFocus()

    def _set_up_from_welcome(self) -> None:
        self.close_welcome()
        self.open_devices()

    def explain_badge(self) -> None:
        if self.dialog is not None:
            return
        faster = (
            f" Time runs {self.speed:g} times faster than the clock, so a session is over sooner."
            if self.speed != 1.0
            else ""
        )
        if self.demo:
            text = (
                "The rooms on this panel are a demo studio: their lights, diffuser, heating and music "
                "are simulated. They behave like real ones, but nothing in the room changes." + faster
            )
        else:
            text = "The panel drives the studio's real devices." + faster
        set_up = touch_button("Set up my rooms") if self.demo else None
        question = info(self, "Demo studio" if self.demo else "Faster time", text, extra=set_up)
        if set_up is not None:
            set_up.clicked.connect(question.reject)
            set_up.clicked.connect(self.open_devices)
        self._open(question)

    def tell_files(self, problems: Sequence[str]) -> None:
        """Files the studio could not use as they were (a journal set aside), said once at opening."""
        if problems and self.dialog is None:
            title = "A file could not be used" if len(problems) == 1 else "Some files could not be used"
            self._open(info(self, title, "\n\n".join(problems)))

    def explain_notice(self) -> None:
        if self.dialog is None and self.notice_text:
            self._open(info(self, "Rooms and devices", self.notice_text))

    def _open(self, question: Question) -> None:
        self.dialog = question
        question.finished.connect(lambda _result: setattr(self, "dialog", None))
        question.ask(lambda: None)

    def _set_notice(self, text: str) -> None:
        self.notice_text = text
        set_text(self.notice, text)
        self.notice.setVisible(bool(text))

    # Keys: Space start/pause, Esc stop, L lights up, +/- volume, arrows pick a tile, 1-9 a room.
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._pages or self._closing:
            return super().keyPressEvent(event)
        pressed: object = event.key()  # an int, or a Qt.Key enum on some PySide6 builds
        key = cast(int, getattr(pressed, "value", pressed))
        page = self.page
        k = Qt.Key
        if key == k.Key_Escape.value and page.sheet.isVisible():
            page.sheet.close_sheet()  # Esc closes the sheet before it asks to stop anything
            return None
        actions: dict[int, Callable[[], None]] = {
            k.Key_Space.value: page.primary_action,
            k.Key_Escape.value: page.ask_stop,
            k.Key_L.value: page.lights_up,
            k.Key_Plus.value: lambda: page.nudge_volume(VOLUME_STEP),
            k.Key_Equal.value: lambda: page.nudge_volume(VOLUME_STEP),
            k.Key_Minus.value: lambda: page.nudge_volume(-VOLUME_STEP),
            k.Key_Underscore.value: lambda: page.nudge_volume(-VOLUME_STEP),
            k.Key_Right.value: lambda: page.tiles.move_selection(1),
            k.Key_Left.value: lambda: page.tiles.move_selection(-1),
        }
        if k.Key_1.value <= key <= k.Key_9.value:
            self.show_room(key - k.Key_1.value)
            return None
        action = actions.get(key)
        if action is None or event.isAutoRepeat():
            return super().keyPressEvent(event)
        action()
        event.accept()
        return None

    # Owner mode.
    def demo_note(self, *, short: bool = False) -> str:
        """What a demo tells the owner about where their changes go ("" outside a demo); ``short``:
        one line, for a screen that needs its height (the editor on a 7" panel)."""
        if self.demo_folder is None:
            return ""
        if short:
            return f"Demo: saved only in {self.demo_folder}, thrown away when the app closes."
        return (
            f"Demo: what you save here goes to a throw-away folder ({self.demo_folder}), "
            "never to the studio's files, and is removed when the app closes."
        )

    def _show_studio(self, config: StudioConfig) -> None:
        """The studio's name in the title bar, and its owner-lock minutes."""
        self.setWindowTitle(f"Ambience · {config.name}" if config.name else "Ambience")
        self.owner.set_idle_minutes(config.owner_lock_minutes)
        self.quit_leaves = config.quit_leaves  # what quitting leaves behind, as last saved
        night = config.night_after_s if self._night_after_s is None else self._night_after_s
        self.night_watch.set_after(night)

    def add_owner_entry(self, entry: OwnerEntry) -> None:
        """Offer an owner screen in the owner's menu (its opener should go through ``self.owner``)."""
        self._owner_entries.append(entry)

    def owner_entries(self) -> list[OwnerEntry]:
        return list(self._owner_entries)

    def open_owner(self) -> None:
        """The Owner button: the owner's menu, after the PIN."""
        self.owner.require(self, self._show_owner_menu, purpose="owner mode")

    def _show_owner_menu(self) -> None:
        if self.owner_menu is not None:
            return
        menu = OwnerMenu(
            self,
            self.owner_entries(),
            note=self.demo_note(),
            change_pin=lambda: self.owner.change_pin(self.owner_menu or self),
        )
        menu.resize(self.size())
        self.owner_menu = menu
        menu.finished.connect(lambda _result: setattr(self, "owner_menu", None))
        menu.finished.connect(menu.deleteLater)
        self.owner.hold(menu)
        menu.open()
        menu.setFocus()

    def open_settings(self) -> None:
        """The one way to the studio settings: in owner mode only."""
        self.owner.require(self, self._open_settings_page, purpose="the studio settings")

    def _open_settings_page(self) -> None:
        if self.dialog is not None:
            return
        from ambience.ui.settings.page import SettingsPage  # the owner's screens load when opened

        path = self.config_path or default_config_path()
        page = SettingsPage(path, self.facade.run_async, note=self.demo_note())
        page.saved.connect(lambda config: self.devices_saved(config, page, path))
        self._open_owner_page(page, "Studio settings")

    def open_editor(self, name: str | None = None) -> None:
        """The one way to the preset editor: in owner mode only (``name``: the preset to open)."""
        self.owner.require(self, lambda: self._open_editor_page(name), purpose="the preset editor")

    def _open_editor_page(self, name: str | None = None) -> None:
        if self.dialog is not None:
            return
        from ambience.ui.editor.page import EditorPage

        page = EditorPage(self.facade, note=self.demo_note(short=True))
        if name is not None:
            page.open_named(name)
        self._open_owner_page(page, "Presets")

    def _open_owner_page(self, page: Any, title: str) -> QDialog:
        """Show an owner screen that fills the window, with Close in its top bar."""
        dialog = OwnerDialog(self, page)
        dialog.setWindowTitle(title)
        close = touch_button("Close")
        close.clicked.connect(dialog.accept)
        page.add_action(close)
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page, 1)
        dialog.resize(self.size())
        shutdown = getattr(page, "shutdown", None)
        if callable(shutdown):
            dialog.finished.connect(lambda _result: shutdown())
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.owner.hold(dialog)
        dialog.open()
        dialog.setFocus()
        return dialog

    def open_day(self) -> None:
        """The day of the room on screen (bookings: add, move, change, cancel)."""
        if self.dialog is not None or self.facade.planner is None or not self._pages:
            return
        from ambience.ui.day.day_view import DayView

        view = DayView(self, self.facade, self.page.room.id)
        self._overlay(view)

    def open_history(self) -> None:
        """The owner's history of finished sessions (owner mode)."""
        self.owner.require(self, self._open_history, purpose="the history")

    def _open_history(self) -> None:
        planner = self.facade.planner
        if self.dialog is not None or planner is None:
            return
        from datetime import date

        from ambience.ui.history.history_view import HistoryView

        rooms = {r.id: r.name for r in self.facade.studio.config.rooms}
        today = date.fromtimestamp(self.facade.clock.now())
        export = self.demo_folder / "exports" if self.demo_folder is not None else None
        view = HistoryView(self, self.history_path, planner.book, rooms, today, export_dir=export)
        self.owner.hold(view)
        self._overlay(view)

    def open_calendars(self) -> None:
        """The owner's booking calendars, their rules and a preview (owner mode)."""
        self.owner.require(self, self._open_calendars, purpose="the calendars")

    def _open_calendars(self) -> None:
        if self.dialog is not None or self.facade.planner is None:
            return
        from ambience.ui.calendars.page import CalendarsPage

        page = CalendarsPage(self.facade, note=self.demo_note())
        dialog = self._open_owner_page(page, "Calendars")
        dialog.finished.connect(lambda _result: page.shutdown())

    def open_clients(self) -> None:
        """The clients' preferences; export or delete a client's data (owner mode)."""
        self.owner.require(self, self._open_clients, purpose="the clients")

    def _open_clients(self) -> None:
        if self.dialog is not None or self.facade.planner is None:
            return
        from ambience.ui.clients.page import ClientsPage

        export = self.demo_folder / "exports" if self.demo_folder is not None else None
        page = ClientsPage(
            self.facade, journal_path=self.history_path, export_dir=export, note=self.demo_note()
        )
        dialog = self._open_owner_page(page, "Clients")
        dialog.finished.connect(lambda _result: page.shutdown())

    def _overlay(self, dialog: QDialog) -> None:
        """Show ``dialog`` over the whole panel without blocking (``open()``)."""
        dialog.resize(self.size())
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()
        dialog.setFocus()

    def open_devices(self) -> None:
        """The one way to the Devices page: in owner mode only."""
        self.owner.require(self, self._open_devices_page, purpose="the Devices page")

    def _open_devices_page(self) -> None:
        """Open the owner's Devices page in a dialog over the panel."""
        if self.dialog is not None:
            return
        from ambience.setup.service import DeviceSetup
        from ambience.ui.setup.devices_page import DevicesPage

        path = self.config_path or default_config_path()
        page = DevicesPage(DeviceSetup(path, run_async=self.facade.run_async))
        page.saved.connect(lambda config: self.devices_saved(config, page, path))
        dialog = OwnerDialog(self, page)  # closing asks the page first (changes not saved)
        dialog.setWindowTitle("Devices")
        close = touch_button("Close")
        close.clicked.connect(dialog.accept)
        page.add_action(close)  # in the page's top bar: a small screen keeps its height for the list
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page, 1)
        dialog.resize(self.size())
        # The page stops its device look-ups before it goes (they run on the shared loop).
        dialog.finished.connect(lambda _result: page.shutdown())
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.owner.hold(dialog)
        dialog.open()
        dialog.setFocus()  # no field is highlighted (or calls up a touch keyboard) until touched

    def _show_badge(self) -> None:
        badge = "Demo" if self.demo else ""
        if self.speed != 1.0:
            badge = f"{badge} · ×{self.speed:g}" if badge else f"×{self.speed:g}"
        set_text(self.badge, badge)
        self.badge.setVisible(bool(badge))

    def devices_saved(self, config: StudioConfig, page: Any = None, path: Path | None = None) -> None:
        """A rooms config was saved on an owner screen: use it now, or once no session runs."""
        self._show_studio(config)
        where = f"Saved to {path or self.config_path or default_config_path()}."
        if self.demo_folder is not None:
            # A demo's own folder: its rooms are the demo's to change, and gone when it closes.
            where = f"{where[:-1]}, the demo's throw-away folder."
            if page is not None:
                page.set_status(where)
        elif self.demo and not self.keep_demo:
            # The first-run demo was standing in for rooms the owner has now set up.
            self.demo = False
            self._show_badge()
        elif self.demo:
            # The demo keeps its simulated rooms: the owner is told where the real ones went.
            if page is not None:
                page.set_status(f"{where} Start ambience without --demo to use these rooms.")
            return
        self.new_config = config
        self._use_new_config()
        if self.config_waiting and page is not None and self.facade.active_rooms():
            page.set_status(f"{where} {WAITING_NOTICE}.")

    @property
    def config_waiting(self) -> bool:
        """A saved rooms config waits to be used (sessions are running)."""
        return self.new_config is not None

    def _use_new_config(self) -> None:
        """Replace the rooms with the saved ones if nothing is going on; else say why not yet."""
        if self.new_config is None or self._replacing or self._closing:
            return
        waiting = bool(self.facade.active_rooms())
        self._set_notice(WAITING_NOTICE if waiting else "")
        if waiting or not self._quiet():
            return
        config, self.new_config = self.new_config, None
        self._replacing = True
        self.facade.run_async(self._replace(config))

    def _quiet(self) -> bool:
        """No room's page has a question open (its answer would go to a room about to be replaced)."""
        return self.facade.idle() and all(page.dialog is None for page in self._built_pages())

    async def _replace(self, config: StudioConfig) -> None:
        try:
            replaced = await self.facade.replace_studio(config, ready=self._quiet)
        except Exception as exc:
            log.exception("the saved rooms could not be used")
            self._set_notice(f"The saved rooms could not be used: {exc}")
            return
        finally:
            self._replacing = False
        if not replaced and self.new_config is None:
            self.new_config = config  # something started meanwhile: try again on the next tick

    # Size.
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale = theme.scale_for(self.width(), self.height())
        if scale != self._scale:
            self._scale = scale
            sheet = theme.stylesheet(scale)
            # The app's own sheet is the panel's at scale 1: a copy on the window would only make
            # Qt style every widget again (a tenth of a second at start-up).
            app = QApplication.instance()
            own = "" if isinstance(app, QApplication) and app.styleSheet() == sheet else sheet
            if self.styleSheet() != own:
                self.setStyleSheet(own)
            for page in self._built_pages():
                page.refit()
        for overlay in (self.welcome, self.night):
            overlay.setGeometry(self.rect())

    # Quitting.
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
            return
        event.ignore()
        if self._closing or self.dialog is not None or self.owner.screens or self.owner.prompt is not None:
            return
        active = [r.name for r in self.facade.active_rooms()]
        if not active:
            self.end_and_quit()
            return
        question: Question = quit_question(self, active, self.quit_leaves)
        self.dialog = question
        question.finished.connect(lambda _result: setattr(self, "dialog", None))
        question.ask(self.end_and_quit)

    def end_and_quit(self) -> None:
        """End every session in its turnover state, then close (no question asked)."""
        if self._closing:
            return
        self._closing = True
        self._later.stop()  # no page is built for a panel on its way out
        self.facade.run_async(self._finish())

    async def _finish(self) -> None:
        self.night_watch.close()
        self.owner.close()  # its filter of the whole application's events goes with the window
        try:
            await self.facade.end_sessions(leaves=self.quit_leaves)
        finally:
            self._may_close = True
            self.close()
            self.closed.emit()

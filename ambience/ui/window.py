"""The main window: a room selector along the top, one page per room, keys, and a careful quit."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path

from ambience.engine import RoomSnapshot
from ambience.library import PresetError
from ambience.roomstate import Status
from ambience.timeline import VOLUME_STEP
from ambience.ui import theme
from ambience.ui.describe import room_status, time_of_day
from ambience.ui.dialogs import Question, quit_question
from ambience.ui.facade import RoomFacade, StudioFacade
from ambience.ui.qt import (
    QButtonGroup,
    QCloseEvent,
    QDialog,
    QHBoxLayout,
    QKeyEvent,
    QPushButton,
    QResizeEvent,
    QSize,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.room_page import RoomPage
from ambience.ui.widgets import ElidedLabel, card, set_role, set_text, text_label, touch_button

DEVICES_PAGE = "ambience.ui.devices_page"


def devices_page_available() -> bool:
    """Whether the owner's devices page is installed (it is a separate module)."""
    try:
        return importlib.util.find_spec(DEVICES_PAGE) is not None
    except (ImportError, ValueError):
        return False


class RoomButton(QPushButton):
    """A room in the selector: its name and, underneath, whether a session runs there."""

    def __init__(self, room: RoomFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.room = room
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setProperty("role", "room")
        self.setMinimumHeight(theme.TOUCH + 4)
        self.setMinimumWidth(170)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.title = ElidedLabel(room.name, "room-name")
        self.status = ElidedLabel("", "room-idle")
        self.setMaximumWidth(280)
        self.setToolTip(room.name)
        for label in (self.title, self.status):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        words = QVBoxLayout(self)
        words.setContentsMargins(14, 4, 14, 4)
        words.setSpacing(0)
        words.addWidget(self.title)
        words.addWidget(self.status)
        room.changed.connect(self.show_snapshot)
        self.show_snapshot(room.snapshot)

    def sizeHint(self) -> QSize:
        # The labels inside decide the size; a plain button would only measure its own (empty) text.
        margins = self.layout().contentsMargins()
        words = max(self.title.sizeHint().width(), self.status.sizeHint().width())
        width = words + margins.left() + margins.right() + 4
        height = self.layout().sizeHint().height()
        return QSize(
            max(self.minimumWidth(), min(self.maximumWidth(), width)), max(height, self.minimumHeight())
        )

    def show_snapshot(self, snapshot: RoomSnapshot) -> None:
        state = snapshot.state
        text = ("● " if state.active else "") + room_status(state)
        if any(d.available is False for d in snapshot.devices):
            text += "  ⚠"
        set_text(self.status, text)
        role = {
            Status.RUNNING: "room-running",
            Status.PAUSED: "room-paused",
            Status.PREHEAT: "room-running",
        }.get(state.status, "room-idle")
        set_role(self.status, role)


class MainWindow(QWidget):
    """The control panel."""

    closed = Signal()  # the window has finished closing: sessions ended, ready to release devices

    def __init__(
        self,
        facade: StudioFacade,
        *,
        demo: bool = False,
        speed: float = 1.0,
        errors: Sequence[PresetError] = (),
        config_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.facade = facade
        self.demo = demo
        self.config_path = config_path
        self._may_close = False
        self._closing = False
        self._scale = 0.0
        self.dialog: QDialog | None = None
        self.setWindowTitle("Ambience")
        self.setObjectName("panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumSize(theme.BASE_WIDTH * 3 // 4, theme.BASE_HEIGHT * 3 // 4)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.room_buttons = [RoomButton(room) for room in facade.rooms]
        self.room_group = QButtonGroup(self)
        self.room_group.setExclusive(True)
        self.pages = QStackedWidget()
        self.room_pages: list[RoomPage] = []
        for index, (room, button) in enumerate(zip(facade.rooms, self.room_buttons, strict=True)):
            page = RoomPage(room, demo=demo, errors=errors)
            self.room_pages.append(page)
            self.pages.addWidget(page)
            self.room_group.addButton(button, index)
        self.room_group.idClicked.connect(self.show_room)

        self.clock_label = text_label("", "muted")
        badge = "Demo" if demo else ""
        if speed != 1.0:
            badge = f"{badge} · ×{speed:g}" if badge else f"×{speed:g}"
        self.badge = text_label(badge, "badge")
        self.badge.setVisible(bool(badge))
        faster = f"; time runs {speed:g}× faster" if speed != 1.0 else ""
        self.badge.setToolTip(("Simulated devices" if demo else "Real devices") + faster)
        self.owner_button = touch_button("Devices", "flat")
        self.owner_button.setToolTip("Owner: the studio's devices and rooms")
        self.owner_button.setVisible(devices_page_available())
        self.owner_button.clicked.connect(self.open_devices)

        top = card("bar")
        bar = QHBoxLayout(top)
        bar.setContentsMargins(12, 6, 12, 6)
        bar.setSpacing(8)
        for button in self.room_buttons:
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.clock_label, 0, Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.owner_button, 0, Qt.AlignmentFlag.AlignVCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.pages, 1)

        facade.ticked.connect(self._tick)
        if self.room_buttons:
            self.show_room(0)
        self._tick()

    # Rooms.
    @property
    def page(self) -> RoomPage:
        return self.room_pages[self.pages.currentIndex()]

    def page_for(self, room_id: str) -> RoomPage:
        return next(p for p in self.room_pages if p.room.id == room_id)

    def show_room(self, index: int) -> None:
        if 0 <= index < len(self.room_pages):
            self.pages.setCurrentIndex(index)
            self.room_buttons[index].setChecked(True)

    def _tick(self) -> None:
        clock = self.facade.clock
        if clock is not None:
            set_text(self.clock_label, time_of_day(clock.now()))

    # Keys: Space start/pause, Esc stop, L lights up, +/- volume, arrows pick a tile, 1-9 a room.
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.room_pages or self._closing:
            return super().keyPressEvent(event)
        key = event.key().value if hasattr(event.key(), "value") else int(event.key())
        page = self.page
        k = Qt.Key
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
    def open_devices(self) -> None:
        """Open the owner's devices page (a separate module) in a dialog over the panel."""
        module = importlib.import_module(DEVICES_PAGE)
        from ambience.rooms import default_config_path

        dialog = QDialog(self)
        dialog.setWindowTitle("Devices")
        page = module.DevicesPage(self.config_path or default_config_path(), self.facade.run_async)
        close = touch_button("Close")
        close.clicked.connect(dialog.accept)
        layout = QVBoxLayout(dialog)
        layout.addWidget(page, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        dialog.resize(self.size())
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()

    # Size.
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale = theme.scale_for(self.width(), self.height())
        if scale != self._scale:
            self._scale = scale
            self.setStyleSheet(theme.stylesheet(scale))

    # Quitting.
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
            return
        event.ignore()
        if self._closing or self.dialog is not None:
            return
        active = [r.name for r in self.facade.active_rooms()]
        if not active:
            self.end_and_quit()
            return
        question: Question = quit_question(self, active)
        self.dialog = question
        question.finished.connect(lambda _result: setattr(self, "dialog", None))
        question.ask(self.end_and_quit)

    def end_and_quit(self) -> None:
        """End every session in its turnover state, then close (no question asked)."""
        if self._closing:
            return
        self._closing = True
        self.facade.run_async(self._finish())

    async def _finish(self) -> None:
        try:
            await self.facade.end_sessions()
        finally:
            self._may_close = True
            self.close()
            self.closed.emit()

"""One room's page: its preset tiles or its running session, and the controls along the bottom.

The bottom bar keeps what a therapist reaches for (pause, -5 and +5 min, stop, lights up) and
opens the room's adjustments (phases, light, music, warmth) in a sheet above it. Next phase
asks first and can be undone for ten seconds; it sits in the sheet, well away from +5 min.
The bar never clips: on a narrow screen the music buttons live only in the sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ambience.config.catalog import LibraryEntry
from ambience.config.library import LoadedPreset, PresetError
from ambience.engine.snapshot import DeviceStatus, RoomSnapshot
from ambience.session.roomstate import Status
from ambience.session.timeline import VOLUME_STEP
from ambience.ui.describe import in_text
from ambience.ui.facade import RoomFacade
from ambience.ui.panel.adjust import AdjustSheet
from ambience.ui.panel.dialogs import Question, info, next_phase_question, preflight_question, stop_question
from ambience.ui.panel.running import RunningView
from ambience.ui.panel.tiles import TilesView
from ambience.ui.panel.undo_bar import UndoBar
from ambience.ui.qt import (
    QDialog,
    QEvent,
    QFontMetrics,
    QHBoxLayout,
    QLabel,
    QObject,
    QPushButton,
    QResizeEvent,
    QShowEvent,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.widgets import card, elide, set_role, set_text, text_label, touch_button

START_NAME_PX = 360  # a long preset name is shortened on the Start button, never widening the bar
IN_SESSION = (Status.RUNNING, Status.PAUSED)
LIGHTS_UP = "Lights up"
LIGHTS_BACK = "Back to session light"
LIGHTS_DOWN = "Lights back down"


class RoomPage(QWidget):
    def __init__(
        self,
        room: RoomFacade,
        *,
        demo: bool = False,
        errors: Sequence[PresetError] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.room = room
        self.dialog: QDialog | None = None  # the question on screen, if any
        self._end_dismissed = True  # an ended session stays on screen until "New session"
        self._stale = False  # the page missed snapshots while another room's was on screen

        self.tiles = TilesView(room.presets(), list(errors), entries=room.entries())
        self.running = RunningView(demo=demo, room=room)
        self.views = QStackedWidget()
        self.views.addWidget(self.tiles)
        self.views.addWidget(self.running)

        # Before a session: Start.
        self.start_button = touch_button("Start", "primary", whole=False)  # shortens a long name
        self.start_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # During one: Pause/Resume, -5 min, +5 min, Stop, and the music where the bar has room.
        self.pause_button = touch_button("Pause")
        self.shorten_button = touch_button("−5 min")
        self.extend_button = touch_button("+5 min")
        self.stop_button = touch_button("Stop", "danger")
        self.softer_button = touch_button("♪ −")
        self.volume_label = text_label("", "value")
        self.volume_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.louder_button = touch_button("♪ +")
        self.music = _group(self.softer_button, self.volume_label, self.louder_button)
        # After one: back to the tiles.
        self.new_button = touch_button("New session", "primary")
        # A booked session preheating or ready: start it now, or give it up.
        self.start_booked_button = touch_button("Start", "primary")
        self.start_booked_button.setMinimumWidth(220)
        self.cancel_booked_button = touch_button("Cancel booking", "danger")
        self.start_booked_button.clicked.connect(room.start_booked)
        self.cancel_booked_button.clicked.connect(self.ask_cancel_booking)
        # Before a session: who it is for (their preferences apply), picked from the known clients.
        self.client_button = touch_button("Client…")
        self.client_button.setToolTip(
            "Start for a client: their preferences (no scent, volume, warmth) apply"
        )
        self.client_button.clicked.connect(self.pick_client)
        self.client_button.setVisible(room.studio.planner is not None)
        # Always there.
        self.adjust_button = touch_button("Adjust", checkable=True)
        self.lights_button = touch_button(LIGHTS_UP, "lights", checkable=True)
        # The words change, the size does not: the bar never jumps or clips.
        self.lights_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.pause_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        # The keys still work, and a mouse may still hover; nothing depends on it.
        self.pause_button.setToolTip("Pause or resume the session (Space)")
        self.stop_button.setToolTip("End the session (Esc)")
        self.lights_button.setToolTip("Bring the lights to a working level at once (L); again to go back")

        self.start_button.clicked.connect(self.start_selected)
        self.pause_button.clicked.connect(room.toggle_pause)
        self.shorten_button.clicked.connect(lambda: room.shorten(5.0))
        self.extend_button.clicked.connect(lambda: room.extend(5.0))
        self.stop_button.clicked.connect(self.ask_stop)
        self.softer_button.clicked.connect(lambda: room.nudge_volume(-VOLUME_STEP))
        self.louder_button.clicked.connect(lambda: room.nudge_volume(VOLUME_STEP))
        self.new_button.clicked.connect(self.new_session)
        self.lights_button.clicked.connect(self._lights_clicked)
        self.adjust_button.clicked.connect(self.toggle_adjust)
        self.tiles.selected.connect(lambda _loaded: self._show(room.snapshot))
        self.tiles.problems.clicked.connect(self.show_preset_problems)
        for notice in (self.tiles.notice_button, self.running.notice_button):
            notice.clicked.connect(self.show_notices)
        self.tiles.broken_touched.connect(self.explain_broken)
        # The library was read again (a preset saved, changed on disk or deleted): new tiles. A
        # running session keeps the preset it started with.
        room.studio.library_changed.connect(self._library_changed)

        self.controls = QStackedWidget()
        self.controls.addWidget(_row(self.start_button, self.client_button))
        self.session_row = _row(
            self.pause_button,
            self.shorten_button,
            self.extend_button,
            self.stop_button,
            None,
            self.music,
            None,
        )
        self.controls.addWidget(self.session_row)
        self.controls.addWidget(_row(self.new_button))
        self.controls.addWidget(_row(self.start_booked_button, None, self.cancel_booked_button))

        self.bar = bar = card("bar")
        bottom = QHBoxLayout(bar)
        bottom.setContentsMargins(12, 8, 12, 8)
        bottom.setSpacing(10)
        bottom.addWidget(self.controls, 1)
        bottom.addWidget(self.adjust_button)
        bottom.addWidget(self.lights_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.views, 1)
        layout.addWidget(bar)

        # Over the page, placed by resizeEvent.
        self.sheet = AdjustSheet(room, self)
        self.sheet.closed.connect(lambda: self.adjust_button.setChecked(False))
        self.sheet.next_phase.connect(self.ask_next_phase)
        self.sheet.previous_phase.connect(self.previous_phase)
        self.undo_bar = UndoBar(self)
        self.undo_bar.undo.connect(room.undo)
        for overlay in (self.sheet, self.undo_bar):
            overlay.installEventFilter(self)

        self.running.devices.show_snapshot(room.snapshot)  # the rows exist before the first session
        room.changed.connect(self._show)
        room.checking.connect(lambda _on: self._show(room.snapshot))
        room.preflight_failed.connect(self._preflight_failed)
        room.noticed.connect(lambda _new: self._show_notices())
        self._show(room.snapshot)

    # What the therapist does.
    def start_selected(self) -> None:
        loaded = self.tiles.current
        if loaded is not None and self.views.currentWidget() is self.tiles:
            self.room.request_start(loaded)

    def primary_action(self) -> None:
        """Space: start the chosen preset, or pause/resume the session."""
        status = self.room.snapshot.state.status
        if status in IN_SESSION:
            self.room.toggle_pause()
        elif self.views.currentWidget() is self.tiles:
            self.start_selected()

    def ask_stop(self) -> None:
        """Esc or Stop: end the session, after a confirmation."""
        snapshot = self.room.snapshot
        if snapshot.state.status not in IN_SESSION or self.dialog is not None:
            return
        question = stop_question(self.window(), self.room.name, snapshot.preset_name or "The session")
        self._ask(question, self.room.stop)

    def ask_next_phase(self) -> None:
        """Next phase: asks first, then offers an Undo for ten seconds."""
        state = self.room.snapshot.state
        if state.status not in IN_SESSION or state.next_phase is None or self.dialog is not None:
            return
        phase, upcoming = state.phase or "This phase", state.next_phase
        spans = self.room.phase_spans()
        index = state.phase_index or 0
        left = sum(s for _, s in spans[: index + 1]) - state.elapsed_s if spans else 0.0
        words = in_text(left).removeprefix("in ")
        question = next_phase_question(self.window(), phase, words, upcoming)
        self.sheet.close_sheet()

        def move_on() -> None:
            self.room.skip()
            self.undo_bar.offer(f"Now in {upcoming}")

        self._ask(question, move_on)

    def previous_phase(self) -> None:
        """Back to the previous phase at once, with an Undo for ten seconds."""
        state = self.room.snapshot.state
        if state.status not in IN_SESSION or not state.can_go_back:
            return
        self.room.back()
        self.sheet.close_sheet()
        self.undo_bar.offer(f"Back in {self.room.snapshot.state.phase}")

    def toggle_adjust(self) -> None:
        if self.sheet.isVisible():
            self.sheet.close_sheet()
        else:
            self.sheet.show_snapshot(self.room.snapshot)
            self.sheet.show()
            self.sheet.raise_()
            self._place_overlays()
        self.adjust_button.setChecked(self.sheet.isVisible())

    def lights_up(self) -> None:
        self.room.lights_up()

    def _lights_clicked(self) -> None:
        self.room.lights_up()
        self._show(self.room.snapshot)  # the check mark follows the room, not the click

    def ask_cancel_booking(self) -> None:
        """Cancel booking: the preheat ends and the booking is marked cancelled, after a confirmation."""
        if self.dialog is not None or self.room.snapshot.state.status is not Status.PREHEAT:
            return
        snapshot = self.room.snapshot
        who = f" for {snapshot.client}" if snapshot.client else ""
        question = Question(
            self.window(),
            "Cancel the booking?",
            f"{snapshot.preset_name or 'The session'}{who} in {self.room.name} is cancelled and the "
            "room stops warming up for it.",
            "Cancel booking",
            "Keep it",
            danger=True,
        )
        self._ask(question, self.room.cancel_booked)

    def pick_client(self) -> None:
        """Choose who the next session is for (or nobody)."""
        planner = self.room.studio.planner
        if self.dialog is not None or planner is None:
            return
        from ambience.ui.day.client_picker import ClientPicker

        picker = ClientPicker(self.window(), planner.book, self.room.client)
        picker.chosen.connect(self._client_chosen)
        self.dialog = picker
        picker.finished.connect(lambda _result: self._dialog_closed())
        picker.finished.connect(picker.deleteLater)
        picker.open()

    def _client_chosen(self, name: str) -> None:
        self.room.client = name or None
        self._show(self.room.snapshot)

    def nudge_volume(self, step: float) -> None:
        if self.room.snapshot.state.status in IN_SESSION:
            self.room.nudge_volume(step)

    def new_session(self) -> None:
        self._end_dismissed = True
        self._show(self.room.snapshot)

    def _preflight_failed(self, loaded: LoadedPreset, unreachable: list[DeviceStatus]) -> None:
        if self.dialog is not None:
            return
        question = preflight_question(self.window(), loaded.name, unreachable)
        self._ask(question, lambda: self.room.start(loaded))

    def show_notices(self) -> None:
        if self.dialog is not None or not self.room.notices:
            return
        question = Question(
            self.window(), "Music", "\n".join(f"• {n}" for n in self.room.notices), "Clear", "Close"
        )
        self._ask(question, self.room.clear_notices)

    def show_preset_problems(self) -> None:
        if self.dialog is not None:
            return
        text = (
            "These preset files were left out. Each line names the file, the setting and what is "
            "wrong with it; the owner can correct the file and start the panel again.\n\n"
            + self.tiles.problem_text()
        )
        self._ask(info(self.window(), "Presets that could not be read", text), lambda: None)

    def _ask(self, question: Question, on_yes: Callable[[], None]) -> None:
        self.dialog = question
        question.finished.connect(self._dialog_closed)
        question.ask(on_yes)

    def _dialog_closed(self) -> None:
        self.dialog = None

    # What the page shows.
    def _show(self, snapshot: RoomSnapshot) -> None:
        state = snapshot.state
        if state.active:
            self._end_dismissed = False
        if not self.isVisible():  # another room is on screen: this one catches up when shown
            self._stale = True
            return
        running = state.active or (state.status is Status.ENDED and not self._end_dismissed)
        if running:
            self.views.setCurrentWidget(self.running)
            self.running.show_snapshot(snapshot, self.room.phase_spans())
            page = {Status.ENDED: 2, Status.PREHEAT: 3}.get(state.status, 1)
            self._show_control_page(page)
        else:
            self.views.setCurrentWidget(self.tiles)
            self._show_control_page(0)
        if state.status not in IN_SESSION and self.undo_bar.isVisible():
            self.undo_bar.withdraw()
        self._show_controls(snapshot)
        if self.sheet.isVisible():
            self.sheet.show_snapshot(snapshot)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._show(self.room.snapshot)

    def _show_control_page(self, index: int) -> None:
        # A stacked widget is as wide as its widest page; only the page shown should claim room.
        if self.controls.currentIndex() == index:
            return
        self.controls.setCurrentIndex(index)
        for i in range(self.controls.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.controls.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)

    def _library_changed(self) -> None:
        self.tiles.set_entries(self.room.entries())
        self._show(self.room.snapshot)

    def explain_broken(self, entry: LibraryEntry) -> None:
        """A broken preset's tile, touched: every reason, and (for the owner) the way to fix it."""
        if self.dialog is not None:
            return
        reasons = "\n".join(f"• {r}" for r in entry.reasons())
        question = Question(
            self.window(),
            f"{entry.name} cannot start",
            f"{entry.path}\n\n{reasons}\n\nThe owner can fix it in Presets (owner mode).",
            "Open in Presets",
            "Close",
        )
        opener = getattr(self.window(), "open_editor", None)
        self._ask(question, lambda: opener(entry.name) if callable(opener) else None)

    def _show_controls(self, snapshot: RoomSnapshot) -> None:
        state = snapshot.state
        loaded = self.tiles.current
        if self.room.is_checking:
            set_text(self.start_button, "Checking devices…")
        elif loaded is None and self.tiles.current_entry is not None:
            set_text(self.start_button, "Can't start: this preset is broken")
        elif loaded is None:
            set_text(self.start_button, "Choose a preset")
        else:
            name = elide(loaded.name, self.start_button, START_NAME_PX)
            set_text(self.start_button, f"Start {name} · {loaded.preset.minutes:g} min")
        self.start_button.setEnabled(loaded is not None and not self.room.is_checking)
        set_text(self.client_button, f"For {self.room.client}" if self.room.client else "Client…")
        paused = state.status is Status.PAUSED
        set_text(self.pause_button, "Resume" if paused else "Pause")
        set_role(self.pause_button, "primary" if paused else "")
        in_session = state.status in IN_SESSION
        for button in (
            self.pause_button,
            self.shorten_button,
            self.extend_button,
            self.stop_button,
            self.softer_button,
            self.louder_button,
        ):
            button.setEnabled(in_session)
        music = state.music
        set_text(self.volume_label, "Muted" if state.muted else f"{music.volume if music else 0:.0f} %")
        if self.lights_button.isChecked() != state.lights_up:
            self.lights_button.setChecked(state.lights_up)
        if state.lights_up:
            set_text(self.lights_button, LIGHTS_BACK if state.active else LIGHTS_DOWN)
        else:
            set_text(self.lights_button, LIGHTS_UP)

    def _show_notices(self) -> None:
        notices = self.room.notices
        count = f" ({len(notices)})" if len(notices) > 1 else ""
        for button in (self.tiles.notice_button, self.running.notice_button):
            # Short, so nothing else loses room to it; the messages are a tap away.
            set_text(button, f"⚠ Music{count}")
            button.setVisible(bool(notices))

    # Size.
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_bar()
        self._place_overlays()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # An overlay's words or scale changed its size: place it again once its layout has.
        if event.type() == QEvent.Type.LayoutRequest and watched in (self.sheet, self.undo_bar):
            QTimer.singleShot(0, self._place_overlays)
        return False

    def refit(self) -> None:
        """After the panel's scale changed: measure the buttons again."""
        self._fit_bar()
        self._place_overlays()

    def _fit_bar(self) -> None:
        """Buttons as wide as their longest words; the music buttons only where the bar has room."""
        for button, words in (
            (self.lights_button, (LIGHTS_UP, LIGHTS_BACK, LIGHTS_DOWN)),
            (self.pause_button, ("Pause", "Resume")),
            (self.undo_bar.button, ("Undo · 10",)),
        ):
            button.setFixedWidth(_widest(button, words))
        muted_w = QFontMetrics(self.volume_label.font()).horizontalAdvance("Muted")
        self.volume_label.setMinimumWidth(muted_w + 12)
        layout = self.bar.layout()
        row = self.session_row.layout()
        if layout is None or row is None:
            return
        margins = layout.contentsMargins()
        fixed = [self.pause_button, self.shorten_button, self.extend_button, self.stop_button]
        needed = (
            sum(w.sizeHint().width() for w in fixed)
            + self.music.sizeHint().width()
            + self.adjust_button.sizeHint().width()
            + self.lights_button.width()
            + row.spacing() * 5
            + layout.spacing() * 2
            + margins.left()
            + margins.right()
        )
        self.music.setVisible(needed <= self.width())

    def _place_overlays(self) -> None:
        """The sheet above the bar on the right (the whole width on a small screen); the undo bar
        across the bottom of the view."""
        bottom = self.bar.geometry().top()
        margin = 12
        if self.sheet.isVisible():
            hint = self.sheet.sizeHint().expandedTo(self.sheet.minimumSizeHint())
            width = min(self.width() - 2 * margin, max(hint.width(), self.width() // 2))
            height = min(bottom - 2 * margin, hint.height())
            self.sheet.setGeometry(self.width() - margin - width, bottom - margin - height, width, height)
        hint = self.undo_bar.sizeHint()
        width = min(self.width() - 2 * margin, max(hint.width(), self.width() * 2 // 3))
        self.undo_bar.setGeometry(
            (self.width() - width) // 2, bottom - margin - hint.height(), width, hint.height()
        )


def _widest(button: QPushButton, words: Sequence[str]) -> int:
    """A width for ``button`` that fits the longest of ``words`` (as the button's style pads them)."""
    metrics = QFontMetrics(button.font())
    text_w = max(metrics.horizontalAdvance(w) for w in words)
    current = metrics.horizontalAdvance(button.text())
    return max(button.minimumSizeHint().width(), button.sizeHint().width() - current + text_w + 4)


def _group(*widgets: QWidget) -> QWidget:
    host = QWidget()
    row = QHBoxLayout(host)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for widget in widgets:
        row.addWidget(widget)
    return host


def _row(*widgets: QWidget | None) -> QWidget:
    """A row of controls; ``None`` is a flexible gap."""
    host = QWidget()
    row = QHBoxLayout(host)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(10)
    for widget in widgets:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
    if widgets and widgets[-1] is not None and not isinstance(widgets[-1], QLabel):
        row.addStretch(1)
    return host

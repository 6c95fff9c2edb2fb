"""One room's page: its preset tiles or its running session, and the controls along the bottom."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ambience.config.library import LoadedPreset, PresetError
from ambience.engine.snapshot import DeviceStatus, RoomSnapshot
from ambience.session.roomstate import Status
from ambience.session.timeline import VOLUME_STEP
from ambience.ui.facade import RoomFacade
from ambience.ui.panel.dialogs import Question, preflight_question, stop_question
from ambience.ui.panel.running import RunningView
from ambience.ui.panel.tiles import TilesView
from ambience.ui.qt import (
    QDialog,
    QHBoxLayout,
    QShowEvent,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.widgets import card, elide, set_role, set_text, touch_button

START_NAME_PX = 360  # a long preset name is shortened on the Start button, never widening the bar


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
        self._running_stale = False  # the running view missed snapshots while it was hidden

        self.tiles = TilesView(room.presets(), list(errors))
        self.running = RunningView(demo=demo)
        self.views = QStackedWidget()
        self.views.addWidget(self.tiles)
        self.views.addWidget(self.running)

        # Before a session: Start.
        self.start_button = touch_button("Start", "primary")
        self.start_button.setMinimumWidth(300)
        # During one: Pause/Resume, +5 min, Next phase, Stop, volume.
        self.pause_button = touch_button("Pause")
        self.extend_button = touch_button("+5 min")
        self.skip_button = touch_button("Next phase")
        self.stop_button = touch_button("Stop", "danger")
        self.softer_button = touch_button("♪ −")
        self.louder_button = touch_button("♪ +")
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
        self.notice_button = touch_button("", "notice")
        self.notice_button.hide()
        self.lights_button = touch_button("Lights up", "lights", checkable=True)

        self.pause_button.setToolTip("Pause or resume the session (Space)")
        self.extend_button.setToolTip("Five more minutes in this phase")
        self.skip_button.setToolTip("Move on to the next phase now")
        self.stop_button.setToolTip("End the session (Esc)")
        self.softer_button.setToolTip("Music softer (−)")
        self.louder_button.setToolTip("Music louder (+)")
        self.lights_button.setToolTip("Bring the lights to a working level at once (L); again to go back")
        for button in (self.pause_button, self.extend_button, self.skip_button, self.stop_button):
            button.setMinimumWidth(118)
        self.lights_button.setMinimumWidth(150)
        # Lights up is never squeezed (it must always read "Lights up"); a long music warning
        # takes only the room that is left.
        self.lights_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        self.start_button.clicked.connect(self.start_selected)
        self.pause_button.clicked.connect(room.toggle_pause)
        self.extend_button.clicked.connect(lambda: room.extend(5.0))
        self.skip_button.clicked.connect(room.skip)
        self.stop_button.clicked.connect(self.ask_stop)
        self.softer_button.clicked.connect(lambda: room.nudge_volume(-VOLUME_STEP))
        self.louder_button.clicked.connect(lambda: room.nudge_volume(VOLUME_STEP))
        self.new_button.clicked.connect(self.new_session)
        self.lights_button.clicked.connect(self._lights_clicked)
        self.notice_button.clicked.connect(self.show_notices)
        self.tiles.selected.connect(lambda _loaded: self._show(room.snapshot))

        self.controls = QStackedWidget()
        self.controls.addWidget(_row(self.start_button, self.client_button))
        self.controls.addWidget(
            _row(
                self.pause_button,
                self.extend_button,
                self.skip_button,
                self.stop_button,
                None,
                self.softer_button,
                self.louder_button,
            )
        )
        self.controls.addWidget(_row(self.new_button))
        self.controls.addWidget(_row(self.start_booked_button, None, self.cancel_booked_button))

        bar = card("bar")
        bottom = QHBoxLayout(bar)
        bottom.setContentsMargins(16, 8, 16, 8)
        bottom.setSpacing(12)
        bottom.addWidget(self.controls, 1)
        bottom.addWidget(self.notice_button)
        bottom.addWidget(self.lights_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.views, 1)
        layout.addWidget(bar)

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
        if status in (Status.RUNNING, Status.PAUSED):
            self.room.toggle_pause()
        elif self.views.currentWidget() is self.tiles:
            self.start_selected()

    def ask_stop(self) -> None:
        """Esc or Stop: end the session, after a confirmation."""
        snapshot = self.room.snapshot
        if snapshot.state.status not in (Status.RUNNING, Status.PAUSED) or self.dialog is not None:
            return
        question = stop_question(self.window(), self.room.name, snapshot.preset_name or "The session")
        self._ask(question, self.room.stop)

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
        if self.room.snapshot.state.status in (Status.RUNNING, Status.PAUSED):
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
        running = state.active or (state.status is Status.ENDED and not self._end_dismissed)
        if running:
            self.views.setCurrentWidget(self.running)
            if self.running.isVisible():
                self.running.show_snapshot(snapshot, self.room.phase_spans())
            else:  # another room is on screen: this one catches up when it is shown
                self._running_stale = True
            page = {Status.ENDED: 2, Status.PREHEAT: 3}.get(state.status, 1)
            self._show_control_page(page)
        else:
            self.views.setCurrentWidget(self.tiles)
            self._show_control_page(0)
        self._show_controls(snapshot)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._running_stale and self.views.currentWidget() is self.running:
            self._running_stale = False
            self.running.show_snapshot(self.room.snapshot, self.room.phase_spans())

    def _show_control_page(self, index: int) -> None:
        # A stacked widget is as wide as its widest page; only the page shown should claim room,
        # so the bar keeps space for a music warning and Lights up.
        self.controls.setCurrentIndex(index)
        for i in range(self.controls.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.controls.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)

    def _show_controls(self, snapshot: RoomSnapshot) -> None:
        state = snapshot.state
        loaded = self.tiles.current
        if self.room.is_checking:
            set_text(self.start_button, "Checking devices…")
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
        in_session = state.status in (Status.RUNNING, Status.PAUSED)
        self.pause_button.setEnabled(in_session)
        self.extend_button.setEnabled(in_session)
        self.skip_button.setEnabled(in_session and state.next_phase is not None)
        self.stop_button.setEnabled(in_session)
        self.softer_button.setEnabled(in_session)
        self.louder_button.setEnabled(in_session)
        if self.lights_button.isChecked() != state.lights_up:
            self.lights_button.setChecked(state.lights_up)

    def _show_notices(self) -> None:
        notices = self.room.notices
        if not notices:
            self.notice_button.hide()
            return
        # Short, so the session controls never lose room to it; the messages are a tap away.
        count = f" ({len(notices)})" if len(notices) > 1 else ""
        set_text(self.notice_button, f"⚠ Music{count}")
        self.notice_button.setToolTip("\n".join(notices))
        self.notice_button.show()


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
    if widgets and widgets[-1] is not None:
        row.addStretch(1)
    return host

"""The owner's Devices page: the top bar with Save and the status, the list, the details, the account."""

from __future__ import annotations

from collections.abc import Callable

from ambience.setup.service import DeviceSetup
from ambience.ui.panel.dialogs import Question, info
from ambience.ui.qt import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget, Signal
from ambience.ui.setup.account_box import AccountBox
from ambience.ui.setup.device_details import DeviceDetails
from ambience.ui.setup.device_list import DeviceList
from ambience.ui.setup.music_choice import MusicPanel, music_view
from ambience.ui.setup.room_box import RoomBox
from ambience.ui.touch import kinetic
from ambience.ui.widgets import card, set_text, text_label, touch_button


class DevicesPage(QWidget):
    """Find Kasa/Tapo devices, see what each is and whether it answers, make one show itself, put
    it in a room with a role, choose where each room's music plays, keep the TP-Link account.

    It shows a ``DeviceSetup`` and sends it what the owner asks for; the set-up does the work on
    the app's loop, so the page never waits on a device.
    """

    saved = Signal(object)  # the StudioConfig just written

    def __init__(self, setup: DeviceSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup = setup
        self.question: Question | None = None  # the question on screen (remove a room, forget the account)
        self._discarding = False
        self.setObjectName("panel")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(10)
        self._top = QHBoxLayout()
        self._top.addWidget(text_label("Devices", "title"))
        self.status = text_label("", "muted", wrap=True)
        self._top.addWidget(self.status, 1)
        self.details_button = touch_button("Details", "flat")  # the status's technical words
        self.details_button.clicked.connect(self.show_details)
        self.details_button.hide()
        self._top.addWidget(self.details_button)
        self.save_button = touch_button("Save", "primary")
        self.save_button.clicked.connect(setup.save)
        self._top.addWidget(self.save_button)
        outer.addLayout(self._top)
        body = QHBoxLayout()
        body.setSpacing(12)
        self.device_list = DeviceList(setup)
        body.addWidget(self.device_list, 3)
        body.addWidget(self._build_side(), 2)
        outer.addLayout(body, 1)
        setup.watchers.append(self.refresh)
        setup.save_watchers.append(self.saved.emit)
        self.destroyed.connect(setup.close)
        self.refresh()
        setup.open()

    def _build_side(self) -> QScrollArea:
        """The selected device's details (or where the selected room's music plays), then the account."""
        frame = card()
        column = QVBoxLayout(frame)
        column.setContentsMargins(14, 12, 14, 12)
        column.setSpacing(8)
        self.details = DeviceDetails(self.setup)
        column.addWidget(self.details)
        self.room_box = RoomBox(self.setup, self.ask)
        self.room_box.hide()
        column.addWidget(self.room_box)
        self.music_panel = MusicPanel()
        self.music_panel.chosen.connect(self.setup.choose_music)
        self.music_panel.refresh.connect(self.setup.look_for_outputs)
        self.music_panel.hide()
        column.addWidget(self.music_panel)
        column.addSpacing(8)
        self.account = AccountBox(self.setup, self.ask)
        column.addWidget(self.account)
        column.addStretch(1)
        scroll = kinetic(QScrollArea())
        scroll.setWidgetResizable(True)
        scroll.setWidget(frame)
        return scroll

    def ask(self, title: str, text: str, yes: str, then: Callable[[], None]) -> None:
        """A yes/no question over the page (one at a time); ``then`` runs on yes."""
        if self.question is not None:
            return
        question = Question(self, title, text, yes, "Cancel", danger=True)
        self.question = question
        question.finished.connect(lambda _result: setattr(self, "question", None))
        question.ask(then)

    def show_details(self) -> None:
        if self.question is None and self.setup.status_detail:
            question = info(self, "Details", self.setup.status, details=self.setup.status_detail)
            question.toggle_details()
            self.question = question
            question.finished.connect(lambda _result: setattr(self, "question", None))
            question.ask(lambda: None)

    def unsaved(self) -> bool:
        """Changes made here and not saved yet (leaving the page asks first)."""
        return self.setup.dirty and not self._discarding

    def leave(self, then: Callable[[], None]) -> None:
        """Close the page: at once, or after asking when changes are not saved (``then`` leaves)."""
        if not self.unsaved():
            then()
            return
        self.ask(
            "Leave without saving?",
            "The changes to the rooms and devices are not saved yet. Leave them, or go back and Save.",
            "Leave without saving",
            then,
        )

    def discard(self) -> None:
        """Owner mode locked itself: what was not saved is dropped without a question."""
        self._discarding = True

    def add_action(self, button: QPushButton) -> None:
        """A button of the window hosting the page (its Close) at the end of the top bar, after Save."""
        self._top.addWidget(button)

    def set_status(self, text: str) -> None:
        self.setup.say(text)

    def refresh(self) -> None:
        """Show the set-up as it is now (called after each of its changes)."""
        setup = self.setup
        set_text(self.status, setup.status)
        self.details_button.setVisible(bool(setup.status_detail))
        self.save_button.setEnabled(setup.can_save)
        self.device_list.refresh()
        music_room = setup.room(setup.music_room)
        shown_room = setup.room(setup.selected_room)
        self.details.setVisible(music_room is None and shown_room is None)
        self.room_box.setVisible(shown_room is not None)
        self.room_box.refresh()
        self.music_panel.setVisible(music_room is not None)
        if music_room is not None:
            self.music_panel.show_view(
                music_view(
                    music_room,
                    setup.config,
                    setup.room(music_room.id, saved=True),
                    outputs=setup.outputs,
                    problem=setup.outputs_problem,
                    looking=setup.looking_for_outputs,
                )
            )
        self.details.refresh()
        self.account.refresh()

    def shutdown(self) -> None:
        """Stop whatever the page is doing with devices (before it is discarded)."""
        self.setup.close()

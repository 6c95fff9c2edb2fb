"""The Devices page's Music choice for one room: no music, this computer's default output, or one
of its outputs; with plain notes about what the computer offers and which rooms share it."""

from __future__ import annotations

from dataclasses import dataclass

from ambience.config.rooms import RoomConfig, StudioConfig
from ambience.setup import music as audio_setup
from ambience.setup.music import MusicChoice
from ambience.ui import theme
from ambience.ui.qt import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QResizeEvent,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.widgets import ElidedLabel, column_layout, set_role, set_text, text_label, touch_button


@dataclass(frozen=True)
class MusicView:
    """What the choice shows for a room (worked out by the page from the rooms config)."""

    room_name: str
    options: tuple[tuple[MusicChoice, str], ...]  # each choice with a word about it ("" if none)
    current: MusicChoice
    note: str = ""
    note_warns: bool = False
    warning: str = ""
    looking: bool = False


class ChoiceButton(QPushButton):
    """One choice: its name, shortened with "…" when an output's name is long; its note beside."""

    def __init__(self, choice: MusicChoice, detail: str) -> None:
        super().__init__()
        self.choice = choice
        self.setCheckable(True)
        self.setProperty("role", "room")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(theme.TOUCH)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 2, 14, 2)
        self.label = ElidedLabel(choice.label)
        self.detail = ElidedLabel(detail, "faint")
        # The note takes the room it needs (never more than a part of the row); the name the rest.
        self.detail.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.detail.setVisible(bool(detail))
        layout.addWidget(self.label, 1)
        layout.addWidget(self.detail)
        for label in (self.label, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setToolTip(f"{choice.label}\n{detail}" if detail else choice.label)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.detail.setMaximumWidth(max(0, int(self.width() * 0.35)))
        super().resizeEvent(event)


class MusicPanel(QWidget):
    """Where the selected room's music plays; ``chosen`` carries the owner's pick."""

    chosen = Signal(object)  # a MusicChoice
    refresh = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = column_layout(self)
        self.heading = text_label("", "heading", wrap=True)
        column.addWidget(self.heading)
        intro = "Where the room's sessions play their music. Save to keep the choice."
        column.addWidget(text_label(intro, "faint", wrap=True))
        # Above the choices, so a small screen never scrolls it out of sight.
        self.warning = text_label("", "warning", wrap=True)
        column.addWidget(self.warning)
        self.options_box = QWidget()
        self.options = QVBoxLayout(self.options_box)
        self.options.setContentsMargins(0, 0, 0, 0)
        self.options.setSpacing(6)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.buttonClicked.connect(self._clicked)
        column.addWidget(self.options_box)
        self.refresh_button = touch_button("Look again")
        self.refresh_button.setToolTip("Look for this computer's audio outputs again")
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.note = text_label("", "faint", wrap=True)
        row = QHBoxLayout()
        row.addWidget(self.refresh_button)
        row.addWidget(self.note, 1)
        column.addLayout(row)
        self._shown: tuple[tuple[MusicChoice, str], ...] = ()

    def show_view(self, view: MusicView) -> None:
        set_text(self.heading, f"MUSIC IN {view.room_name.upper()}")
        if view.options != self._shown:
            self._rebuild(view.options)
        for button in self.buttons():
            button.setChecked(button.choice == view.current)
        set_text(self.warning, view.warning)
        self.warning.setVisible(bool(view.warning))
        set_text(self.note, view.note)
        set_role(self.note, "warning" if view.note_warns else "faint")
        self.note.setVisible(bool(view.note))
        self.refresh_button.setEnabled(not view.looking)

    def buttons(self) -> list[ChoiceButton]:
        return [b for b in self.group.buttons() if isinstance(b, ChoiceButton)]

    def button(self, label: str) -> ChoiceButton:
        """The choice called ``label`` (for tests and screen readers)."""
        return next(b for b in self.buttons() if b.choice.label == label)

    def _rebuild(self, options: tuple[tuple[MusicChoice, str], ...]) -> None:
        for button in self.group.buttons():
            self.group.removeButton(button)
            self.options.removeWidget(button)
            button.hide()
            button.deleteLater()
        for choice, detail in options:
            button = ChoiceButton(choice, detail)
            self.group.addButton(button)
            self.options.addWidget(button)
        self._shown = options

    def _clicked(self, button: QPushButton) -> None:
        if isinstance(button, ChoiceButton):
            self.chosen.emit(button.choice)


def music_view(
    room: RoomConfig,
    config: StudioConfig,
    saved: RoomConfig | None,
    *,
    outputs: list[str] | None,
    problem: str | None = None,
    looking: bool = False,
) -> MusicView:
    """The choice for ``room`` of ``config`` (``saved``: the room as last saved; ``outputs``:
    this computer's, None while not known; ``problem``: why they could not be listed)."""
    current = audio_setup.choice_of(room)
    offered = audio_setup.choices(outputs, current, audio_setup.choice_of(saved) if saved else None)
    note, warns = _outputs_note(current, outputs, problem)
    return MusicView(
        room_name=room.name,
        options=tuple((choice, _choice_detail(choice, outputs)) for choice in offered),
        current=current,
        note=note,
        note_warns=warns,
        warning=audio_setup.sharing_warning(config, room.id),
        looking=looking,
    )


def music_row_text(
    room: RoomConfig, config: StudioConfig, outputs: list[str] | None
) -> tuple[str, str, bool | None]:
    """A room's music row in the list: its name, where it plays, whether that can sound
    (None: nothing to hear, or not known yet)."""
    choice = audio_setup.choice_of(room)
    entries = audio_setup.music_entries(room)
    name = "Music" if not entries or entries[0].name == "Music" else f"{entries[0].name}  ·  Music"
    if not choice.through_computer:
        return name, choice.where, None
    parts = [choice.label]
    if outputs == []:
        parts.append("no audio output found")
    elif audio_setup.missing(choice, outputs):
        parts.append("not connected now")
    others = audio_setup.sharing(config, room.id)
    if others:
        parts.append("shared with " + ", ".join(r.name for r in others))
    sounds = None if outputs is None else bool(outputs) and not audio_setup.missing(choice, outputs)
    return name, " · ".join(parts), sounds


def _outputs_note(current: MusicChoice, outputs: list[str] | None, problem: str | None) -> tuple[str, bool]:
    """A word on what this computer offers, and whether it is a warning."""
    if outputs is None:
        return "Looking for this computer's audio outputs…", False
    if problem:
        return f"Could not list the audio outputs: {problem}", True
    if not outputs:
        return "No audio output found on this computer: music stays silent until one is connected.", True
    if audio_setup.missing(current, outputs):
        return f"'{current.output}' is not connected now: the music plays on the default one.", True
    if len(outputs) > 1:
        return f"This computer offers {len(outputs)} audio outputs.", False
    return f"This computer's one audio output: {outputs[0]}.", False


def _choice_detail(choice: MusicChoice, outputs: list[str] | None) -> str:
    if choice.kind == "kept":
        return "as configured"
    if choice.kind != "computer" or outputs is None:
        return ""
    if audio_setup.missing(choice, outputs):
        return "not connected now"
    if choice.output is None and not outputs:
        return "none found"
    return ""

"""The studio settings screen: every declared setting with its editor, its problem, Save and Revert.

Rows are made from ``declared_settings(StudioConfig)``, then, for each room, from
``declared_settings(RoomConfig)`` (a room's own settings, such as starting booked sessions by
themselves); nothing here names a setting. Saving reads the rooms config again and changes only
the settings in it (rooms and devices stay as the file has them), atomically with a backup; a
file that cannot be read is never overwritten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ambience.config.rooms import RoomConfig, StudioConfig, load_rooms, save_rooms
from ambience.config.settings import SettingSpec, declared_settings, settings_problems, with_settings
from ambience.config.validation import InvalidFile, problems
from ambience.ui.qt import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.settings.editors import SettingEditor, editor_for
from ambience.ui.widgets import card, set_text, text_label, touch_button

RunAsync = Callable[[Coroutine[Any, Any, Any]], "asyncio.Future[Any]"]
RoomKey = tuple[str, str]  # (room id, setting)


class SettingRow(QFrame):
    """A setting: its name and what it does on the left; its editor and any problem on the right."""

    def __init__(self, spec: SettingSpec, editor: SettingEditor, *, title: str | None = None) -> None:
        super().__init__()
        self.setProperty("role", "row")
        self.spec = spec
        self.editor = editor
        heading = text_label(title or spec.title, "field-title")
        heading.setWordWrap(True)
        bounds = spec.bounds_text()
        about = spec.description + (f" ({bounds})" if bounds else "")
        self.about = text_label(about, "muted", wrap=True)
        self.problem = text_label("", "problem", wrap=True)
        self.problem.hide()
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(heading)
        words.addWidget(self.about)
        words.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(editor)
        right.addWidget(self.problem)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 10, 4, 10)
        layout.setSpacing(16)
        layout.addLayout(words, 2)
        layout.addLayout(right, 3)

    def show_problem(self, text: str) -> None:
        set_text(self.problem, text)
        self.problem.setVisible(bool(text))


class SettingsPage(QWidget):
    """Studio settings; ``saved`` carries the whole rooms config just written."""

    saved = Signal(object)  # StudioConfig

    def __init__(
        self,
        config_path: Path,
        run_async: RunAsync | None = None,
        *,
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.config_path = Path(config_path)
        self._run_async = run_async
        self.specs = declared_settings(StudioConfig)
        self.room_specs = declared_settings(RoomConfig)
        self._saving = False
        self.config, problem = self._load()
        self._saved_values = self._values_of(self.config)
        self._saved_room_values = self._room_values_of(self.config)
        self.rows: dict[str, SettingRow] = {}
        self.room_rows: dict[RoomKey, SettingRow] = {}

        self.status = text_label("", "muted", wrap=True)
        self.revert_button = touch_button("Revert")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = touch_button("Save", "primary")
        self.save_button.clicked.connect(self.save)
        self._top = QHBoxLayout()
        self._top.setSpacing(10)
        self._top.addWidget(text_label("Studio settings", "title"))
        self._top.addWidget(self.status, 1)
        self._top.addWidget(self.revert_button)
        self._top.addWidget(self.save_button)

        body = QWidget()
        rows = QVBoxLayout(body)
        rows.setContentsMargins(0, 0, 8, 0)
        rows.setSpacing(0)
        for spec in self.specs:
            editor = editor_for(spec)
            editor.set_value(self._saved_values[spec.key])
            editor.changed.connect(self.check)
            row = SettingRow(spec, editor)
            self.rows[spec.key] = row
            rows.addWidget(row)
        if self.config.rooms and self.room_specs:
            heading = text_label("EACH ROOM", "heading")
            heading.setContentsMargins(4, 18, 4, 4)
            rows.addWidget(heading)
        for room in self.config.rooms:
            for spec in self.room_specs:
                key = (room.id, spec.key)
                editor = editor_for(spec)
                editor.set_value(self._saved_room_values[key])
                editor.changed.connect(self.check)
                row = SettingRow(spec, editor, title=f"{room.name}: {spec.title[:1].lower()}{spec.title[1:]}")
                self.room_rows[key] = row
                rows.addWidget(row)
        rows.addStretch(1)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setWidget(body)
        QScroller.grabGesture(self.area.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        self.note = text_label(note, "warning", wrap=True)
        self.note.setVisible(bool(note))
        self.general = text_label("", "problem", wrap=True)
        self.general.hide()
        frame = card()
        inside = QVBoxLayout(frame)
        inside.setContentsMargins(16, 4, 8, 4)
        inside.addWidget(self.area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(self._top)
        layout.addWidget(self.note)
        layout.addWidget(self.general)
        layout.addWidget(frame, 1)
        self._unreadable = problem is not None and self.config_path.exists()
        self.set_status(problem or f"Saved in {self.config_path}")
        self.check()

    def add_action(self, button: QPushButton) -> None:
        """A button of the window hosting the page (its Close), at the end of the top bar."""
        self._top.addWidget(button)

    # Values.
    def _load(self) -> tuple[StudioConfig, str | None]:
        if not self.config_path.exists():
            return StudioConfig(), f"No rooms config yet: Save creates {self.config_path}"
        try:
            return load_rooms(self.config_path), None
        except InvalidFile as exc:
            return StudioConfig(), f"Cannot read the rooms config: {exc}. Fix it (or move it away) first."

    def _values_of(self, config: StudioConfig) -> dict[str, Any]:
        return {spec.key: getattr(config, spec.key) for spec in self.specs}

    def _room_values_of(self, config: StudioConfig) -> dict[RoomKey, Any]:
        return {
            (room.id, spec.key): getattr(room, spec.key) for room in config.rooms for spec in self.room_specs
        }

    def values(self) -> dict[str, Any]:
        return {key: row.editor.value() for key, row in self.rows.items()}

    def room_values(self) -> dict[RoomKey, Any]:
        return {key: row.editor.value() for key, row in self.room_rows.items()}

    @property
    def dirty(self) -> bool:
        return self.values() != self._saved_values or self.room_values() != self._saved_room_values

    @property
    def saving(self) -> bool:
        return self._saving

    def problems(self) -> dict[str, str]:
        return settings_problems(StudioConfig, self.config, self.values())

    def room_problems(self) -> dict[RoomKey, str]:
        found: dict[RoomKey, str] = {}
        values = self.room_values()
        for room in self.config.rooms:
            mine = {key: value for (room_id, key), value in values.items() if room_id == room.id}
            for key, reason in settings_problems(RoomConfig, room, mine).items():
                found[(room.id, key)] = reason
        return found

    def check(self) -> None:
        """Show every problem beside its setting; Save only when all is well and something changed."""
        found = self.problems()
        for key, row in self.rows.items():
            row.show_problem(found.get(key, ""))
        in_rooms = self.room_problems()
        for room_key, row in self.room_rows.items():
            row.show_problem(in_rooms.get(room_key, ""))
        set_text(self.general, found.get("", ""))
        self.general.setVisible(bool(found.get("")))
        self.save_button.setEnabled(
            not found and not in_rooms and self.dirty and not self._saving and not self._unreadable
        )
        self.revert_button.setEnabled(self.dirty and not self._saving)

    def revert(self) -> None:
        for key, row in self.rows.items():
            row.editor.set_value(self._saved_values[key])
        for room_key, row in self.room_rows.items():
            row.editor.set_value(self._saved_room_values[room_key])
        self.check()

    def set_status(self, text: str) -> None:
        set_text(self.status, text)

    # Saving.
    def save(self) -> None:
        if self._saving or self._unreadable or self.problems() or self.room_problems() or not self.dirty:
            return
        values = self.values()
        room_values = self.room_values()
        self._saving = True
        self.check()
        if self._run_async is None:
            try:
                config = self._write(values, room_values)
            except Exception as exc:
                self._failed(exc)
            else:
                self._done(config, values)
            return

        def finished(future: asyncio.Future[Any]) -> None:
            error = None if future.cancelled() else future.exception()
            if error is not None:
                self._failed(error)
            elif not future.cancelled():
                self._done(future.result(), values)
            else:
                self._saving = False

        self._run_async(asyncio.to_thread(self._write, values, room_values)).add_done_callback(finished)

    def _write(self, values: dict[str, Any], room_values: dict[RoomKey, Any]) -> StudioConfig:
        """Read the file again and change only the settings in it (off the UI thread).

        A room's settings go to the room of that id as the file has it now; a room removed
        meanwhile is not brought back, and one added meanwhile is left as it is.
        """
        current = load_rooms(self.config_path) if self.config_path.exists() else self.config
        config: StudioConfig = with_settings(StudioConfig, current, values)
        rooms = []
        for room in config.rooms:
            mine = {key: value for (room_id, key), value in room_values.items() if room_id == room.id}
            rooms.append(with_settings(RoomConfig, room, mine) if mine else room)
        config = config.model_copy(update={"rooms": tuple(rooms)})
        save_rooms(config, self.config_path)
        return config

    def _done(self, config: StudioConfig, values: dict[str, Any]) -> None:
        self._saving = False
        self.config = config
        self._saved_values = values
        saved = self._room_values_of(config)
        self._saved_room_values = {
            key: saved.get(key, row.editor.value()) for key, row in self.room_rows.items()
        }
        self.set_status(f"Saved to {self.config_path}")
        self.check()
        self.saved.emit(config)

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        if isinstance(error, ValidationError):
            reason = "; ".join(f"{w}: {r}" for w, r in problems(error))
        else:
            reason = str(getattr(error, "strerror", None) or error)
        self.set_status(f"Not saved, the file is as it was: {reason}")
        self.check()

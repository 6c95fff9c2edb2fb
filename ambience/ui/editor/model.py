"""The preset being edited, for the editor's widgets: its draft, undo and redo, its problems, its chart.

Every change goes through ``set``/``replace`` and becomes a command on a ``QUndoStack``, so Undo
and Redo cover every change; the changes of one slider drag (or one burst of typing in a field)
are one step. Problems and the chart's profile are worked out once per change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ambience.config.catalog import LibraryEntry, Source
from ambience.config.draft import MISSING, Draft, Path_, key_of
from ambience.config.editing import DiskStamp, stamp_of
from ambience.config.library import scope_for
from ambience.config.music import MusicScope
from ambience.session.plan import SessionPlan
from ambience.session.preset import DEFAULT_VOLUME_CAP, Preset
from ambience.session.profile import Profile, session_profile
from ambience.ui.qt import QObject, QUndoCommand, QUndoStack, Signal


@dataclass(frozen=True)
class Opened:
    """Where the draft came from: a file of the library, or nothing yet (a new preset)."""

    path: Path | None
    source: Source
    stamp: DiskStamp | None
    name: str = ""  # the name it had when opened (the library's name for it)

    @classmethod
    def of(cls, entry: LibraryEntry) -> Opened:
        return cls(entry.path, entry.source, stamp_of(entry.path), entry.name)

    @property
    def bundled(self) -> bool:
        return self.source is Source.BUNDLED


class DraftChange(QUndoCommand):
    """One change of the draft: the data before and after (a preset is small)."""

    def __init__(
        self, model: EditorModel, before: dict[str, Any], after: dict[str, Any], text: str, key: int
    ) -> None:
        super().__init__(text)
        self.model = model
        self.before = before
        self.after = after
        self.key = key

    def id(self) -> int:
        return self.key

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DraftChange) or other.key != self.key or self.key < 0:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.model._load(self.after)

    def undo(self) -> None:
        self.model._load(self.before)


class EditorModel(QObject):
    """The draft, where it came from, and what the library says about names and music."""

    changed = Signal()  # after every change of the draft (also undo, redo, revert, open)
    opened = Signal()  # another preset (or a new one) is now being edited

    def __init__(
        self,
        *,
        volume_cap: float = DEFAULT_VOLUME_CAP,
        folder: Path | None = None,
        music_dirs: tuple[Path, ...] = (),
    ) -> None:
        super().__init__()
        self.volume_cap = volume_cap
        self.folder = folder  # the owner's presets folder: where saves go and music is found from
        self.music_dirs = music_dirs  # the studio's music folders (Studio settings)
        self.undo_stack = QUndoStack(self)
        self.draft = Draft({})
        self.saved: dict[str, Any] = {}
        self.source: Opened | None = None
        self.taken_names: set[str] = set()  # the names of the owner's other presets
        self._problems: dict[str, list[str]] = {}
        self._preset: Preset | None = None
        self._profile: Profile | None = None
        self._merge_key = -1
        self._serial = 0
        self._open_field: Path_ | None = None

    # Opening.
    def open(self, data: dict[str, Any], source: Opened | None, taken: Iterable[str] = ()) -> None:
        """Edit ``data`` from now on (undo history starts afresh)."""
        self.source = source
        self.saved = Draft(data).copy()
        self.taken_names = {n for n in taken if source is None or n.casefold() != source.name.casefold()}
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._open_field = None
        self._load(data)
        self.opened.emit()

    @property
    def is_open(self) -> bool:
        return bool(self.draft.data)

    # Changing.
    def get(self, path: Path_, default: Any = None) -> Any:
        return self.draft.get(path, default)

    def set(self, path: Path_, value: Any, text: str | None = None) -> None:
        """Change one field (``MISSING`` removes it); the changes of one gesture merge into one step."""
        if self.draft.get(path, MISSING) == value:
            return
        before = self.draft.copy()
        after_draft = Draft(before)
        after_draft.set(path, value)
        if path != self._open_field:
            self.seal()
            self._open_field = path
        self._push(before, after_draft.copy(), text or f"Change {key_of(path)}", self._merge_key)

    def replace(self, data: dict[str, Any], text: str) -> None:
        """Change several things at once (add a phase, move an entry, revert): one step."""
        self.seal()
        self._push(self.draft.copy(), Draft(data).copy(), text, -1)

    def seal(self) -> None:
        """The gesture is over: the next change is a step of its own."""
        self._serial += 1
        self._merge_key = 1000 + self._serial
        self._open_field = None

    def _push(self, before: dict[str, Any], after: dict[str, Any], text: str, key: int) -> None:
        self.undo_stack.push(DraftChange(self, before, after, text, key))

    def _load(self, data: dict[str, Any]) -> None:
        self.draft = Draft(data)
        self._check()
        self.changed.emit()

    # What the draft is worth.
    def _check(self) -> None:
        self._problems = self.draft.problems(
            volume_cap=self.volume_cap, folder=self.scope(), taken_names=self.taken_names
        )
        self._preset, _ = self.draft.validate(volume_cap=self.volume_cap)
        if self._preset is not None:
            # Any non-empty playlist counts as music here: the chart needs no disk.
            plan = SessionPlan.from_preset(self._preset, volume_cap=self.volume_cap, tracks=lambda e: e)
            self._profile = session_profile(plan)

    def scope(self) -> MusicScope:
        """Where the edited preset's playlists may lead: its folder, the bundled music, music folders."""
        return scope_for(self._music_folder(), self.music_dirs)

    def _music_folder(self) -> Path | None:
        if self.source is not None and self.source.bundled and self.source.path is not None:
            return self.source.path.parent
        return self.folder

    @property
    def problems(self) -> dict[str, list[str]]:
        return self._problems

    @property
    def valid(self) -> bool:
        return self._preset is not None and not self._problems

    @property
    def preset(self) -> Preset | None:
        """The draft as a preset, when the model accepts it (playlist problems aside)."""
        return self._preset

    @property
    def profile(self) -> Profile | None:
        """The chart of the last draft the model accepted."""
        return self._profile

    @property
    def dirty(self) -> bool:
        return self.is_open and (self.draft.data != self.saved or self.source is None)

    def mark_saved(self, source: Opened) -> None:
        self.source = source
        self.saved = self.draft.copy()
        self.undo_stack.setClean()
        self._check()
        self.changed.emit()

    def revert(self) -> None:
        """Back to the saved file (an undoable step)."""
        if self.draft.data != self.saved:
            self.replace(self.saved, "Revert to the saved file")

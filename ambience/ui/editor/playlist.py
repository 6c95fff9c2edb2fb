"""A playlist in the editor: its entries in order, each with its length or what is wrong with it;
add files or folders, move entries up or down, remove them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from ambience.config.draft import MISSING, Draft, Path_, key_of
from ambience.config.music import AUDIO_SUFFIXES, BUNDLED_PREFIX
from ambience.config.paths import bundled_presets_dir
from ambience.engine.tracks import EntryInfo, entry_info
from ambience.ui.choosers import choose_files, choose_folder
from ambience.ui.editor.fields import Field
from ambience.ui.editor.model import EditorModel
from ambience.ui.inputs import Choices
from ambience.ui.qt import QFrame, QHBoxLayout, QVBoxLayout
from ambience.ui.widgets import ElidedLabel, set_role, set_text, text_label, touch_button

RunAsync = Callable[[Coroutine[Any, Any, Any]], "asyncio.Future[Any]"]


def entry_for(path: Path, folder: Path | None) -> str:
    """How a chosen file or folder is written in the preset: relative to the owner's folder, a
    ``bundled:`` entry for the bundled music, else its full path."""
    path = Path(path)
    bundled = bundled_presets_dir()
    for root, prefix in ((folder, ""), (bundled, BUNDLED_PREFIX)):
        if root is None:
            continue
        try:
            return prefix + str(path.resolve().relative_to(Path(root).resolve()))
        except ValueError:
            continue
    return str(path)


class EntryRow(QFrame):
    """One entry: its name, its length (or problem), and ▲ ▼ Remove."""

    def __init__(self, entry: str, index: int, count: int, playlist: PlaylistField) -> None:
        super().__init__()
        self.setProperty("role", "entry-row")
        self.entry = entry
        self.name = ElidedLabel(
            entry.removeprefix(BUNDLED_PREFIX) + (" (bundled)" if entry.startswith(BUNDLED_PREFIX) else "")
        )
        self.info = text_label("…", "faint")
        self.up = touch_button("▲")
        self.down = touch_button("▼")
        self.remove = touch_button("Remove")
        self.up.setEnabled(index > 0)
        self.down.setEnabled(index < count - 1)
        self.up.clicked.connect(lambda: playlist.move_entry(index, -1))
        self.down.clicked.connect(lambda: playlist.move_entry(index, 1))
        self.remove.clicked.connect(lambda: playlist.remove_entry(index))
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(self.name)
        words.addWidget(self.info)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.setSpacing(6)
        row.addLayout(words, 1)
        row.addWidget(self.up)
        row.addWidget(self.down)
        row.addWidget(self.remove)

    def show_info(self, info: EntryInfo | None) -> None:
        if info is None:
            set_text(self.info, "…")
            set_role(self.info, "faint")
            return
        set_text(self.info, ("⚠ " if info.problem else "") + info.words())
        set_role(self.info, "problem" if info.problem else "faint")


class PlaylistField(Field):
    """The entries of a playlist (a list at ``path``)."""

    def __init__(
        self,
        model: EditorModel,
        path: Path_,
        title: str,
        *,
        run_async: RunAsync | None = None,
        about: str = "",
    ) -> None:
        super().__init__(model, path, title, about)
        self.run_async = run_async
        self.infos: dict[str, EntryInfo] = {}
        self._asked: set[str] = set()
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(2)
        self.rows: list[EntryRow] = []
        self.empty = text_label("No music: the session is silent.", "muted")
        self.add_files_button = touch_button("Add files…")
        self.add_folder_button = touch_button("Add a folder…")
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.choose_folder)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.add_folder_button)
        buttons.addStretch(1)
        self.control.addWidget(self.empty)
        self.control.addLayout(self.rows_box)
        self.control.addLayout(buttons)
        self._shown: list[str] | None = None
        self._alive = True
        self.destroyed.connect(self._gone)

    def _gone(self, _obj: object = None) -> None:
        self._alive = False

    def entries(self) -> list[str]:
        value = self.model.get(self.path)
        return [e for e in value if isinstance(e, str)] if isinstance(value, list) else []

    def problem_keys(self) -> list[str]:
        return [self.key] + [key_of((*self.path, i)) for i in range(len(self.entries()))]

    def show_value(self, value: Any) -> None:
        entries = self.entries()
        if entries != self._shown:
            self._shown = entries
            for row in self.rows:
                self.rows_box.removeWidget(row)
                row.deleteLater()
            self.rows = [EntryRow(e, i, len(entries), self) for i, e in enumerate(entries)]
            for row in self.rows:
                self.rows_box.addWidget(row)
        self.empty.setVisible(not entries)
        for row in self.rows:
            row.show_info(self.infos.get(row.entry))
            self._look(row.entry)

    # Changing the list.
    def _write(self, entries: list[str], text: str) -> None:
        draft = Draft(self.model.draft.copy())
        draft.set(self.path, entries)
        self.model.replace(draft.data, text)

    def add(self, paths: list[Path]) -> None:
        entries = self.entries()
        folder = self.model._music_folder()
        for path in paths:
            entry = entry_for(path, folder)
            if entry not in entries:
                entries.append(entry)
        self._write(entries, "Add music")

    def move_entry(self, index: int, step: int) -> None:
        entries = self.entries()
        target = index + step
        if 0 <= target < len(entries):
            entries[index], entries[target] = entries[target], entries[index]
            self._write(entries, "Move music")

    def remove_entry(self, index: int) -> None:
        entries = self.entries()
        if 0 <= index < len(entries):
            del entries[index]
            self._write(entries, "Remove music")

    def choose_files(self) -> None:
        music = "Music (" + " ".join(f"*{s}" for s in sorted(AUDIO_SUFFIXES)) + ")"
        choose_files(
            self,
            str(self._start()),
            lambda files: self.add([Path(f) for f in files]),
            title="Add music files",
            filters=[music],
        )

    def choose_folder(self) -> None:
        choose_folder(
            self, str(self._start()), lambda folder: self.add([Path(folder)]), title="Add a music folder"
        )

    def _start(self) -> Path:
        return self.model._music_folder() or bundled_presets_dir()

    # Lengths and problems, looked up off the UI thread.
    def _look(self, entry: str) -> None:
        if entry in self._asked:
            return
        self._asked.add(entry)
        scope = self.model.scope()
        if self.run_async is None:
            self._found(entry_info(scope, entry))
            return
        future = self.run_async(asyncio.to_thread(entry_info, scope, entry))
        future.add_done_callback(
            lambda f: self._found(f.result()) if not f.cancelled() and f.exception() is None else None
        )

    def _found(self, info: EntryInfo) -> None:
        if not self._alive:  # the field was rebuilt while the look-up ran
            return
        self.infos[info.entry] = info
        for row in self.rows:
            if row.entry == info.entry:
                row.show_info(info)

    def forget(self) -> None:
        """Look every entry up again (files may have changed)."""
        self.infos.clear()
        self._asked.clear()


class PhaseMusicField(Field):
    """A phase's music: the preset's playlist, or its own (``phases[i].music.playlist``)."""

    def __init__(
        self, model: EditorModel, path: Path_, title: str, *, run_async: RunAsync | None = None
    ) -> None:
        super().__init__(model, path, title)
        self.choices = Choices((("same", "Preset's music"), ("own", "Own music")))
        self.choices.chosen.connect(self._chosen)
        self.control.addWidget(self.choices)
        self.own = PlaylistField(model, path, "", run_async=run_async)
        self.own.title.hide()
        self.control.addWidget(self.own)

    def problem_keys(self) -> list[str]:
        return self.own.problem_keys()

    def _chosen(self, key: str) -> None:
        base = self.model.get(("music", "playlist"))
        self.commit(list(base) if key == "own" and isinstance(base, list) else MISSING)

    def show_value(self, value: Any) -> None:
        own = value is not None
        self.choices.set_value("own" if own else "same")
        self.own.setVisible(own)
        if own:
            self.own.show_value(value)

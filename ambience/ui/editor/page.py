"""The preset editor: the library on the left; on the right the preset being edited, its timeline
chart, Try in room, and its form. Undo, Redo, Revert and Save along the top.

It never loses a preset: files are written off the UI thread through ``config/editing.py``
(atomic, with a backup); a file changed on disk while it has unsaved edits is never overwritten
without asking; leaving with unsaved changes asks; a failed save keeps the old file and says why.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ambience.config.catalog import LibraryEntry, Source, StudioLibrary, entries_of
from ambience.config.draft import data_of, new_preset_data
from ambience.config.editing import (
    SaveConflict,
    Saved,
    changed_on_disk,
    copy_name,
    duplicate,
    export_presets,
    import_presets,
    save_owner_preset,
)
from ambience.config.library import plan_for
from ambience.config.order import LibraryOrder, save_order
from ambience.config.reading import PRESET_LIMITS, read_toml
from ambience.config.trash import TrashedPreset, move_to_trash, restore, trashed
from ambience.config.validation import InvalidFile
from ambience.engine.studio import music_dirs as studio_music_dirs
from ambience.engine.trial import RoomTrial, TrialRefused
from ambience.ui.choosers import choose_files, choose_folder
from ambience.ui.editor.dialogs import (
    Ask,
    TrashDialog,
    changed_on_disk_question,
    report_dialog,
    unsaved_question,
)
from ambience.ui.editor.form import PresetForm
from ambience.ui.editor.library_list import PresetList
from ambience.ui.editor.model import EditorModel, Opened
from ambience.ui.editor.trial_bar import TrialBar
from ambience.ui.facade import StudioFacade
from ambience.ui.qt import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QResizeEvent,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.timeline_chart import TimelineChart
from ambience.ui.widgets import ElidedLabel, card, set_text, text_label, touch_button

log = logging.getLogger(__name__)

NARROW_PX = 1100  # below this width the list and the preset take turns
SHORT_PX = 700  # below this height (a 7" or 10" panel) the chart takes a tab, so the fields keep the room


class RawText(QWidget):
    """A preset file too broken to show as a form: its text, the reason, and a way to try again."""

    def __init__(self, page: EditorPage) -> None:
        super().__init__()
        self.reason = text_label("", "problem", wrap=True)
        self.text = QPlainTextEdit()
        self.check_button = touch_button("Read it again", "primary")
        self.check_button.clicked.connect(page.read_raw)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            text_label(
                "This file is not a preset the form can show. Correct it below (the reason says where), "
                "then Read it again; or delete it to the trash.",
                "muted",
                wrap=True,
            )
        )
        layout.addWidget(self.reason)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.check_button)


class EditorPage(QWidget):
    """The owner's preset editor (owner mode)."""

    closing = Signal()  # the page has been left (the window closes its dialog)

    def __init__(self, facade: StudioFacade, *, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.facade = facade
        self.run_async = facade.run_async
        self.busy = 0  # file operations under way (off the UI thread)
        self.dialog: QWidget | None = None
        self.trial: RoomTrial | None = None
        self.trial_room: str | None = None
        self.trial_climate = False
        self.moment_s: float | None = None
        self._discarded = False
        # Narrow until shown wider: a small screen's dialog must never be pushed wider than it.
        self._narrow = True
        self._short = False
        self._shown_name: str | None = None

        config = facade.studio.config
        self.model = EditorModel(
            volume_cap=config.volume_cap,
            folder=self.owner_dir,
            music_dirs=tuple(studio_music_dirs(config)),
        )
        self.model.changed.connect(self._changed)

        # The top bar.
        self.back_button = touch_button("‹ Presets")
        self.back_button.clicked.connect(lambda: self.show_list(True))
        self.title = ElidedLabel("Presets", "title")
        # What the last action did, whole: no finger can hover over an elided line to read the rest.
        self.status = text_label("", "muted", wrap=True)
        self.status.hide()
        self.undo_button = touch_button("Undo")
        self.redo_button = touch_button("Redo")
        self.revert_button = touch_button("Revert")
        self.save_button = touch_button("Save", "primary")
        self.undo_button.clicked.connect(self.model.undo_stack.undo)
        self.redo_button.clicked.connect(self.model.undo_stack.redo)
        self.revert_button.clicked.connect(self.model.revert)
        self.save_button.clicked.connect(lambda: self.save())
        self._top = QHBoxLayout()
        self._top.setSpacing(8)
        self._top.addWidget(self.back_button)
        self._top.addWidget(self.title, 1)
        for button in (self.undo_button, self.redo_button, self.revert_button, self.save_button):
            self._top.addWidget(button)

        # The library.
        self.list = PresetList()
        self.list.chosen.connect(self.choose)
        self.list.reordered.connect(self.reorder)
        self.list.new_button.clicked.connect(self.new_preset)
        self.list.duplicate_button.clicked.connect(self.duplicate_current)
        self.list.delete_button.clicked.connect(self.delete_current)
        self.list.hide_button.clicked.connect(self.toggle_hidden)
        self.list.trash_button.clicked.connect(self.open_trash)
        self.list.import_button.clicked.connect(self.choose_imports)
        self.list.export_button.clicked.connect(self.choose_export)

        # The preset.
        self.chart = TimelineChart()
        self.chart.cursor_moved.connect(self.set_moment)
        self.trial_bar = TrialBar([(r.id, r.name) for r in facade.rooms])
        self.trial_bar.toggled.connect(self.set_trying)
        self.trial_bar.room_chosen.connect(self.choose_trial_room)
        self.trial_bar.climate_toggled.connect(self.set_trial_climate)
        self.form = PresetForm(self.model, run_async=self.run_async)
        self.form.tab_row.addWidget(self.trial_bar.switch)
        self.raw = RawText(self)
        self.body = QStackedWidget()
        self.body.addWidget(self.form)
        self.body.addWidget(self.raw)
        self.empty = text_label("Choose a preset on the left, or New.", "muted", wrap=True)
        self.note = text_label(note, "warning", wrap=True)
        self.note.setVisible(bool(note))
        self.right = QWidget()
        right = QVBoxLayout(self.right)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(8)
        self.chart_box = QWidget()
        chart_box = QVBoxLayout(self.chart_box)
        chart_box.setContentsMargins(0, 0, 0, 0)
        chart_box.setSpacing(8)
        chart_box.addWidget(self.chart, 1)
        chart_box.addWidget(self.trial_bar)
        self._right = right
        right.addWidget(self.chart_box, 1)
        right.addWidget(self.empty)
        right.addWidget(self.body, 3)
        self.left = card()
        left = QVBoxLayout(self.left)
        left.setContentsMargins(10, 10, 10, 10)
        left.addWidget(self.list)
        columns = QHBoxLayout()
        columns.setSpacing(12)
        columns.addWidget(self.left, 0)
        columns.addWidget(self.right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addLayout(self._top)
        layout.addWidget(self.status)
        layout.addWidget(self.note)
        layout.addLayout(columns, 1)

        facade.library_changed.connect(self.library_changed)
        self._alive = True
        self.destroyed.connect(lambda _obj=None: self._gone())
        self.show_library(None)
        first = self.list.current() or (self.library_entries()[0] if self.library_entries() else None)
        if first is not None:
            self.open_entry(first)
        else:
            self._update_buttons()

    def add_action(self, button: QPushButton) -> None:
        """A button of the window hosting the page (its Close), at the end of the top bar."""
        self._top.addWidget(button)

    # The library.
    @property
    def library(self) -> StudioLibrary | None:
        library = self.facade.library
        return library if isinstance(library, StudioLibrary) else None

    @property
    def owner_dir(self) -> Path:
        library = self.library
        if library is not None and library.owner_dir is not None:
            return library.owner_dir
        from ambience.config.catalog import owner_folder

        return owner_folder(self.facade.studio.config)

    def library_entries(self) -> list[LibraryEntry]:
        library = self.library
        return list(library.entries) if library is not None else entries_of(self.facade.library)

    def show_library(self, current: str | None) -> None:
        self.list.show_entries(self.library_entries(), current)

    def entry(self, name: str) -> LibraryEntry | None:
        return next((e for e in self.library_entries() if e.name.casefold() == name.casefold()), None)

    def owner_names(self) -> list[str]:
        return [e.name for e in self.library_entries() if e.source is Source.OWNER]

    def library_changed(self) -> None:
        """The library was read again: show it, and see whether the open file changed on disk."""
        source = self.model.source
        self.show_library(self._shown_name)
        self.model.taken_names = {
            n for n in self.owner_names() if not source or n.casefold() != source.name.casefold()
        }
        if source is None or source.path is None or self.busy or self.dialog is not None:
            return
        if not changed_on_disk(source.path, source.stamp):
            return
        if not self.model.dirty:
            entry = self._entry_at(source.path)
            if entry is not None:
                self.open_entry(entry)
                self.set_status(f"{entry.name} was changed on disk and is shown as it is now.")
            return
        self._ask(changed_on_disk_question(self, source.name or source.path.name, self._disk_answer))

    def _entry_at(self, path: Path) -> LibraryEntry | None:
        return next((e for e in self.library_entries() if e.path == path), None)

    def _disk_answer(self, answer: str) -> None:
        source = self.model.source
        if source is None:
            return
        if answer == "reload":
            entry = self._entry_at(source.path) if source.path else None
            if entry is not None:
                self.open_entry(entry)
            else:
                self.set_status("The file is gone from disk; Save writes yours again.")
                self.model.source = Opened(None, Source.OWNER, None, source.name)
        elif answer == "copy":
            self.save(as_copy=True)
        elif answer == "mine":
            self.save(force=True)

    # Opening presets.
    def choose(self, name: str) -> None:
        """A preset touched in the list: open it (after asking about unsaved changes)."""
        entry = self.entry(name)
        if entry is None:
            return
        self.leave_then(lambda: self.open_entry(entry), undo=lambda: self.list.select(self._shown_name or ""))

    def open_named(self, name: str) -> None:
        entry = self.entry(name)
        if entry is not None:
            self.open_entry(entry)

    def open_entry(self, entry: LibraryEntry) -> None:
        self._shown_name = entry.name
        self.list.select(entry.name)
        taken = self.owner_names()
        try:
            data = read_toml(entry.path, PRESET_LIMITS)
        except InvalidFile as exc:
            self._open_raw(entry, str(exc))
            return
        if not data and entry.loaded is not None:
            data = data_of(entry.loaded.preset)
        self.body.setCurrentWidget(self.form)
        self.moment_s = None  # the new preset's own first phase is shown
        self.model.open(data, Opened.of(entry), taken)
        where = (
            "bundled, read-only: Save makes it yours" if entry.source is Source.BUNDLED else str(entry.path)
        )
        self.set_status(("⚠ " if entry.broken else "") + where)
        self.show_list(False)

    def _open_raw(self, entry: LibraryEntry, reason: str) -> None:
        self.model.open({}, Opened.of(entry), self.owner_names())
        try:
            text = entry.path.read_text(encoding="utf-8", errors="replace")[: PRESET_LIMITS.max_bytes]
        except OSError as exc:
            text = ""
            reason = f"{reason} ({exc.strerror})"
        self.raw.text.setPlainText(text)
        set_text(self.raw.reason, reason)
        self.body.setCurrentWidget(self.raw)
        set_text(self.title, entry.name)
        self.set_status(f"⚠ {entry.path}")
        self._update_buttons()
        self.show_list(False)

    def read_raw(self) -> None:
        """The corrected text of a broken file, read into the form (not saved until Save)."""
        import tomllib

        try:
            data = tomllib.loads(self.raw.text.toPlainText())
        except tomllib.TOMLDecodeError as exc:
            from ambience.config.validation import toml_reason

            set_text(self.raw.reason, toml_reason(exc))
            return
        source = self.model.source
        self.model.open(data, None, self.owner_names())
        self.model.source = source  # saved over the file it came from
        self.model.saved = {}
        self.body.setCurrentWidget(self.form)
        self.model.changed.emit()

    def new_preset(self) -> None:
        def make() -> None:
            names = [e.name for e in self.library_entries()]
            name = (
                "New preset"
                if "new preset" not in {n.casefold() for n in names}
                else copy_name("New preset", names)
            )
            self.body.setCurrentWidget(self.form)
            self.model.open(new_preset_data(name), None, self.owner_names())
            self._shown_name = None
            self.list.list.setCurrentRow(-1)  # not one of the saved presets (yet)
            self.set_status("New: Save puts it in your presets folder")
            self.form.show_tab(0)
            self.show_list(False)

        self.leave_then(make)

    # Leaving.
    def leave_then(self, then: Callable[[], None], undo: Callable[[], None] | None = None) -> None:
        """Run ``then`` now, or after asking what to do with unsaved changes."""
        if not self.model.dirty or self._discarded:
            then()
            return

        def answered(answer: str) -> None:
            if answer == "save":
                self.save(then=then)
            elif answer == "discard":
                self.model.open(self.model.saved, self.model.source, self.owner_names())
                then()
            elif undo is not None:
                undo()

        self._ask(unsaved_question(self, self.model.draft.name, self.model.valid, answered))

    def leave(self, then: Callable[[], None]) -> None:
        """The owner leaves the editor: ask about unsaved changes, put a tried room back, then go."""

        def go() -> None:
            self.stop_trying()
            then()

        self.leave_then(go)

    def discard(self) -> None:
        """Leave without asking (owner mode locked itself and the owner went back to the rooms)."""
        self._discarded = True
        self.stop_trying()

    def _gone(self) -> None:
        self._alive = False
        self._abandon()

    def _abandon(self) -> None:
        trial, self.trial = self.trial, None
        if trial is not None and trial.active:
            self.run_async(trial.end())

    def shutdown(self) -> None:
        """The dialog is gone (however it was closed): a tried room is put back."""
        self._abandon()

    def _ask(self, dialog: Ask) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.ask()

    # The model changed.
    def _changed(self) -> None:
        name = self.model.draft.name if self.model.is_open else ""
        set_text(self.title, (name or "Unnamed preset") + (" •" if self.model.dirty else ""))
        self.empty.setVisible(not self.model.is_open)
        self.form.setVisible(self.model.is_open)
        profile = self.model.profile
        self.chart.set_profile(profile, stale=self.model.preset is None)
        if profile is not None and self.moment_s is None:
            first = profile.phases[0]
            self.moment_s = first.start_s + min((first.end_s - first.start_s) / 2, 90.0)
        if self.moment_s is not None and profile is not None:
            self.moment_s = min(self.moment_s, profile.total_s)
        self.chart.set_cursor(self.moment_s)
        self._update_buttons()
        self._show_trial()

    def _update_buttons(self) -> None:
        stack = self.model.undo_stack
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())
        dirty = self.model.dirty and self.model.source is not None and bool(self.model.saved)
        self.revert_button.setEnabled(dirty)
        source = self.model.source
        bundled = source is not None and source.bundled
        set_text(self.save_button, "Save as yours" if bundled else "Save")
        self.save_button.setEnabled(
            self.model.is_open and self.model.valid and (self.model.dirty or bundled) and not self.busy
        )

    def set_status(self, text: str) -> None:
        set_text(self.status, text)
        self.status.setVisible(bool(text))

    # Saving.
    def save(
        self, *, force: bool = False, as_copy: bool = False, then: Callable[[], None] | None = None
    ) -> None:
        preset = self.model.preset
        if preset is None or not self.model.valid or self.busy:
            return
        source = self.model.source
        path = source.path if source is not None and not source.bundled and not as_copy else None
        expected = source.stamp if source is not None else None
        if as_copy:
            preset = preset.model_copy(
                update={"name": copy_name(preset.name, [e.name for e in self.library_entries()])}
            )
        folder, cap = self.owner_dir, self.model.volume_cap
        old_name = source.name if source is not None else None

        def write() -> Saved:
            return save_owner_preset(
                preset, folder, path=path, expected=expected, volume_cap=cap, force=force
            )

        new = source is None or source.bundled or as_copy
        shown = self.list.names()

        def done(saved: Saved) -> None:
            library = self.library
            if library is not None and new and preset.name not in shown:
                # A new preset's tile comes last; the owner moves it where it belongs.
                self._write_order(library.order.with_order([*shown, preset.name]))
            elif library is not None and old_name and old_name.casefold() != preset.name.casefold():
                self._write_order(library.order.renamed(old_name, preset.name))
            if as_copy:
                # The owner's work goes on in the copy; the file changed on disk stays theirs.
                opened = Opened(saved.path, Source.OWNER, saved.stamp, preset.name)
                self.model.open(data_of(preset), opened, self.owner_names())
                self.set_status(f"Saved your version as {preset.name} ({saved.path}); theirs is kept.")
            else:
                self.model.mark_saved(Opened(saved.path, Source.OWNER, saved.stamp, preset.name))
                self.set_status(f"Saved to {saved.path}")
            self._shown_name = preset.name
            self._reload_later(select=preset.name)
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            if isinstance(error, SaveConflict):
                self._ask(changed_on_disk_question(self, preset.name, self._disk_answer))
                return
            reason = getattr(error, "strerror", None) or str(error)
            self.set_status(f"Not saved: {reason}. The file on disk is as it was.")

        self._io(write, done, failed)

    # The library's files.
    def duplicate_current(self) -> None:
        entry = self.list.current()
        if entry is None or entry.loaded is None:
            return
        preset = entry.loaded.preset
        names = [e.name for e in self.library_entries()]
        folder, cap = self.owner_dir, self.model.volume_cap

        def go() -> None:
            self._io(
                lambda: duplicate(preset, folder, names, volume_cap=cap),
                lambda saved: self._reload_later(select=copy_name(preset.name, names), open_it=True),
                self._failed("Not copied"),
            )

        self.leave_then(go)

    def delete_current(self) -> None:
        entry = self.list.current()
        if entry is None or entry.source is not Source.OWNER:
            return

        def answered(answer: str) -> None:
            if answer != "delete":
                return
            self.model.open({}, None)  # nothing is edited any more
            self._io(
                lambda: move_to_trash(entry.path),
                lambda _moved: self._reload_later(open_first=True),
                self._failed("Not deleted"),
            )
            self.set_status(f"{entry.name} went to the trash (Trash… puts it back).")

        text = f"{entry.name} goes to the trash in your presets folder; Trash… puts it back."
        if entry.replaces_bundled:
            text += " The bundled preset of that name comes back in its place."
        self._ask(
            Ask(
                self,
                "Delete this preset?",
                text,
                [("cancel", "Keep it", ""), ("delete", "Delete", "danger")],
                answered,
            )
        )

    def open_trash(self) -> None:
        folder = self.owner_dir

        def put_back(item: TrashedPreset) -> None:
            self._io(
                lambda: restore(item, folder),
                lambda _path: self._reload_later(select=item.name, open_it=True),
                self._failed("Not restored"),
            )

        dialog = TrashDialog(self, trashed(folder), put_back)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def toggle_hidden(self) -> None:
        entry = self.list.current()
        library = self.library
        if entry is None or library is None:
            return
        self._write_order(library.order.with_hidden(entry.name, not entry.hidden))
        self.set_status(f"{entry.name} is {'shown on' if entry.hidden else 'hidden from'} the panel.")

    def reorder(self, names: list[str]) -> None:
        library = self.library
        if library is not None:
            self._write_order(library.order.with_order(names))

    def _write_order(self, order: LibraryOrder) -> None:
        library = self.library
        if library is not None and library.order_problem:
            self.set_status(f"The order is not saved: {library.order_problem}")
            return
        folder = self.owner_dir
        self._io(
            lambda: save_order(order, folder),
            lambda _r: self._reload_later(),
            self._failed("Order not saved"),
        )

    def choose_imports(self) -> None:
        choose_files(
            self,
            str(Path.home()),
            lambda files: self.import_files([Path(f) for f in files]),
            title="Import presets",
            filters=["Presets (*.toml)"],
        )

    def import_files(self, paths: list[Path]) -> None:
        folder, cap = self.owner_dir, self.model.volume_cap
        owners = self.owner_names()
        bundled = [e.name for e in self.library_entries() if e.source is Source.BUNDLED or e.replaces_bundled]
        dirs = studio_music_dirs(self.facade.studio.config)

        def done(report: Any) -> None:
            lines = [f"Imported: {p.name}" for p in report.imported]
            lines += [f"In place of the bundled preset: {n}" for n in report.replaced_bundled]
            for error in report.problems:
                lines.append(
                    f"Not imported: {error.path}: "
                    + "; ".join(f"{w}: {r}" if w else r for w, r in error.problems)
                )
            self._reload_later()
            self._ask(report_dialog(self, "Import", "\n".join(lines) or "Nothing to import."))

        self._io(
            lambda: import_presets(
                paths, folder, owner_names=owners, bundled_names=bundled, volume_cap=cap, music_dirs=dirs
            ),
            done,
            self._failed("Not imported"),
        )

    def choose_export(self) -> None:
        entry = self.list.current()
        if entry is None:
            return
        choose_folder(
            self,
            str(Path.home()),
            lambda folder: self.export_to(entry, Path(folder)),
            title="Export to a folder",
        )

    def export_to(self, entry: LibraryEntry, folder: Path) -> None:
        self._io(
            lambda: export_presets([entry.path], folder),
            lambda written: self.set_status(f"Exported to {written[0]}"),
            self._failed("Not exported"),
        )

    def _reload_later(
        self, select: str | None = None, *, open_it: bool = False, open_first: bool = False
    ) -> None:
        self.run_async(self._reload(select, open_it=open_it, open_first=open_first))

    async def _reload(
        self, select: str | None = None, *, open_it: bool = False, open_first: bool = False
    ) -> None:
        await self.facade.reload_library()
        if not self._alive:  # the editor was closed meanwhile
            return
        if select is not None:
            self.list.select(select)
            entry = self.entry(select)
            if open_it and entry is not None:
                self.open_entry(entry)
        if open_first:
            entries = self.library_entries()
            if entries:
                self.open_entry(entries[0])

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            reason = getattr(error, "strerror", None) or str(error)
            self.set_status(f"{what}: {reason}")

        return failed

    def _io(
        self, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> None:
        """Run a file operation off the UI thread, then ``done(result)`` or ``failed(error)`` here."""
        self.busy += 1
        self._update_buttons()

        def finished(future: asyncio.Future[Any]) -> None:
            if not self._alive:
                return
            self.busy -= 1
            self._update_buttons()
            if future.cancelled():
                return
            error = future.exception()
            if error is not None:
                failed(error)
            else:
                done(future.result())

        self.run_async(asyncio.to_thread(work)).add_done_callback(finished)

    # Try in room.
    def set_trying(self, on: bool) -> None:
        self.trial_bar.set_on(on)
        if on:
            self.start_trying()
        else:
            self.stop_trying()

    def choose_trial_room(self, room_id: str) -> None:
        if room_id == self.trial_room:
            return
        self.trial_room = room_id
        if self.trial is not None:
            self.stop_trying()
            self.start_trying()

    def set_trial_climate(self, on: bool) -> None:
        self.trial_climate = on
        if self.trial is not None:
            self.trial.climate = on
            self._show_trial()

    def start_trying(self) -> None:
        idle = [r for r in self.facade.rooms if not r.active]
        room = next((r for r in idle if r.id == self.trial_room), idle[0] if idle else None)
        if room is None:
            self.trial_bar.set_on(False)
            self.trial_bar.set_status("Every room has a session running.")
            return
        self.trial_room = room.id
        self.trial_bar.show_rooms({r.id for r in self.facade.rooms if r.active}, room.id)
        trial = RoomTrial(room.room, climate=self.trial_climate, on_end=self._trial_ended)
        self.trial = trial
        self.trial_bar.set_status(f"Reading the devices of {room.name}…")
        self.run_async(self._begin(trial, room.name))

    async def _begin(self, trial: RoomTrial, room_name: str) -> None:
        try:
            await trial.begin()
        except TrialRefused as refused:
            if self.trial is trial:
                self.trial = None
                self.trial_bar.set_on(False)
                self.trial_bar.set_status(f"Not tried: {refused}.")
            return
        if self.trial is not trial:  # turned off meanwhile
            await trial.end()
            return
        self.trial_bar.set_on(True)
        self._show_trial()

    def _show_trial(self) -> None:
        trial = self.trial
        preset = self.model.preset
        if trial is None or not trial.active:
            return
        if preset is None:
            self.trial_bar.set_status("Fix the problems: the room keeps the last good version.")
            return
        plan = plan_for(
            preset, self.model._music_folder(), volume_cap=self.model.volume_cap, scope=self.model.scope()
        )
        at = self.moment_s or 0.0
        trial.show(plan, at)
        room = next((r.name for r in self.facade.rooms if r.id == self.trial_room), "the room")
        phase = plan.phases[min(len(plan.phases) - 1, self._phase_index(at))].name if plan.phases else ""
        minutes, seconds = divmod(round(at), 60)
        self.trial_bar.set_status(
            f"{room} shows {minutes}:{seconds:02d} into the session ({phase}); touch the chart for another."
        )

    def _phase_index(self, at: float) -> int:
        profile = self.model.profile
        return profile.phase_at(at) if profile is not None else 0

    def set_moment(self, seconds: float) -> None:
        """The minute shown (and tried): a touch on the chart."""
        self.moment_s = seconds
        self.chart.set_cursor(seconds)
        self._show_trial()

    def stop_trying(self) -> None:
        trial, self.trial = self.trial, None
        self.trial_bar.set_on(False)
        if trial is not None:
            self.trial_bar.set_status("The room is put back as it was.")
            self.run_async(trial.end())

    def _trial_ended(self, reason: str) -> None:
        self.trial = None
        self.trial_bar.set_on(False)
        self.trial_bar.set_status(f"Try in room stopped: {reason}.")

    # Size.
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        narrow = self.width() < NARROW_PX
        if narrow != self._narrow:
            self._narrow = narrow
            self.show_list(narrow and not self.model.is_open)
        short = self.height() < SHORT_PX
        # A quarter of the height for the chart above the form: the form's pages scroll, it does not.
        self.chart.setMinimumHeight(120 if short else max(120, self.height() // 4))
        if short != self._short:
            self._short = short
            self._fold_chart(short)

    def _fold_chart(self, short: bool) -> None:
        """On a short screen the chart and try-in-room move into a Chart tab beside Phases."""
        if short:
            self._right.removeWidget(self.chart_box)
            self.form.hold_chart(self.chart_box)
            self.trial_bar.hold_switch(True)
        else:
            self.form.hold_chart(None)
            self._right.insertWidget(0, self.chart_box, 1)
            self.chart_box.show()
            self.trial_bar.hold_switch(False)
            self.form.tab_row.addWidget(self.trial_bar.switch)

    def show_list(self, on: bool) -> None:
        """On a narrow screen the list and the preset take turns; on a wide one both show."""
        if not self._narrow:
            self.left.show()
            self.right.show()
            self.back_button.hide()
            return
        self.left.setVisible(on)
        self.right.setVisible(not on)
        self.back_button.setVisible(not on)

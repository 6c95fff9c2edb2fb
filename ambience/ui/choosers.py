"""The app's own file and folder choosers, opened without blocking (``open()``, never ``exec()``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ambience.ui.qt import QFileDialog, QWidget


def choose_folder(
    parent: QWidget, start: str, chosen: Callable[[str], object], *, title: str = "Choose a folder"
) -> QFileDialog:
    """A folder chooser; ``chosen(path)`` gets the folder."""
    dialog = QFileDialog(parent, title, start)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.fileSelected.connect(chosen)
    return _opened(dialog)


def choose_file(
    parent: QWidget, start: str, chosen: Callable[[str], object], *, title: str, filters: Sequence[str]
) -> QFileDialog:
    """A chooser of one existing file, offering ``filters`` (``"Calendars (*.ics)"``); ``chosen(path)``."""
    dialog = QFileDialog(parent, title, start)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(list(filters))
    dialog.fileSelected.connect(chosen)
    return _opened(dialog)


def choose_files(
    parent: QWidget, start: str, chosen: Callable[[list[str]], object], *, title: str, filters: Sequence[str]
) -> QFileDialog:
    """A chooser of one or more existing files, offering ``filters``; ``chosen(paths)``."""
    dialog = QFileDialog(parent, title, start)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setNameFilters(list(filters))
    dialog.filesSelected.connect(chosen)
    return _opened(dialog)


def _opened(dialog: QFileDialog) -> QFileDialog:
    # The app's own dark dialog: a desktop's native one may not exist on a kiosk panel.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog

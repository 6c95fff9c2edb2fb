"""The common ground of the owner's screens over the day book: kept at once, one dialog at a time."""

from __future__ import annotations

from collections.abc import Callable

from ambience.agenda.planner import Planner
from ambience.ui.facade import StudioFacade
from ambience.ui.fit import fit_layout, scale_of
from ambience.ui.panel.dialogs import Question
from ambience.ui.qt import QDialog, QHBoxLayout, QPushButton, QResizeEvent, QVBoxLayout, QWidget
from ambience.ui.widgets import ElidedLabel, set_text


class BookPage(QWidget):
    """A screen whose every change is written to the day book at once.

    So it has nothing to save and nothing to lose when owner mode locks. It shows one dialog at a
    time over itself; once shut down, answers that come later (a read, a write) are not shown on it.
    Subclasses fill ``top`` (the bar its host's Close joins), ``main`` and place ``status``.
    """

    def __init__(self, facade: StudioFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert facade.planner is not None
        self.setObjectName("panel")
        self.facade = facade
        self.planner: Planner = facade.planner
        self.dialog: QDialog | None = None
        self._open = True
        self.status = ElidedLabel("", "muted")
        self._top = QHBoxLayout()
        self._top.setSpacing(8)
        self.main = QVBoxLayout(self)

    def demo_note(self, note: str, forgotten: str) -> str:
        """``note``, and in a demo (a day book in memory) that ``forgotten`` goes when the app closes."""
        if self.planner.book.persistent:
            return note
        demo = f"Demo: {forgotten} added here are forgotten when the app closes."
        return f"{note} {demo}" if note else demo

    def add_action(self, button: QPushButton) -> None:
        """A button of the window hosting the page (its Close), at the end of the top bar."""
        self._top.addWidget(button)

    def shutdown(self) -> None:
        """The screen closes: later answers (a read, a preview, a write) are not shown on it."""
        self._open = False
        if self.dialog is not None:
            self.dialog.reject()

    def discard(self) -> None:
        """Owner mode locked and the owner left: nothing to keep (everything was saved at once)."""
        self.shutdown()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        fit_layout(self.main, scale_of(self), (16, 10, 16, 12), 8)

    def say(self, text: str) -> None:
        set_text(self.status, text)

    # Dialogs over the screen.
    def _show(self, dialog: QDialog) -> None:
        if self.dialog is not None:  # one at a time: a second touch opens nothing more
            dialog.deleteLater()
            return
        self.dialog = dialog
        dialog.resize(self.size())
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _ask(self, question: Question, then: Callable[[], None]) -> None:
        """Put ``question`` over the screen; ``then`` runs if the owner agrees."""
        self.dialog = question
        question.finished.connect(lambda _r: self._closed(question))
        question.ask(then)

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

"""Owner mode for the panel: asks the PIN before an owner screen opens, and locks itself again.

The API the owner's screens use:

* ``require(parent, action, purpose=...)`` runs ``action`` in owner mode: at once when it is
  open, after the PIN otherwise, never if the PIN question is left with Back;
* ``hold(dialog)`` marks ``dialog`` as an owner screen: owner mode stays open while any such
  screen is, locks when the last one closes (the panel is back on a room), and a screen is
  closed (its ``discard()`` called first, if it has one) when the owner leaves a lock-out
  with "Back to rooms".

Owner mode also locks after ``idle_s`` seconds without a touch or a key; an owner screen that
is open then is covered by the PIN question until the PIN is entered again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ambience.config.owner import OwnerLock
from ambience.ui.activity import ACTIVITY
from ambience.ui.owner.pin_dialog import PinDialog, PinMode
from ambience.ui.panel.dialogs import Question
from ambience.ui.qt import QApplication, QDialog, QEvent, QObject, QTimer, QWidget, Signal

log = logging.getLogger(__name__)


class OwnerMode(QObject):
    """The lock in front of the owner's screens."""

    unlocked = Signal()
    locked = Signal()

    def __init__(self, lock: OwnerLock, *, note: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lock = lock
        # Said on every PIN question: in a demo, where what the owner saves goes.
        self.note = note
        self.prompt: QDialog | None = None
        self.screens: list[QDialog] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check_idle)
        self._filtering = False

    @property
    def is_open(self) -> bool:
        return self.lock.unlocked and not self.lock.expired()

    def set_idle_minutes(self, minutes: float) -> None:
        """How long owner mode stays open untouched (a studio setting)."""
        self.lock.idle_s = max(30.0, minutes * 60.0)
        if self.lock.unlocked:
            self._arm()

    # Entering.
    def require(self, parent: QWidget, action: Callable[[], None], *, purpose: str = "") -> None:
        """Run ``action`` in owner mode (after the PIN when it is locked)."""
        if self.is_open:
            self.lock.touch()
            action()
            return
        if self.lock.unlocked:  # open, but idle for too long: lock first
            self._idle_locked()
            if self.lock.unlocked:
                return
        if self.prompt is not None:
            return
        problem = self.lock.problem()
        if problem is not None:
            question = Question(parent, "Owner mode cannot open", problem, "Close", "Back")
            self._show_prompt(question)
            question.ask(lambda: None)
            return
        mode = PinMode.UNLOCK if self.lock.has_pin else PinMode.CHOOSE
        dialog = PinDialog(parent, self.lock, mode=mode, purpose=purpose, note=self.note)
        dialog.accepted.connect(lambda: self._opened(action))
        dialog.finished.connect(dialog.deleteLater)
        self._show_prompt(dialog)
        dialog.open()
        dialog.setFocus()

    def enter(self, pin: str) -> bool:
        """Open owner mode with ``pin`` given some other way than the keypad (chosen if none is set)."""
        if self.lock.has_pin:
            if not self.lock.try_pin(pin).ok:
                return False
        else:
            self.lock.set_pin(pin)
        self._arm()
        self.unlocked.emit()
        return True

    def change_pin(self, parent: QWidget) -> None:
        """Choose a new PIN (owner mode must be open)."""
        if not self.is_open or self.prompt is not None:
            return
        dialog = PinDialog(parent, self.lock, mode=PinMode.CHOOSE, note=self.note)
        dialog.finished.connect(dialog.deleteLater)
        self._show_prompt(dialog)
        dialog.open()
        dialog.setFocus()

    def _show_prompt(self, dialog: QDialog) -> None:
        self.prompt = dialog
        dialog.finished.connect(lambda _result: self._prompt_closed(dialog))

    def _prompt_closed(self, dialog: QDialog) -> None:
        if self.prompt is dialog:
            self.prompt = None

    def _opened(self, action: Callable[[], None]) -> None:
        self._arm()
        self.unlocked.emit()
        action()

    # Staying in owner mode, and leaving it.
    def hold(self, screen: QDialog) -> None:
        """``screen`` is an owner screen: see the module's docstring."""
        self.screens.append(screen)
        screen.finished.connect(lambda _result: self._released(screen))

    def _released(self, screen: QDialog) -> None:
        if screen in self.screens:
            self.screens.remove(screen)
        if not self.screens:
            self.lock_now()  # back on a room: the next owner screen asks again

    def lock_now(self) -> None:
        was_open = self.lock.unlocked
        self.lock.lock()
        self._timer.stop()
        self._watch_touches(False)
        if was_open:
            self.locked.emit()

    def _arm(self) -> None:
        self._timer.start(max(1000, int(self.lock.idle_left() * 1000) + 250))
        self._watch_touches(True)

    def _watch_touches(self, on: bool) -> None:
        """Touches and keys count as activity only while owner mode is open (the filter is cheap,
        but the panel has no need of it otherwise)."""
        app = QApplication.instance()
        if app is None or on == self._filtering:
            return
        self._filtering = on
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)

    def check_idle(self) -> None:
        """Lock if nothing was touched for long enough (the timer calls it; tests too)."""
        if not self.lock.unlocked:
            return
        if self.lock.expired():
            self._idle_locked()
        else:
            self._arm()

    def _idle_locked(self) -> None:
        self.lock_now()
        if not self.screens or self.prompt is not None:
            return
        top = self.screens[-1]
        dialog = PinDialog(top, self.lock, mode=PinMode.RELOCK, note=self.note)
        dialog.accepted.connect(self._resumed)
        dialog.rejected.connect(self.close_screens)
        dialog.finished.connect(dialog.deleteLater)
        self._show_prompt(dialog)
        dialog.open()
        dialog.setFocus()

    def _resumed(self) -> None:
        self._arm()
        self.unlocked.emit()

    def close_screens(self) -> None:
        """Close every owner screen without questions (what was not saved is dropped)."""
        for screen in reversed(list(self.screens)):
            discard = getattr(screen, "discard", None)
            if callable(discard):
                discard()
            screen.reject()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        lock = getattr(self, "lock", None)  # None while this object is being torn down
        if lock is not None and lock.unlocked and event.type() in ACTIVITY:
            lock.touch()
        return False

    def close(self) -> None:
        self._timer.stop()
        self._watch_touches(False)

"""The PIN question: enter the owner's PIN, or choose one on first use (typed twice).

Opens with ``open()`` like every dialog of the panel. After wrong tries the keypad rests for the
wait the lock asks for, with the seconds counting down on screen.
"""

from __future__ import annotations

import math
from enum import StrEnum

from ambience.config.owner import OwnerLock
from ambience.config.pin import PIN_MAX, PIN_MIN, pin_problem
from ambience.config.validation import InvalidFile
from ambience.ui.owner.keypad import PinPad
from ambience.ui.qt import QDialog, QHBoxLayout, QKeyEvent, Qt, QTimer, QVBoxLayout, QWidget
from ambience.ui.widgets import set_text, text_label, touch_button


class PinMode(StrEnum):
    UNLOCK = "unlock"  # owner mode is entered
    CHOOSE = "choose"  # no PIN yet, or the owner changes it
    RELOCK = "relock"  # owner mode locked itself while an owner screen was open


class PinDialog(QDialog):
    """Accepted once owner mode is open (or the new PIN is kept); rejected by Back."""

    def __init__(
        self,
        parent: QWidget,
        lock: OwnerLock,
        *,
        mode: PinMode = PinMode.UNLOCK,
        purpose: str = "",
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.lock = lock
        self.mode = mode
        self.purpose = purpose
        self._first: str | None = None  # the PIN chosen, waiting to be typed again
        self.setWindowTitle("Owner PIN")
        self.setModal(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.title = text_label("", "title", wrap=True)
        self.prompt = text_label("", "muted", wrap=True)
        self.dots = text_label("", "pin-dots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = text_label("", "warning", wrap=True)
        self.note = text_label(note, "faint", wrap=True)
        self.note.setVisible(bool(note))
        self.help = text_label(
            f"Forgotten PIN? Whoever can open the computer's files deletes {lock.path} "
            "and chooses a new one here (see the README).",
            "faint",
            wrap=True,
        )
        self.help.setVisible(False)
        self.pad = PinPad()
        self.pad.changed.connect(self._show_dots)
        self.pad.submitted.connect(self._submitted)
        back = "Back to rooms" if mode is PinMode.RELOCK else "Back"
        self.back_button = touch_button(back)
        self.back_button.clicked.connect(self.reject)

        words = QVBoxLayout()
        words.setSpacing(10)
        words.addWidget(self.title)
        words.addWidget(self.prompt)
        words.addWidget(self.dots)
        words.addWidget(self.message)
        words.addStretch(1)
        words.addWidget(self.note)
        words.addWidget(self.help)
        words.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(24)
        layout.addLayout(words, 1)
        layout.addWidget(self.pad, 1)
        # Wide enough for the words beside the keys on a 7" panel, never wider than the window.
        self.setMinimumWidth(min(parent.width() - 40, max(720, parent.width() * 7 // 10)))

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)
        self._start()

    def _start(self) -> None:
        if self.mode is PinMode.CHOOSE:
            set_text(self.title, "Choose the owner PIN")
            set_text(
                self.prompt,
                f"{PIN_MIN} to {PIN_MAX} digits. It opens the presets, the studio settings and the "
                "devices; therapists never need it to run a session.",
            )
        elif self.mode is PinMode.RELOCK:
            minutes = self.lock.idle_s / 60
            set_text(self.title, "Owner mode locked itself")
            set_text(
                self.prompt,
                f"Nothing was touched for {minutes:g} minute{'s' if minutes != 1 else ''}. "
                "Enter the PIN to carry on where you were.",
            )
        else:
            set_text(self.title, "Owner mode")
            what = self.purpose or "the owner's screens"
            set_text(self.prompt, f"Enter the owner PIN to open {what}.")
        self.refresh()

    # What the keys do.
    def _show_dots(self, count: int) -> None:
        set_text(self.dots, " ".join("●" * count) if count else "·  ·  ·  ·")

    def _submitted(self, pin: str) -> None:
        self.pad.clear()
        if self.mode is PinMode.CHOOSE:
            self._choose(pin)
        else:
            self._try(pin)

    def _choose(self, pin: str) -> None:
        problem = pin_problem(pin)
        if problem is not None:
            set_text(self.message, problem[0].upper() + problem[1:] + ".")
            return
        if self._first is None:
            self._first = pin
            set_text(self.title, "Enter the same PIN again")
            set_text(self.message, "")
            return
        if pin != self._first:
            self._first = None
            set_text(self.title, "Choose the owner PIN")
            set_text(self.message, "The two PINs were not the same. Choose the PIN again.")
            return
        try:
            self.lock.set_pin(pin)
        except (OSError, PermissionError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            set_text(self.message, f"The PIN could not be kept: {reason}")
            self._first = None
            return
        self.accept()

    def _try(self, pin: str) -> None:
        try:
            attempt = self.lock.try_pin(pin)
        except (InvalidFile, OSError) as exc:
            set_text(self.message, f"Owner mode cannot be opened: {exc}")
            return
        if attempt.ok:
            self.accept()
            return
        self.help.setVisible(attempt.failed_tries >= 2)
        set_text(self.message, "Wrong PIN." if attempt.reason == "wrong PIN" else "")
        self.refresh()

    def refresh(self) -> None:
        """Rest the keypad while the lock asks to wait, and say for how long."""
        wait = self.lock.wait_left() if self.mode is not PinMode.CHOOSE else 0.0
        self.pad.setEnabled(wait <= 0)
        if wait > 0:
            seconds = math.ceil(wait)
            set_text(self.message, f"Too many wrong tries. Try again in {seconds} s.")
            self.help.setVisible(True)
            if not self.timer.isActive():
                self.timer.start()
        else:
            if self.timer.isActive():
                self.timer.stop()
                set_text(self.message, "")
            self._show_dots(len(self.pad.digits))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        self.pad.keyPressEvent(event)

    def enter(self, pin: str) -> None:
        """Type ``pin`` and press OK, as a finger would."""
        for digit in pin:
            self.pad.press(digit)
        self.pad.press("OK")

"""The Devices page's TP-Link account: where it is kept, and fields to keep or forget it."""

from __future__ import annotations

from collections.abc import Callable

from ambience.setup.account import account_text
from ambience.setup.service import DeviceSetup
from ambience.ui.qt import QHBoxLayout, QLineEdit, QWidget
from ambience.ui.widgets import column_layout, set_text, text_field, text_label, touch_button

# Asks the owner a yes/no question: (title, words, yes-words, what yes does).
Ask = Callable[[str, str, str, Callable[[], None]], None]


class AccountBox(QWidget):
    """The account newer devices (Tapo, the KH100 hub) ask for, kept in the computer's keychain."""

    def __init__(self, setup: DeviceSetup, ask: Ask | None = None) -> None:
        super().__init__()
        self.setup = setup
        self.ask = ask
        column = column_layout(self)
        column.addWidget(text_label("TP-LINK ACCOUNT (NEWER DEVICES)", "heading"))
        self.account_label = text_label("", "faint", wrap=True)
        column.addWidget(self.account_label)
        self.user_field = text_field("e-mail of the Kasa/Tapo app's account")
        self.password_field = text_field("password")
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        column.addWidget(self.user_field)
        column.addWidget(self.password_field)
        actions = QHBoxLayout()
        self.store_button = touch_button("Keep account")
        self.store_button.clicked.connect(self._store)
        self.forget_button = touch_button("Forget account", "flat")
        self.forget_button.clicked.connect(self._ask_forget)
        actions.addWidget(self.store_button)
        actions.addWidget(self.forget_button)
        column.addLayout(actions)

    def _ask_forget(self) -> None:
        """Forgetting the account stops the newer devices answering: asked first."""
        if self.ask is None:
            self.setup.forget_account()
            return
        self.ask(
            "Forget the TP-Link account?",
            "It is removed from this computer's keychain. Newer devices (Tapo, the KH100 hub) stop "
            "answering the app until the account is entered again.",
            "Forget account",
            self._forget,
        )

    def _forget(self) -> None:
        self.setup.forget_account()

    def _store(self) -> None:
        user, password = self.user_field.text(), self.password_field.text()
        self.setup.store_account(user, password, then=self.password_field.clear)

    def refresh(self) -> None:
        """Say where the account comes from (nothing until it has been read)."""
        set_text(self.account_label, account_text(self.setup.account) if self.setup.account_known else "")

"""The TP-Link account newer Kasa/Tapo devices ask for: kept in the OS keyring (or given in the
environment), never in the rooms config, presets or any other file of the app.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import keyring
import keyring.errors

SERVICE = "ambience-kasa"
# The keyring holds the account's e-mail under this name, and the password under the e-mail.
USERNAME_ENTRY = "username"
ENV_USERNAME = "AMBIENCE_KASA_USERNAME"
ENV_PASSWORD = "AMBIENCE_KASA_PASSWORD"


class CredentialsError(Exception):
    """The credentials could not be stored or removed (e.g. the system has no keyring).

    Its words are for the studio's owner; ``detail`` keeps the technical reason for whoever looks
    after the computer (the keyring library's own message speaks to programmers, not to owners).
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


NO_KEYCHAIN = (
    "This computer has no keychain to keep the account in. Whoever looks after the computer can "
    f"set one up (GNOME Keyring or KWallet), or start ambience with {ENV_USERNAME} and "
    f"{ENV_PASSWORD} set to the account."
)
KEYCHAIN_REFUSED = (
    "The computer's keychain did not {what} the account: it may be locked. Unlock it (log in "
    "again) and try once more."
)


def _keychain_error(exc: keyring.errors.KeyringError, what: str) -> CredentialsError:
    detail = f"keyring: {type(exc).__name__}: {exc}"
    if isinstance(exc, keyring.errors.NoKeyringError):
        return CredentialsError(NO_KEYCHAIN, detail)
    return CredentialsError(KEYCHAIN_REFUSED.format(what=what), detail)


@dataclass(frozen=True)
class KasaCredentials:
    """A TP-Link account: the e-mail address and password of the Kasa or Tapo app."""

    username: str
    password: str = field(repr=False)
    source: str = field(default="keyring", compare=False)  # "keyring" or "environment"


def load_credentials(environ: Mapping[str, str] | None = None) -> KasaCredentials | None:
    """The account from the environment if both variables are set, else from the keyring."""
    env = os.environ if environ is None else environ
    username, password = env.get(ENV_USERNAME, ""), env.get(ENV_PASSWORD, "")
    if username and password:
        return KasaCredentials(username, password, "environment")
    try:
        username = keyring.get_password(SERVICE, USERNAME_ENTRY) or ""
        password = (keyring.get_password(SERVICE, username) or "") if username else ""
    except keyring.errors.KeyringError:
        return None  # no keyring on this system: only the environment can give the account
    return KasaCredentials(username, password) if username and password else None


def store_credentials(username: str, password: str) -> None:
    """Keep the account in the OS keyring (replacing any other), for every later start."""
    username = username.strip()
    if not username or not password:
        raise CredentialsError("Type both the e-mail address and the password of the account.")
    try:
        previous = keyring.get_password(SERVICE, USERNAME_ENTRY)
        keyring.set_password(SERVICE, username, password)
        keyring.set_password(SERVICE, USERNAME_ENTRY, username)
        if previous and previous != username:
            _delete(previous)
    except keyring.errors.KeyringError as exc:
        raise _keychain_error(exc, "keep") from exc


def forget_credentials() -> None:
    """Remove the account from the keyring (the environment, if set, still applies)."""
    try:
        username = keyring.get_password(SERVICE, USERNAME_ENTRY)
        if username:
            _delete(username)
        _delete(USERNAME_ENTRY)
    except keyring.errors.KeyringError as exc:
        raise _keychain_error(exc, "remove") from exc


def _delete(entry: str) -> None:
    with contextlib.suppress(keyring.errors.PasswordDeleteError):  # already gone
        keyring.delete_password(SERVICE, entry)

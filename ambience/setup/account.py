"""The TP-Link account newer Kasa/Tapo devices ask for, as the Devices page keeps it: read, kept
and forgotten on the keyring's own thread, and said in plain words.

The keyring module is imported only once the account is first read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ambience.devices.kasa.credentials import KasaCredentials

T = TypeVar("T")
CredentialsSource = Callable[[], "KasaCredentials | None"]

# Keyring calls may block (a locked keychain waits for the user): they run on a thread of their
# own, not on the loop's default executor (which, under Qt, is a pool of Qt threads).
_KEYRING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ambience-keyring")


async def in_thread(func: Callable[..., T], *args: Any) -> T:
    """``func(*args)`` on the keyring thread, awaited without blocking the loop."""
    return await asyncio.wrap_future(_KEYRING.submit(func, *args))


async def read_account(source: CredentialsSource | None = None) -> KasaCredentials | None:
    """The account ``source`` gives (None: the environment's, else the keyring's); None if there is none."""
    from ambience.devices.kasa.credentials import load_credentials

    return await in_thread(source or load_credentials)


async def keep_account(username: str, password: str) -> None:
    """Keep the account in the keyring for every later start; raises CredentialsError."""
    from ambience.devices.kasa.credentials import store_credentials

    await in_thread(store_credentials, username, password)


async def forget_account() -> None:
    """Remove the account from the keyring; raises CredentialsError."""
    from ambience.devices.kasa.credentials import forget_credentials

    await in_thread(forget_credentials)


def account_text(account: KasaCredentials | None) -> str:
    """Where the account comes from, or that there is none, in a sentence."""
    if account is None:
        return "No account kept: newer devices (Tapo, the KH100 hub) will refuse the app."
    if account.source == "environment":
        return f"Using {account.username} from the environment (AMBIENCE_KASA_USERNAME)."
    return f"Kept in this computer's keychain: {account.username}"


def not_kept_text(error: BaseException) -> str:
    """Why the account was not kept (or forgotten), in plain words; the technical reason is the
    error's ``detail``."""
    from ambience.devices.kasa.credentials import CredentialsError

    return str(error) if isinstance(error, CredentialsError) else f"Not done: {error}"

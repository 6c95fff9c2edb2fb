"""Test set-up: offscreen Qt, silent audio, a private config folder per test, loopback-only network."""

from __future__ import annotations

import ipaddress
import os
import socket

import pytest

from ambience.devices.kasa.credentials import ENV_PASSWORD, ENV_USERNAME
from tests.support.kasa import memory_keyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory, monkeypatch):
    """Each test gets empty config and data folders, so nothing of the user's is read or written."""
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    return home


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_sendto = socket.socket.sendto


def _check_address(address) -> None:
    if isinstance(address, tuple) and address:
        host = address[0]
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            if host != "localhost":
                raise ConnectionRefusedError(f"tests may only reach loopback, not {host!r}") from None
            return
        if not ip.is_loopback:
            raise ConnectionRefusedError(f"tests may only reach loopback, not {host}")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Any connection or datagram to an address outside 127.0.0.0/8 fails the test at once."""

    def connect(self, address):
        _check_address(address)
        return _real_connect(self, address)

    def connect_ex(self, address):
        _check_address(address)
        return _real_connect_ex(self, address)

    def sendto(self, data, *args):
        _check_address(args[-1])
        return _real_sendto(self, data, *args)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket.socket, "sendto", sendto)


@pytest.fixture(autouse=True)
def no_retry_pause_on_loopback(monkeypatch):
    """python-kasa waits a quarter second before each retry after a connection error, to spare a
    real device on a busy network; between the emulator and the app on loopback that is only
    waiting (trying every way to a device takes seconds of it). What is tried stays the same."""
    from kasa.httpclient import HttpClient

    monkeypatch.setattr(HttpClient, "WAIT_BETWEEN_REQUESTS_ON_OSERROR", 0.0)


@pytest.fixture
def owner(monkeypatch):
    """No TP-Link account from the environment, and an empty keychain in memory (yielded)."""
    monkeypatch.delenv(ENV_USERNAME, raising=False)
    monkeypatch.delenv(ENV_PASSWORD, raising=False)
    with memory_keyring() as keyring:
        yield keyring

"""The TP-Link account: kept in the keyring or the environment, never retried once refused."""

from __future__ import annotations

import asyncio

import keyring
import keyring.errors
import pytest

from ambience.devices.errors import DeviceAuthError
from ambience.devices.kasa import credentials
from ambience.devices.kasa.credentials import (
    ENV_PASSWORD,
    ENV_USERNAME,
    SERVICE,
    CredentialsError,
    KasaCredentials,
    forget_credentials,
    load_credentials,
    store_credentials,
)
from ambience.engine.clock import ManualClock
from ambience.engine.factory import DeviceContext, create_device
from kasa_emulator import DEFAULT_PASSWORD, DEFAULT_USERNAME, EmulatedStudio
from tests.support.kasa import kasa_config, kasa_context


@pytest.fixture(autouse=True)
def fake_keyring(owner):
    return owner


def test_nothing_stored_means_no_account():
    assert load_credentials() is None


def test_stored_credentials_come_back_from_the_keyring(fake_keyring):
    store_credentials(" owner@studio.example ", "s3cret")
    assert load_credentials() == KasaCredentials("owner@studio.example", "s3cret")
    assert fake_keyring.entries == {
        (SERVICE, "username"): "owner@studio.example",
        (SERVICE, "owner@studio.example"): "s3cret",
    }


def test_storing_another_account_replaces_the_first(fake_keyring):
    store_credentials("first@studio.example", "one")
    store_credentials("second@studio.example", "two")
    assert load_credentials() == KasaCredentials("second@studio.example", "two")
    assert (SERVICE, "first@studio.example") not in fake_keyring.entries


def test_forgetting_removes_the_account(fake_keyring):
    store_credentials("owner@studio.example", "s3cret")
    forget_credentials()
    assert load_credentials() is None and fake_keyring.entries == {}
    forget_credentials()  # nothing left: still fine


def test_the_environment_wins_over_the_keyring(monkeypatch):
    store_credentials("keyring@studio.example", "k")
    monkeypatch.setenv(ENV_USERNAME, "env@studio.example")
    monkeypatch.setenv(ENV_PASSWORD, "e")
    account = load_credentials()
    assert account == KasaCredentials("env@studio.example", "e")
    assert account.source == "environment"


def test_the_password_never_shows_in_a_repr():
    assert "s3cret" not in repr(KasaCredentials("owner@studio.example", "s3cret"))


def test_empty_credentials_are_refused():
    with pytest.raises(CredentialsError):
        store_credentials("owner@studio.example", "")


KEYRING_OWN_WORDS = (
    "No recommended backend was available. Install a recommended 3rd party backend package; or, "
    "install the keyrings.alt package if you want to use the non-recommended backends. See "
    "https://pypi.org/project/keyring for details."
)


def test_a_system_without_a_keyring_says_what_to_do_instead_in_plain_words(monkeypatch):
    def no_keyring(*args):
        raise keyring.errors.NoKeyringError(KEYRING_OWN_WORDS)

    monkeypatch.setattr(credentials.keyring, "get_password", no_keyring)
    monkeypatch.setattr(credentials.keyring, "set_password", no_keyring)
    assert load_credentials() is None
    with pytest.raises(CredentialsError, match=ENV_USERNAME) as caught:
        store_credentials("owner@studio.example", "s3cret")
    words = str(caught.value)
    assert words.startswith("This computer has no keychain to keep the account in.")
    for programmer_talk in ("install", "package", "pypi", "keyrings.alt", "backend"):
        assert programmer_talk not in words.lower()
    assert "NoKeyringError" in caught.value.detail  # the technical reason, for whoever looks after it


def test_a_refused_account_is_not_tried_again_until_it_changes():
    async def body():
        studio = EmulatedStudio.from_specs(["thermostat"])
        async with studio:
            hub = studio.server("Radiator")
            context = DeviceContext(clock=ManualClock())  # the account comes from the keyring
            store_credentials("someone@else.example", "wrong")
            thermostat = create_device("room", kasa_config(studio, "Radiator"), context)
            with pytest.raises(DeviceAuthError, match="Devices page") as caught:
                await thermostat.refresh()
            assert not caught.value.retryable
            handshakes = hub.klap.handshakes
            with pytest.raises(DeviceAuthError):
                await thermostat.refresh()
            assert hub.klap.handshakes == handshakes  # the device was left alone
            store_credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
            await thermostat.set_target(22.5)
            assert studio.device("Radiator").state()["target_c"] == 22.5
            await thermostat.close()

    asyncio.run(body())


def test_no_account_at_all_is_an_auth_error_for_a_newer_device():
    async def body():
        studio = EmulatedStudio.from_specs(["thermostat"])
        async with studio:
            thermostat = create_device("room", kasa_config(studio, "Radiator"), kasa_context(account=None))
            with pytest.raises(DeviceAuthError):
                await thermostat.set_target(22.0)
            await thermostat.close()

    asyncio.run(body())


def test_legacy_devices_never_read_the_keyring(monkeypatch):
    def forbidden(*args):
        raise AssertionError("the keyring was read")

    monkeypatch.setattr(credentials.keyring, "get_password", forbidden)

    async def body():
        studio = EmulatedStudio.from_specs(["bulb"])
        async with studio:
            light = create_device(
                "room", kasa_config(studio, "Ceiling light"), DeviceContext(clock=ManualClock())
            )
            await light.set_light(50)
            await light.close()

    asyncio.run(body())

"""A computer without a keychain: the Devices page says so in plain words, the technical reason a tap away."""

from __future__ import annotations

import keyring.errors

from ambience.devices.kasa import credentials
from ambience.engine.factory import KasaOptions
from tests.devices.test_kasa_credentials import KEYRING_OWN_WORDS
from tests.ui.setup.test_kasa_devices_page import make_page


def test_no_keychain_is_said_in_plain_words_with_the_details_a_tap_away(loop, qtbot, tmp_path, monkeypatch):
    def no_keyring(*args):
        raise keyring.errors.NoKeyringError(KEYRING_OWN_WORDS)

    for name in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(credentials.keyring, name, no_keyring)
    page = make_page(qtbot, tmp_path / "rooms.toml", kasa=KasaOptions())
    page.account.user_field.setText("owner@studio.example")
    page.account.password_field.setText("s3cret")
    page.account.store_button.click()
    qtbot.waitUntil(lambda: not page.setup.busy)
    assert page.status.text().startswith("This computer has no keychain to keep the account in.")
    assert "install" not in page.status.text().lower() and "package" not in page.status.text()
    assert page.details_button.isVisible()
    page.details_button.click()
    assert "NoKeyringError" in page.question.details.text() and page.question.details.isVisible()

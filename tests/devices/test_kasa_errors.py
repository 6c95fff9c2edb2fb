"""python-kasa's exceptions, as the engine sees them after the backend's translation."""

from __future__ import annotations

import errno

import kasa
import pytest
from kasa.exceptions import SmartErrorCode, _ConnectionError, _RetryableError

from ambience.devices.errors import (
    DeviceAuthError,
    DeviceError,
    DeviceOffline,
    DeviceTimeout,
    DeviceUnsupported,
)
from ambience.devices.kasa.errors import translate

WHERE = "127.0.0.1:9999"


def wrapped(outer: Exception, inner: BaseException) -> Exception:
    outer.__cause__ = inner
    return outer


@pytest.mark.parametrize(
    ("exc", "kind", "text"),
    [
        (
            wrapped(kasa.KasaException("Unable to connect to the device"), ConnectionRefusedError(111, "x")),
            DeviceOffline,
            "connection refused",
        ),
        (
            wrapped(
                _ConnectionError("Device connection error"), OSError(errno.EHOSTUNREACH, "No route to host")
            ),
            DeviceOffline,
            "no route to host",
        ),
        (kasa.TimeoutError("Timeout after 3 seconds"), DeviceTimeout, "did not answer in time"),
        (kasa.AuthenticationError("bad hash"), DeviceAuthError, "Devices page"),
        (kasa.UnsupportedDeviceError("Unsupported device type"), DeviceUnsupported, "cannot drive"),
        (
            kasa.DeviceError("get_x", error_code=SmartErrorCode.UNKNOWN_METHOD_ERROR),
            DeviceUnsupported,
            "UNKNOWN_METHOD_ERROR",
        ),
        (
            kasa.KasaException(
                "Error on smartlife.iot.LAS.get_config: {'err_code': -1, 'err_msg': 'module not support'}"
            ),
            DeviceUnsupported,
            "does not support",
        ),
        (
            kasa.DeviceError("set_device_info", error_code=SmartErrorCode.PARAMS_ERROR),
            DeviceError,
            "refused the command (PARAMS_ERROR)",
        ),
        (ValueError("Invalid target temperature 45"), DeviceUnsupported, "Invalid target temperature"),
        (
            _RetryableError("Unable to query the device: connection reset"),
            DeviceOffline,
            "did not answer properly",
        ),
    ],
)
def test_each_failure_becomes_the_matching_device_error(exc, kind, text):
    error = translate(exc, WHERE)
    assert type(error) is kind
    assert text in str(error)


def test_a_cause_passed_as_an_argument_counts_too():
    # python-kasa's http client raises TimeoutError("...", original) with the cause as an argument.
    error = translate(
        kasa.KasaException("Unable to query the device", ConnectionRefusedError(111, "x")), WHERE
    )
    assert isinstance(error, DeviceOffline)


def test_auth_errors_are_not_retryable_and_outages_are():
    assert not translate(kasa.AuthenticationError("x"), WHERE).retryable
    assert translate(kasa.TimeoutError("x"), WHERE).retryable
    refused = wrapped(kasa.KasaException("x"), ConnectionRefusedError(111, "x"))
    assert translate(refused, WHERE).retryable


def test_a_device_error_passes_through_unchanged():
    error = DeviceOffline("already ours")
    assert translate(error, WHERE) is error

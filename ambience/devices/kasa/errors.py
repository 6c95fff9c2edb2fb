"""Translates python-kasa's exceptions into the app's device errors, at the Kasa backend's boundary.

python-kasa wraps the cause of a failure (a refused socket, a timeout) in its own exceptions,
sometimes several layers deep, so the whole chain of causes is looked at.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator

import kasa
from kasa.exceptions import SmartErrorCode

from ambience.devices.errors import (
    DeviceAuthError,
    DeviceError,
    DeviceOffline,
    DeviceTimeout,
    DeviceUnsupported,
)

_UNREACHABLE = {errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN}
_UNSUPPORTED_CODES = {SmartErrorCode.UNKNOWN_METHOD_ERROR, SmartErrorCode.UNSUPPORTED_METHOD}
# What legacy firmware answers for a module or a method the model does not have.
_UNSUPPORTED_IOT = ("module not support", "member not support")

AUTH_HINT = "the device refused the TP-Link account: enter the account again on the Devices page"


def causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, then what caused it, and so on, each once (python-kasa also passes the
    original exception as an argument of its own)."""
    seen: set[int] = set()
    queue = [exc]
    while queue:
        current = queue.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        queue += [c for c in (current.__cause__, current.__context__) if c is not None]
        queue += [a for a in current.args if isinstance(a, BaseException)]


def translate(exc: BaseException, where: str) -> DeviceError:
    """The device error that says what went wrong talking to the device at ``where``."""
    chain = list(causes(exc))
    if isinstance(exc, DeviceError):
        return exc
    if any(isinstance(e, kasa.AuthenticationError) for e in chain):
        return DeviceAuthError(AUTH_HINT)
    if any(isinstance(e, kasa.UnsupportedDeviceError) for e in chain):
        return DeviceUnsupported(f"{where} is a device this app cannot drive")
    for e in chain:
        if isinstance(e, ConnectionRefusedError) or (isinstance(e, OSError) and e.errno in _UNREACHABLE):
            reason = os.strerror(e.errno).lower() if e.errno else "connection refused"
            return DeviceOffline(f"{where} cannot be reached ({reason})")
    if any(isinstance(e, TimeoutError) for e in chain):  # kasa.TimeoutError is one too
        return DeviceTimeout(f"{where} did not answer in time")
    for e in chain:
        code = getattr(e, "error_code", None)
        if isinstance(e, kasa.DeviceError) and code in _UNSUPPORTED_CODES:
            return DeviceUnsupported(f"{where} does not support this ({code.name})")
        if any(marker in str(e) for marker in _UNSUPPORTED_IOT):
            return DeviceUnsupported(f"{where} does not support this")
    for e in chain:
        code = getattr(e, "error_code", None)
        if isinstance(e, kasa.DeviceError) and isinstance(code, SmartErrorCode) and code.value < 0:
            # The device answered, and refused (a busy or confused device may take it next time).
            return DeviceError(f"{where} refused the command ({code.name})")
    if isinstance(exc, ValueError):  # python-kasa checks ranges before sending
        return DeviceUnsupported(f"{where}: {exc}")
    first = str(chain[-1]) or type(chain[-1]).__name__
    return DeviceOffline(f"{where} did not answer properly ({first[:120]})")

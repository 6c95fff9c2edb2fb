"""The small hierarchy of device errors every backend translates its library's errors into."""

from __future__ import annotations


class DeviceError(Exception):
    """A device could not do what it was asked. ``retryable`` says whether trying again may help."""

    retryable = True
    label = "error"


class DeviceOffline(DeviceError):
    """The device cannot be reached (refused, unplugged, out of network)."""

    label = "offline"


class DeviceTimeout(DeviceError):
    """The device did not answer in time."""

    label = "timeout"


class DeviceAuthError(DeviceError):
    """The device refused our credentials; retrying with the same ones will not help."""

    retryable = False
    label = "auth"


class DeviceUnsupported(DeviceError):
    """The device cannot do this at all (e.g. colour temperature on a dimmer)."""

    retryable = False
    label = "unsupported"

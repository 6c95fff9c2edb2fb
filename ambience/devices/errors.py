"""The small hierarchy of device errors every backend translates its library's errors into, and
the problem a failed device shows (its kind, the device, the reason in words)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProblemKind(StrEnum):
    """What kind of trouble a device is in; decides whether trying again can help."""

    OFFLINE = "offline"
    TIMEOUT = "timeout"
    AUTH = "auth"
    UNSUPPORTED = "unsupported"
    ERROR = "error"


class DeviceError(Exception):
    """A device could not do what it was asked. ``retryable`` says whether trying again may help."""

    retryable = True
    kind = ProblemKind.ERROR


class DeviceOffline(DeviceError):
    """The device cannot be reached (refused, unplugged, out of network)."""

    kind = ProblemKind.OFFLINE


class DeviceTimeout(DeviceError):
    """The device did not answer in time."""

    kind = ProblemKind.TIMEOUT


class DeviceAuthError(DeviceError):
    """The device refused our credentials; retrying with the same ones will not help."""

    retryable = False
    kind = ProblemKind.AUTH


class DeviceUnsupported(DeviceError):
    """The device cannot do this at all (e.g. colour temperature on a dimmer)."""

    retryable = False
    kind = ProblemKind.UNSUPPORTED


@dataclass(frozen=True)
class DeviceProblem:
    """Why a device does not answer: the kind of trouble, the device's name, the reason in words."""

    kind: ProblemKind
    device: str
    reason: str = ""

    @classmethod
    def of(cls, error: DeviceError, device: str) -> DeviceProblem:
        return cls(error.kind, device, str(error))

    def __str__(self) -> str:
        """``offline: 127.0.0.1:9999 cannot be reached`` (the kind alone when there is no reason)."""
        return f"{self.kind}: {self.reason}" if self.reason else str(self.kind)

"""The Kasa/Tapo devices the Devices page has found: what each is, what it is doing, whether it
answers (and if not, why, in plain words), how it talks, and the role it would take in a room.
No python-kasa here (``ambience.setup.kasa`` looks)."""

from __future__ import annotations

from dataclasses import dataclass

from ambience.config.roles import Role
from ambience.config.rooms import KasaConnectionConfig
from ambience.devices.errors import DeviceError, DeviceProblem, ProblemKind
from ambience.setup.placement import Spot

BROADCAST = "255.255.255.255"  # where Discover asks unless the owner names an address
# What each kind of device (python-kasa's device types) does in a treatment room.
ROLE_OF_KIND = {
    "bulb": Role.LIGHT,
    "dimmer": Role.LIGHT,
    "lightstrip": Role.LIGHT,
    "plug": Role.DIFFUSER,
    "wallswitch": Role.DIFFUSER,
    "thermostat": Role.THERMOSTAT,
}
# Why a device does not answer, in the owner's words (the others say it well enough themselves:
# an unsupported firmware names the model and hardware).
TROUBLE = {
    ProblemKind.OFFLINE: "off, or not on the network",
    ProblemKind.TIMEOUT: "does not answer in time",
    ProblemKind.AUTH: "refuses the TP-Link account: check the account below (and, in the Tapo app, "
    "that Third-Party Compatibility is on)",
}

_SAYS_MORE = (ProblemKind.OFFLINE, ProblemKind.TIMEOUT)


@dataclass(frozen=True)
class FoundDevice:
    """A device as the page lists it: what it is, what it is doing, whether it answers, and how
    it talks (None: not known; a hub's devices talk through the hub, as the hub does)."""

    spot: Spot
    alias: str
    model: str
    kind: str  # "bulb", "dimmer", "plug", "thermostat", "hub", ...
    state: str = ""
    reachable: bool = True
    problem: DeviceProblem | None = None
    connection: KasaConnectionConfig | None = None

    @property
    def role(self) -> Role | None:
        """The role it would take in a room (None: a hub, or something the app cannot use)."""
        return ROLE_OF_KIND.get(self.kind)

    @property
    def what(self) -> str:
        """Its model and kind ("KL130 bulb"), as far as they are known."""
        return " ".join(p for p in (self.model, self.kind) if p)

    @property
    def trouble(self) -> str:
        """Why it does not answer, in a few plain words ("" when it answers)."""
        if self.problem is None:
            return ""
        return TROUBLE.get(self.problem.kind) or self.problem.reason or str(self.problem.kind)

    @property
    def trouble_in_full(self) -> str:
        """The plain words, then what the network said when that adds something (which address,
        refused or unreachable)."""
        words, problem = self.trouble, self.problem
        if problem is None or not problem.reason or problem.kind not in _SAYS_MORE:
            return words
        return f"{words} ({problem.reason})"


def unreachable(
    spot: Spot,
    error: DeviceError,
    *,
    alias: str = "",
    model: str = "",
    kind: str = "",
    connection: KasaConnectionConfig | None = None,
) -> FoundDevice:
    return FoundDevice(
        spot,
        alias or spot.where,
        model,
        kind,
        reachable=False,
        problem=DeviceProblem.of(error, alias or spot.where),
        connection=connection,
    )

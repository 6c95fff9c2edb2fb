"""The Kasa/Tapo devices the Devices page has found: what each is, what it is doing, whether it
answers, and the role it would take in a room. No python-kasa here (``ambience.setup.kasa`` looks)."""

from __future__ import annotations

from dataclasses import dataclass

from ambience.config.roles import Role
from ambience.devices.errors import DeviceError, DeviceProblem
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


@dataclass(frozen=True)
class FoundDevice:
    """A device as the page lists it: what it is, what it is doing, whether it answers."""

    spot: Spot
    alias: str
    model: str
    kind: str  # "bulb", "dimmer", "plug", "thermostat", "hub", ...
    state: str = ""
    reachable: bool = True
    problem: DeviceProblem | None = None

    @property
    def role(self) -> Role | None:
        """The role it would take in a room (None: a hub, or something the app cannot use)."""
        return ROLE_OF_KIND.get(self.kind)

    @property
    def what(self) -> str:
        """Its model and kind ("KL130 bulb"), as far as they are known."""
        return " ".join(p for p in (self.model, self.kind) if p)


def unreachable(
    spot: Spot, error: DeviceError, *, alias: str = "", model: str = "", kind: str = ""
) -> FoundDevice:
    return FoundDevice(
        spot,
        alias or spot.where,
        model,
        kind,
        reachable=False,
        problem=DeviceProblem.of(error, alias or spot.where),
    )

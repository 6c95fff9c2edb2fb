"""A set of emulated devices described in a few words ("bulb", "dimmer", "plug:KP115(US)", a
recording "HS100(UK)_4.1_1.1.0.json", ...), started together on loopback addresses, with a rooms
config that points the app at them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kasa_emulator.bulb import Bulb
from kasa_emulator.device import EmulatedDevice
from kasa_emulator.recorded import load_recording, recorded_device, transport_of
from kasa_emulator.server import (
    DEFAULT_PASSWORD,
    DEFAULT_USERNAME,
    DeviceServer,
)
from kasa_emulator.smart import Hub, RadiatorThermostat
from kasa_emulator.switches import Dimmer, Plug
from kasa_emulator.tapo import TapoBulb, TapoPlug

KINDS = {"bulb": Bulb, "dimmer": Dimmer, "plug": Plug, "hub": Hub, "thermostat": RadiatorThermostat}
# Newer Tapo models of a kind, which speak the smart protocol over KLAP.
TAPO = {"bulb": (TapoBulb, ("L5", "L6", "L9")), "plug": (TapoPlug, ("P1", "P3", "TP"))}
DEFAULT_ALIASES = {
    "bulb": "Ceiling light",
    "dimmer": "Wall dimmer",
    "plug": "Diffuser",
    "hub": "Hub",
    "thermostat": "Radiator",
}
_TAIL = r"(?:=(?P<alias>[^@~]+))?(?:@(?P<port>\d+))?(?:~(?P<protocol>xor|klap[12]|aes[12]))?$"
_SPEC = re.compile(r"^(?P<kind>[a-z]+)(?::(?P<model>[^=@~]+))?" + _TAIL)
_RECORDED = re.compile(r"^(?P<file>[^=@~]+\.json)" + _TAIL)
FORMS = "KIND[:MODEL][=ALIAS][@PORT][~PROTOCOL] or RECORDING.json[=ALIAS][@PORT][~PROTOCOL]"


@dataclass(frozen=True)
class DeviceSpec:
    """``KIND[:MODEL][=ALIAS][@PORT][~PROTOCOL]``, e.g. ``bulb:KL125(US)=Floor lamp@9999``, or a
    recording of a real device, ``HS100(UK)_4.1_1.1.0.json=Diffuser``. PROTOCOL (xor, klap1,
    klap2, aes1, aes2) makes the firmware talk another way than its kind or recording does."""

    kind: str
    model: str | None = None
    alias: str | None = None
    port: int = 0
    protocol: str | None = None
    recording: str | None = None

    @classmethod
    def parse(cls, text: str) -> DeviceSpec:
        text = text.strip()
        recorded = _RECORDED.match(text)
        if recorded is not None:
            return cls("recorded", None, recorded["alias"], int(recorded["port"] or 0), recorded["protocol"],
                       recorded["file"])  # fmt: skip
        match = _SPEC.match(text)
        if match is None or match["kind"] not in KINDS:
            raise ValueError(f"{text!r}: expected {FORMS} with KIND one of {', '.join(KINDS)}")
        return cls(match["kind"], match["model"], match["alias"], int(match["port"] or 0), match["protocol"])

    def transport(self) -> tuple[str | None, int | None]:
        """The encryption and login version PROTOCOL asks for (None, None: the device's own)."""
        if not self.protocol:
            return None, None
        if self.protocol == "xor":
            return "XOR", None
        return self.protocol[:-1].upper(), int(self.protocol[-1])


class EmulatedStudio:
    """Emulated devices, each with its own server; thermostats join the hub listed before them."""

    def __init__(
        self, *, host: str | None = None, username: str = DEFAULT_USERNAME, password: str = DEFAULT_PASSWORD
    ) -> None:
        self.host = host
        self.username = username
        self.password = password
        self.servers: list[DeviceServer] = []
        self.thermostats: list[RadiatorThermostat] = []

    @classmethod
    def from_specs(cls, specs: list[str] | list[DeviceSpec], **kwargs: Any) -> EmulatedStudio:
        studio = cls(**kwargs)
        counts: dict[str, int] = {}
        named: dict[tuple[str, str], int] = {}  # two devices may share a name, never an id
        for spec in specs:
            spec = spec if isinstance(spec, DeviceSpec) else DeviceSpec.parse(spec)
            encryption, login_version = spec.transport()
            if spec.recording is not None:
                recording = load_recording(spec.recording)
                recorded = recorded_device(recording, spec.alias)
                if encryption is None:
                    encryption, login_version = transport_of(recording)
                studio.add(recorded, port=spec.port, encryption=encryption, login_version=login_version)
                continue
            counts[spec.kind] = counts.get(spec.kind, 0) + 1
            alias = spec.alias or DEFAULT_ALIASES[spec.kind] + (
                f" {counts[spec.kind]}" if counts[spec.kind] > 1 else ""
            )
            model_args = {"model": spec.model} if spec.model else {}
            cls: type[EmulatedDevice] = KINDS[spec.kind]
            if spec.kind in TAPO and spec.model and spec.model.startswith(TAPO[spec.kind][1]):
                cls = TAPO[spec.kind][0]
            twin = named[spec.kind, alias] = named.get((spec.kind, alias), 0) + 1
            seed = f"{spec.kind}/{alias}" + (f"#{twin}" if twin > 1 else "")
            device = cls(alias=alias, seed=seed, **model_args)
            studio.add(device, port=spec.port, encryption=encryption, login_version=login_version)
        return studio

    def add(
        self,
        device: EmulatedDevice,
        *,
        port: int = 0,
        encryption: str | None = None,
        login_version: int | None = None,
    ) -> DeviceServer | None:
        """Serve ``device`` (talking as ``encryption`` and ``login_version`` say, or its kind's
        way); a thermostat is paired to the last hub (one is added if there is none)."""
        if isinstance(device, RadiatorThermostat):
            hubs = [s.device for s in self.servers if isinstance(s.device, Hub)]
            hub = hubs[-1] if hubs else None
            if hub is None:
                server = self.add(Hub(alias="Hub", seed="hub/Hub"))
                assert server is not None and isinstance(server.device, Hub)
                hub = server.device
            hub.add_child(device)
            self.thermostats.append(device)
            return None
        server = DeviceServer(
            device,
            host=self.host,
            port=port,
            username=self.username,
            password=self.password,
            encryption=encryption,
            login_version=login_version,
        )
        self.servers.append(server)
        return server

    async def start(self) -> None:
        for server in self.servers:
            await server.start()

    async def stop(self) -> None:
        for server in self.servers:
            await server.stop()

    async def __aenter__(self) -> EmulatedStudio:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def server(self, alias: str) -> DeviceServer:
        """The server of the device called ``alias`` (for a thermostat: of its hub)."""
        for server in self.servers:
            if server.device.alias == alias:
                return server
            if isinstance(server.device, Hub) and any(c.alias == alias for c in server.device.children):
                return server
        raise LookupError(f"no emulated device called {alias!r}")

    def device(self, alias: str) -> EmulatedDevice:
        for server in self.servers:
            if server.device.alias == alias:
                return server.device
        for thermostat in self.thermostats + [c for s in self.servers if isinstance(s.device, Hub)
                                              for c in s.device.children]:  # fmt: skip
            if thermostat.alias == alias:
                return thermostat
        raise LookupError(f"no emulated device called {alias!r}")

    def describe(self) -> list[dict[str, Any]]:
        """One entry per device: kind, model, alias, address and protocol (children: their hub's)."""
        out: list[dict[str, Any]] = []
        for server in self.servers:
            device = server.device
            out.append(
                {
                    "kind": device.kind,
                    "model": device.model,
                    "alias": device.alias,
                    "host": server.host,
                    "port": server.port,
                    "protocol": server.protocol,
                }
            )
            if isinstance(device, Hub):
                out += [
                    {
                        "kind": c.kind,
                        "model": c.model,
                        "alias": c.alias,
                        "host": server.host,
                        "port": server.port,
                        "protocol": server.protocol,
                        "hub": device.alias,
                        "device_id": c.identity.device_id,
                    }
                    for c in device.children
                ]
        return out

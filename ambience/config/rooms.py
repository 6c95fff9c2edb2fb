"""The studio's rooms and their devices: a TOML file in the user's config folder, or the demo studio."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any, Final, Literal

import tomli_w
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, ValidationError, model_validator

from ambience.config.owner import DEFAULT_IDLE_MINUTES
from ambience.config.reading import ROOMS_LIMITS, read_toml
from ambience.config.roles import Role
from ambience.config.settings import setting
from ambience.config.storage import atomic_write_text
from ambience.config.validation import InvalidFile, shorten, show
from ambience.session.preset import DEFAULT_VOLUME_CAP, plain_text

log = logging.getLogger(__name__)

SCHEMA_VERSION: Final = 1
MAX_ROOMS: Final = 50
MAX_DEVICES: Final = 50
MAX_MUSIC_DIRS: Final = 20
MAX_PATH_CHARS: Final = 1024
Slug = Annotated[str, Strict(), Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Backend = Literal["simulated", "kasa", "pygame"]
# Names people read on the panel; addresses, outputs and folders the app hands to the system.
Name = Annotated[str, Strict(), Field(min_length=1, max_length=40), AfterValidator(plain_text())]
Address = Annotated[str, Strict(), Field(min_length=1, max_length=253), AfterValidator(plain_text())]
OutputName = Annotated[str, Strict(), Field(min_length=1, max_length=255), AfterValidator(plain_text())]
Folder = Annotated[
    str, Strict(), Field(min_length=1, max_length=MAX_PATH_CHARS), AfterValidator(plain_text())
]
PresetRef = Annotated[str, Strict(), Field(min_length=1, max_length=60), AfterValidator(plain_text())]


def _whole_path(folder: str) -> str:
    if not Path(folder).expanduser().is_absolute():
        raise ValueError(f"must be a whole path (from /), got {show(folder)}")
    return folder


MusicFolder = Annotated[Folder, AfterValidator(_whole_path)]
QuitLeaves = Literal["turnover", "all_off", "as_is"]
# How long the panel waits without a touch during a session before it dims (0: never).
DEFAULT_NIGHT_AFTER_S = 45


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Port = Annotated[int, Strict(), Field(ge=1, le=65535)]


class KasaConnectionConfig(_Model):
    """How a Kasa/Tapo device talks, as the app found it (python-kasa's discovery, or its trying
    every way): kept beside the device so the next start reaches it in one round trip. The app
    writes it; it changes by itself when a firmware update changes the way a device talks."""

    family: Annotated[str, Field(pattern=r"^[A-Z]+\.[A-Z.]+$")]  # e.g. "SMART.TAPOBULB"
    encryption: Annotated[str, Field(pattern=r"^[A-Z]+$")]  # "XOR", "KLAP" or "AES"
    login_version: Annotated[int, Field(ge=1, le=99)] | None = None
    https: bool = False
    http_port: Port | None = None


class DeviceConfig(_Model):
    """One device in a room: what it does there and how to reach it."""

    id: Slug
    name: Name
    role: Role
    backend: Backend = "simulated"
    # kasa: the device's address (and port, for emulators or port forwarding); for a hub's
    # child (a KE100 radiator thermostat on a KH100 hub) the child's device id (configs written
    # before ids were used may hold its name: the app replaces it with the id once it has seen
    # the hub); and how the device talks, once the app has found it.
    host: Address | None = None
    port: Port | None = None
    child: OutputName | None = None
    connection: KasaConnectionConfig | None = None
    # pygame: the audio output device, when SDL offers several (None: the default one).
    output: OutputName | None = None

    @model_validator(mode="after")
    def _backend_fits(self) -> DeviceConfig:
        if self.backend == "kasa":
            if self.role is Role.MUSIC:
                raise ValueError("backend: kasa devices cannot play music (use pygame or simulated)")
            if not self.host:
                raise ValueError("host: required for a kasa device")
        elif self.connection is not None:
            raise ValueError("connection: only kasa devices have one")
        if self.backend == "pygame" and self.role is not Role.MUSIC:
            raise ValueError(f"backend: pygame only plays music, not the {self.role} role")
        return self


class RoomConfig(_Model):
    id: Slug
    name: Name
    devices: Annotated[tuple[DeviceConfig, ...], Field(max_length=MAX_DEVICES)] = ()
    # Names of the presets offered in this room; empty: every preset.
    presets: Annotated[tuple[PresetRef, ...], Field(max_length=200)] = ()
    # A room's own settings, shown per room on the studio settings screen.
    auto_start: bool = setting(
        False,
        title="Start booked sessions by themselves",
        description="At the booked time the session starts on its own instead of waiting, "
        "ready, for the therapist to touch Start.",
    )

    @model_validator(mode="after")
    def _unique_devices(self) -> RoomConfig:
        seen: set[str] = set()
        for device in self.devices:
            if device.id in seen:
                raise ValueError(f"devices: two devices have the id '{device.id}'")
            seen.add(device.id)
        return self


class StudioConfig(_Model):
    """The whole studio: its name, limits, preset folder and rooms.

    Fields made with ``setting(...)`` are the studio settings the owner changes on the studio
    settings screen (``config/settings.py``); declaring one here is all it takes to show it there.
    """

    schema_: Literal[1] = Field(SCHEMA_VERSION, alias="schema")
    name: Annotated[str, Strict(), AfterValidator(plain_text())] = setting(
        "Studio",
        title="Studio name",
        description="Shown in the panel's title bar.",
        min_length=1,
        max_length=40,
    )
    volume_cap: Annotated[float, Strict(), Field(allow_inf_nan=False)] = setting(
        DEFAULT_VOLUME_CAP,
        title="Volume cap",
        description="No preset and no therapist's + can make the music louder than this, in any room.",
        unit="%",
        step=1,
        ge=0,
        le=100,
    )
    presets_dir: Folder | None = setting(
        None,
        title="Presets folder",
        description="Where your own presets are kept (a shared network folder works too). The bundled "
        "presets are always offered as well.",
        kind="folder",
        empty="the app's data folder",
    )
    # Folders of music the owner's presets may play from, besides the presets' own folders and the
    # bundled music: see ambience.config.music.
    music_dirs: tuple[MusicFolder, ...] = setting(
        (),
        title="Music folders",
        description="Folders (whole paths) whose music your presets may play, besides the presets' own "
        "folders and the music that comes with the app. Presets cannot reach any other file.",
        kind="folders",
        max_length=MAX_MUSIC_DIRS,
    )
    owner_lock_minutes: float = setting(
        DEFAULT_IDLE_MINUTES,
        title="Owner mode locks after",
        description="Minutes without a touch before owner mode locks itself and asks for the PIN again.",
        unit="min",
        step=1,
        ge=1,
        le=30,
    )
    # The studio's day: bookings, calendar feeds and the history.
    history_days: int = setting(
        365,
        title="Keep the history",
        description="Finished sessions older than this are removed from the history.",
        unit="days",
        ge=1,
        le=3650,
    )
    prescent_minutes: float = setting(
        0.0,
        title="Scent the room before a booking",
        description="The diffuser runs this long before a booked session, unless the client asked "
        "for no scent or the preset uses none. 0: never.",
        unit="min",
        ge=0,
        le=15,
    )
    missed_after_minutes: float = setting(
        15.0,
        title="A booking is missed after",
        description="A booking not started this long after its time is marked missed and its preheat ends.",
        unit="min",
        ge=1,
        le=120,
    )
    feed_poll_minutes: float = setting(
        5.0,
        title="Check the calendar feeds every",
        description="How often the booking calendars the studio subscribes to are read again.",
        unit="min",
        ge=1,
        le=240,
    )
    # What closing the panel leaves behind, and when the panel dims during a session.
    quit_leaves: QuitLeaves = setting(
        "turnover",
        title="When the panel is closed",
        description="What closing the panel leaves in the rooms. A session that runs is ended either way.",
        choices={
            "turnover": "Ready for the next client: lights at the turnover level, music and diffuser off",
            "all_off": "All off: lights, music and diffuser off, heating down to 18 °C",
            "as_is": "As it is: nothing is changed",
        },
    )
    night_after_s: int = setting(
        DEFAULT_NIGHT_AFTER_S,
        title="Dim the panel after",
        description="During a session the panel dims to a dark clock after this long without a touch "
        "(0: never). The first touch only wakes it.",
        unit="s",
        step=5,
        ge=0,
        le=600,
    )
    rooms: Annotated[tuple[RoomConfig, ...], Field(max_length=MAX_ROOMS)] = ()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _unique_rooms(self) -> StudioConfig:
        seen: set[str] = set()
        for room in self.rooms:
            if room.id in seen:
                raise ValueError(f"rooms: two rooms have the id '{room.id}'")
            seen.add(room.id)
        return self

    def room(self, query: str) -> RoomConfig:
        """A room by id or name (case-insensitive, prefix allowed)."""
        q = query.strip().casefold()
        for test in (lambda r: q in (r.id, r.name.casefold()), lambda r: r.name.casefold().startswith(q)):
            hits = [r for r in self.rooms if test(r)]
            if len(hits) == 1:
                return hits[0]
        names = ", ".join(r.name for r in self.rooms) or "none"
        raise LookupError(f"no room matches '{query}' (rooms: {names})")


def load_rooms(path: Path) -> StudioConfig:
    """Read and validate a rooms file; raise InvalidFile naming the field and the reason.

    Total: whatever the file holds, this returns a config or raises InvalidFile (an unexpected
    failure is logged and reported as such).
    """
    path = Path(path)
    try:
        return parse_rooms(read_toml(path, ROOMS_LIMITS), path)
    except InvalidFile:
        raise
    except Exception as exc:  # the last net: a bad file is a message, never a crash
        log.exception("%s: unexpected error while reading", path)
        raise InvalidFile.one(
            path, "", f"could not be read ({shorten(str(exc) or type(exc).__name__)})"
        ) from exc


def parse_rooms(data: dict[str, Any], path: Path) -> StudioConfig:
    """Validate a rooms config's data (already read from TOML)."""
    schema = data.get("schema")
    if schema is None:
        raise InvalidFile.one(path, "schema", f"must be {SCHEMA_VERSION}, got missing")
    if type(schema) is not int or schema != SCHEMA_VERSION:
        raise InvalidFile.one(path, "schema", f"must be {SCHEMA_VERSION}, got {show(schema)}")
    try:
        config = StudioConfig.model_validate(data)
    except ValidationError as exc:
        raise InvalidFile.from_validation(path, exc) from exc
    for index, folder in enumerate(config.music_dirs):
        if not Path(folder).expanduser().is_absolute():
            raise InvalidFile.one(
                path, f"music_dirs[{index}]", f"must be a whole path (from /), got {show(folder)}"
            )
    return config


def rooms_to_toml(config: StudioConfig) -> str:
    data = config.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=False)
    return tomli_w.dumps({"schema": data.pop("schema")} | data)


def save_rooms(config: StudioConfig, path: Path) -> None:
    """Save atomically with a backup of the previous version (UTF-8, as every file of the app)."""
    text = rooms_to_toml(config)
    if len(text.encode("utf-8")) > ROOMS_LIMITS.max_bytes:
        raise InvalidFile.one(path, "", f"too large to save (at most {ROOMS_LIMITS.max_bytes // 1024} KiB)")
    atomic_write_text(Path(path), text)


def demo_studio(*, real_music: bool = True) -> StudioConfig:
    """Two simulated treatment rooms with a full set of devices each.

    With ``real_music`` the first room plays through this computer's default output (a demo
    someone asked for); the demo that stands in for rooms not set up yet stays silent.
    """

    def room(room_id: str, name: str, music_backend: Backend = "simulated") -> RoomConfig:
        return RoomConfig(
            id=room_id,
            name=name,
            devices=(
                DeviceConfig(id="ceiling", name="Ceiling light", role=Role.LIGHT),
                DeviceConfig(id="lamp", name="Floor lamp", role=Role.LIGHT),
                DeviceConfig(id="diffuser", name="Diffuser", role=Role.DIFFUSER),
                DeviceConfig(id="radiator", name="Radiator", role=Role.THERMOSTAT),
                DeviceConfig(id="music", name="Music", role=Role.MUSIC, backend=music_backend),
            ),
        )

    return StudioConfig(
        name="Demo studio",
        prescent_minutes=5.0,
        # The first room plays real music through the default output (one machine, one speaker).
        rooms=(
            room("lavender", "Lavender room", "pygame" if real_music else "simulated"),
            room("cedar", "Cedar room"),
        ),
    )

"""The studio's preset library as everyone sees it: the panel, ``presets list`` and ``presets check``.

Two folders make it: the bundled presets (read-only, shipped with the app) and the owner's own
folder (``presets_dir`` in the rooms config, or the app's data folder). Every entry says where
it comes from. An owner's preset takes the place of the bundled one of the same name, and it
does so also when it is broken: a file that fails validation is shown broken, with its reasons,
under its name, and is never quietly replaced by the bundled preset of that name. The owner's
``library.toml`` gives the tiles' order and hides presets from the panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from ambience.config.library import (
    LoadedPreset,
    PresetError,
    PresetInvalid,
    PresetLibrary,
    load_preset,
    scope_for,
)
from ambience.config.order import ORDER_FILE, LibraryOrder, load_order
from ambience.config.paths import bundled_presets_dir, user_presets_dir
from ambience.config.reading import PRESET_LIMITS, read_toml
from ambience.config.rooms import StudioConfig
from ambience.config.validation import InvalidFile
from ambience.session.preset import DEFAULT_VOLUME_CAP


class Source(StrEnum):
    """Where a preset comes from."""

    BUNDLED = "bundled"  # shipped with the app; read-only
    OWNER = "owner"  # the owner's own folder


SOURCE_WORDS = {Source.BUNDLED: "bundled", Source.OWNER: "yours"}


@dataclass(frozen=True)
class LibraryEntry:
    """One preset file of the library: valid (``loaded``) or broken (``error``), never both."""

    name: str  # the preset's name; for a file too broken to say it, its file name
    source: Source
    path: Path
    loaded: LoadedPreset | None = None
    error: PresetError | None = None
    hidden: bool = False
    replaces_bundled: bool = False  # an owner's preset with a bundled preset's name

    @property
    def broken(self) -> bool:
        return self.error is not None

    @property
    def key(self) -> str:
        return self.name.casefold()

    def reasons(self) -> list[str]:
        """Each problem as ``field: reason``, in the order found."""
        if self.error is None:
            return []
        return [f"{where}: {reason}" if where else reason for where, reason in self.error.problems]

    def where(self) -> str:
        """``bundled`` or ``yours`` (and that it replaces the bundled one)."""
        words = SOURCE_WORDS[self.source]
        return f"{words}, in place of the bundled one" if self.replaces_bundled else words


@dataclass
class StudioLibrary(PresetLibrary):
    """The library with every entry, in the tiles' order; ``presets`` are the ones that can start."""

    bundled_dir: Path | None = None
    owner_dir: Path | None = None
    entries: list[LibraryEntry] = field(default_factory=list)
    order: LibraryOrder = field(default_factory=LibraryOrder)
    order_problem: str | None = None  # library.toml could not be read (the default order is used)

    def entry(self, name: str) -> LibraryEntry | None:
        key = name.casefold()
        return next((e for e in self.entries if e.key == key), None)

    def visible(self) -> list[LibraryEntry]:
        """What the panel shows: everything but the hidden presets, broken ones included."""
        return [e for e in self.entries if not e.hidden]

    def find(self, query: str) -> LoadedPreset:
        """As ``PresetLibrary.find``; a broken preset of that name is named with its reasons."""
        q = query.strip().casefold()
        for entry in self.entries:
            if entry.broken and q in (entry.key, entry.path.stem.casefold()):
                raise LookupError(f"'{entry.name}' cannot be used: {'; '.join(entry.reasons())}")
        return super().find(query)


def entries_of(library: PresetLibrary) -> list[LibraryEntry]:
    """What a panel shows of any library: the studio's visible entries, or (a library read from
    one folder) its presets and its broken files."""
    if isinstance(library, StudioLibrary):
        return library.visible()
    entries = [LibraryEntry(p.name, Source.OWNER, p.path, loaded=p) for p in library.presets]
    entries += [
        LibraryEntry(name_in(e.path) or e.path.stem, Source.OWNER, e.path, error=e) for e in library.errors
    ]
    return entries


def owner_folder(config: StudioConfig) -> Path:
    """The owner's presets folder: the rooms config's ``presets_dir``, or the app's data folder."""
    return Path(config.presets_dir).expanduser() if config.presets_dir else user_presets_dir()


def library_of(config: StudioConfig) -> StudioLibrary:
    """The library ``config`` offers: the bundled presets and the owner's folder (read from disk)."""
    return load_studio_library(
        bundled_presets_dir(),
        owner_folder(config),
        volume_cap=config.volume_cap,
        music_dirs=[Path(d).expanduser() for d in config.music_dirs],
    )


def load_studio_library(
    bundled_dir: Path | None,
    owner_dir: Path | None,
    *,
    volume_cap: float = DEFAULT_VOLUME_CAP,
    music_dirs: Sequence[Path] = (),
) -> StudioLibrary:
    """Read both folders into one library (see the module's docstring). Never fails as a whole."""
    if owner_dir is not None and bundled_dir is not None and _same(owner_dir, bundled_dir):
        owner_dir = None  # one folder named twice is read once, as the bundled library
    bundled = (
        read_folder(bundled_dir, Source.BUNDLED, volume_cap=volume_cap, music_dirs=music_dirs)
        if bundled_dir
        else []
    )
    own = (
        read_folder(owner_dir, Source.OWNER, volume_cap=volume_cap, music_dirs=music_dirs)
        if owner_dir
        else []
    )
    order, order_problem = LibraryOrder(), None
    try:
        order = load_order(owner_dir)
    except InvalidFile as exc:
        order_problem = str(exc)
    own = _one_per_name(own)
    # An owner's preset stands in for the bundled one of its name; a file too broken to say its
    # name stands in for the bundled file of its file name.
    names = {e.key for e in own}
    stems = {e.path.stem.casefold() for e in own if e.broken and e.name == e.path.stem}
    bundled_keys = {b.key for b in bundled}
    bundled_stems = {b.path.stem.casefold() for b in bundled}

    def replaces(entry: LibraryEntry) -> bool:
        stem = entry.path.stem.casefold()
        return entry.key in bundled_keys or (stem in stems and stem in bundled_stems)

    entries = [_with(e, replaces_bundled=replaces(e)) for e in own]
    entries += [e for e in bundled if e.key not in names and e.path.stem.casefold() not in stems]
    entries = [_with(e, hidden=order.is_hidden(e.name)) for e in entries]
    entries.sort(key=lambda e: (order.rank(e.name), e.key))
    library = StudioLibrary(
        root=Path(owner_dir or bundled_dir or "."),
        bundled_dir=bundled_dir,
        owner_dir=owner_dir,
        entries=entries,
        order=order,
        order_problem=order_problem,
    )
    library.presets = [e.loaded for e in entries if e.loaded is not None and not e.hidden]
    library.errors = [e.error for e in entries if e.error is not None]
    return library


def read_folder(
    folder: Path,
    source: Source,
    *,
    volume_cap: float = DEFAULT_VOLUME_CAP,
    music_dirs: Sequence[Path] = (),
) -> list[LibraryEntry]:
    """An entry for every preset file in ``folder`` (``*.toml`` but the order file), in name order."""
    try:
        paths = sorted(p for p in Path(folder).glob("*.toml") if p.name != ORDER_FILE and p.is_file())
    except OSError:
        return []
    return [read_entry(path, source, volume_cap=volume_cap, music_dirs=music_dirs) for path in paths]


def read_entry(
    path: Path,
    source: Source,
    *,
    volume_cap: float = DEFAULT_VOLUME_CAP,
    music_dirs: Sequence[Path] = (),
) -> LibraryEntry:
    """One file as a library entry: valid, or broken with every reason."""
    try:
        loaded = load_preset(path, volume_cap=volume_cap, scope=scope_for(Path(path).parent, music_dirs))
    except PresetInvalid as invalid:
        return LibraryEntry(name_in(path) or path.stem, source, path, error=invalid.error)
    return LibraryEntry(loaded.name, source, path, loaded=loaded)


def name_in(path: Path) -> str | None:
    """The ``name`` a preset file gives itself, if it can be read at all."""
    try:
        data = read_toml(Path(path), PRESET_LIMITS)
    except InvalidFile:
        return None
    name = data.get("name")
    return name.strip()[:60] if isinstance(name, str) and name.strip() else None


def _one_per_name(entries: Sequence[LibraryEntry]) -> list[LibraryEntry]:
    """Two files with one name: the second is broken (which of them would start is a guess)."""
    seen: dict[str, LibraryEntry] = {}
    out: list[LibraryEntry] = []
    for entry in entries:
        first = seen.get(entry.key)
        if first is None:
            seen[entry.key] = entry
            out.append(entry)
            continue
        reason = f"another file, {first.path.name}, has the same preset name '{entry.name}'; rename one"
        error = PresetError(entry.path, (("name", reason),))
        out.append(LibraryEntry(f"{entry.name} ({entry.path.name})", entry.source, entry.path, error=error))
    return out


def _with(
    entry: LibraryEntry, *, hidden: bool | None = None, replaces_bundled: bool | None = None
) -> LibraryEntry:
    return replace(
        entry,
        hidden=entry.hidden if hidden is None else hidden,
        replaces_bundled=entry.replaces_bundled if replaces_bundled is None else replaces_bundled,
    )


def _same(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False

"""A demo's throw-away folder: what the owner saves during a demo goes there, never to the studio's files."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from ambience.config.rooms import StudioConfig, demo_studio, save_rooms
from ambience.config.storage import process_alive

PREFIX = "ambience-demo-"
# ``ambience-demo-<process id>-<random>``: whose it is, so another demo can tell it was abandoned.
_NAMED = re.compile(rf"^{PREFIX}(?P<pid>\d+)-[^/]+$")
ROOMS_FILE = "rooms.toml"
PRESETS_FOLDER = "presets"


class DemoFolder:
    """A new temporary folder holding the demo's rooms config, owner file and own presets."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def create(cls) -> DemoFolder:
        """A new folder, named for this process; the folders of demos that ended without removing
        theirs (killed, or their computer switched off) are removed first."""
        remove_abandoned()
        folder = cls(Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")))
        (folder.path / PRESETS_FOLDER).mkdir()
        save_rooms(folder.config(), folder.rooms_path)
        return folder

    @property
    def rooms_path(self) -> Path:
        return self.path / ROOMS_FILE

    @property
    def presets_dir(self) -> Path:
        return self.path / PRESETS_FOLDER

    def config(self) -> StudioConfig:
        """The demo studio, its owner's presets kept in this folder."""
        return demo_studio().model_copy(update={"presets_dir": str(self.presets_dir)})

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def remove_abandoned(temp: Path | None = None) -> list[Path]:
    """Remove the demo folders in ``temp`` (the system's temporary folder) whose process is gone."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(temp or tempfile.gettempdir()))
    except OSError:
        return removed
    for entry in entries:
        match = _NAMED.match(entry.name)
        if match is None or process_alive(int(match["pid"])):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
                removed.append(Path(entry.path))
    return removed

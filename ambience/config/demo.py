"""A demo's throw-away folder: what the owner saves during a demo goes there, never to the studio's files."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ambience.config.rooms import StudioConfig, demo_studio, save_rooms

ROOMS_FILE = "rooms.toml"
PRESETS_FOLDER = "presets"


class DemoFolder:
    """A new temporary folder holding the demo's rooms config, owner file and own presets."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def create(cls) -> DemoFolder:
        folder = cls(Path(tempfile.mkdtemp(prefix="ambience-demo-")))
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

"""Puts the app in the desktop's menu: writes a Linux ``.desktop`` entry that starts this install.

Installed as a wheel, the entry and its icon also land in the environment's ``share/`` folder;
``ambience desktop-entry`` writes one into the user's own menu folder, pointing at the exact
``ambience`` command and icon of this install (so it works for ``uv tool install`` and pipx too).
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

import platformdirs

ICON = Path(__file__).resolve().parent / "ui" / "assets" / "ambience.svg"

ENTRY = """\
[Desktop Entry]
Type=Application
Name=Ambience
GenericName=Treatment room ambience
Comment=Sets a treatment room's light, music, warmth and scent from one preset
Exec={exec}
Icon={icon}
Terminal=false
Categories=Utility;Audio;
Keywords=spa;massage;lights;music;diffuser;
StartupNotify=true
"""


def command_line() -> str:
    """How the menu starts this install: its ``ambience`` script, else this Python with ``-m``."""
    running = Path(sys.argv[0]).resolve()
    if running.name == "ambience" and running.is_file():
        return shlex.quote(str(running))
    found = shutil.which("ambience")
    if found:
        return shlex.quote(found)
    return f"{shlex.quote(sys.executable)} -m ambience"


def entry_text(command: str, icon: Path = ICON) -> str:
    """The ``.desktop`` file's text for ``command`` with ``icon``."""
    return ENTRY.format(exec=command, icon=icon)


def install_desktop_entry(folder: Path | None = None) -> Path:
    """Write ``ambience.desktop`` into ``folder`` (default: the menu, ~/.local/share/applications)."""
    folder = Path(folder) if folder is not None else platformdirs.user_data_path() / "applications"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ambience.desktop"
    path.write_text(entry_text(command_line()), encoding="utf-8")
    return path

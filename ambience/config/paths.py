"""Where the app's files live: the bundled library, the owner's presets, the rooms config, the journal.

The one place that asks platformdirs; everything else takes these paths as arguments.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

import ambience

APP = "ambience"


def bundled_presets_dir() -> Path:
    """The library that ships with the app: inside the installed package, or a checkout's ``presets/``."""
    package = Path(ambience.__file__).resolve().parent
    installed = package / "presets"  # where the wheel puts the repository's presets/
    if installed.is_dir():
        return installed
    return package.parent / "presets"


def default_config_path() -> Path:
    """The studio's rooms config (TOML) in the user's config folder."""
    return platformdirs.user_config_path(APP) / "rooms.toml"


def user_presets_dir() -> Path:
    """The owner's own presets, unless the rooms config names another folder."""
    return platformdirs.user_data_path(APP) / "presets"


def default_journal_path() -> Path:
    """The session journal (SQLite) in the user's data folder."""
    return platformdirs.user_data_path(APP) / "sessions.sqlite3"


def exports_dir() -> Path:
    """Where the owner's exports (the history as CSV, a client's data) are written."""
    return platformdirs.user_documents_path() / "Ambience"

"""The `ambience` command's entry: the panel's window comes up before the rest of the app loads."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ambience.launch import opens_panel


@pytest.mark.parametrize(
    ("args", "panel"),
    [
        ([], True),
        (["--demo"], True),
        (["--config", "rooms.toml", "--speed", "60"], True),
        (["--demo", "--speed", "60"], True),
        (["run", "swedish", "--demo"], False),
        (["--speed", "120", "run", "swedish"], False),
        (["presets", "list"], False),
        (["day"], False),
        (["--help"], False),
        (["-h"], False),
    ],
)
def test_only_opening_the_panel_shows_its_window_first(args, panel):
    assert opens_panel(args) is panel


def test_the_first_window_needs_nothing_but_qt_and_the_theme():
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, ambience.launch, ambience.ui.shell; print(' '.join(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for heavy in (
        "pydantic",
        "apscheduler",
        "qasync",
        "pygame",
        "numpy",
        "ambience.config",
        "ambience.engine",
    ):
        assert heavy not in loaded, heavy

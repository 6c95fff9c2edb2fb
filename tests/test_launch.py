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


def test_the_collector_waits_while_the_panel_loads_and_runs_again_once_it_is_up(monkeypatch):
    import gc

    import ambience.cli
    import ambience.launch
    import ambience.ui.app
    from ambience.ui.app import settle_start_up

    seen: list[bool] = []
    monkeypatch.setattr(ambience.ui.shell, "show_shell", lambda: None, raising=False)
    monkeypatch.setattr(ambience.cli, "main", lambda args: seen.append(gc.isenabled()) or 0)
    try:
        assert ambience.launch.main(["--demo"]) == 0
        assert seen == [False]  # held back while the panel loads
        assert gc.isenabled()  # and running again once the command is done
        # What the panel does once it has been up a moment (not done here for real: a full
        # collection in the middle of the test run would take other tests' leftovers with it).
        done: list[str] = []
        gc.disable()
        monkeypatch.setattr(ambience.ui.app.gc, "collect", lambda: done.append("collect") or 0)
        monkeypatch.setattr(ambience.ui.app.gc, "freeze", lambda: done.append("freeze"))
        settle_start_up()
        assert done == ["collect", "freeze"]  # start-up's garbage first, then what is left kept aside
        assert gc.isenabled()
    finally:
        gc.enable()


def test_other_commands_keep_the_collector_running(monkeypatch):
    import gc

    import ambience.cli
    import ambience.launch

    seen: list[bool] = []
    monkeypatch.setattr(ambience.cli, "main", lambda args: seen.append(gc.isenabled()) or 0)
    ambience.launch.main(["presets", "list"])
    assert seen == [True]

"""The first start and a rooms config that cannot be read: a window says what is going on, and
nothing of the owner's is played, changed or overwritten."""

from __future__ import annotations

import subprocess
import sys
import tempfile

import pytest

from ambience.cli import main
from ambience.config.paths import default_config_path
from ambience.ui.panel.broken_config import BrokenConfigWindow
from ambience.ui.panel.window import MainWindow
from ambience.ui.qt import Qt, QTest, QWidget
from tests.ui.conftest import when_shown

BROKEN = b"""schema = 1
name = "Lotus studio"

[[rooms]]
id = "lotus"
name = "Lotus room"

[[rooms.devices]]
id = "ceiling"
name = "Ceiling light"
role = "lamp"
"""


@pytest.fixture
def broken(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = tmp_path / "rooms.toml"
    path.write_bytes(BROKEN)
    return path


def test_a_broken_rooms_config_opens_a_window_naming_file_field_and_reason(qapp, broken, private_dirs):
    seen: dict[str, str] = {}

    def read_and_quit(window: QWidget) -> None:
        assert isinstance(window, BrokenConfigWindow)
        seen["file"] = window.file.text()
        seen["problems"] = window.problems.text()
        QTest.mouseClick(window.quit_button, Qt.MouseButton.LeftButton)

    when_shown(qapp, BrokenConfigWindow, read_and_quit)
    assert main(["--config", str(broken)]) == 2
    assert seen["file"] == f"File: {broken}"
    assert "rooms[0].devices[0].role" in seen["problems"] and "lamp" in seen["problems"]
    assert broken.read_bytes() == BROKEN  # byte for byte
    assert list(broken.parent.glob("rooms.toml*")) == [broken]  # no backup, no temporary file


def dead_pid() -> int:
    """The process id of a process that has ended."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


@pytest.mark.parametrize("readable", [False, True], ids=["broken", "readable"])
def test_every_start_removes_what_interrupted_saves_left_and_never_writes_the_rooms_config(
    qapp, broken, private_dirs, monkeypatch, readable
):
    if readable:
        broken.write_bytes(b'schema = 1\nname = "Lotus studio"\n')
        monkeypatch.setattr("ambience.ui.app.run_panel", lambda config, **kwargs: 0)
    else:
        when_shown(
            qapp, BrokenConfigWindow, lambda w: QTest.mouseClick(w.quit_button, Qt.MouseButton.LeftButton)
        )
    before = broken.read_bytes()
    stale = broken.with_name(f".rooms.toml.{dead_pid()}.0123abcd.tmp")
    stale.write_text("half a save")
    assert main(["--config", str(broken)]) == (0 if readable else 2)
    assert not stale.exists()
    assert broken.read_bytes() == before


def test_the_demo_can_be_opened_instead_and_the_file_stays_as_it_is(qapp, broken, private_dirs):
    shown: list[MainWindow] = []

    def open_demo(window: QWidget) -> None:
        assert isinstance(window, BrokenConfigWindow)
        QTest.mouseClick(window.demo_button, Qt.MouseButton.LeftButton)
        when_shown(qapp, MainWindow, close)

    def close(window: QWidget) -> None:
        assert isinstance(window, MainWindow)
        shown.append(window)
        window.end_and_quit()

    when_shown(qapp, BrokenConfigWindow, open_demo)
    assert main(["--config", str(broken)]) == 0
    window = shown[0]
    assert window.demo and window.badge.text() == "Demo"
    assert broken.read_bytes() == BROKEN
    window.deleteLater()


def test_the_first_start_welcomes_with_a_silent_demo(qapp, private_dirs, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert not default_config_path().exists()
    seen: dict[str, object] = {}

    def look(window: QWidget) -> None:
        assert isinstance(window, MainWindow)
        seen["welcome"] = window.welcome.isVisible()
        seen["words"] = window.welcome.body.text()
        seen["set up"] = window.welcome.set_up_button.isVisible()
        seen["music"] = [
            d.model for room in window.facade.studio.rooms for d in room.devices if d.id == "music"
        ]
        QTest.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
        seen["after"] = window.welcome.isVisible()
        window.end_and_quit()

    when_shown(qapp, MainWindow, look)
    assert main([]) == 0
    assert seen["welcome"] and seen["set up"] and not seen["after"]
    assert "demo studio" in str(seen["words"]) and "no music plays" in str(seen["words"])
    assert seen["music"] == [
        "Simulated music player",
        "Simulated music player",
    ]  # nothing through the speakers
    assert not default_config_path().exists()  # nothing written by looking

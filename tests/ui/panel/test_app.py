"""The panel as `ambience` starts it: its own qasync loop, the studio, the window, a clean exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile

import pytest

from ambience.cli import main
from ambience.config.paths import default_config_path
from ambience.config.roles import Role
from ambience.config.rooms import RoomConfig, StudioConfig, save_rooms
from ambience.engine.clock import ManualClock
from ambience.ui.app import device_context, run_panel
from ambience.ui.panel.window import MainWindow
from ambience.ui.qt import QTimer
from ambience.ui.setup.devices_page import DevicesPage
from tests.factories import room_config
from tests.ui.conftest import WAIT_MS, when_shown


def test_run_panel_opens_the_window_and_returns_zero_when_closed(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    config = StudioConfig(rooms=(room_config("lavender", roles=(Role.LIGHT,)),))
    seen: list[MainWindow] = []

    def close(window: MainWindow) -> None:
        seen.append(window)
        window.end_and_quit()

    when_shown(qapp, MainWindow, close)
    assert run_panel(config, speed=60, demo=True) == 0
    window = seen[0]
    assert window.badge.text() == "Demo · ×60"
    assert [b.title.text() for b in window.room_buttons] == ["Lavender room"]
    assert window.page.tiles.tiles  # the bundled library
    # The demo that stands in for a studio not set up yet keeps its day in memory: nothing is left.
    assert not window.facade.planner.book.persistent
    assert list(tmp_path.iterdir()) == []
    window.deleteLater()


def test_the_devices_page_opens_in_owner_mode_on_the_rooms_config(panel, owner, tmp_path):
    assert "Devices" in [e.title for e in panel.window.owner_entries()]
    panel.window.config_path = tmp_path / "rooms.toml"
    panel.open_owner_mode()
    panel.window.open_devices()
    page = panel.window.dialog.findChild(DevicesPage)
    assert page.setup.config_path == tmp_path / "rooms.toml"
    panel.qtbot.waitUntil(lambda: not page.setup.busy, timeout=WAIT_MS)
    assert page.setup.watchers == [page.refresh]
    panel.window.dialog.reject()  # Esc, or the window's own close button
    panel.qtbot.waitUntil(lambda: panel.window.dialog is None)
    assert page.setup.watchers == []  # closed with the dialog: its look-ups stop with it


def test_the_ambience_command_hands_the_panel_its_rooms_config(monkeypatch, tmp_path, private_dirs):
    calls: list[dict] = []
    monkeypatch.setattr("ambience.ui.app.run_panel", lambda config, **kwargs: calls.append(kwargs) or 0)
    path = tmp_path / "studio.toml"
    save_rooms(StudioConfig(rooms=(RoomConfig(id="lavender", name="Lavender room"),)), path)
    assert main(["--config", str(path)]) == 0
    assert main(["--demo"]) == 0  # a demo's owner saves to a throw-away folder
    assert (calls[0]["config_path"], calls[0]["demo"]) == (path, False)
    demo = calls[1]
    assert demo["demo"] and demo["config_path"].parent == demo["demo_folder"]
    assert demo["config_path"] != default_config_path()
    assert not demo["demo_folder"].exists()  # thrown away when the panel closed


@pytest.mark.parametrize("ending", ["closed", "TERM"])
def test_a_demo_run_leaves_nothing_behind(qapp, tmp_path, monkeypatch, private_dirs, ending):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[list[str]] = []

    def end_when_shown() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(0, end_when_shown)
            return
        seen.append([p.name for p in tmp_path.iterdir()])  # the demo's folder, while it runs
        if ending == "TERM":
            os.kill(os.getpid(), signal.SIGTERM)
        else:
            windows[0].end_and_quit()

    QTimer.singleShot(0, end_when_shown)
    assert main(["--demo"]) == 0
    assert [name.startswith(f"ambience-demo-{os.getpid()}-") for name in seen[0]] == [True]
    assert list(tmp_path.iterdir()) == []
    for window in qapp.topLevelWidgets():
        if isinstance(window, MainWindow):
            window.deleteLater()


def test_a_demo_stopped_by_term_while_it_starts_leaves_nothing_behind(tmp_path, private_dirs):
    # The signal comes before the panel listens for it (as a service manager may send it).
    script = (
        "import os, signal, ambience.ui.app as app\n"
        "app.run_panel = lambda *a, **k: os.kill(os.getpid(), signal.SIGTERM) or 0\n"
        "from ambience.cli import main\n"
        "raise SystemExit(main(['--demo']))\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGTERM, done.stderr  # ended as TERM ends a process
    assert list(tmp_path.iterdir()) == []


def test_settings_saved_before_any_room_keep_the_first_run_demo_rooms(monkeypatch, capsys):
    calls: list[tuple[StudioConfig, dict]] = []
    monkeypatch.setattr(
        "ambience.ui.app.run_panel", lambda config, **kwargs: calls.append((config, kwargs)) or 0
    )
    save_rooms(StudioConfig(name="Lotus spa", volume_cap=60), default_config_path())
    assert main([]) == 0
    config, kwargs = calls[0]
    assert config.name == "Lotus spa" and config.volume_cap == 60 and len(config.rooms) == 2
    assert kwargs["demo"] and kwargs["config_path"] == default_config_path()
    assert "no rooms in" in capsys.readouterr().err


def test_the_panel_keeps_what_it_learns_of_devices_in_the_studio_s_rooms_file_and_a_demo_nothing(tmp_path):
    path = tmp_path / "rooms.toml"
    assert device_context(ManualClock(), path, demo=False).kasa.rooms_path == path
    assert device_context(ManualClock(), path, demo=True).kasa.rooms_path is None


def test_ctrl_c_ends_the_sessions_and_closes_the_panel_even_between_ticks(qapp, tmp_path):
    import os
    import signal
    import threading

    from ambience.session.roomstate import Status

    config = StudioConfig(rooms=(room_config("lavender", roles=(Role.LIGHT,)),))
    seen: list[MainWindow] = []

    def interrupt(window: MainWindow) -> None:
        seen.append(window)
        page = window.page
        page.room.start(page.room.presets()[0])
        # As Ctrl-C in the terminal does, while the panel waits in Qt's loop for its next tick.
        threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT)).start()

    before = signal.getsignal(signal.SIGINT)
    when_shown(qapp, MainWindow, interrupt)
    assert run_panel(config, journal_path=tmp_path / "sessions.sqlite3") == 0
    assert seen[0].page.room.room.state().status is Status.ENDED  # ended properly, not killed
    assert signal.getsignal(signal.SIGINT) is before  # Ctrl-C is the terminal's again


def test_a_journal_and_day_book_that_could_not_be_read_are_named_on_screen_when_the_panel_opens(
    qapp, tmp_path, private_dirs
):
    journal = tmp_path / "sessions.sqlite3"
    journal.write_bytes(b"not a database at all" * 300)
    journal.with_name("day.sqlite3").write_bytes(b"\xff\xfe bookings torn in half" * 300)
    config = StudioConfig(rooms=(room_config("lavender", roles=(Role.LIGHT,)),))
    told: list[str] = []
    seen: list[MainWindow] = []

    def read_and_close(window: MainWindow) -> None:
        seen.append(window)
        told.append(window.dialog.body.text() if window.dialog is not None else "")
        window.dialog.reject()
        window.end_and_quit()

    when_shown(qapp, MainWindow, read_and_close)
    assert run_panel(config, journal_path=journal, config_path=tmp_path / "rooms.toml") == 0
    seen[0].deleteLater()
    (said,) = told
    assert f"The session journal {journal} could not be read" in said
    assert f"The day book {journal.with_name('day.sqlite3')} (bookings, clients, calendars)" in said
    assert "sessions.sqlite3.broken-" in said and "day.sqlite3.broken-" in said

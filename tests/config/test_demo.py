"""A demo's throw-away folder: named for its process, and removed by the next demo if it was abandoned."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from ambience.config.demo import DemoFolder


def ended_process() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_a_demo_killed_outright_leaves_its_folder_only_until_the_next_demo_starts(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    abandoned = tmp_path / f"ambience-demo-{ended_process()}-k2j3h4g5"
    (abandoned / "presets").mkdir(parents=True)
    (abandoned / "sessions.sqlite3").write_bytes(b"kept by a demo killed with -9")
    running = tmp_path / f"ambience-demo-{os.getppid()}-a1b2c3d4"  # a demo that still runs
    running.mkdir()
    other = tmp_path / "ambience-demo-notes"
    other.mkdir()

    demo = DemoFolder.create()
    assert demo.path.name.startswith(f"ambience-demo-{os.getpid()}-")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([demo.path.name, running.name, other.name])
    demo.remove()
    assert not demo.path.exists()

"""Atomic saves: permissions kept, nothing left behind by a failed or interrupted save."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import pytest

from ambience.config.storage import atomic_write_text, clean_stale_temps


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_saved_file_keeps_the_permissions_of_the_one_it_replaces(tmp_path):
    path = tmp_path / "rooms.toml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o644)
    atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "new" and mode(path) == 0o644
    path.chmod(0o640)
    atomic_write_text(path, "newer")
    assert mode(path) == 0o640 and mode(tmp_path / "rooms.toml.bak") == 0o640


def test_a_new_file_gets_the_usual_permissions_not_private_ones(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "new.toml", "x")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new.toml") == 0o644


def test_a_save_is_utf_8_whatever_the_locale(tmp_path):
    atomic_write_text(tmp_path / "r.toml", 'name = "Salle Été"\n')
    assert (tmp_path / "r.toml").read_bytes() == 'name = "Salle Été"\n'.encode()


def test_a_failed_save_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "r.toml"
    path.write_text("old", encoding="utf-8")
    monkeypatch.setattr(
        os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device"))
    )
    with pytest.raises(OSError):
        atomic_write_text(path, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.toml"]


def test_temporary_files_of_killed_saves_are_cleaned_at_start_and_live_ones_are_left(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".rooms.toml.{dead_pid}.0123abcd.tmp"
    stale.write_text("half")
    mine = tmp_path / f".rooms.toml.{os.getpid()}.89abcdef.tmp"
    mine.write_text("in progress")
    old_style = tmp_path / ".rooms.toml.k2j3h4g5.tmp"
    old_style.write_text("from an older version")
    os.utime(old_style, (time.time() - 7200, time.time() - 7200))
    young_old_style = tmp_path / ".relax.toml.a1b2c3d4.tmp"
    young_old_style.write_text("maybe in progress")
    keep = tmp_path / "notes.tmp"
    keep.write_text("not ours")
    removed = clean_stale_temps(tmp_path)
    assert sorted(p.name for p in removed) == sorted([stale.name, old_style.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, young_old_style.name, keep.name])


def test_cleaning_a_folder_that_is_not_there_does_nothing(tmp_path):
    assert clean_stale_temps(tmp_path / "nowhere") == []

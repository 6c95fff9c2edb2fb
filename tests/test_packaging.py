"""The built wheel carries the bundled presets and music, the desktop entry and icon, and no test code."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from ambience.cli import main
from ambience.config.paths import bundled_presets_dir
from ambience.desktop_entry import ICON, entry_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> list[str]:
    if shutil.which("uv") is None:
        pytest.fail("uv builds the wheel; install it (the README's first lines do)")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(["uv", "build", "--wheel", "-q", "-o", str(out)], cwd=ROOT, check=True)
    (built,) = out.glob("*.whl")
    return zipfile.ZipFile(built).namelist()


def test_the_wheel_carries_every_bundled_preset_and_track(wheel):
    presets = sorted(p.name for p in bundled_presets_dir().glob("*.toml"))
    music = sorted(p.name for p in (bundled_presets_dir() / "music").iterdir())
    assert len(presets) == 7 and len(music) == 6
    assert (
        sorted(
            n.rsplit("/", 1)[1] for n in wheel if n.startswith("ambience/presets/") and n.endswith(".toml")
        )
        == presets
    )
    assert sorted(n.rsplit("/", 1)[1] for n in wheel if n.startswith("ambience/presets/music/")) == music


def test_the_wheel_installs_a_desktop_entry_and_an_icon(wheel):
    data = [n.split(".data/data/", 1)[1] for n in wheel if ".data/data/" in n]
    assert sorted(data) == [
        "share/applications/ambience.desktop",
        "share/icons/hicolor/scalable/apps/ambience.svg",
    ]
    assert "ambience/ui/assets/ambience.svg" in wheel


def test_the_wheel_holds_no_emulator_tests_or_tools(wheel):
    tops = {n.split("/", 1)[0] for n in wheel}
    assert not tops & {"kasa_emulator", "tests", "tools", "benchmarks"}


def test_the_desktop_entry_starts_this_install_with_its_icon(tmp_path, capsys):
    assert main(["desktop-entry", "--dir", str(tmp_path)]) == 0
    text = (tmp_path / "ambience.desktop").read_text(encoding="utf-8")
    assert f"Icon={ICON}" in text and ICON.is_file()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert "ambience" in exec_line
    assert str(tmp_path) in capsys.readouterr().out
    assert entry_text("x").startswith("[Desktop Entry]\n")

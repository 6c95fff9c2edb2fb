"""The bundled soft music: the files tools/make_music.py makes pass its own checks and play."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path

import mutagen
import numpy as np
import pytest

from ambience.config.library import expand_entry
from ambience.config.paths import bundled_presets_dir

sf = pytest.importorskip("soundfile")

MUSIC = bundled_presets_dir() / "music"
ROOT = Path(__file__).resolve().parents[2]


def _make_music():
    spec = importlib.util.spec_from_file_location("make_music", ROOT / "tools" / "make_music.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_music", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


make_music = _make_music()
TRACKS = {t.filename: t for t in make_music.TRACKS}


def test_every_track_the_script_makes_is_bundled_and_nothing_else():
    assert sorted(p.name for p in MUSIC.iterdir()) == sorted(TRACKS)


def test_the_library_is_a_few_minutes_of_music_in_a_few_megabytes():
    total_bytes = sum(p.stat().st_size for p in MUSIC.glob("*.ogg"))
    total_s = sum(t.seconds for t in TRACKS.values())
    assert 5 <= len(TRACKS) <= 7
    assert total_bytes < 8_000_000
    assert 12 * 60 <= total_s <= 25 * 60


@pytest.mark.parametrize("name", sorted(TRACKS))
def test_a_bundled_track_has_the_right_length_no_clipping_and_no_gaps(name):
    track = TRACKS[name]
    audio, rate = sf.read(MUSIC / name, dtype="float32", always_2d=True)
    assert rate == 44100 and audio.shape[1] == 2
    assert audio.shape[0] / rate == pytest.approx(track.seconds, abs=0.5)
    assert 120 <= track.seconds <= 240
    peak_dbfs = 20 * np.log10(float(np.max(np.abs(audio))))
    assert peak_dbfs < -3.0
    assert make_music.silent_gaps(audio, rate) == []
    # Gentle edges: the first and last instants are near silence, so a track never starts with a jump.
    edge = int(0.05 * rate)
    assert float(np.max(np.abs(audio[:edge]))) < 0.01
    assert float(np.max(np.abs(audio[-edge:]))) < 0.01


def test_the_tracks_are_equally_loud_so_the_playlist_never_jumps():
    levels = []
    for name in sorted(TRACKS):
        audio, _ = sf.read(MUSIC / name, dtype="float32", always_2d=True)
        levels.append(20 * np.log10(make_music.loudness(audio.astype(np.float64))))
    assert max(levels) - min(levels) < 3.0


@pytest.mark.parametrize("name", sorted(TRACKS))
def test_a_bundled_track_is_tagged(name):
    tags = mutagen.File(MUSIC / name, easy=True)
    assert tags["title"] == [TRACKS[name].title]
    assert tags["artist"] == ["ambience"]


def test_the_presets_music_folder_resolves_to_the_bundled_tracks():
    found = expand_entry(bundled_presets_dir(), "music")
    assert found is not None and [p.name for p in found] == sorted(TRACKS)


def test_the_player_plays_a_bundled_track_with_its_tags():
    from ambience.devices.audio.mixer import open_mixer
    from ambience.devices.audio.player import PygameMusicPlayer
    from ambience.engine.clock import ManualClock

    async def body():
        open_mixer()
        clock = ManualClock()
        player = PygameMusicPlayer("m", "Music", clock, audio_time=clock.now, autotick=False)
        await player.load([str(MUSIC / "01-still-water.ogg")])
        await player.set_volume(30)
        await player.play()
        now = player.now_playing()
        assert (now.title, now.artist, now.playing) == ("Still Water", "ambience", True)
        assert now.total_s == pytest.approx(180.0, abs=0.1)
        assert player.warnings() == []
        await player.close()

    asyncio.run(body())

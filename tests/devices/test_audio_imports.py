"""Loading the music player is light, and so is playing: music is decoded without numpy or soundfile."""

from __future__ import annotations

import os
import subprocess
import sys

from ambience.config.paths import bundled_presets_dir


def loaded_after(code: str, then: str = "") -> list[str]:
    """Whether numpy and soundfile are loaded after ``code`` runs in a fresh process (``then`` runs after)."""
    code += "\nprint('numpy' in sys.modules, 'soundfile' in sys.modules)\n" + then
    env = dict(os.environ, SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return out.stdout.split()[-2:]


def test_loading_the_player_loads_neither_numpy_nor_soundfile():
    then = "import pygame.sndarray  # still there for whoever asks for it\n"
    assert loaded_after("import sys, ambience.devices.audio.player", then) == ["False", "False"]


def test_decoding_a_track_loads_neither_numpy_nor_soundfile():
    track = sorted((bundled_presets_dir() / "music").glob("*.ogg"))[0]
    code = (
        "import sys\n"
        "from ambience.devices.audio import mixer\n"
        "from ambience.devices.audio.decks import open_track\n"
        "mixer.open_mixer()\n"
        f"reader, (sound, seconds) = open_track({str(track)!r}, 7200.0, 16.0)\n"
        "assert seconds == 16.0 and sound.get_length() == 16.0, seconds\n"
    )
    assert loaded_after(code) == ["False", "False"]


def test_reading_the_tags_of_ogg_files_loads_only_the_ogg_formats():
    tracks = sorted(str(p) for p in (bundled_presets_dir() / "music").glob("*.ogg"))
    code = (
        "import sys\n"
        "from ambience.devices.audio.tags import read_track_info\n"
        f"infos = [read_track_info(t) for t in {tracks!r}]\n"
        "assert all(i.artist == 'ambience' and i.length_s for i in infos), infos\n"
        "print(sorted(m for m in sys.modules if m.startswith('mutagen.') and 'ogg' not in m))\n"
    )
    env = dict(os.environ, PYGAME_HIDE_SUPPORT_PROMPT="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert "mutagen.id3" not in out.stdout and "mutagen.mp4" not in out.stdout, out.stdout

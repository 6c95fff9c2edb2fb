"""Loading the music player is light: numpy and soundfile come with the first track decoded."""

from __future__ import annotations

import os
import subprocess
import sys


def test_loading_the_player_loads_neither_numpy_nor_soundfile_until_music_is_decoded():
    code = (
        "import sys, ambience.devices.audio.player\n"
        "print('numpy' in sys.modules, 'soundfile' in sys.modules)\n"
        "import pygame.sndarray  # still there for whoever asks for it\n"
    )
    env = dict(os.environ, SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == ["False", "False"]

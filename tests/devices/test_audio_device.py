"""Creating the pygame music device: outputs, the silent stand-in with no audio, a closed mixer."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import wave

import pytest

from ambience.config.roles import Role
from ambience.config.rooms import DeviceConfig, demo_studio
from ambience.devices.audio import player as audio
from ambience.devices.audio.mixer import AudioUnavailable, close_mixer, open_mixer
from ambience.devices.audio.player import PygameMusicPlayer, SilentMusicPlayer, audio_outputs
from ambience.devices.errors import DeviceOffline
from ambience.engine.clock import ManualClock
from ambience.engine.factory import DeviceContext, create_device


def music_config(**kwargs) -> DeviceConfig:
    return DeviceConfig(id="music", name="Music", role=Role.MUSIC, backend="pygame", **kwargs)


def write_silence(path, seconds: float = 10.0) -> str:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x01\x00" * int(8000 * seconds))
    return str(path)


@pytest.fixture(autouse=True)
def mixer_open():
    open_mixer()
    yield
    open_mixer()


def test_the_registry_makes_a_pygame_player_on_the_default_output():
    device = create_device("lavender", music_config(), DeviceContext(clock=ManualClock()))
    assert isinstance(device, PygameMusicPlayer)
    assert device.model == "pygame mixer (default output)"
    assert device.volume_cap == 100.0
    assert device.warnings() == []


def test_the_studio_cap_reaches_the_player():
    context = DeviceContext(clock=ManualClock(), volume_cap=45.0)
    device = create_device("lavender", music_config(), context)
    assert device.volume_cap == 45.0


def test_an_output_that_cannot_be_used_falls_back_with_a_warning():
    device = create_device("lavender", music_config(output="Headphones"), DeviceContext(clock=ManualClock()))
    assert isinstance(device, PygameMusicPlayer)
    assert device.warnings() == [
        "plays on the default output: the app has one audio output and it is already open there"
    ]


def test_outputs_are_listed_for_the_settings():
    assert audio_outputs() == ["System audio output device"]  # what SDL's dummy driver offers


def test_with_no_audio_device_the_player_is_silent_and_says_why_once(monkeypatch, tmp_path):
    def no_audio(output=None):
        raise AudioUnavailable("ALSA: Couldn't open audio device: No such file or directory")

    monkeypatch.setattr(audio, "open_mixer", no_audio)
    clock = ManualClock()
    device = create_device("lavender", music_config(), DeviceContext(clock=clock))
    assert isinstance(device, SilentMusicPlayer)
    assert device.model == "No audio output (silent)"
    assert device.warnings() == [
        "No audio output: music is silent (ALSA: Couldn't open audio device: No such file or directory)"
    ]
    assert device.warnings() == []

    async def body():
        await device.load([write_silence(tmp_path / "a.wav")])
        await device.set_volume(30)
        await device.play()
        clock.advance(4.0)
        now = device.now_playing()
        assert now.playing and now.elapsed_s == pytest.approx(4.0)
        assert (now.title, now.total_s) == ("a", pytest.approx(10.0))

    asyncio.run(body())


def test_a_machine_without_any_audio_gets_the_silent_player():
    """A real failure to open audio, in a process of its own (SDL reads the driver once)."""
    script = (
        "from ambience.engine.clock import ManualClock\n"
        "from ambience.engine.factory import DeviceContext, create_device\n"
        "from ambience.config.rooms import DeviceConfig\n"
        "d = create_device('r', DeviceConfig(id='m', name='Music', role='music', backend='pygame'),"
        " DeviceContext(clock=ManualClock()))\n"
        "print(type(d).__name__); print(*d.warnings(), sep='|')\n"
        "from ambience.devices.audio.player import audio_outputs; print(audio_outputs())\n"
    )
    env = dict(os.environ, SDL_AUDIODRIVER="no-such-driver")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "SilentMusicPlayer"
    assert lines[1] == "No audio output: music is silent (Audio target 'no-such-driver' not available)"
    assert lines[2] == "[]"


def test_a_closed_mixer_makes_the_player_offline_until_it_is_back(tmp_path):
    async def body():
        clock = ManualClock()
        player = PygameMusicPlayer("m", "Music", clock, audio_time=clock.now, autotick=False)
        track = write_silence(tmp_path / "a.wav")
        await player.load([track])
        close_mixer()
        with pytest.raises(DeviceOffline, match="audio output is closed"):
            await player.play()
        with pytest.raises(DeviceOffline):
            await player.refresh()
        open_mixer()
        await player.refresh()
        await player.play()
        assert player.now_playing().playing
        await player.close()

    asyncio.run(body())


def test_the_demo_studio_plays_real_music_in_its_first_room_only():
    first, second = demo_studio().rooms
    assert [d.backend for d in first.devices if d.role is Role.MUSIC] == ["pygame"]
    assert [d.backend for d in second.devices if d.role is Role.MUSIC] == ["simulated"]

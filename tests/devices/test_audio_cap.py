"""Whatever it is told, the pygame player never gives the mixer more than the volume cap."""

from __future__ import annotations

import asyncio
import wave

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambience.devices.audio.mixer import open_mixer
from ambience.devices.audio.player import PygameMusicPlayer
from ambience.engine.clock import ManualClock

volumes = st.floats(min_value=-50, max_value=400, allow_nan=False)
ramps = st.floats(min_value=0, max_value=20, allow_nan=False)
commands = st.one_of(
    st.tuples(st.just("volume"), volumes, ramps),
    st.tuples(st.just("wait"), st.floats(min_value=0.0, max_value=15.0)),
    st.tuples(st.just("play"), st.floats(min_value=0, max_value=10)),
    st.tuples(st.just("pause")),
    st.tuples(st.just("stop"), st.floats(min_value=0, max_value=10)),
    st.tuples(st.just("next")),
)


@pytest.fixture(scope="module")
def track(tmp_path_factory):
    path = tmp_path_factory.mktemp("cap") / "hum.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x08" * 8000 * 20)
    open_mixer()
    return str(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cap=st.floats(min_value=0, max_value=150, allow_nan=False), script=st.lists(commands, max_size=25))
def test_the_mixer_never_gets_more_than_the_cap(track, cap, script):
    limit = min(cap, 100.0) / 100.0

    async def body():
        clock = ManualClock()
        player = PygameMusicPlayer("m", "Music", clock, volume_cap=cap, audio_time=clock.now, autotick=False)
        await player.load([track, track])

        def check() -> None:
            assert all(v <= limit for v in player.mixer_volumes())
            assert player.now_playing().volume <= min(cap, 100.0)

        for command in script:
            kind = command[0]
            if kind == "volume":
                await player.set_volume(command[1], command[2])
            elif kind == "play":
                await player.play(fade_in_s=command[1])
            elif kind == "pause":
                await player.pause()
            elif kind == "stop":
                await player.stop(fade_out_s=command[1])
            elif kind == "next":
                await player.next()
            else:
                steps = int(command[1] / 0.25)
                for _ in range(steps):
                    clock.advance(0.25)
                    await player.tick()
                    check()
            await player.tick()
            check()
        await player.close()

    asyncio.run(body())

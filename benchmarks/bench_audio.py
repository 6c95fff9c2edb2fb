"""Music player figures: opening the mixer, loading and starting tracks, the ticker's CPU, the library size.

    uv run python benchmarks/bench_audio.py

Uses SDL's dummy audio driver unless SDL_AUDIODRIVER says otherwise (the mixing then costs the
same CPU as with a sound card, but nothing is heard).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import threading
import time

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

# (ruff allows imports after an os.environ change: the audio driver must be chosen first.)
import numpy as np

from ambience.config.paths import bundled_presets_dir
from ambience.devices.audio.decks import SoundDeck, open_track
from ambience.devices.audio.mixer import open_mixer, pygame
from ambience.devices.audio.player import PygameMusicPlayer
from ambience.engine.clock import ManualClock, SystemClock

MUSIC = sorted(str(p) for p in (bundled_presets_dir() / "music").glob("*.ogg"))


async def loop_lag_while(coro) -> tuple[float, float]:
    """(seconds the coroutine took, worst delay of a 5 ms heartbeat on the loop meanwhile)."""
    worst = 0.0
    done = False

    async def heartbeat() -> None:
        nonlocal worst
        while not done:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            worst = max(worst, time.perf_counter() - before - 0.005)

    beat = asyncio.ensure_future(heartbeat())
    began = time.perf_counter()
    await coro
    took = time.perf_counter() - began
    done = True
    await beat
    return took, worst


GAPLESS_PROBE = """
import asyncio, os, sys, time
from ambience.devices.audio.decks import SoundDeck
from ambience.devices.audio.mixer import open_mixer
from ambience.devices.audio.player import PygameMusicPlayer
from ambience.engine.clock import SystemClock
SoundDeck.PIECE_S = 0.5
async def main():
    open_mixer()
    player = PygameMusicPlayer("probe", "Probe", SystemClock())
    await player.load([sys.argv[1]])
    await player.set_volume(100)
    await player.play()
    await asyncio.sleep(4.0)
    await player.close()
asyncio.run(main())
"""


def gapless_check() -> str:
    """Play a steady tone in half-second pieces through SDL's disk driver; look for silent gaps."""
    import subprocess
    import sys
    import tempfile
    import wave

    with tempfile.TemporaryDirectory() as tmp:
        tone = os.path.join(tmp, "tone.wav")
        raw = os.path.join(tmp, "out.raw")
        t = np.arange(44100 * 10) / 44100
        wave_ = (0.25 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2")
        with wave.open(tone, "wb") as out:
            out.setnchannels(2)
            out.setsampwidth(2)
            out.setframerate(44100)
            out.writeframes(np.repeat(wave_[:, None], 2, axis=1).tobytes())
        env = dict(
            os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=raw, SDL_DISKAUDIODELAY="93"
        )  # real time: 4096 frames each 93 ms
        subprocess.run([sys.executable, "-c", GAPLESS_PROBE, tone], env=env, check=True, capture_output=True)
        left = np.fromfile(raw, dtype="<i2")[0::2]
    sounding = np.flatnonzero(left)
    if len(sounding) == 0:
        return "no sound came out"
    music = left[sounding[0] : sounding[-1]]
    # A 440 Hz sine crosses zero every ~50 samples; a gap is a run of silence far longer than that.
    silent = np.flatnonzero(np.abs(music) < 2)
    runs = np.split(silent, np.flatnonzero(np.diff(silent) != 1) + 1) if len(silent) else []
    gaps = [len(r) for r in runs if len(r) > 8]
    pieces = len(music) / 44100 / 0.5
    return f"{len(music) / 44100:.1f} s in ~{pieces:.0f} half-second pieces, {len(gaps)} gaps"


def stall_ms(decode) -> float:
    """How late a 0.3 s sound ends while ``decode`` runs in a thread (0: the mixer never waited)."""
    import pygame.sndarray  # the app's mixer leaves it out when pygame loads

    beep = pygame.sndarray.make_sound(np.full((int(44100 * 0.3), 2), 100, dtype=np.int16))
    channel = pygame.mixer.Channel(7)
    channel.play(beep)
    began = time.perf_counter()
    worker = threading.Thread(target=decode)
    worker.start()
    while channel.get_busy():
        time.sleep(0.001)
    late = time.perf_counter() - began - beep.get_length()
    worker.join()
    return max(0.0, late * 1000)


async def main() -> None:
    began = time.perf_counter()
    output = open_mixer()
    print(
        f"open the mixer ({output or 'default output'}, {os.environ['SDL_AUDIODRIVER']} driver): "
        f"{(time.perf_counter() - began) * 1000:.1f} ms"
    )

    player = PygameMusicPlayer("bench", "Bench", SystemClock())
    took, lag = await loop_lag_while(player.load(MUSIC))
    print(
        f"load a playlist of {len(MUSIC)} tracks (tags read in a thread): {took * 1000:.1f} ms, "
        f"worst event-loop delay meanwhile {lag * 1000:.1f} ms"
    )
    await player.set_volume(40)
    took, lag = await loop_lag_while(player.play())
    print(
        f"start the first track (decode {MUSIC[0].rsplit('/', 1)[-1]} in a thread, then play): "
        f"{took * 1000:.1f} ms, worst event-loop delay meanwhile {lag * 1000:.1f} ms"
    )
    starts, lags = [], []
    for _ in MUSIC[1:]:
        took, lag = await loop_lag_while(player.next())
        starts.append(took)
        lags.append(lag)
    median_ms = statistics.median(starts) * 1000
    print(
        f"next track at once (its decoding may still be under way), median of {len(starts)}: "
        f"{median_ms:.1f} ms, worst event-loop delay {max(lags) * 1000:.1f} ms"
    )
    await asyncio.sleep(1.0)  # the look-ahead decodes the following track meanwhile
    took, lag = await loop_lag_while(player.next())
    print(f"next track once the look-ahead has decoded it: {took * 1000:.1f} ms")
    await player.close()

    # The ticker's own cost: one tick with a ramp and a crossfade in progress, many times.
    clock = ManualClock()
    ticked = PygameMusicPlayer("tick", "Tick", clock, audio_time=clock.now, autotick=False)
    await ticked.load(MUSIC[:2])
    await ticked.set_volume(10)
    await ticked.play()
    await ticked.next()  # two decks sounding: the busiest case
    await ticked.set_volume(90, ramp_s=1000.0)
    n = 20000
    cpu = time.process_time()
    for _ in range(n):
        clock.advance(0.0001)
        await ticked.tick()
    per_tick = (time.process_time() - cpu) / n
    await ticked.close()
    print(f"one tick (crossfade + ramp): {per_tick * 1e6:.1f} µs of CPU")

    # The whole process while music plays with the real ticker: mixing included, and how often
    # the ticker wakes (it sleeps until the next audible step, piece or crossfade).
    player = PygameMusicPlayer("bench", "Bench", SystemClock())
    ticks = [0]
    real_tick = player.tick

    async def counted() -> None:
        ticks[0] += 1
        await real_tick()

    player.tick = counted  # type: ignore[method-assign]
    await player.load(MUSIC[:1])
    await player.set_volume(40)
    await player.play()
    await asyncio.sleep(1.0)
    for label, ramp, seconds in (
        ("steady", None, 10.0),
        ("a 3 s volume ramp", 3.0, 3.0),
        ("a 180 s fade-out, its first 10 s", 180.0, 10.0),
    ):
        if ramp:
            await player.set_volume(10 if ramp < 10 else 0, ramp_s=ramp)
        cpu, wall, woke = time.process_time(), time.perf_counter(), ticks[0]
        await asyncio.sleep(seconds)
        took = time.perf_counter() - wall
        share = (time.process_time() - cpu) / took
        print(
            f"playing, {label}: {(ticks[0] - woke) / took:.1f} wake-ups/s, "
            f"process CPU {share * 100:.2f} % of a core (mixing included)"
        )
    await player.close()

    # Does decoding the next track stall what is playing? A 0.3 s sound should end after 0.3 s.
    for label, decode in (
        (
            f"libsndfile, a {SoundDeck.PIECE_S:g} s piece as the player does",
            lambda: open_track(MUSIC[1], PygameMusicPlayer.LONG_TRACK_S, SoundDeck.PIECE_S),
        ),
        ("pygame's own decoder, the whole track, for comparison", lambda: pygame.mixer.Sound(MUSIC[1])),
    ):
        print(f"audio stall while decoding with {label}: {stall_ms(decode):.0f} ms")
    print(f"pieces join without a gap: {gapless_check()}")

    total = sum(os.path.getsize(p) for p in MUSIC)
    print(f"bundled music: {len(MUSIC)} tracks, {total / 1e6:.2f} MB")


if __name__ == "__main__":
    asyncio.run(main())

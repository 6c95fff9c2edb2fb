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
from ambience.devices.audio.decks import decode_sound
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


def stall_ms(decode) -> float:
    """How late a 0.3 s sound ends while ``decode`` runs in a thread (0: the mixer never waited)."""
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
    ramp_rate = 1 / PygameMusicPlayer.RAMP_TICK_S
    idle_rate = 1 / PygameMusicPlayer.IDLE_TICK_S
    print(
        f"one tick (crossfade + ramp): {per_tick * 1e6:.1f} µs of CPU -> "
        f"{per_tick * ramp_rate * 100:.3f} % of a core while fading ({ramp_rate:.0f} ticks/s), "
        f"{per_tick * idle_rate * 100:.4f} % while steady ({idle_rate:.0f} ticks/s)"
    )

    # The whole process while music plays with the real ticker: mixing included.
    player = PygameMusicPlayer("bench", "Bench", SystemClock())
    await player.load(MUSIC[:1])
    await player.set_volume(40)
    await player.play()
    await asyncio.sleep(0.5)
    for label, ramp in (("steady", None), ("ramping", 3.0)):
        if ramp:
            await player.set_volume(10, ramp_s=ramp)
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.sleep(3.0)
        share = (time.process_time() - cpu) / (time.perf_counter() - wall)
        print(f"process CPU while playing ({label}, mixing included): {share * 100:.2f} % of a core")
    await player.close()

    # Does decoding the next track stall what is playing? A 0.3 s sound should end after 0.3 s.
    for label, decode in (
        ("soundfile, as the player does", lambda: decode_sound(MUSIC[1], PygameMusicPlayer.LONG_TRACK_S)),
        ("pygame's own decoder, for comparison", lambda: pygame.mixer.Sound(MUSIC[1])),
    ):
        print(f"audio stall while decoding a track with {label}: {stall_ms(decode):.0f} ms")

    total = sum(os.path.getsize(p) for p in MUSIC)
    print(f"bundled music: {len(MUSIC)} tracks, {total / 1e6:.2f} MB")


if __name__ == "__main__":
    asyncio.run(main())

"""The pygame music player on SDL's dummy driver, with time injected: it really plays a playlist."""

from __future__ import annotations

import asyncio
import itertools
import random
import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from ambience.devices.audio.decks import MIXER_STEPS, SoundDeck, StreamDeck, TrackReader, open_track
from ambience.devices.audio.mixer import open_mixer
from ambience.devices.audio.player import PygameMusicPlayer
from ambience.devices.errors import DeviceUnsupported
from ambience.engine.clock import ManualClock

TICK_S = 0.025


def write_wav(path: Path, seconds: float, hz: float = 220.0, rate: int = 44100) -> str:
    """A quiet sine tone; tracks are long enough that real playback never reaches their end."""
    t = np.arange(int(seconds * rate)) / rate
    samples = (0.2 * np.sin(2 * np.pi * hz * t) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return str(path)


@pytest.fixture(scope="module", autouse=True)
def mixer():
    open_mixer()


@pytest.fixture
def tracks(tmp_path):
    return [write_wav(tmp_path / f"tone-{i}.wav", 30.0, 220.0 + 55 * i) for i in range(3)]


@pytest.fixture
def clock():
    return ManualClock()


def make_player(clock: ManualClock, **kwargs) -> PygameMusicPlayer:
    return PygameMusicPlayer("music", "Music", clock, audio_time=clock.now, autotick=False, **kwargs)


async def run(
    player: PygameMusicPlayer, clock: ManualClock, seconds: float, seen: list | None = None
) -> None:
    """Move time on by ``seconds`` in ticker steps, recording what the mixer holds after each."""
    for _ in range(round(seconds / TICK_S)):
        clock.advance(TICK_S)
        await player.tick()
        if seen is not None:
            seen.append(player.mixer_volumes())


async def playing(clock, tracks, volume: float = 40):
    """A player already playing ``tracks`` at ``volume``, at the start of the first track."""
    player = make_player(clock)
    await player.load(tracks)
    await player.set_volume(volume)
    await player.play()
    return player


def play(coro_fn):
    """Run a test body on a fresh event loop (each test closes its player)."""
    return asyncio.run(coro_fn())


def test_position_advances_and_the_mixer_plays(clock, tracks):
    async def body():
        player = await playing(clock, tracks)
        await run(player, clock, 5.0)
        now = player.now_playing()
        assert now.playing and not now.paused
        assert now.title == "tone 0" and now.track_index == 0 and now.track_count == 3
        assert now.elapsed_s == pytest.approx(5.0, abs=0.05)
        assert now.total_s == pytest.approx(30.0, abs=0.01)
        assert player.mixer_volumes() == [int(0.4 * MIXER_STEPS) / MIXER_STEPS]
        await player.close()

    play(body)


def test_the_end_of_a_track_crossfades_into_the_next(clock, tracks):
    async def body():
        player = make_player(clock)
        await player.load(tracks, loop=True)
        await player.set_volume(50)
        await player.play()
        seen: list[list[float]] = []
        await run(player, clock, 30.5, seen)
        assert player.now_playing().track_index == 1
        # The two tracks overlapped: both sounded at once for a while, then only the new one.
        assert any(len(v) == 2 and min(v) > 0.1 for v in seen)
        assert len(seen[-1]) == 1
        # Equal-power crossfade: the sum of the powers stays near the set volume throughout.
        for volumes in seen[int(2 / TICK_S) :]:
            power = sum(v * v for v in volumes)
            assert 0.5**2 * 0.8 < power < 0.5**2 * 1.1
        await run(player, clock, 58.0)
        assert player.now_playing().track_index == 0  # looped around
        await player.close()

    play(body)


def test_a_playlist_that_does_not_loop_stops_after_its_last_track(clock, tmp_path):
    async def body():
        short = [write_wav(tmp_path / f"s{i}.wav", 12.0) for i in range(2)]
        player = make_player(clock)
        await player.load(short, loop=False)
        await player.set_volume(30)
        await player.play()
        await run(player, clock, 30.0)
        now = player.now_playing()
        assert not now.playing and now.track_index == -1
        assert player.mixer_volumes() == []
        await player.close()

    play(body)


def test_volume_ramps_step_smoothly_over_time(clock, tracks):
    async def body():
        player = make_player(clock)
        await player.load(tracks)
        await player.set_volume(0)
        await player.play()
        await player.set_volume(60, ramp_s=6.0)
        seen: list[list[float]] = []
        await run(player, clock, 7.0, seen)
        levels = [v[0] for v in seen]
        assert levels[0] < 0.05
        assert levels[round(3.0 / TICK_S) - 1] == pytest.approx(0.3, abs=0.02)
        assert levels[-1] == int(0.6 * MIXER_STEPS) / MIXER_STEPS
        assert all(b >= a for a, b in itertools.pairwise(levels))
        # No audible steps: every tick moves the mixer by at most one of its 128 steps.
        assert max(b - a for a, b in itertools.pairwise(levels)) <= 1 / MIXER_STEPS
        await player.close()

    play(body)


def test_play_fades_in_and_stop_fades_out(clock, tracks):
    async def body():
        player = make_player(clock)
        await player.load(tracks)
        await player.set_volume(50)
        await player.play(fade_in_s=8.0)
        assert player.now_playing().volume == pytest.approx(0.0)
        await run(player, clock, 4.0)
        assert player.now_playing().volume == pytest.approx(25.0, abs=0.5)
        await run(player, clock, 5.0)
        assert player.mixer_volumes() == [int(0.5 * MIXER_STEPS) / MIXER_STEPS]

        await player.stop(fade_out_s=10.0)
        assert not player.now_playing().playing
        await run(player, clock, 5.0)
        assert player.mixer_volumes()[0] == pytest.approx(0.25, abs=0.02)  # still fading, still sounding
        await run(player, clock, 5.5)
        assert player.mixer_volumes() == []
        # The next play starts at the volume the session asked for before the fade.
        await player.play()
        await run(player, clock, 1.0)
        assert player.now_playing().elapsed_s == pytest.approx(1.0, abs=0.05)
        assert player.mixer_volumes() == [int(0.5 * MIXER_STEPS) / MIXER_STEPS]
        await player.close()

    play(body)


def test_pause_holds_the_position_and_resume_goes_on(clock, tracks):
    async def body():
        player = await playing(clock, tracks)
        await run(player, clock, 5.0)
        await player.pause()
        now = player.now_playing()
        assert now.paused and not now.playing
        await run(player, clock, 1.0)  # the short de-click fade, then the channel pauses
        held = player.now_playing().elapsed_s
        assert held == pytest.approx(5.0 + PygameMusicPlayer.DECLICK_S, abs=0.05)
        assert player.mixer_volumes() == [0.0]
        await run(player, clock, 60.0)
        assert player.now_playing().elapsed_s == held
        await player.play()
        await run(player, clock, 2.0)
        assert player.now_playing().elapsed_s == pytest.approx(held + 2.0, abs=0.05)
        assert player.mixer_volumes() == [int(0.4 * MIXER_STEPS) / MIXER_STEPS]
        await player.close()

    play(body)


def test_next_and_previous_move_through_the_playlist_gently(clock, tracks):
    async def body():
        player = await playing(clock, tracks)
        await run(player, clock, 3.0)
        await player.next()
        assert player.now_playing().track_index == 1
        assert len(player.mixer_volumes()) == 2  # the old one fades while the new one rises
        await run(player, clock, 1.5)
        assert len(player.mixer_volumes()) == 1
        await player.previous()
        await player.previous()
        assert player.now_playing().track_index == 2  # wraps around
        assert player.now_playing().title == "tone 2"
        await player.close()

    play(body)


def test_shuffle_plays_every_track_in_a_random_order(clock, tmp_path):
    async def body():
        many = [write_wav(tmp_path / f"n{i}.wav", 10.0) for i in range(6)]
        player = make_player(clock, rng=random.Random(3))
        await player.load(many, shuffle=True)
        titles = []
        for _ in range(6):
            titles.append(player.now_playing().title)
            await player.next()
        assert sorted(titles) == sorted(f"n{i}" for i in range(6))
        assert titles != [f"n{i}" for i in range(6)]
        await player.close()

    play(body)


def test_bad_files_are_skipped_and_reported(clock, tmp_path):
    async def body():
        good = [write_wav(tmp_path / f"good-{i}.wav", 20.0) for i in range(2)]
        corrupt = tmp_path / "corrupt.ogg"
        corrupt.write_bytes(b"OggS" + bytes(range(256)) * 20)
        empty = tmp_path / "empty.mp3"
        empty.write_bytes(b"")
        missing = str(tmp_path / "missing.flac")
        player = make_player(clock)
        await player.load([str(corrupt), good[0], missing, str(empty), good[1]], loop=False)
        warnings = player.warnings()
        assert warnings == ["skipped missing.flac: file not found", "skipped empty.mp3: empty file"]
        assert player.warnings() == []  # cleared when read
        await player.set_volume(30)
        await player.play()
        assert player.now_playing().title == "good 0"
        assert player.warnings() == ["skipped corrupt.ogg: not an audio format that can be played"]
        await run(player, clock, 20.0)
        assert player.now_playing().title == "good 1"
        assert player.now_playing().playing
        await player.close()

    play(body)


def test_a_file_broken_mid_playlist_is_skipped_at_its_turn(clock, tmp_path):
    async def body():
        first = write_wav(tmp_path / "first.wav", 20.0)
        broken = tmp_path / "broken.wav"
        broken.write_bytes(b"RIFF" + b"\x00" * 400)
        last = write_wav(tmp_path / "last.wav", 20.0)
        player = make_player(clock)
        await player.load([first, str(broken), last])
        await player.set_volume(30)
        await player.play()
        await run(player, clock, 19.0)
        assert player.now_playing().title == "last"
        assert [w.split(":")[0] for w in player.warnings()] == ["skipped broken.wav"]
        await player.close()

    play(body)


def test_a_playlist_with_nothing_playable_is_one_clear_error(clock, tmp_path):
    async def body():
        player = make_player(clock)
        expected = r"nothing playable in the playlist: a\.ogg \(file not found\)"
        with pytest.raises(DeviceUnsupported, match=expected):
            await player.load([str(tmp_path / "a.ogg"), str(tmp_path / "b.ogg")])
        assert len(player.warnings()) == 2

        for name in ("x.ogg", "y.wav"):
            (tmp_path / name).write_bytes(b"not audio at all" * 50)
        await player.load([str(tmp_path / "x.ogg"), str(tmp_path / "y.wav")])
        with pytest.raises(DeviceUnsupported) as raised:
            await player.play()
        assert str(raised.value).startswith("nothing playable in the playlist: x.ogg (")
        assert not player.now_playing().playing
        assert player.mixer_volumes() == []
        await player.close()

    play(body)


def test_tags_give_title_and_artist(clock, tmp_path):
    soundfile = pytest.importorskip("soundfile")
    import mutagen.oggvorbis

    async def body():
        path = tmp_path / "tagged.ogg"
        t = np.arange(22050 * 5) / 22050
        soundfile.write(path, (0.1 * np.sin(2 * np.pi * 330 * t)).astype(np.float32), 22050, format="OGG")
        tags = mutagen.oggvorbis.OggVorbis(path)
        tags["title"], tags["artist"] = "Quiet Harbour", "Studio Band"
        tags.save()
        player = make_player(clock)
        await player.load([str(path)])
        await player.play()
        now = player.now_playing()
        assert (now.title, now.artist) == ("Quiet Harbour", "Studio Band")
        assert now.total_s == pytest.approx(5.0, abs=0.05)
        await player.close()

    play(body)


def test_long_files_stream_and_fade_out_then_in(clock, tmp_path):
    async def body():
        files = [write_wav(tmp_path / f"long-{i}.wav", 20.0) for i in range(2)]
        player = make_player(clock)
        player.LONG_TRACK_S = 10.0  # these count as long: they stream through mixer.music
        await player.load(files)
        await player.set_volume(40)
        await player.play()
        assert isinstance(player._current, StreamDeck)
        await run(player, clock, 5.0)
        assert player.now_playing().elapsed_s == pytest.approx(5.0, abs=0.05)
        assert player.mixer_volumes() == [int(0.4 * MIXER_STEPS) / MIXER_STEPS]
        seen: list[list[float]] = []
        await run(player, clock, 20.0, seen)
        assert player.now_playing().title == "long 1"
        # One stream at a time: the old one faded out before the new one rose.
        assert all(len(v) <= 1 for v in seen)
        assert player.mixer_volumes() == [int(0.4 * MIXER_STEPS) / MIXER_STEPS]
        await player.close()

    play(body)


def test_a_new_playlist_replaces_the_old_one_with_a_fade(clock, tracks, tmp_path):
    async def body():
        other = [write_wav(tmp_path / "other.wav", 20.0, 330.0)]
        player = await playing(clock, tracks)
        await run(player, clock, 2.0)
        await player.load(other)
        assert not player.now_playing().playing
        assert player.now_playing().title == "other"
        await player.play()
        assert len(player.mixer_volumes()) == 2
        await run(player, clock, 1.5)
        assert len(player.mixer_volumes()) == 1
        await player.close()

    play(body)


def test_the_ticker_runs_by_itself_when_not_driven(tracks):
    async def body():
        clock = ManualClock()
        player = PygameMusicPlayer("music", "Music", clock, audio_time=clock.now)
        await player.load(tracks)
        await player.set_volume(40)
        await player.play()
        for _ in range(5):
            await asyncio.sleep(0)  # let the ticker run its first steps (no time passes)
        clock.advance(5.0)
        await player.set_volume(20, ramp_s=0)  # wakes the ticker, which applies it
        for _ in range(5):
            await asyncio.sleep(0)
        assert player.mixer_volumes() == [int(0.2 * MIXER_STEPS) / MIXER_STEPS]
        await player.pause()
        await player.close()
        assert player.mixer_volumes() == []

    play(body)


def test_mp3_flac_ogg_and_wav_all_play(clock, tmp_path):
    soundfile = pytest.importorskip("soundfile")

    async def body():
        t = np.arange(44100 * 8) / 44100
        tone = (0.2 * np.sin(2 * np.pi * 262 * t)).astype(np.float32)
        files = []
        for fmt in ("MP3", "FLAC", "OGG", "WAV"):
            path = tmp_path / f"tone.{fmt.lower()}"
            soundfile.write(path, tone, 44100, format=fmt)
            files.append(str(path))
        player = make_player(clock)
        await player.load(files)
        await player.set_volume(30)
        await player.play()
        for fmt in ("mp3", "flac", "ogg", "wav"):
            now = player.now_playing()
            assert now.playing and now.total_s == pytest.approx(8.0, abs=0.1), fmt
            assert len(player.mixer_volumes()) >= 1
            await player.next()
        assert player.warnings() == []
        await player.close()

    play(body)


def test_files_at_another_sample_rate_stream_through_the_mixer(clock, tmp_path):
    async def body():
        files = [write_wav(tmp_path / f"low-{i}.wav", 20.0, rate=22050) for i in range(2)]
        player = make_player(clock)
        await player.load(files)
        await player.set_volume(40)
        await player.play()
        assert isinstance(player._current, StreamDeck)  # pygame's stream resamples as it plays
        assert player.now_playing().total_s == pytest.approx(20.0, abs=0.05)
        await run(player, clock, 23.0)  # the first fades out by its end, then the second fades in
        assert player.now_playing().title == "low 1"
        assert player.mixer_volumes() == [int(0.4 * MIXER_STEPS) / MIXER_STEPS]
        await player.close()

    play(body)


async def pieces_in(player: PygameMusicPlayer) -> None:
    """Wait for the pieces being decoded in worker threads to reach the mixer."""
    while player._feeding:
        await asyncio.gather(*player._feeding)


def test_a_track_is_decoded_a_piece_at_a_time_never_whole(tmp_path):
    seconds = 3 * SoundDeck.PIECE_S + 5
    track = write_wav(tmp_path / "long.wav", seconds)
    opened = open_track(track, PygameMusicPlayer.LONG_TRACK_S, SoundDeck.PIECE_S)
    assert not isinstance(opened, float)
    reader, first = opened
    pieces = [first]
    while (piece := reader.read(SoundDeck.PIECE_S)) is not None:
        pieces.append(piece)
    assert [round(length, 3) for _, length in pieces] == [SoundDeck.PIECE_S] * 3 + [5.0]
    assert all(sound.get_length() == pytest.approx(length) for sound, length in pieces)
    assert reader.done and reader.length_s == pytest.approx(seconds)


def test_a_playing_deck_holds_the_piece_playing_and_the_next_one_only(clock, tmp_path):
    async def body():
        player = make_player(clock)
        await player.load([write_wav(tmp_path / "long.wav", 3 * SoundDeck.PIECE_S + 5)])
        await player.set_volume(30)
        await player.play()
        clock.advance(0.2)
        await player.tick()
        await pieces_in(player)  # the second piece is queued behind the first straight away
        deck = player._current
        assert isinstance(deck, SoundDeck)
        assert deck._handed_s == pytest.approx(SoundDeck.FIRST_PIECE_S + SoundDeck.PIECE_S)
        assert not deck.waiting and not deck.reader.done
        await player.close()
        assert deck.reader.done  # the file is closed with the deck

    play(body)


def test_a_playing_player_sleeps_until_it_has_something_to_do(clock, tracks):
    async def body():
        player = await playing(clock, tracks)
        await run(player, clock, 1.0)  # the start's de-click fade is over
        await pieces_in(player)
        # Nothing fades: it wakes for the crossfade into the next 30 s track (4 s before the
        # end), or sooner for the track's next piece (the second piece starts as the short
        # first one ends).
        assert player.next_tick_s() == pytest.approx(
            SoundDeck.FIRST_PIECE_S + SoundDeck.REFILL_LATE_S - 1.0, abs=0.03
        )

        await player.close()

    play(body)


def test_a_long_volume_fade_wakes_the_ticker_once_per_mixer_step_and_never_skips_one(
    clock, tmp_path, monkeypatch
):
    # One piece for the whole track: here time is make-believe, and the real mixer would never
    # free its queue for a next piece.
    monkeypatch.setattr(SoundDeck, "PIECE_S", 256.0)
    monkeypatch.setattr(SoundDeck, "FIRST_PIECE_S", 256.0)

    async def body():
        player = await playing(clock, [write_wav(tmp_path / "long.wav", 200.0)], volume=30)
        await run(player, clock, 1.0)
        await player.set_volume(0, ramp_s=180.0)  # a wake-up's three-minute fade-out
        await player.tick()
        seen = [player.mixer_volumes()[0]]
        sleeps = []
        while player.mixer_volumes() and player.mixer_volumes()[0] > 0 and len(seen) < 500:
            sleeps.append(player.next_tick_s())
            clock.advance(sleeps[-1])
            await player.tick()
            seen.append(player.mixer_volumes()[0])
        # 38 steps of the mixer's 128 over 180 s: about one wake-up each, not 40 a second.
        assert 38 <= len(sleeps) <= 60
        assert max(b - a for b, a in itertools.pairwise(seen)) <= 1 / MIXER_STEPS + 1e-9
        await player.close()

    play(body)


def test_an_idle_player_does_not_tick_at_all(tracks, monkeypatch):
    # Decoding waits until the end: a piece asked for would come back later and wake the ticker.
    decoded = threading.Event()
    decoded.set()
    read = TrackReader.read
    monkeypatch.setattr(TrackReader, "read", lambda reader, *a: (decoded.wait(10), read(reader, *a))[1])

    async def body():
        clock = ManualClock()
        player = PygameMusicPlayer("music", "Music", clock, audio_time=clock.now)
        await player.load(tracks)
        for _ in range(5):
            await asyncio.sleep(0)
        assert player._ticker is None or player._ticker.done()
        await player.set_volume(40)
        await player.play()
        decoded.clear()  # from here on
        await player.pause()
        clock.advance(1.0)  # the pause's de-click fade ends, a second into the track
        player._wake.set()
        for _ in range(10):
            await asyncio.sleep(0)
        assert player._ticker.done()  # paused: nothing to watch, so no wake-ups
        assert not player._feeding  # and no music decoded that would wake it when it comes
        decoded.set()
        await player.play()
        await player.tick()
        assert player._feeding  # playing on asks for the next piece at once
        await asyncio.gather(*player._feeding)
        await player.close()

    try:
        play(body)
    finally:
        decoded.set()


def test_an_idle_mixer_closes_and_the_next_play_opens_it_again(tracks):
    from ambience.devices.audio import mixer as audio_mixer

    async def body():
        clock = ManualClock()
        player = PygameMusicPlayer("music", "Music", clock, audio_time=clock.now)
        await player.load(tracks)
        await player.set_volume(40)
        await player.play()
        assert audio_mixer._state.closing is None  # playing: the mixer is held open
        await player.stop()
        clock.advance(1.0)  # the de-click fade is over
        player._wake.set()
        while not player._ticker.done():
            await asyncio.sleep(0)
        assert audio_mixer._state.closing is not None  # nothing sounds: it will close when idle
        audio_mixer._idle_close()  # what the timer does IDLE_CLOSE_S later
        assert audio_mixer.mixer_output() is None
        await player.play()  # opens it again, on the same output
        assert audio_mixer.mixer_output() == ""
        assert player.now_playing().playing and len(player.mixer_volumes()) == 1
        await player.close()

    play(body)

"""Synthesises the bundled soft music (presets/music/*.ogg): calm pads, drones, rain and ocean.

Everything is made here from numbers, so the tracks are the project's own and free to ship.
The output is deterministic (every track has its own seed) and checked before it is written:
the right length, peak below -3 dBFS, no silent gaps. See docs/MUSIC.md.

    uv run python tools/make_music.py            # writes presets/music/
    uv run python tools/make_music.py --out DIR  # somewhere else
    uv run python tools/make_music.py --only 2   # just one track (by number), for listening

Needs numpy, soundfile (its wheels bundle libsndfile with the Vorbis encoder) and mutagen.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import mutagen.ogg
import mutagen.oggvorbis
import numpy as np
import soundfile as sf

RATE = 44100
BPM = 64  # a resting heart rate: the "pulse" of the bells and chord changes
BEAT_S = 60.0 / BPM
ARTIST = "ambience"
ALBUM = "ambience soft music"
# Loudness: every track sits at the same level so the playlist never jumps in volume.
TARGET_LOUDNESS_DBFS = -21.0
PEAK_LIMIT_DBFS = -4.5  # leaves room for the encoder's overshoot; the check wants < -3 dBFS
CHECK_PEAK_DBFS = -3.0
MAX_LIMITING_DB = 3.0
FADE_IN_S = 4.0
FADE_OUT_S = 6.0
# Vorbis quality: ~50 kbit/s keeps six tracks around 6 MB and is plenty for soft pads.
COMPRESSION_LEVEL = 0.85
Stereo = np.ndarray  # shape (samples, 2), float64

NOTE_INDEX = {
    "C": 0,
    "C#": 1,
    "D": 2,
    "D#": 3,
    "E": 4,
    "F": 5,
    "F#": 6,
    "G": 7,
    "G#": 8,
    "A": 9,
    "A#": 10,
    "B": 11,
}


def hz(note: str) -> float:
    """'A4' -> 440.0; 'F#3' -> 185.0."""
    name, octave = note[:-1], int(note[-1])
    midi = 12 * (octave + 1) + NOTE_INDEX[name]
    return 440.0 * 2 ** ((midi - 69) / 12)


def db(value: float) -> float:
    return 10 ** (value / 20)


# Building blocks.
def raised_cosine(n: int, attack: int, release: int) -> np.ndarray:
    """An envelope that rises and falls along half a cosine (no corners, so no clicks)."""
    env = np.ones(n)
    attack, release = min(attack, n // 2), min(release, n // 2)
    if attack:
        env[:attack] = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, attack))
    if release:
        env[n - release :] = 0.5 + 0.5 * np.cos(np.linspace(0, np.pi, release))
    return env


def slow_wobble(rng: np.random.Generator, n: int, period_s: float, depth: float) -> np.ndarray:
    """1 ± depth, wandering smoothly with about the given period (random phase and rate)."""
    t = np.arange(n) / RATE
    rate = 1.0 / period_s * rng.uniform(0.8, 1.2)
    return 1.0 + depth * np.sin(2 * np.pi * rate * t + rng.uniform(0, 2 * np.pi))


def spectral_filter(signal: np.ndarray, shape: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Filter a whole signal at once in the frequency domain; ``shape`` maps Hz to gain."""
    spectrum = np.fft.rfft(signal)
    freqs = np.fft.rfftfreq(signal.size, 1.0 / RATE)
    return np.fft.irfft(spectrum * shape(freqs), n=signal.size)


def band(low: float, high: float, slope: float = 2.0) -> Callable[[np.ndarray], np.ndarray]:
    """A soft band-pass: gentle roll-offs below ``low`` and above ``high``."""

    def shape(f: np.ndarray) -> np.ndarray:
        f = np.maximum(f, 1.0)
        return 1.0 / (1.0 + (low / f) ** slope) / (1.0 + (f / high) ** slope)

    return shape


def pink(rng: np.random.Generator, n: int) -> np.ndarray:
    """Noise with equal energy per octave: the sound of rain on leaves, of surf."""
    white = rng.standard_normal(n)
    return spectral_filter(white, lambda f: 1.0 / np.sqrt(np.maximum(f, 20.0)))


def brown(rng: np.random.Generator, n: int) -> np.ndarray:
    """Deeper noise (energy falling 6 dB per octave): distant rumble, the body of a wave."""
    white = rng.standard_normal(n)
    return spectral_filter(white, lambda f: 1.0 / np.maximum(f, 20.0))


def loudness(x: Stereo) -> float:
    """A rough loudness: RMS after a filter shaped like the ear's sensitivity (K-weighting-like).

    Plain RMS would make the hissy rain sound louder than the pads at the same level.
    """

    def weight(f: np.ndarray) -> np.ndarray:
        f = np.maximum(f, 1.0)
        shelf = 1.0 + (db(4.0) - 1.0) / (1.0 + (1500.0 / f) ** 2)
        return shelf / (1.0 + (60.0 / f) ** 2)

    weighted = spectral_filter(x.mean(axis=1), weight)
    return float(np.sqrt(np.mean(weighted**2)))


def normalised(x: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x**2))) or 1.0
    return x / rms


def reverb(rng: np.random.Generator, x: Stereo, seconds: float = 4.0, wet: float = 0.35) -> Stereo:
    """A soft hall: convolution with decaying, darkened noise, different on each side."""
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    decay = np.exp(-t * 6.9 / seconds)  # -60 dB at the end
    out = np.empty_like(x)
    size = x.shape[0] + n
    for ch in range(2):
        ir = spectral_filter(rng.standard_normal(n), band(80, 3500, 1.0)) * decay
        ir /= np.sqrt(np.sum(ir**2))
        spectrum = np.fft.rfft(x[:, ch], size) * np.fft.rfft(ir, size)
        tail = np.fft.irfft(spectrum, size)[: x.shape[0]]
        out[:, ch] = (1 - wet) * x[:, ch] + wet * tail
    return out


def pad_note(
    rng: np.random.Generator, freq: float, n: int, *, harmonics: int = 4, bright: float = 1.0
) -> Stereo:
    """One soft pad voice: a few harmonics, two detuned copies panned apart (slow chorus)."""
    t = np.arange(n, dtype=np.float64) / RATE
    out = np.zeros((n, 2))
    for detune, pan in ((-0.0025, 0.3), (0.0025, 0.7)):
        voice = np.zeros(n)
        for h in range(1, harmonics + 1):
            amp = (1.0 / h**2) * (bright ** (h - 1))
            phase = rng.uniform(0, 2 * np.pi)
            voice += amp * np.sin(2 * np.pi * freq * h * (1 + detune) * t + phase)
        voice *= slow_wobble(rng, n, rng.uniform(5, 11), 0.15)
        out[:, 0] += voice * np.sqrt(1 - pan)
        out[:, 1] += voice * np.sqrt(pan)
    return out


def pad(
    rng: np.random.Generator,
    total_s: float,
    chords: list[list[str]],
    *,
    beats_per_chord: int = 8,
    overlap_s: float = 3.0,
    harmonics: int = 4,
    bright: float = 1.0,
) -> Stereo:
    """Chords that change every ``beats_per_chord`` beats and melt into each other."""
    n_total = int(total_s * RATE)
    out = np.zeros((n_total, 2))
    step = int(beats_per_chord * BEAT_S * RATE)
    overlap = int(overlap_s * RATE)
    start, index = -overlap, 0
    while start < n_total:
        seg_start = max(0, start)
        seg_end = min(n_total, start + step + overlap)
        n = seg_end - seg_start
        if n > 0:
            chord = chords[index % len(chords)]
            seg = sum(pad_note(rng, hz(note), n, harmonics=harmonics, bright=bright) for note in chord)
            env = raised_cosine(n, overlap if start >= 0 else 0, overlap)
            out[seg_start:seg_end] += seg * env[:, None] / len(chord)
        start += step
        index += 1
    return out


def bells(
    rng: np.random.Generator,
    total_s: float,
    notes: list[str],
    *,
    chance: float,
    bpm: float = BPM,
    level: float = 1.0,
) -> Stereo:
    """Sparse soft bell tones on the beat, from a pentatonic set; never two on top of each other."""
    n_total = int(total_s * RATE)
    out = np.zeros((n_total, 2))
    decay_s = 3.0
    n_note = int(decay_s * RATE)
    t = np.arange(n_note) / RATE
    partials = ((1.0, 1.0), (2.0, 0.25), (3.01, 0.08), (4.2, 0.03))
    beat = 60.0 / bpm
    at = 2 * beat
    while at < total_s - decay_s:
        if rng.random() < chance:
            f = hz(notes[int(rng.integers(len(notes)))])
            tone = sum(a * np.sin(2 * np.pi * f * p * t) * np.exp(-t * (1.2 + p)) for p, a in partials)
            tone *= raised_cosine(n_note, int(0.012 * RATE), int(0.3 * RATE))  # soft mallet, no click
            tone *= rng.uniform(0.5, 1.0) * level
            pan = rng.uniform(0.25, 0.75)
            i = int(at * RATE)
            out[i : i + n_note, 0] += tone * np.sqrt(1 - pan)
            out[i : i + n_note, 1] += tone * np.sqrt(pan)
            at += beat * 2  # let it ring
        at += beat
    return out


def drone(rng: np.random.Generator, total_s: float, notes: list[str], *, breathe_s: float = 13.0) -> Stereo:
    """Held low notes whose harmonics swell and fade slowly, so the drone never stands still."""
    n = int(total_s * RATE)
    t = np.arange(n) / RATE
    out = np.zeros((n, 2))
    for note in notes:
        f = hz(note)
        for h in range(1, 7):
            swell = 0.5 + 0.5 * np.sin(
                2 * np.pi * t / (breathe_s * rng.uniform(0.7, 1.6)) + rng.uniform(0, 6.3)
            )
            amp = 1.0 / h**1.5 * (0.4 + 0.6 * swell)
            for side, detune in ((0, -0.0008), (1, 0.0008)):
                out[:, side] += amp * np.sin(2 * np.pi * f * h * (1 + detune) * t + rng.uniform(0, 6.3))
    return out / len(notes)


def rain(rng: np.random.Generator, total_s: float) -> Stereo:
    """Steady soft rain: pink hiss, many tiny drops, a far low rumble."""
    n = int(total_s * RATE)
    out = np.zeros((n, 2))
    for ch in range(2):
        hiss = normalised(spectral_filter(pink(rng, n), band(250, 2800))) * 0.5
        hiss *= slow_wobble(rng, n, 17.0, 0.2)
        # Drops: sparse impulses rung through a short bright decay.
        impulses = np.zeros(n)
        count = int(total_s * 45)
        where = rng.integers(0, n, count)
        impulses[where] = rng.uniform(0.2, 1.0, count) ** 3
        k = int(0.04 * RATE)
        kernel = spectral_filter(rng.standard_normal(k), band(700, 3000)) * np.exp(
            -np.arange(k) / (0.008 * RATE)
        )
        kernel *= raised_cosine(k, int(0.002 * RATE), int(0.01 * RATE))  # a soft pat, not a tick
        size = n + k
        drops = np.fft.irfft(np.fft.rfft(impulses, size) * np.fft.rfft(kernel, size), size)[:n]
        drops = normalised(drops) * 0.08
        rumble = normalised(spectral_filter(brown(rng, n), band(30, 180))) * 0.25
        out[:, ch] = hiss + drops + rumble
    return out


def ocean(rng: np.random.Generator, total_s: float) -> Stereo:
    """Slow waves: deep noise swelling every ~10 s, with a brighter wash at each crest."""
    n = int(total_s * RATE)
    t = np.arange(n) / RATE
    # One swell curve shared by both sides (the same wave), rising slower than it falls.
    swell = np.zeros(n)
    at = 0.0
    while at < total_s:
        period = rng.uniform(8.5, 12.5)
        rise = period * 0.6
        local = t - at
        shape = np.where(
            (local >= 0) & (local < rise),
            np.sin(np.pi / 2 * np.clip(local / rise, 0, 1)) ** 2,
            np.where(
                (local >= rise) & (local < period),
                np.cos(np.pi / 2 * np.clip((local - rise) / (period - rise), 0, 1)) ** 2,
                0.0,
            ),
        )
        swell = np.maximum(swell, shape * rng.uniform(0.7, 1.0))
        at += period
    swell = spectral_filter(swell, lambda f: 1.0 / (1.0 + (f / 1.5) ** 2))  # round every corner
    out = np.zeros((n, 2))
    for ch in range(2):
        body = normalised(spectral_filter(brown(rng, n), band(60, 900)))
        wash = normalised(spectral_filter(pink(rng, n), band(500, 2600)))
        out[:, ch] = body * (0.3 + 0.45 * swell) + wash * 0.3 * swell**2
    return out * 0.6


# The tracks.
@dataclass(frozen=True)
class Track:
    number: int
    slug: str
    title: str
    seconds: float
    seed: int
    make: Callable[[np.random.Generator, float], Stereo]

    @property
    def filename(self) -> str:
        return f"{self.number:02d}-{self.slug}.ogg"


def still_water(rng: np.random.Generator, s: float) -> Stereo:
    chords = [
        ["D3", "F#3", "A3", "C#4"],
        ["B2", "D3", "F#3", "A3"],
        ["G2", "B2", "D3", "F#3"],
        ["A2", "D3", "E3", "A3"],
    ]
    body = pad(rng, s, chords, harmonics=4, bright=0.8)
    chime = bells(rng, s, ["D5", "E5", "F#5", "A5", "B5"], chance=0.28, level=0.18)
    return reverb(rng, body + chime, wet=0.4)


def soft_rain(rng: np.random.Generator, s: float) -> Stereo:
    chords = [["D2", "A2", "F3"], ["A#1", "F2", "D3"], ["C2", "G2", "E3"], ["A1", "E2", "C3"]]
    under = pad(rng, s, chords, beats_per_chord=12, overlap_s=5.0, harmonics=3, bright=0.6)
    return reverb(rng, under, wet=0.3) * 0.5 + rain(rng, s) * 0.55


def ocean_breath(rng: np.random.Generator, s: float) -> Stereo:
    far = drone(rng, s, ["D2", "A2"], breathe_s=15.0)
    return reverb(rng, far, wet=0.5) * 0.35 + ocean(rng, s)


def evening_drone(rng: np.random.Generator, s: float) -> Stereo:
    low = drone(rng, s, ["D2", "A2", "D3"], breathe_s=12.0)
    chords = [["F#3", "A3"], ["E3", "A3"], ["D3", "F#3"], ["E3", "G3"]]
    halo = pad(rng, s, chords, beats_per_chord=16, overlap_s=6.0, harmonics=2, bright=0.5)
    return reverb(rng, low + halo * 0.4, wet=0.45)


def warm_stones(rng: np.random.Generator, s: float) -> Stereo:
    chords = [
        ["F3", "A3", "C4", "E4"],
        ["D3", "F3", "A3", "C4"],
        ["A#2", "D3", "F3", "A3"],
        ["C3", "E3", "G3", "C4"],
    ]
    body = pad(rng, s, chords, harmonics=4, bright=0.75)
    melody = bells(rng, s, ["F4", "G4", "A4", "C5", "D5"], chance=0.45, bpm=66, level=0.22)
    return reverb(rng, body + melody, wet=0.4)


def morning_light(rng: np.random.Generator, s: float) -> Stereo:
    chords = [
        ["G3", "B3", "D4", "F#4"],
        ["E3", "G3", "B3", "D4"],
        ["C3", "E3", "G3", "B3"],
        ["D3", "F#3", "A3", "D4"],
    ]
    body = pad(rng, s, chords, harmonics=5, bright=0.9)
    chime = bells(rng, s, ["G5", "A5", "B5", "D6", "E6"], chance=0.35, level=0.15)
    return reverb(rng, body + chime, wet=0.35)


TRACKS = (
    Track(1, "still-water", "Still Water", 180.0, 101, still_water),
    Track(2, "soft-rain", "Soft Rain", 180.0, 202, soft_rain),
    Track(3, "ocean-breath", "Ocean Breath", 180.0, 303, ocean_breath),
    Track(4, "evening-drone", "Evening Drone", 150.0, 404, evening_drone),
    Track(5, "warm-stones", "Warm Stones", 180.0, 505, warm_stones),
    Track(6, "morning-light", "Morning Light", 150.0, 606, morning_light),
)


def render(track: Track) -> np.ndarray:
    """The finished track as float32 stereo: made, levelled, faded at the edges."""
    rng = np.random.default_rng(track.seed)
    x = track.make(rng, track.seconds)
    x -= x.mean(axis=0)  # no DC offset: it would thump at the edges
    gain = db(TARGET_LOUDNESS_DBFS) / loudness(x)
    # Rare peaks (a wave's crest) are rounded off by the soft limiter; beyond a few dB of that,
    # the whole track comes down instead, so the limiter never works hard enough to be heard.
    peak = float(np.max(np.abs(x))) * gain
    most = db(PEAK_LIMIT_DBFS + MAX_LIMITING_DB)
    if peak > most:
        gain *= most / peak
    x = soft_limit(x * gain, db(PEAK_LIMIT_DBFS))
    n = x.shape[0]
    x *= raised_cosine(n, int(FADE_IN_S * RATE), int(FADE_OUT_S * RATE))[:, None]
    return x.astype(np.float32)


def soft_limit(x: Stereo, ceiling: float) -> Stereo:
    """Leave everything below the knee alone and bend what is above it smoothly under ``ceiling``."""
    knee = ceiling * db(-3.0)
    size = np.abs(x)
    over = size > knee
    y = x.copy()
    y[over] = np.sign(x[over]) * (knee + (ceiling - knee) * np.tanh((size[over] - knee) / (ceiling - knee)))
    return y


def write_ogg(path: Path, audio: np.ndarray, track: Track) -> None:
    # libsndfile's Vorbis encoder crashes on very large single writes: feed it a second at a time.
    with sf.SoundFile(
        path, "w", RATE, 2, format="OGG", subtype="VORBIS", compression_level=COMPRESSION_LEVEL
    ) as out:
        for i in range(0, audio.shape[0], RATE):
            out.write(audio[i : i + RATE])
    tags = mutagen.oggvorbis.OggVorbis(path)
    tags.clear()
    tags["title"] = track.title
    tags["artist"] = ARTIST
    tags["album"] = ALBUM
    tags["tracknumber"] = str(track.number)
    tags["license"] = "CC0 1.0: made by tools/make_music.py, free to use for any purpose"
    tags.save()
    fix_serial(path, track.seed)


def fix_serial(path: Path, serial: int) -> None:
    """Give the Ogg stream a fixed serial number: libsndfile picks a random one, and the same
    track should give the same bytes on every run."""
    pages = []
    with open(path, "rb") as handle:
        while True:
            try:
                pages.append(mutagen.ogg.OggPage(handle))
            except EOFError:
                break
    for page in pages:
        page.serial = serial
    path.write_bytes(b"".join(page.write() for page in pages))  # write() recomputes each CRC


def check(path: Path, track: Track) -> list[str]:
    """What is wrong with a written track (empty when it is fine): length, peak, silent gaps."""
    audio, rate = sf.read(path, dtype="float32", always_2d=True)
    problems = []
    seconds = audio.shape[0] / rate
    if abs(seconds - track.seconds) > 0.5:
        problems.append(f"length {seconds:.1f} s, expected {track.seconds:.0f} s")
    peak_db = 20 * np.log10(max(float(np.max(np.abs(audio))), 1e-12))
    if peak_db >= CHECK_PEAK_DBFS:
        problems.append(f"peak {peak_db:.1f} dBFS, must stay below {CHECK_PEAK_DBFS:.0f} dBFS")
    gaps = silent_gaps(audio, rate)
    if gaps:
        problems.append(f"silent gaps at {', '.join(f'{g:.1f} s' for g in gaps[:5])}")
    return problems


def silent_gaps(
    audio: np.ndarray, rate: int, *, window_s: float = 0.5, floor_dbfs: float = -55.0
) -> list[float]:
    """Start times of half-second windows quieter than ``floor_dbfs``, inside the edge fades."""
    mono = audio.mean(axis=1)
    w = int(window_s * rate)
    starts = range(int(1.0 * rate), mono.size - int(1.5 * rate) - w, w)
    floor = db(floor_dbfs)
    return [s / rate for s in starts if float(np.sqrt(np.mean(mono[s : s + w] ** 2))) < floor]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "presets" / "music"
    )
    parser.add_argument("--only", type=int, help="make only the track with this number")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = False
    total = 0
    for track in TRACKS:
        if args.only and track.number != args.only:
            continue
        began = time.perf_counter()
        path = args.out / track.filename
        write_ogg(path, render(track), track)
        problems = check(path, track)
        size = path.stat().st_size
        total += size
        status = "ok" if not problems else "; ".join(problems)
        print(
            f"{track.filename:24} {track.seconds:5.0f} s  {size / 1e6:5.2f} MB  "
            f"{time.perf_counter() - began:4.1f} s to make  {status}"
        )
        failed |= bool(problems)
    print(f"total {total / 1e6:.2f} MB in {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

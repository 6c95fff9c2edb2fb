"""Decks: one track each on its way through the pygame mixer, with its own fade level.

A ``SoundDeck`` plays a decoded ``pygame.mixer.Sound`` on a channel of its own, so two decks can
overlap for a crossfade. A ``StreamDeck`` streams a long file through ``pygame.mixer.music``
(decoding an hour of audio into memory would take ~600 MB); pygame has one such stream, so two
streamed tracks in a row fade out and in instead of overlapping.

pygame comes through ``audio_mixer``, which hides its start-up banner before importing it.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable

import mutagen
import numpy as np
import soundfile as sf

from ambience.devices.audio import mixer as audio_mixer
from ambience.devices.audio.mixer import pygame
from ambience.devices.audio.tags import TrackInfo

# SDL_mixer holds volumes as integers 0–128: we hand it exact steps so what it keeps is what we
# computed (never rounded up past the cap).
MIXER_STEPS = 128


class Ramp:
    """A value moving in a straight line to a target over a span of time; reading it is free."""

    def __init__(self, time: Callable[[], float], value: float = 0.0) -> None:
        self._time = time
        self._from = self._to = value
        self._t0 = self._t1 = time()

    def value(self) -> float:
        now = self._time()
        if now >= self._t1 or self._t1 <= self._t0:
            return self._to
        if now <= self._t0:
            return self._from
        return self._from + (self._to - self._from) * (now - self._t0) / (self._t1 - self._t0)

    @property
    def target(self) -> float:
        return self._to

    def moving(self) -> bool:
        return self._from != self._to and self._time() < self._t1

    def move(self, target: float, seconds: float) -> None:
        """Head for ``target`` from wherever the value is now, arriving in ``seconds``."""
        now = self._time()
        self._from, self._to = self.value(), target
        self._t0, self._t1 = now, now + max(0.0, seconds)

    def set(self, value: float) -> None:
        self._from = self._to = value
        self._t0 = self._t1 = self._time()


class Deck(ABC):
    """One track in the mixer: started, paused and stopped once, faded by ``level`` (0–1).

    ``level`` moves linearly; the gain applied is sin(level·π/2), so a crossfade between two
    decks keeps the loudness steady (equal power) instead of dipping in the middle.
    """

    def __init__(self, track: str, info: TrackInfo, audio_time: Callable[[], float]) -> None:
        self.track = track
        self.info = info
        self.audio_time = audio_time
        self.level = Ramp(audio_time, 0.0)
        self.started_at: float | None = None
        self.paused_at: float | None = None
        self.paused_total = 0.0
        self.stopped = False
        self.failed: str | None = None  # why the mixer refused the track when it was started
        self.pause_when_silent = False
        self._step: int | None = None

    @property
    @abstractmethod
    def length_s(self) -> float: ...

    @property
    def started(self) -> bool:
        return self.started_at is not None and not self.stopped

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def gain(self) -> float:
        return math.sin(max(0.0, min(1.0, self.level.value())) * math.pi / 2)

    def position(self) -> float:
        """Seconds into the track (it holds still while the deck is paused)."""
        if self.started_at is None:
            return 0.0
        now = self.paused_at if self.paused_at is not None else self.audio_time()
        return max(0.0, now - self.started_at - self.paused_total)

    def remaining(self) -> float:
        return max(0.0, self.length_s - self.position())

    def start(self) -> None:
        """Begin playing at volume 0 (the caller raises ``level``)."""
        self._step = None
        try:
            self._start()
        except pygame.error as exc:
            self.failed = decode_reason(exc)
            self.stopped = True
            return
        self.started_at = self.audio_time()
        self.apply(0.0)

    def pause(self) -> None:
        if self.started and self.paused_at is None:
            self._pause()
            self.paused_at = self.audio_time()

    def unpause(self) -> None:
        if self.started and self.paused_at is not None:
            self._unpause()
            self.paused_total += self.audio_time() - self.paused_at
            self.paused_at = None

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            if self.started_at is not None:
                self._stop()

    def apply(self, volume: float) -> None:
        """Give the mixer ``volume`` (0–1, rounded down to its steps) if it differs from the last."""
        step = max(0, min(MIXER_STEPS, int(volume * MIXER_STEPS + 1e-9)))
        if step != self._step and self.started:
            self._step = step
            self._set_volume(step / MIXER_STEPS)

    def silent(self) -> bool:
        return self.level.value() <= 0.0 and not self.level.moving()

    @abstractmethod
    def busy(self) -> bool:
        """Whether the mixer still has the track (playing or paused)."""

    @abstractmethod
    def mixer_volume(self) -> float:
        """The volume the mixer holds for this deck right now (for checks and the benchmark)."""

    @abstractmethod
    def _start(self) -> None: ...

    @abstractmethod
    def _pause(self) -> None: ...

    @abstractmethod
    def _unpause(self) -> None: ...

    @abstractmethod
    def _stop(self) -> None: ...

    @abstractmethod
    def _set_volume(self, volume: float) -> None: ...


class SoundDeck(Deck):
    """A decoded track on a mixer channel of its own."""

    def __init__(
        self, track: str, info: TrackInfo, audio_time: Callable[[], float], sound: pygame.mixer.Sound
    ) -> None:
        super().__init__(track, info, audio_time)
        self.sound: pygame.mixer.Sound | None = sound
        self._length = sound.get_length()
        self._channel: int | None = None

    @property
    def length_s(self) -> float:
        return self._length

    def _channel_obj(self) -> pygame.mixer.Channel:
        assert self._channel is not None
        return pygame.mixer.Channel(self._channel)

    def _start(self) -> None:
        self._channel = audio_mixer.claim_channel()
        channel = self._channel_obj()
        channel.set_volume(0.0)
        assert self.sound is not None  # a deck starts once, before it lets its sound go
        channel.play(self.sound)

    def _pause(self) -> None:
        self._channel_obj().pause()

    def _unpause(self) -> None:
        self._channel_obj().unpause()

    def _stop(self) -> None:
        if self._channel is not None:
            audio_mixer.release_channel(self._channel)
            self._channel = None
        self.sound = None  # the decoded audio is the bulk of the memory: let it go now

    def _set_volume(self, volume: float) -> None:
        self._channel_obj().set_volume(volume)

    def busy(self) -> bool:
        return self.started and pygame.mixer.get_init() is not None and self._channel_obj().get_busy()

    def mixer_volume(self) -> float:
        if not self.started or not pygame.mixer.get_init():
            return 0.0
        return self._channel_obj().get_volume()


class StreamDeck(Deck):
    """A long track streamed from disk through pygame's single music stream."""

    @property
    def length_s(self) -> float:
        # Unknown length: only the mixer's busy flag will tell the end.
        return self.info.length_s or math.inf

    def can_start(self) -> bool:
        return audio_mixer.stream_free()

    def _start(self) -> None:
        if not audio_mixer.claim_stream(self):
            raise pygame.error("the music stream is busy")
        try:
            pygame.mixer.music.load(self.track)
            pygame.mixer.music.set_volume(0.0)
            pygame.mixer.music.play()
        except pygame.error:
            audio_mixer.release_stream(self)
            raise

    def _pause(self) -> None:
        pygame.mixer.music.pause()

    def _unpause(self) -> None:
        pygame.mixer.music.unpause()

    def _stop(self) -> None:
        audio_mixer.release_stream(self)

    def _set_volume(self, volume: float) -> None:
        pygame.mixer.music.set_volume(volume)

    def busy(self) -> bool:
        if not self.started or not pygame.mixer.get_init():
            return False
        # pygame reports a paused stream as not busy.
        return self.paused or pygame.mixer.music.get_busy()

    def mixer_volume(self) -> float:
        if not self.started or not pygame.mixer.get_init():
            return 0.0
        return pygame.mixer.music.get_volume()


class Unplayable(Exception):
    """A track that cannot be played; the message says why, in a few words."""


def decode_reason(exc: BaseException) -> str:
    """A short reason for the warning, instead of the decoders' internals."""
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, PermissionError):
        return "no permission to read it"
    text = str(exc).strip().rstrip(".")
    # SDL_mixer tries the tracker-module decoder last, so its failure is what an unknown format
    # reports; libsndfile says "Format not recognised" or "unknown format".
    unknown = ("Unrecognized audio format", "libmodplug", "not recognised", "unknown format", "Unspecified")
    folded = text.casefold()
    if isinstance(exc, sf.LibsndfileError) or not text or any(u.casefold() in folded for u in unknown):
        return "not an audio format that can be played"
    return f"cannot decode it ({text})"


def decode_sound(track: str, long_s: float) -> tuple[pygame.mixer.Sound | None, float | None]:
    """Decode a whole file into mixer memory (slow: run it in a worker thread).

    Returns ``(sound, length)``, or ``(None, length)`` when the file should stream instead: longer
    than ``long_s``, at another sample rate than the mixer's (the stream resamples), or in a
    format only the mixer's own decoders know. Raises Unplayable when nothing can play it.

    The decoding is soundfile's, not pygame's: pygame decodes compressed files while holding the
    audio device's lock, which stalls everything playing (a 200 ms drop-out in the music).
    """
    rate = (pygame.mixer.get_init() or (audio_mixer.FREQUENCY,))[0]
    try:
        info = sf.info(track)
    except Exception as exc:  # soundfile cannot read it; the mixer's stream decoders may
        return None, _stream_length(track, exc)
    length = info.frames / info.samplerate if info.samplerate else None
    if info.samplerate != rate or (length is not None and length > long_s):
        return None, length
    try:
        data, _ = sf.read(track, dtype="int16", always_2d=True)
    except Exception as exc:  # a damaged stream: let the mixer's decoder try what it can
        return None, _stream_length(track, exc)
    if data.shape[0] < rate * 0.05:
        raise Unplayable("no audio in the file")
    if data.shape[1] == 1:
        data = np.repeat(data, 2, axis=1)
    elif data.shape[1] > 2:
        data = data[:, :2]
    # Creating a Sound from samples is a quick copy that never takes the audio lock for long.
    return pygame.mixer.Sound(buffer=np.ascontiguousarray(data)), length


def _stream_length(track: str, exc: BaseException) -> float:
    """The length of a file soundfile could not decode, if its tags say it is audio at all."""
    try:
        tagged = mutagen.File(track)
        length = float(tagged.info.length) if tagged is not None else 0.0
    except Exception:  # mutagen does not know it either
        length = 0.0
    if length <= 0:
        raise Unplayable(decode_reason(exc)) from exc
    return length

"""Decks: one track each on its way through the pygame mixer, with its own fade level.

A ``SoundDeck`` plays a track on a mixer channel of its own, so two decks can overlap for a
crossfade. It is decoded a few seconds at a time (``TrackReader``, in a worker thread), and each
piece is queued on the channel behind the one playing, which SDL_mixer plays on without a gap:
a deck holds two pieces, never the whole track, so memory stays small and flat however long the
music plays. A ``StreamDeck`` streams a file through ``pygame.mixer.music`` (pygame has one such
stream, so two streamed tracks in a row fade out and in instead of overlapping): for files at
another sample rate, very long ones, or formats only the mixer's own decoders know.

Decoding is libsndfile's (``sndfile``, through ctypes: no numpy), loaded with the first track.
pygame comes through ``audio_mixer``, which hides its start-up banner before importing it.
"""

from __future__ import annotations

import ctypes
import math
import sys
import threading
from abc import ABC, abstractmethod
from array import array
from collections.abc import Callable

import mutagen

from ambience.devices.audio import mixer as audio_mixer
from ambience.devices.audio.mixer import pygame
from ambience.devices.audio.sndfile import AudioFile, SndfileError
from ambience.devices.audio.tags import TrackInfo


def _return_large_blocks() -> None:
    """Let freed pieces of decoded audio go straight back to the system (Linux, glibc).

    glibc keeps large freed blocks for reuse once it has seen one freed (its threshold for
    asking the system directly grows up to 32 MB), and each decoding thread gets an arena of its
    own: resident memory crept up by several MB with every track change. A fixed threshold and
    two arenas keep it flat however long the music plays.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # another C library (musl): nothing to tune
        return
    m_mmap_threshold, m_arena_max = -3, -8
    mallopt(m_mmap_threshold, 256 * 1024)
    mallopt(m_arena_max, 2)


_return_large_blocks()

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

    def slope(self) -> float:
        """How fast the value moves now, per second of its clock (0 when it holds still)."""
        if not self.moving() or self._t1 <= self._t0:
            return 0.0
        return (self._to - self._from) / (self._t1 - self._t0)

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


class TrackReader:
    """An open audio file, read a piece at a time as 16-bit stereo for the mixer (worker threads)."""

    def __init__(self, track: str, handle: AudioFile, rate: int) -> None:
        self.track = track
        self._file = handle
        self.rate = rate
        self.frames = int(handle.frames)
        self.channels = int(handle.channels)
        self.done = False
        self._lock = threading.Lock()  # one read at a time
        self._close_after_read = False

    @property
    def length_s(self) -> float:
        return self.frames / self.rate

    def read(self, seconds: float) -> tuple[pygame.mixer.Sound, float] | None:
        """The next ``seconds`` of audio as a mixer ``Sound`` and its length; None at the end."""
        with self._lock:
            if self.done:
                return None
            try:
                data = self._file.read_int16(max(1, int(seconds * self.rate)))
            except Exception as exc:
                self._close()
                raise Unplayable(decode_reason(exc)) from exc
            frames = len(data) // (2 * self.channels)
            if frames == 0 or self._close_after_read:
                self._close()
                return None
            samples = data if self.channels == 2 else _to_stereo(data, self.channels)
            # Creating a Sound from samples is a quick copy that never takes the audio lock for long.
            return pygame.mixer.Sound(buffer=samples), frames / self.rate

    def close(self) -> None:
        """Close the file now, or (never waiting on the event loop) once the read in progress ends."""
        if self._lock.acquire(blocking=False):
            try:
                self._close()
            finally:
                self._lock.release()
        else:
            self._close_after_read = True

    def _close(self) -> None:
        if not self.done:
            self.done = True
            self._file.close()


def _to_stereo(data: memoryview, channels: int) -> array[int]:
    """Mono doubled, or the first two of several channels (16-bit samples in the machine's order)."""
    samples = array("h")
    samples.frombytes(data)
    frames = len(samples) // channels
    stereo = array("h", bytes(4 * frames))
    stereo[0::2] = samples[0::channels]
    stereo[1::2] = samples[min(1, channels - 1) :: channels]
    return stereo


class SoundDeck(Deck):
    """A track on a mixer channel of its own, decoded a piece at a time and queued as it plays.

    The channel plays one piece and holds the next in its queue. When the queued piece starts,
    the queue is free: ``refill_in`` says when that is, and the player decodes the next piece
    (``reader.read``, in a worker thread) and hands it over with ``feed``.
    """

    PIECE_S = 8.0  # seconds of audio per piece: ~1.4 MB; two are held while a deck plays
    # The first piece is decoded ahead, the next track's as soon as the one before starts (then it
    # waits for minutes): a short one holds little, and the next piece follows as it starts.
    FIRST_PIECE_S = 2.0
    # The next piece is decoded a little after the queued one should have started, so the queue
    # is free by then (the mixer's buffer makes it lag the position by a few hundredths).
    REFILL_LATE_S = 0.1
    RETRY_S = 0.25  # a decoded piece that found the queue still full tries again this soon

    def __init__(
        self,
        track: str,
        info: TrackInfo,
        audio_time: Callable[[], float],
        reader: TrackReader,
        first: tuple[pygame.mixer.Sound, float],
    ) -> None:
        super().__init__(track, info, audio_time)
        self.reader = reader
        self._length = reader.length_s
        self._waiting: list[tuple[pygame.mixer.Sound, float]] = [first]  # decoded, not yet handed over
        self._handed_s = 0.0  # seconds of audio handed to the channel (played, playing or queued)
        self._last_s = 0.0  # the length of the last piece handed over
        self._channel: int | None = None
        self.feeding = False  # a piece is being decoded for this deck

    @property
    def length_s(self) -> float:
        return self._length

    @property
    def waiting(self) -> bool:
        """A decoded piece waits for the channel's queue."""
        return bool(self._waiting)

    @property
    def fully_fed(self) -> bool:
        """Every piece of the track has been handed to the mixer."""
        return self.reader.done and not self._waiting

    def refill_in(self) -> float | None:
        """Seconds until the next piece is wanted (0: now); None when all is fed, one is on its way
        or the track is paused."""
        if not self.started or self.fully_fed or self.feeding:
            return None
        if self._waiting:
            return self.RETRY_S
        if self.paused:  # nothing plays on: the next piece is decoded when the track does
            return None
        return max(0.0, self._handed_s - self._last_s + self.REFILL_LATE_S - self.position())

    def needs_piece(self) -> bool:
        """Whether the next piece should be decoded now (the queued one has started playing)."""
        return not self._waiting and self.refill_in() == 0.0

    def feed(self, piece: tuple[pygame.mixer.Sound, float] | None) -> None:
        """Hand a decoded piece (None: the end of the file) to the channel."""
        if piece is not None:
            self._waiting.append(piece)
        elif self.reader.done:  # now the true length is known, whatever the file's header said
            self._length = self._handed_s + sum(seconds for _, seconds in self._waiting)
        if self.started:
            self.hand_over()

    def hand_over(self) -> None:
        """Queue what is decoded behind the piece playing (or play it, if the channel ran dry)."""
        channel = self._channel_obj()
        while self._waiting:
            sound, seconds = self._waiting[0]
            if channel.get_busy() or self.paused:
                if channel.get_queue() is not None:
                    return  # the queue holds one piece; the next waits its turn
                channel.queue(sound)
            else:  # the channel ran dry (the piece came late): play on at once
                channel.play(sound)
            self._waiting.pop(0)
            self._handed_s += seconds
            self._last_s = seconds

    def _channel_obj(self) -> pygame.mixer.Channel:
        assert self._channel is not None
        return pygame.mixer.Channel(self._channel)

    def _start(self) -> None:
        self._channel = audio_mixer.claim_channel()
        channel = self._channel_obj()
        channel.set_volume(0.0)
        self.hand_over()

    def _pause(self) -> None:
        self._channel_obj().pause()

    def _unpause(self) -> None:
        self._channel_obj().unpause()

    def _stop(self) -> None:
        if self._channel is not None:
            audio_mixer.release_channel(self._channel)
            self._channel = None
        self._waiting = []  # the decoded audio is the bulk of the memory: let it go now

    def stop(self) -> None:
        super().stop()
        self._waiting = []
        self.reader.close()

    def _set_volume(self, volume: float) -> None:
        self._channel_obj().set_volume(volume)

    def busy(self) -> bool:
        if not self.started or pygame.mixer.get_init() is None:
            return False
        # A piece still to come means the track goes on, even if the channel ran dry meanwhile.
        return not self.fully_fed or self._channel_obj().get_busy()

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
    if isinstance(exc, SndfileError) or not text or any(u.casefold() in folded for u in unknown):
        return "not an audio format that can be played"
    return f"cannot decode it ({text})"


def open_track(
    track: str, long_s: float, piece_s: float
) -> tuple[TrackReader, tuple[pygame.mixer.Sound, float]] | float:
    """Open a file for a ``SoundDeck`` and decode its first piece (slow: run it in a worker thread).

    Returns the reader and the first piece, or the file's length when it should stream through
    the mixer instead: longer than ``long_s``, at another sample rate than the mixer's (the stream
    resamples), or in a format only the mixer's own decoders know. Raises Unplayable when nothing
    can play it.

    The decoding is libsndfile's, not pygame's: pygame decodes compressed files while holding the
    audio device's lock, which stalls everything playing (a 200 ms drop-out in the music).
    """
    rate = (pygame.mixer.get_init() or (audio_mixer.FREQUENCY,))[0]
    try:
        handle = AudioFile(track)
    except Exception as exc:  # libsndfile cannot read it; the mixer's stream decoders may
        return _stream_length(track, exc)
    length = handle.frames / handle.samplerate if handle.samplerate else 0.0
    if handle.samplerate != rate or length > long_s or handle.channels < 1:
        handle.close()
        return length
    if handle.frames < rate * 0.05:
        handle.close()
        raise Unplayable("no audio in the file")
    reader = TrackReader(track, handle, rate)
    try:
        first = reader.read(piece_s)
    except Unplayable as exc:  # a damaged stream: let the mixer's decoder try what it can
        return _stream_length(track, exc)
    if first is None:
        raise Unplayable("no audio in the file")
    return reader, first


def _stream_length(track: str, exc: BaseException) -> float:
    """The length of a file libsndfile could not decode, if its tags say it is audio at all."""
    try:
        tagged = mutagen.File(track)
        length = float(tagged.info.length) if tagged is not None else 0.0
    except Exception:  # mutagen does not know it either
        length = 0.0
    if length <= 0:
        raise Unplayable(decode_reason(exc)) from exc
    return length

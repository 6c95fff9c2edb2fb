"""The pygame music player: a playlist through the mixer with smooth volume, fades and crossfades.

No pygame window is opened: an asyncio task (the "ticker") steps the volume ramps, hands the
mixer each track's next decoded piece and notices when a track ends by watching the position and
the mixer's busy flag. It sleeps until the next thing it has to do — the next step of a fade the
mixer can hear, the next piece, the next crossfade — and not at all while nothing plays. Anything
slow (decoding, reading tags) runs in a worker thread, so the event loop — and the Qt panel on
it — never waits for the disk.

Two clocks drive it. Volume ramps follow the studio ``clock``, like the timeline that asks for
them, so light and music move on one curve even when a demo runs faster than real time. Track
positions, crossfades and the short de-click fades follow ``audio_time`` (real seconds),
because the music itself always plays at its natural speed. Tests inject both and call ``tick``
themselves.
pygame comes through ``audio_mixer``, which hides its start-up banner before importing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import math
import random
import time
from collections.abc import Callable, Sequence
from typing import Literal

from ambience.devices.audio import mixer as audio_mixer
from ambience.devices.audio.decks import (
    MIXER_STEPS,
    Deck,
    Ramp,
    SoundDeck,
    StreamDeck,
    Unplayable,
    open_track,
)
from ambience.devices.audio.mixer import AudioUnavailable, audio_outputs, mixer_output, open_mixer, pygame
from ambience.devices.audio.tags import TrackInfo, fallback_title, read_track_info, unreadable_reason
from ambience.devices.capabilities import MusicPlayer
from ambience.devices.errors import DeviceOffline, DeviceUnsupported
from ambience.devices.readings import NowPlaying
from ambience.devices.simulated import SimulatedMusicPlayer
from ambience.devices.timebase import TimeSource

__all__ = [
    "PygameMusicPlayer",
    "SilentMusicPlayer",
    "audio_outputs",
    "open_player",
]

log = logging.getLogger(__name__)

State = Literal["stopped", "playing", "paused"]


class PygameMusicPlayer(MusicPlayer):
    """Plays a playlist through pygame's mixer; see the module docstring for how time flows."""

    CROSSFADE_S = 4.0  # when a track ends by itself: the next one overlaps its last seconds
    SKIP_FADE_S = 1.0  # next, previous, a new playlist: quicker, the listener asked for it
    DECLICK_S = 0.5  # pause, resume, stop: long enough that no click is heard
    LONG_TRACK_S = 7200.0  # longer files stream through the mixer's own decoder
    # While a deck fades (a crossfade, a de-click) the ticker runs every 25 ms: a 2 s fade is
    # then ~80 steps, too fine to hear. A long fade of the whole volume wakes it only as often as
    # the mixer's volume (128 steps) actually changes.
    RAMP_TICK_S = 0.025
    MAX_SLEEP_S = 30.0  # the longest the ticker sleeps while a track plays
    STREAM_CHECK_S = 1.0  # a streamed file of unknown length: its end shows only in the busy flag
    MAX_WARNINGS = 50

    def __init__(
        self,
        device_id: str,
        name: str,
        clock: TimeSource,
        *,
        output: str = "",
        volume_cap: float = 100.0,
        audio_time: Callable[[], float] = time.monotonic,
        autotick: bool = True,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(device_id, name)
        self.clock = clock
        self.output = output
        # The player never exceeds 100 %, nor the studio's cap when it is given one.
        self.volume_cap = max(0.0, min(100.0, float(volume_cap)))
        self.audio_time = audio_time
        self.autotick = autotick
        self._rng = rng or random.Random()
        self._master = Ramp(clock.now, 0.0)  # volume %, along the studio clock
        self._tracks: list[str] = []
        self._infos: dict[str, TrackInfo] = {}
        self._bad: dict[str, str] = {}  # tracks that failed to decode, and why
        self._dropped: list[tuple[str, str]] = []  # tracks left out when the playlist loaded
        self._order: list[int] = []
        self._loop = True
        self._pos = -1  # position in ``_order`` of the current track
        self._state: State = "stopped"
        self._current: Deck | None = None
        self._outgoing: list[Deck] = []
        self._prepared: tuple[int, Deck] | None = None
        self._preparing: asyncio.Task[None] | None = None
        self._preparing_pos = -1
        self._prepared_for = -1  # the position the look-ahead started from
        self._transition_due = False
        self._nothing_next = False  # the last look ahead found no playable track
        self._stopping = False  # the master volume is fading out for a stop
        self._restore_volume = 0.0
        self._generation = 0
        self._warnings: list[str] = []
        self._lock = asyncio.Lock()
        self._ticker: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()  # set: the ticker looks again now instead of sleeping on
        self._feeding: set[asyncio.Task[None]] = set()
        # Studio seconds per audio second, as last seen (demos run the studio clock faster).
        self._rate: float | None = None
        self._clocks: tuple[float, float] | None = None
        self._closed = False

    @property
    def model(self) -> str:
        return f"pygame mixer ({self.output or 'default output'})"

    # What the engine asks for.
    async def load(self, tracks: Sequence[str], *, shuffle: bool = False, loop: bool = True) -> None:
        async with self._lock:
            self._check_mixer(open_it=False)
            self._generation += 1
            self._drop_prepared()
            wanted = [str(t) for t in tracks]
            infos, problems = await asyncio.to_thread(_probe, wanted)
            for track, reason in problems:
                self._warn(f"skipped {_name(track)}: {reason}")
            playable = [t for t in wanted if t in infos]
            # What was playing gives way gently to whatever comes next.
            self._retire_all(self.SKIP_FADE_S)
            self._tracks, self._infos, self._bad, self._dropped = playable, infos, {}, problems
            self._order = list(range(len(playable)))
            if shuffle:
                self._rng.shuffle(self._order)
            self._loop = loop
            self._pos = 0 if playable else -1
            self._state = "stopped"
            self._ensure_ticker()
            if wanted and not playable:
                raise DeviceUnsupported(f"nothing playable in the playlist: {_summary(problems)}")

    async def play(self, fade_in_s: float = 0.0) -> None:
        async with self._lock:
            audio_mixer.hold(self)  # first: the mixer must not close for being idle under a new track
            try:
                await self._play(fade_in_s)
            finally:
                if self._state != "playing" and not self._busy():
                    audio_mixer.release(self)

    async def _play(self, fade_in_s: float) -> None:
        self._check_mixer()
        if not self._order:
            return
        if self._stopping:
            self._cancel_stop()
        if fade_in_s > 0:
            target = self._master.target
            self._master.set(0.0)
            self._master.move(target, fade_in_s)
        if self._state == "playing":
            return
        if self._pos < 0:
            self._pos = 0
        if self._current is None:
            await self._switch_to(self._pos, step=1)
        self._state = "playing"
        current = self._current
        if current is not None:
            if current.paused or current.pause_when_silent:
                current.pause_when_silent = False
                current.unpause()
                current.level.move(1.0, self.DECLICK_S)
            elif not current.started:
                self._start_deck(current, self.DECLICK_S)
        self._prepare_next()
        self._apply()
        self._ensure_ticker()

    async def pause(self) -> None:
        async with self._lock:
            self._check_mixer(open_it=False)
            if self._state != "playing":
                return
            self._state = "paused"
            current = self._current
            if current is not None and current.started:
                current.level.move(0.0, self.DECLICK_S)
                current.pause_when_silent = True
            for deck in self._outgoing:
                deck.level.move(0.0, min(self.DECLICK_S, max(0.01, deck.remaining())))
            self._ensure_ticker()

    async def stop(self, fade_out_s: float = 0.0) -> None:
        async with self._lock:
            self._check_mixer(open_it=False)
            was_playing = self._state == "playing"
            self._state = "stopped"
            self._drop_prepared()
            current, self._current = self._current, None
            if current is not None:
                if was_playing and fade_out_s > 0 and current.started:
                    # The whole output fades along the studio clock, like the session asked.
                    self._outgoing.append(current)
                    if not self._stopping:
                        self._restore_volume = self._master.target
                    self._stopping = True
                    self._master.move(0.0, fade_out_s)
                else:
                    self._retire(current, self.DECLICK_S)
            self._ensure_ticker()

    async def next(self) -> None:
        async with self._lock:
            self._check_mixer()
            if self._order:
                await self._switch_to((self._pos + 1) % len(self._order), step=1)

    async def previous(self) -> None:
        async with self._lock:
            self._check_mixer()
            if self._order:
                await self._switch_to((self._pos - 1) % len(self._order), step=-1)

    async def set_volume(self, volume: float, ramp_s: float = 0.0) -> None:
        self._check_mixer(open_it=False)
        volume = max(0.0, min(self.volume_cap, float(volume)))
        if self._stopping:
            self._restore_volume = volume
        else:
            self._master.move(volume, ramp_s)
        self._apply()
        self._ensure_ticker()

    async def refresh(self) -> None:
        self._check_mixer(open_it=False)

    def now_playing(self) -> NowPlaying:
        volume = self._master.value()
        if self._pos < 0 or not self._order:
            return NowPlaying(playing=False, paused=False, volume=volume, track_count=len(self._tracks))
        deck = self._current
        track = deck.track if deck is not None else self._tracks[self._order[self._pos]]
        info = self._infos.get(track) or TrackInfo(fallback_title(track))
        return NowPlaying(
            playing=self._state == "playing",
            paused=self._state == "paused",
            volume=volume,
            title=info.title,
            artist=info.artist,
            elapsed_s=deck.position() if deck is not None else 0.0,
            total_s=_finite(deck.length_s) if deck is not None else (info.length_s or 0.0),
            track_index=self._pos,
            track_count=len(self._tracks),
        )

    def warnings(self) -> list[str]:
        found, self._warnings = self._warnings, []
        return found

    async def close(self) -> None:
        await self._fade_before_closing()
        self._closed = True
        for task in (self._ticker, self._preparing, *self._feeding):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._ticker = self._preparing = None
        audio_mixer.release(self)
        prepared = self._prepared[1] if self._prepared is not None else None
        for deck in [*self._outgoing, self._current, prepared]:
            if deck is not None:
                deck.stop()
        self._outgoing, self._current, self._prepared = [], None, None

    async def _fade_before_closing(self) -> None:
        """Whatever still sounds fades for half a second: quitting the app must not click."""
        if self._closed or not self.autotick or not any(v > 0 for v in self.mixer_volumes()):
            return
        for deck in self._decks():
            deck.level.move(0.0, self.DECLICK_S)
        self._ensure_ticker()
        began = self.audio_time()
        for _ in range(int(self.DECLICK_S / self.RAMP_TICK_S) + 2):
            await asyncio.sleep(self.RAMP_TICK_S)
            if not any(v > 0 for v in self.mixer_volumes()) or self.audio_time() == began:
                return  # silent now (or time stands still, as in tests: nothing to wait for)

    # For tests, the benchmark and the panel's diagnostics.
    def mixer_volumes(self) -> list[float]:
        """The volume (0–1) the mixer holds right now for each of this player's sounding decks."""
        return [d.mixer_volume() for d in self._decks() if d.started]

    async def tick(self) -> None:
        """One step of the ticker: volumes to the mixer, fades finished, track ends handled."""
        self._step()
        preparing = self._preparing
        if self._transition_due and preparing is not None and not preparing.done():
            # Only when a track ends before the next one is decoded (a very short track).
            with contextlib.suppress(Exception):
                await asyncio.shield(preparing)
            self._step()

    # The machinery.
    def _check_mixer(self, *, open_it: bool = True) -> None:
        """Raise DeviceOffline unless the mixer is open, or closed only for being idle.

        ``open_it``: open a mixer closed for being idle (to play); a look at the player's
        health, a new playlist or a volume leave it closed.
        """
        if self._closed:
            raise DeviceOffline("the player was closed")
        if pygame.mixer.get_init():
            return
        if audio_mixer.idle_closed() and (not open_it or audio_mixer.reopen()):
            return
        raise DeviceOffline("the audio output is closed")

    def _warn(self, message: str) -> None:
        log.info("%s: %s", self.name, message)
        self._warnings.append(message)
        del self._warnings[: -self.MAX_WARNINGS]

    def _decks(self) -> list[Deck]:
        return [*self._outgoing, *([self._current] if self._current is not None else [])]

    def _volume_fraction(self) -> float:
        return max(0.0, min(self.volume_cap, self._master.value())) / 100.0

    def _apply(self) -> None:
        master = self._volume_fraction()
        for deck in self._decks():
            deck.apply(master * deck.gain())

    def _start_deck(self, deck: Deck, fade_s: float) -> None:
        """Start a deck rising to full level over ``fade_s``, or leave it waiting for the stream."""
        if isinstance(deck, StreamDeck) and not deck.can_start():
            return
        deck.start()
        if deck.failed:
            self._mark_bad(deck.track, deck.failed)
            return
        deck.level.set(0.0)
        deck.level.move(1.0, fade_s)
        deck.apply(0.0)

    def _retire(self, deck: Deck, fade_s: float) -> None:
        """Let a deck fade out over ``fade_s`` and stop."""
        deck.pause_when_silent = False
        if not deck.started:
            deck.stop()
            return
        if deck.paused:
            deck.stop()  # already silent
            return
        deck.level.move(0.0, fade_s)
        if deck not in self._outgoing:
            self._outgoing.append(deck)

    def _retire_all(self, fade_s: float) -> None:
        if self._stopping:
            self._cancel_stop()
        current, self._current = self._current, None
        for deck in [*self._outgoing, *([current] if current else [])]:
            self._retire(deck, fade_s)

    def _cancel_stop(self) -> None:
        """A play during a stop's fade: the fading decks go quickly, the volume comes back."""
        scale = self._master.value() / self._restore_volume if self._restore_volume > 0 else 0.0
        for deck in self._outgoing:
            # Keep what is heard the same while the master volume jumps back up.
            gain = deck.gain() * min(1.0, scale)
            deck.level.set(math.asin(min(1.0, gain)) * 2 / math.pi)
            deck.level.move(0.0, self.DECLICK_S)
        self._stopping = False
        self._master.set(self._restore_volume)

    def _mark_bad(self, track: str, reason: str) -> None:
        if track not in self._bad:
            self._bad[track] = reason
            self._warn(f"skipped {_name(track)}: {reason}")

    async def _make_deck(self, track: str) -> Deck:
        info = self._infos.get(track) or TrackInfo(fallback_title(track))
        first_s = min(SoundDeck.FIRST_PIECE_S, SoundDeck.PIECE_S)
        opened = await asyncio.to_thread(open_track, track, self.LONG_TRACK_S, first_s)
        if isinstance(opened, float):
            return StreamDeck(track, dataclasses.replace(info, length_s=opened or None), self.audio_time)
        reader, first = opened
        return SoundDeck(track, info, self.audio_time, reader, first)

    async def _find_playable(self, start: int, step: int, *, wrap: bool) -> tuple[int, Deck] | None:
        """The first track from order position ``start`` that decodes, skipping (and reporting) bad ones."""
        generation = self._generation
        count = len(self._order)
        for k in range(count):
            pos = start + k * step
            if not wrap and not 0 <= pos < count:
                return None
            pos %= count
            track = self._tracks[self._order[pos]]
            if track in self._bad:
                continue
            try:
                deck = await self._make_deck(track)
            except Unplayable as exc:
                if generation == self._generation:
                    self._mark_bad(track, str(exc))
                continue
            return pos, deck
        return None

    async def _switch_to(self, pos: int, *, step: int) -> None:
        """Make the track at ``pos`` (or the next playable one) current, crossfading if playing."""
        preparing = self._preparing
        if preparing is not None and not preparing.done() and self._preparing_pos == pos:
            # The look-ahead is already decoding this very track: wait for it, not decode it twice.
            with contextlib.suppress(Exception):
                await asyncio.shield(preparing)
        prepared, self._prepared = self._prepared, None
        found = prepared if prepared is not None and self._prepared_for == pos else None
        if found is None:
            if prepared is not None:
                prepared[1].stop()
            found = await self._find_playable(pos, step, wrap=True)
        if found is None:
            problems = [*self._dropped, *self._bad.items()]
            raise DeviceUnsupported(f"nothing playable in the playlist: {_summary(problems)}")
        self._pos, deck = found
        old, self._current = self._current, deck
        self._transition_due = False
        if old is not None:
            self._retire(old, self.SKIP_FADE_S)
        if self._state == "playing":
            self._start_deck(deck, self.SKIP_FADE_S)
            self._prepare_next()
        self._apply()
        self._ensure_ticker()

    def _next_pos(self) -> int | None:
        if not self._order:
            return None
        if self._pos + 1 < len(self._order):
            return self._pos + 1
        return 0 if self._loop else None

    def _drop_prepared(self) -> None:
        if self._preparing is not None:
            self._preparing.cancel()
            self._preparing = None
        if self._prepared is not None:
            self._prepared[1].stop()
            self._prepared = None
        self._transition_due = False

    def _prepare_next(self) -> None:
        """Decode the track after the current one in the background, so it is ready in time."""
        nxt = self._next_pos()
        if nxt is None or (self._prepared is not None and self._prepared_for == nxt):
            return
        if self._preparing is not None and not self._preparing.done():
            return
        self._preparing_pos = nxt
        self._preparing = asyncio.get_running_loop().create_task(self._prepare(nxt))

    async def _prepare(self, start: int) -> None:
        generation = self._generation
        found = await self._find_playable(start, 1, wrap=self._loop)
        if generation != self._generation or self._closed:
            if found is not None:
                found[1].stop()
            return
        if self._prepared is not None:
            self._prepared[1].stop()
        # ``found`` may lie further on than ``start`` when bad tracks were skipped on the way.
        self._prepared, self._prepared_for = found, start
        self._nothing_next = found is None

    def _step(self) -> None:
        """Everything the ticker does that needs no waiting."""
        if self._closed or not pygame.mixer.get_init():
            return
        self._observe_clocks()
        if self._stopping and self._master.value() <= 0.0 and not self._master.moving():
            for deck in self._outgoing:
                deck.stop()
            self._outgoing = []
            self._stopping = False
            self._master.set(self._restore_volume)
        for deck in list(self._outgoing):
            if deck.silent() or not deck.busy():
                deck.stop()
                self._outgoing.remove(deck)
        current = self._current
        if current is not None:
            if current.pause_when_silent and current.silent():
                current.pause_when_silent = False
                current.pause()
            if self._state == "playing" and not self._lock.locked():
                self._follow_playlist(current)
        self._apply()
        for deck in self._decks():
            if isinstance(deck, SoundDeck) and deck.started:
                if deck.waiting:
                    deck.hand_over()
                elif deck.needs_piece():
                    self._feed(deck)

    def _feed(self, deck: SoundDeck) -> None:
        """Decode the deck's next piece in a worker thread and hand it to the mixer."""
        deck.feeding = True
        task = asyncio.get_running_loop().create_task(self._decode_piece(deck))
        self._feeding.add(task)
        task.add_done_callback(self._feeding.discard)

    async def _decode_piece(self, deck: SoundDeck) -> None:
        try:
            piece = await asyncio.to_thread(deck.reader.read, SoundDeck.PIECE_S)
        except Unplayable as exc:  # damaged further in: the track ends here
            log.info("%s: %s ends early: %s", self.name, _name(deck.track), exc)
            piece = None
        finally:
            deck.feeding = False
        if not deck.stopped:
            deck.feed(piece)
        self._ensure_ticker()

    def _observe_clocks(self) -> None:
        """Learn how fast the studio clock runs against real time (for long volume fades)."""
        now = (self.audio_time(), self.clock.now())
        if self._clocks is None:
            self._clocks = now
            return
        real, studio = now[0] - self._clocks[0], now[1] - self._clocks[1]
        if real >= 0.05:
            self._rate = max(1e-3, studio / real)
            self._clocks = now

    def next_tick_s(self) -> float:
        """How long the ticker may sleep before something needs doing."""
        decks = self._decks()
        if any(d.level.moving() for d in decks) or self._transition_due:
            return self.RAMP_TICK_S  # a crossfade or a de-click: short, and smooth only if fine
        waits = [self.MAX_SLEEP_S]
        if self._master.moving():
            waits.append(self._master_step_s())
        elif self._stopping:
            waits.append(0.0)
        current = self._current
        if current is not None and self._state == "playing":
            if not current.started:
                waits.append(self.STREAM_CHECK_S / 4)  # waiting for the music stream to be free
            else:
                fade = min(self.CROSSFADE_S, current.length_s / 4)
                left = current.remaining() - fade
                waits.append(left if math.isfinite(left) else self.STREAM_CHECK_S)
                if isinstance(current, StreamDeck):
                    waits.append(self.STREAM_CHECK_S)
        for deck in decks:
            if isinstance(deck, SoundDeck):
                due = deck.refill_in()
                if due is not None:
                    waits.append(due)
        return max(self.RAMP_TICK_S, min(waits))

    def _master_step_s(self) -> float:
        """Real seconds until a fading volume moves what the mixer holds by one of its steps."""
        slope = abs(self._master.slope())  # volume points per studio second
        if slope <= 0:
            return self.MAX_SLEEP_S
        if self._rate is None:
            return self.RAMP_TICK_S  # not yet known how fast studio time runs
        gain = max((d.gain() for d in self._decks() if d.started), default=1.0)
        points_per_step = 100.0 / MIXER_STEPS / max(gain, 0.01)
        # A little under one step, so no tick ever moves the mixer by two.
        return 0.9 * points_per_step / slope / self._rate

    def _follow_playlist(self, current: Deck) -> None:
        """Start a waiting deck, or move on to the next track when this one ends."""
        if not current.started and not current.failed:
            self._start_deck(current, self.CROSSFADE_S / 2)
            if not current.failed:
                return
        if current.failed:
            self._mark_bad(current.track, current.failed)
            ended, fade = True, 0.0
        else:
            # The mixer's busy flag is the truth about the end; the position is the early warning.
            ended = not current.busy() or current.remaining() <= 0.0
            fade = min(self.CROSSFADE_S, current.length_s / 4)
            if not ended and current.remaining() > fade:
                return
        nxt = self._next_pos()
        if nxt is None:
            if ended:  # the end of a playlist that does not loop
                self._retire(current, self.DECLICK_S)
                self._current, self._pos, self._state = None, -1, "stopped"
            return
        prepared = self._prepared
        if prepared is None:
            if self._preparing is None or self._preparing.done():
                if self._nothing_next and ended:
                    self._nothing_next = False
                    self._warn("nothing playable left in the playlist: music stopped")
                    self._retire(current, self.DECLICK_S)
                    self._current, self._state = None, "stopped"
                    return
                self._prepare_next()
            self._transition_due = True
            return
        self._prepared = None
        self._transition_due = False
        self._pos, deck = prepared
        self._current = deck
        self._retire(current, max(0.05, min(fade, current.remaining())) if not ended else 0.05)
        self._start_deck(deck, fade if not ended else self.DECLICK_S)
        self._prepare_next()

    def _busy(self) -> bool:
        """Whether the ticker has anything to watch."""
        if self._stopping or self._outgoing or self._master.moving():
            return True
        current = self._current
        return current is not None and (self._state == "playing" or current.pause_when_silent)

    def _ensure_ticker(self) -> None:
        if not self.autotick or self._closed:
            return
        if self._ticker is None or self._ticker.done():
            self._ticker = asyncio.get_running_loop().create_task(self._run_ticker())
        else:
            self._wake.set()  # something changed: the sleeping ticker looks again now

    async def _run_ticker(self) -> None:
        while not self._closed:
            try:
                await self.tick()
            except Exception:  # a bug here must not silence the music for the rest of the session
                log.exception("%s: music ticker failed", self.name)
            if not self._busy():
                if self._state == "stopped" and self._current is None and not self._lock.locked():
                    audio_mixer.release(self)  # silent now: the mixer may close until the next play
                return
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.next_tick_s())


class SilentMusicPlayer(SimulatedMusicPlayer):
    """Stands in when there is no audio output: keeps time like a player, says once why it is silent."""

    def __init__(self, device_id: str, name: str, clock: TimeSource, reason: str) -> None:
        super().__init__(device_id, name, clock)
        self.reason = reason
        self._told = False
        self._infos: dict[str, TrackInfo] = {}

    async def load(self, tracks: Sequence[str], *, shuffle: bool = False, loop: bool = True) -> None:
        await super().load(tracks, shuffle=shuffle, loop=loop)
        wanted = [str(t) for t in tracks]
        infos, _ = await asyncio.to_thread(_probe, wanted)
        self._infos = infos
        # Keep time with the tracks' real lengths, as the real player would.
        self._durations.update({t: i.length_s for t, i in infos.items() if i.length_s})

    def now_playing(self) -> NowPlaying:
        now = super().now_playing()
        if now.track_index < 0:
            return now
        info = self._infos.get(self._current_track())
        return dataclasses.replace(now, title=info.title, artist=info.artist) if info else now

    @property
    def model(self) -> str:
        return "No audio output (silent)"

    def warnings(self) -> list[str]:
        if self._told:
            return []
        self._told = True
        return [f"No audio output: music is silent ({self.reason})"]


def open_player(
    device_id: str, name: str, clock: TimeSource, *, output: str | None = None, volume_cap: float = 100.0
) -> MusicPlayer:
    """A pygame player on ``output`` (None: the default one), or a silent one with no audio.

    Opening the mixer happens here, once per process, while the studio is being built (well
    under a tenth of a second); everything after that stays off the event loop's critical path.
    """
    already_open = mixer_output()
    try:
        used = open_mixer(output)
    except AudioUnavailable as exc:
        return SilentMusicPlayer(device_id, name, clock, str(exc))
    player = PygameMusicPlayer(device_id, name, clock, output=used, volume_cap=volume_cap)
    if output and used != output:
        where = f"'{used}'" if used else "the default output"
        if already_open is not None:
            player._warn(f"plays on {where}: the app has one audio output and it is already open there")
        else:
            player._warn(f"audio output '{output}' is not available; playing on {where}")
    return player


def _finite(seconds: float) -> float:
    return seconds if math.isfinite(seconds) else 0.0


def _name(track: str) -> str:
    return track.replace("\\", "/").rsplit("/", 1)[-1]


def _summary(problems: Sequence[tuple[str, str]]) -> str:
    items = list(problems)
    shown = ", ".join(f"{_name(t)} ({r})" for t, r in items[:3])
    more = f" and {len(items) - 3} more" if len(items) > 3 else ""
    return (shown + more) or "the playlist is empty"


def _probe(tracks: list[str]) -> tuple[dict[str, TrackInfo], list[tuple[str, str]]]:
    """Tags of every readable file, and why each other one cannot be played (worker thread)."""
    infos: dict[str, TrackInfo] = {}
    problems: list[tuple[str, str]] = []
    for track in tracks:
        if track in infos:
            continue
        reason = unreadable_reason(track)
        if reason:
            problems.append((track, reason))
        else:
            infos[track] = read_track_info(track)
    return infos, problems

"""The process-wide pygame mixer: opening it on an output, listing outputs, sharing its channels.

pygame has one mixer per process, so every player shares it: it opens once, on the first output
asked for, and hands out its channels so two players never play on the same one. While no player
holds it (nothing plays or is paused), SDL would still wake twenty times a second to mix silence:
after ``IDLE_CLOSE_S`` it closes, and the next player to need it opens it again on the same output.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from typing import cast

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

# pygame loads its numpy-based array modules as it starts, and numpy with them (a tenth of a
# second); the mixer needs neither. A None in sys.modules makes those two imports fail quietly
# (pygame expects that: it puts a stand-in there), and numpy comes only when music is decoded.
_ARRAY_MODULES = [name for name in ("pygame.surfarray", "pygame.sndarray") if name not in sys.modules]
for _name in _ARRAY_MODULES:
    sys.modules[_name] = None  # type: ignore[assignment]
try:
    import pygame  # the banner switch above must come first
finally:
    for _name in _ARRAY_MODULES:  # an explicit ``import pygame.sndarray`` works again from here on
        if sys.modules.get(_name) is None:
            del sys.modules[_name]

# CD quality stereo. A large buffer costs nothing for music (a volume step is heard a tenth of a
# second later), avoids underruns on a busy machine and wakes SDL's audio thread half as often.
FREQUENCY = 44100
BUFFER = 4096
DEFAULT_CHANNELS = 8
IDLE_CLOSE_S = 30.0


__all__ = ["AudioUnavailable", "audio_outputs", "open_mixer", "pygame"]


class AudioUnavailable(Exception):
    """The mixer cannot open any audio output; the message says why."""


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Keep the C libraries' own chatter (ALSA's "cannot find card" lines) out of the terminal.

    SDL already turns those failures into one exception we report ourselves; what the libraries
    print on file descriptor 2 is only noise for the person running the app.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (embedded, or captured without a descriptor)
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def mixer_output() -> str | None:
    """The output the mixer is open on ("" for SDL's default), or None while it is closed."""
    # pygame's stubs promise a tuple, but it is None while the mixer is closed.
    initialised = cast("tuple[int, int, int] | None", pygame.mixer.get_init())
    return _state.output if initialised is not None else None


# Opening, closing and listing outputs all start or stop SDL's audio system: one at a time, so
# listing outputs (on a worker thread) never closes a mixer the app has just opened.
_mixer_lock = threading.RLock()


def open_mixer(output: str | None = None) -> str:
    """Open the mixer on ``output`` (None: the default) unless it is open already.

    Returns the output it plays on ("" for the default). An output that does not exist falls
    back to the default one; raises AudioUnavailable when no output can be opened at all.
    """
    with _mixer_lock:
        return _open_mixer(output)


def _open_mixer(output: str | None) -> str:
    if pygame.mixer.get_init():
        return _state.output
    attempts = [output, None] if output else [None]
    reasons: list[str] = []
    for name in attempts:
        try:
            with _quiet_stderr():
                # No format changes allowed: SDL converts for the hardware, and our decoded tracks
                # can be handed to the mixer as they are.
                pygame.mixer.init(FREQUENCY, -16, 2, BUFFER, devicename=name, allowedchanges=0)
        except pygame.error as exc:
            reasons.append(str(exc).strip().rstrip(".") or "unknown error")
            continue
        pygame.mixer.set_num_channels(DEFAULT_CHANNELS)
        _state.output = name or ""
        _state.asked = output
        _state.free = set(range(DEFAULT_CHANNELS))
        _state.idle_closed = False
        if not _state.holders:
            _close_when_idle()
        return _state.output
    raise AudioUnavailable(reasons[-1])


def hold(owner: object) -> None:
    """``owner`` plays (or holds a paused track): the mixer stays open."""
    with _mixer_lock:  # after a close for being idle that is under way, not in the middle of it
        _state.holders.add(id(owner))
        _cancel_idle_close()


def release(owner: object) -> None:
    """``owner`` has nothing sounding any more; with no other holder the mixer closes when idle."""
    _state.holders.discard(id(owner))
    if not _state.holders:
        _close_when_idle()


def reopen() -> bool:
    """Open the mixer again if it closed for being idle; False if it was closed on purpose or cannot open."""
    with _mixer_lock:
        if pygame.mixer.get_init():
            return True
        if not _state.idle_closed:
            return False
        try:
            _open_mixer(_state.asked)
        except AudioUnavailable:
            return False
        return True


def idle_closed() -> bool:
    """Whether the mixer is closed for being idle (the next play opens it again)."""
    return _state.idle_closed and not pygame.mixer.get_init()


def _close_when_idle() -> None:
    _cancel_idle_close()
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no loop (a worker thread, a script): it stays open
        return
    # Closing waits for SDL's audio thread to end (a tenth of a second): not on the event loop.
    _state.closing = loop.call_later(IDLE_CLOSE_S, lambda: loop.run_in_executor(None, _idle_close))


def _cancel_idle_close() -> None:
    if _state.closing is not None:
        _state.closing.cancel()
        _state.closing = None


def _idle_close() -> None:
    with _mixer_lock:
        _state.closing = None
        if _state.holders or _state.stream_owner is not None or not pygame.mixer.get_init():
            return
        pygame.mixer.quit()
        _state.free = set()
        _state.idle_closed = True


def close_mixer() -> None:
    """Close the mixer (every sound stops); the next ``open_mixer`` opens it again."""
    with _mixer_lock:
        _cancel_idle_close()
        if pygame.mixer.get_init():
            pygame.mixer.quit()
        _state.free = set()
        _state.stream_owner = None
        _state.idle_closed = False


def audio_outputs() -> list[str]:
    """The audio outputs SDL offers on this machine (the Devices page lists them); empty when none."""
    with _mixer_lock:
        return _list_outputs()


def _list_outputs() -> list[str]:
    from pygame._sdl2 import audio as sdl_audio

    if pygame.mixer.get_init():
        return list(sdl_audio.get_audio_device_names(False))
    from pygame._sdl2 import sdl2

    try:
        with _quiet_stderr():
            sdl2.init_subsystem(sdl2.INIT_AUDIO)
            return list(sdl_audio.get_audio_device_names(False))
    except Exception:  # no audio system at all: nothing to offer
        return []
    finally:
        # pygame.mixer.init skips opening a device while SDL's audio system is already up, and
        # mixer.quit is what shuts that system down again.
        pygame.mixer.quit()


class _MixerState:
    def __init__(self) -> None:
        self.output = ""
        self.asked: str | None = None  # the output the app asked for (the mixer may use the default)
        self.free: set[int] = set()
        self.stream_owner: object | None = None
        self.holders: set[int] = set()  # the players that need the mixer open (by id)
        self.idle_closed = False  # closed for being idle, to be opened again when needed
        self.closing: asyncio.TimerHandle | None = None


_state = _MixerState()


def claim_channel() -> int:
    """The number of a mixer channel no other deck uses; the mixer grows more when all are taken."""
    if not _state.free:
        count = pygame.mixer.get_num_channels()
        pygame.mixer.set_num_channels(count + 4)
        _state.free.update(range(count, count + 4))
    number = min(_state.free)
    _state.free.discard(number)
    return number


def release_channel(number: int) -> None:
    if pygame.mixer.get_init():
        pygame.mixer.Channel(number).stop()
        _state.free.add(number)


def claim_stream(owner: object) -> bool:
    """Take pygame's single music stream for ``owner``; False when another deck holds it."""
    if _state.stream_owner is not None and _state.stream_owner is not owner:
        return False
    _state.stream_owner = owner
    return True


def release_stream(owner: object) -> None:
    if _state.stream_owner is owner:
        if pygame.mixer.get_init():
            pygame.mixer.music.stop()
            pygame.mixer.music.unload()
        _state.stream_owner = None


def stream_free() -> bool:
    return _state.stream_owner is None

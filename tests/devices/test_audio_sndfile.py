"""libsndfile's decoding (the file's own samples, stereo for the mixer, clear errors) and tags."""

from __future__ import annotations

import wave
from array import array
from pathlib import Path

import pytest

from ambience.devices.audio.decks import TrackReader, open_track
from ambience.devices.audio.mixer import open_mixer
from ambience.devices.audio.sndfile import AudioFile, SndfileError


@pytest.fixture(scope="module", autouse=True)
def mixer():
    open_mixer()


def write_wav(path: Path, samples: list[int], channels: int) -> str:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(44100)
        out.writeframes(array("h", samples).tobytes())
    return str(path)


def test_a_file_reads_as_its_own_samples_a_piece_at_a_time_then_nothing(tmp_path):
    samples = [(i * 37) % 2000 - 1000 for i in range(2 * 44100)]  # one second of stereo
    with AudioFile(write_wav(tmp_path / "a.wav", samples, 2)) as audio:
        assert (audio.frames, audio.samplerate, audio.channels) == (44100, 44100, 2)
        first, rest, after = audio.read_int16(30000), audio.read_int16(30000), audio.read_int16(30000)
    assert array("h", bytes(first) + bytes(rest)).tolist() == samples
    assert len(after) == 0


def test_a_mono_file_plays_the_same_samples_on_both_channels(tmp_path):
    samples = [(i * 53) % 3000 - 1500 for i in range(44100)]
    opened = open_track(write_wav(tmp_path / "mono.wav", samples, 1), 7200.0, 16.0)
    assert isinstance(opened, tuple)
    reader, (sound, seconds) = opened
    assert isinstance(reader, TrackReader) and seconds == pytest.approx(1.0)
    stereo = array("h", sound.get_raw()).tolist()
    assert stereo[0::2] == samples and stereo[1::2] == samples


def test_a_file_with_more_channels_keeps_the_first_two(tmp_path):
    frames = [[f % 30000, -(f % 30000), 7, 9] for f in range(44100)]
    opened = open_track(write_wav(tmp_path / "quad.wav", [s for f in frames for s in f], 4), 7200.0, 16.0)
    assert isinstance(opened, tuple)
    stereo = array("h", opened[1][0].get_raw()).tolist()
    assert stereo == [s for f in frames for s in f[:2]]


def test_a_file_that_is_not_audio_is_refused_with_libsndfiles_reason(tmp_path):
    junk = tmp_path / "notes.ogg"
    junk.write_text("not music at all", encoding="utf-8")
    with pytest.raises(SndfileError, match=r"notes\.ogg"):
        AudioFile(str(junk))


def test_a_closed_file_reads_nothing_more(tmp_path):
    audio = AudioFile(write_wav(tmp_path / "a.wav", [0] * 200, 2))
    audio.close()
    audio.close()  # twice is harmless
    with pytest.raises(SndfileError):
        audio.read_int16(10)


def test_a_file_whose_name_says_ogg_but_holds_other_audio_still_gives_its_length(tmp_path):
    from ambience.devices.audio.tags import read_track_info

    misnamed = write_wav(tmp_path / "really-a-wave.ogg", [0] * 2 * 44100 * 2, 2)
    info = read_track_info(misnamed)
    assert info.length_s == pytest.approx(2.0)
    assert info.title == "really a wave"

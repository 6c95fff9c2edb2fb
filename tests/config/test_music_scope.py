"""Playlists stay inside the library: the preset's folder, the bundled music, the studio's music folders."""

from __future__ import annotations

import shutil
import wave

import pytest

from ambience.cli import main
from ambience.config.library import load_library, load_preset, plan_for, scope_for
from ambience.config.paths import bundled_presets_dir
from ambience.config.rooms import load_rooms

HEAD = 'schema = 1\nname = "Calm"\nminutes = 30\n[lighting]\nlevel = 20\n[music]\n'


def tone(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 80)
    return path


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "library"
    tone(folder / "music" / "rain.wav")
    (folder / "notes.txt").write_text("not music")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.ogg").write_text("root:x:0:0")
    return folder


def problems_of(folder, entries, **kwargs) -> str:
    path = folder / "calm.toml"
    path.write_text(HEAD + f"playlist = {entries!r}\n".replace("'", '"'), encoding="utf-8")
    library = load_library(folder, **kwargs)
    return "; ".join(str(e) for e in library.errors)


def test_a_system_file_by_its_absolute_path_is_refused(library):
    assert problems_of(library, ["/etc/passwd"]) == (
        "calm.toml: music.playlist[0]: an absolute path must lie in one of the studio's music folders"
        " (music_dirs): /etc/passwd"
    )


def test_dot_dot_escapes_are_refused_wherever_they_are(library):
    for entry in ("../outside/secret.ogg", "music/../../outside/secret.ogg", "bundled:../../etc/passwd"):
        assert "'..' is not allowed in a playlist entry" in problems_of(library, [entry]), entry


def test_a_link_that_leads_outside_is_followed_and_refused(library, tmp_path):
    (library / "secret.ogg").symlink_to(tmp_path / "outside" / "secret.ogg")
    (library / "elsewhere").symlink_to(tmp_path / "outside", target_is_directory=True)
    assert "leads outside the music folders: secret.ogg" in problems_of(library, ["secret.ogg"])
    assert "leads outside the music folders: elsewhere" in problems_of(library, ["elsewhere"])


def test_a_link_inside_a_music_folder_that_leads_outside_refuses_the_folder(library, tmp_path):
    (library / "music" / "trap.ogg").symlink_to(tmp_path / "outside" / "secret.ogg")
    assert "music/trap.ogg leads outside the music folders" in problems_of(library, ["music"])


def test_only_audio_the_player_plays_counts_as_a_track(library):
    assert "not a type of audio the player plays (.flac, .mp3, .ogg, .wav): notes.txt" in problems_of(
        library, ["notes.txt"]
    )


def test_a_folder_entry_takes_only_its_audio_files(library):
    (library / "music" / "cover.jpg").write_bytes(b"\xff\xd8")
    assert problems_of(library, ["music"]) == ""
    (loaded,) = load_library(library).presets
    assert [t.name for t in loaded.tracks] == ["rain.wav"]


def test_the_bundled_music_is_reached_with_the_bundled_prefix(library):
    assert problems_of(library, ["bundled:music"]) == ""
    (loaded,) = load_library(library).presets
    assert loaded.tracks and all(
        t.parent == (bundled_presets_dir() / "music").resolve() for t in loaded.tracks
    )


def test_a_bundled_preset_copied_to_the_owners_folder_still_plays_the_bundled_music(tmp_path):
    own = tmp_path / "own"
    own.mkdir()
    for name in ("swedish-massage.toml", "express.toml"):
        shutil.copy(bundled_presets_dir() / name, own / name)
    # An older copy that names the music as a plain relative folder finds it in the bundled library.
    text = (own / "express.toml").read_text(encoding="utf-8").replace('"bundled:music"', '"music"')
    (own / "express.toml").write_text(text, encoding="utf-8")
    library = load_library(own)
    assert library.errors == []
    for loaded in library.presets:
        assert len(loaded.tracks) == 6, loaded.name


def test_the_owners_music_folders_are_allowed_by_absolute_path_and_through_links(library, tmp_path):
    music = tmp_path / "nas" / "music"
    tone(music / "waves.wav")
    (library / "nas").symlink_to(music, target_is_directory=True)
    entries = [str(music / "waves.wav"), "nas"]
    assert "must lie in one of the studio's music folders" in problems_of(library, entries)
    assert problems_of(library, entries, music_dirs=[music]) == ""


def test_presets_check_uses_the_music_folders_of_the_rooms_config(library, tmp_path, capsys):
    music = tmp_path / "nas"
    tone(music / "waves.wav")
    problems_of(library, [str(music / "waves.wav")])
    config = tmp_path / "rooms.toml"
    config.write_text(f'schema = 1\nmusic_dirs = ["{music}"]\n', encoding="utf-8")
    assert load_rooms(config).music_dirs == (str(music),)
    assert main(["presets", "check", str(library)]) == 1
    assert "must lie in one of the studio's music folders" in capsys.readouterr().out
    assert main(["presets", "check", str(library), "--config", str(config)]) == 0


def test_a_plan_built_from_kept_text_leaves_out_what_leads_outside(library):
    path = library / "calm.toml"
    path.write_text(HEAD + 'playlist = ["music"]\n', encoding="utf-8")
    preset = load_preset(path).preset
    hostile = preset.model_copy(
        update={"music": preset.music.model_copy(update={"playlist": ("/etc/passwd",)})}
    )
    plan = plan_for(hostile, library, scope=scope_for(None))
    assert plan.phases[0].tracks == ()
    missing = plan_for(
        preset.model_copy(update={"music": preset.music.model_copy(update={"playlist": ("gone.ogg",)})}),
        library,
    )
    assert missing.phases[0].tracks == (str(library / "gone.ogg"),)

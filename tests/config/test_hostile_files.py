"""Whatever bytes a preset or rooms file holds, loading it ends in a model or one clear message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ambience.cli import main
from ambience.config.library import PresetInvalid, load_library, load_preset
from ambience.config.reading import MAX_PRESET_BYTES
from ambience.config.rooms import load_rooms
from ambience.config.validation import InvalidFile

HEAD = 'schema = 1\nname = "Calm"\nminutes = 30\n[lighting]\nlevel = 20\n'


def refused(path, match: str) -> str:
    with pytest.raises(PresetInvalid) as caught:
        load_preset(path)
    message = str(caught.value)
    assert message.startswith(f"{path.name}: ") and match in message, message
    assert len(message) < 400
    return message


def write(tmp_path, text: str | bytes, name: str = "calm.toml"):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_a_preset_nested_a_thousand_levels_deep_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, HEAD + "x = " + "[" * 1200 + "]" * 1200 + "\n")
    refused(path, "line 6: nested more than 8 levels deep")
    path = write(tmp_path, HEAD + "x = " + "{a = " * 1200 + "1" + "}" * 1200 + "\n")
    refused(path, "nested more than 8 levels deep")


def test_a_key_with_thousands_of_dotted_parts_is_refused_before_the_parser_slows_down(tmp_path):
    path = write(tmp_path, HEAD + "a" + ".a" * 20_000 + " = 1\n")
    refused(path, "line 6: a dotted key with more than 8 parts")


def test_an_integer_of_thousands_of_digits_is_refused(tmp_path):
    refused(write(tmp_path, HEAD.replace("minutes = 30", "minutes = " + "9" * 5000)), "line 3: a number with")
    refused(
        write(tmp_path, HEAD.replace("minutes = 30", "minutes = 0x" + "f" * 30)), "minutes: number too large"
    )


def test_a_nul_in_a_playlist_entry_is_refused_naming_the_entry(tmp_path):
    path = write(tmp_path, HEAD + '[music]\nplaylist = ["a\\u0000b.ogg"]\n')
    refused(path, "music.playlist[0]: must not contain control characters, found '\\x00'")


def test_a_playlist_entry_over_255_characters_is_refused(tmp_path):
    path = write(tmp_path, HEAD + f'[music]\nplaylist = ["{"x" * 300}.ogg"]\n')
    refused(path, "music.playlist[0]: must have at most 255 characters")


def test_a_four_megabyte_description_is_refused_as_too_large(tmp_path):
    text = HEAD.replace('name = "Calm"', f'name = "Calm"\ndescription = "{"x" * 4 * 1024 * 1024}"')
    message = refused(write(tmp_path, text), "too large (4,096 KiB); a file may hold at most 64 KiB")
    assert len(message) < 200


def test_a_description_longer_than_two_thousand_characters_is_refused(tmp_path):
    text = HEAD.replace('name = "Calm"', f'name = "Calm"\ndescription = "{"x" * 2001}"')
    refused(write(tmp_path, text), "description: must have at most 2000 characters")


def test_a_file_in_latin_1_is_named_with_the_line_and_what_to_do(tmp_path):
    path = write(tmp_path, HEAD.replace("Calm", "Salle Été").encode("latin-1"))
    refused(
        path,
        "line 2: not UTF-8 text: byte 0xc9 at column 15 (Latin-1 or Windows-1252?); save the file as UTF-8",
    )


def test_utf_16_is_named_and_a_utf_8_byte_order_mark_is_fine(tmp_path):
    refused(write(tmp_path, HEAD.encode("utf-16")), "saved as UTF-16 text; save it as UTF-8")
    assert load_preset(write(tmp_path, b"\xef\xbb\xbf" + HEAD.encode())).preset.name == "Calm"


def test_a_folder_or_a_pipe_named_like_a_preset_is_refused_without_waiting(tmp_path):
    (tmp_path / "folder.toml").mkdir()
    refused(tmp_path / "folder.toml", "is a folder, not a file")
    os.mkfifo(tmp_path / "pipe.toml")
    refused(tmp_path / "pipe.toml", "is not a regular file")


def test_blank_or_control_character_names_are_refused(tmp_path):
    refused(write(tmp_path, HEAD.replace('"Calm"', '"   "')), "name: must not be blank")
    refused(write(tmp_path, HEAD.replace('"Calm"', '"Calm\\u001b[31m"')), "name: must not contain control")


def test_a_message_never_quotes_a_whole_hostile_value(tmp_path):
    path = write(tmp_path, HEAD.replace('name = "Calm"', f'name = "Calm"\ncolor = "{"#" * 5000}"'))
    message = refused(path, "color: String should match pattern")
    assert "…" in message


def test_presets_check_lists_every_hostile_file_and_exits_1(tmp_path, capsys):
    write(tmp_path, HEAD, "good.toml")
    write(tmp_path, HEAD + "x = " + "[" * 1200 + "]" * 1200, "deep.toml")
    write(tmp_path, HEAD.replace("minutes = 30", "minutes = " + "9" * 5000), "digits.toml")
    write(tmp_path, HEAD + '[music]\nplaylist = ["a\\u0000b"]\n', "nul.toml")
    write(tmp_path, HEAD.replace("Calm", "Été").encode("latin-1"), "latin.toml")
    write(tmp_path, b"x" * (MAX_PRESET_BYTES + 1), "huge.toml")
    assert main(["presets", "check", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [Path(line.split(":")[0]).name for line in lines] == [  # full paths
        "deep.toml",
        "digits.toml",
        "huge.toml",
        "latin.toml",
        "nul.toml",
    ]
    assert [p.path.name for p in load_library(tmp_path).presets] == ["good.toml"]


ROOMS = 'schema = 1\n[[rooms]]\nid = "cedar"\nname = "Salle Été"\n'


def test_a_rooms_file_saved_in_latin_1_is_named_not_raised(tmp_path):
    path = tmp_path / "rooms.toml"
    path.write_bytes(ROOMS.encode("latin-1"))
    with pytest.raises(InvalidFile, match=r"rooms\.toml: line 4: not UTF-8 text: byte 0xc9"):
        load_rooms(path)


def test_the_command_line_answers_a_hostile_rooms_file_with_one_line(tmp_path, capsys):
    path = tmp_path / "rooms.toml"
    for text in (
        ROOMS.encode("latin-1"),
        b"schema = 1\nrooms = " + b"[" * 2000 + b"]" * 2000,
        b"schema = 1\nvolume_cap = " + b"9" * 5000,
        b'schema = 1\npresets_dir = "/a\\u0000b"\n',
        b'schema = 1\nmusic_dirs = ["relative/music"]\n',
    ):
        path.write_bytes(text)
        assert main(["run", "swedish", "--config", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("ambience: rooms.toml: ") and err.count("\n") == 1, err


def test_a_rooms_file_keeps_to_its_sizes(tmp_path):
    path = tmp_path / "rooms.toml"
    path.write_text(
        "schema = 1\n" + "".join(f'[[rooms]]\nid = "r{i}"\nname = "R{i}"\n' for i in range(51)),
        encoding="utf-8",
    )
    with pytest.raises(InvalidFile, match="rooms: Tuple should have at most 50 items"):
        load_rooms(path)


HOSTILE = {
    "deep": b"x = " + b"[" * 1200 + b"]" * 1200,
    "digits": b"x = " + b"9" * 5000,
    "dotted": b"a" + b".a" * 20_000 + b" = 1",
    "latin-1": 'name = "Salle Été"'.encode("latin-1"),
    "huge": b"# " + b"x" * (MAX_PRESET_BYTES + 1),
}


@pytest.mark.parametrize("content", list(HOSTILE.values()), ids=list(HOSTILE))
def test_the_apps_small_files_beside_the_presets_are_read_as_safely(tmp_path, content):
    from ambience.config.order import load_order, order_path
    from ambience.config.owner import load_owner, owner_path

    order_path(tmp_path).write_bytes(content)
    with pytest.raises(InvalidFile, match=order_path(tmp_path).name):
        load_order(tmp_path)
    owner = owner_path(tmp_path / "rooms.toml")
    owner.write_bytes(content)
    with pytest.raises(InvalidFile, match=owner.name):
        load_owner(owner)

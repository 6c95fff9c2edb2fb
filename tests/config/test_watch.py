"""Which preset folders can be left to the system's change notices, and what is followed there."""

from __future__ import annotations

from pathlib import Path

from ambience.config.watch import FolderWatch, file_system_of, sends_notices, watched_paths

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:26 / /tmp rw,nosuid shared:5 - tmpfs tmpfs rw
41 22 0:40 / /srv/studio\\040share rw,relatime shared:20 - cifs //nas/studio rw,vers=3.1.1
42 22 0:41 / /mnt/presets rw,relatime shared:21 - nfs4 nas:/presets rw
43 22 0:42 / /home/owner/remote rw,nosuid shared:22 - fuse.sshfs owner@nas: rw
"""


def test_a_folder_on_a_local_disk_sends_notices_and_a_shared_one_does_not():
    assert sends_notices(Path("/home/owner/presets"), MOUNTINFO)
    assert sends_notices(Path("/tmp/presets"), MOUNTINFO)
    assert not sends_notices(Path("/mnt/presets/relax"), MOUNTINFO)
    assert not sends_notices(Path("/srv/studio share/presets"), MOUNTINFO)  # a space, as mountinfo escapes it
    assert not sends_notices(Path("/home/owner/remote/presets"), MOUNTINFO)  # sshfs: FUSE
    assert file_system_of(Path("/mnt/presetsfolder"), MOUNTINFO) == "ext4"  # not inside /mnt/presets


def test_a_folder_whose_file_system_is_unknown_is_looked_at_as_if_shared():
    assert not sends_notices(Path("/home/owner/presets"), "")
    assert not sends_notices(Path("/home/owner/presets"), "not a mount table\n")


def test_each_preset_file_and_its_folder_are_followed_and_a_missing_folder_by_what_is_above_it(tmp_path):
    presets = tmp_path / "presets"
    presets.mkdir()
    (presets / "relax.toml").write_text("schema = 1\n")
    (presets / "notes.txt").write_text("not a preset\n")
    (presets / "music").mkdir()
    later = tmp_path / "owner" / "presets"  # not made yet: its parent's parent tells when it is
    assert watched_paths([presets, later]) == sorted(
        [str(presets), str(presets / "relax.toml"), str(tmp_path)]
    )


def test_a_local_folder_is_left_to_notices(tmp_path):
    assert FolderWatch([tmp_path]).all_send_notices()  # the tests' own folder is on a local disk

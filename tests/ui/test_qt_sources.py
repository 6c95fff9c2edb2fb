"""Qt's binding reads every module imported after it; the lines it read are not kept for good."""

from __future__ import annotations

import subprocess
import sys


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_modules_imported_after_qt_leave_no_source_lines_behind():
    out = run(
        "import linecache, ambience.ui.qt\n"
        "import ambience.config.rooms as rooms, email.message as message\n"
        "print(rooms.__file__ in linecache.cache, message.__file__ in linecache.cache)\n"
    )
    assert out.split() == ["False", "False"]


def test_a_traceback_still_shows_the_line_that_failed():
    out = run(
        "import traceback, ambience.ui.qt\n"
        "import email.utils\n"
        "try:\n"
        "    email.utils.parsedate_to_datetime('not a date')\n"
        "except ValueError:\n"
        "    print(traceback.format_exc())\n"
    )
    assert "raise ValueError" in out  # the line in email/utils.py, read again from the file

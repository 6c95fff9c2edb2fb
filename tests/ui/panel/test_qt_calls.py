"""Many cheap Qt calls in a row: a PySide6 build that leaks references to None would abort here."""

from __future__ import annotations

import sys

from ambience.ui.qt import QLabel


def test_twenty_thousand_void_qt_calls_leave_none_alone(qapp):
    label = QLabel()
    before = sys.getrefcount(None)
    for i in range(20_000):
        label.setText(str(i))
        label.resize(100 + i % 7, 20)
    after = sys.getrefcount(None)
    assert label.text() == "19999"
    # 6.12.0 on CPython 3.11 dropped one reference per call; a few stray ones are noise.
    assert after > before - 1000

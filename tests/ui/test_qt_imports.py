"""Importing a module after Qt costs no read of its source file (PySide would look for ``__feature__``)."""

from __future__ import annotations

import inspect
import sys

import ambience.ui.qt  # noqa: F401  (its quirk fix is what is tested)


def test_a_module_imported_after_qt_is_not_read_for_pysides_features(tmp_path, monkeypatch):
    (tmp_path / "late_module_for_the_test.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    read: list[object] = []
    original = inspect.getsource
    monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(obj) or original(obj))
    try:
        module = __import__("late_module_for_the_test")  # an import statement's way (PySide hooks it)
        assert module.VALUE == 1
        assert read == []
    finally:
        sys.modules.pop("late_module_for_the_test", None)

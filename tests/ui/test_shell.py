"""The window shown while the app loads gives way to the panel's own."""

from __future__ import annotations

from ambience.ui.qt import QWidget
from ambience.ui.shell import place, show_shell


def test_the_loading_window_is_the_panel_s_colour_and_steps_aside_for_the_panel(qapp):
    shell = show_shell()
    assert shell.isVisible() and shell.objectName() == "panel"
    panel = QWidget()
    place(panel)
    assert panel.isVisible() and not shell.isVisible()
    panel.close()

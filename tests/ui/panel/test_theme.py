"""The theme's buttons: a disabled one looks disabled whatever its role."""

from __future__ import annotations

import pytest

from ambience.ui import theme
from ambience.ui.qt import QColor, QHBoxLayout, QWidget
from ambience.ui.widgets import touch_button


def background(button) -> str:
    """The colour of the button's face, away from its rounded corners and its text."""
    image = button.grab().toImage()
    return QColor(image.pixel(6, image.height() // 2)).name()


@pytest.mark.parametrize("role", ["", "primary", "danger"])
def test_a_disabled_button_looks_disabled_in_every_role(qtbot, role):
    host = QWidget()
    qtbot.addWidget(host)
    host.setStyleSheet(theme.stylesheet())
    row = QHBoxLayout(host)
    enabled, disabled = touch_button("Remove", role or None), touch_button("Remove", role or None)
    disabled.setEnabled(False)
    row.addWidget(enabled)
    row.addWidget(disabled)
    host.show()
    qtbot.waitExposed(host)
    assert background(disabled) != background(enabled)
    assert background(disabled) in (theme.SURFACE, theme.SURFACE_2)

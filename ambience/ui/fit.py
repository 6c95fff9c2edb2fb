"""Fitting a screen to a touch panel: margins that grow with it, fields that wait for a finger."""

from __future__ import annotations

from ambience.ui import theme
from ambience.ui.qt import QLayout, QLineEdit, Qt, QWidget


def scale_of(widget: QWidget) -> float:
    """The panel's scale for a screen the size of ``widget`` (1 at 1024×600, up to 2)."""
    return theme.scale_for(max(1, widget.width()), max(1, widget.height()))


def fit_layout(layout: QLayout, scale: float, margins: tuple[int, int, int, int], spacing: int) -> None:
    """Give ``layout`` its margins and spacing (at scale 1) for ``scale``."""
    left, top, right, bottom = (theme.px(m, scale) for m in margins)
    layout.setContentsMargins(left, top, right, bottom)
    layout.setSpacing(theme.px(spacing, scale))


def focus_on_touch(widget: QWidget) -> None:
    """``widget``'s text fields take the focus (and call up a touch keyboard) only when touched,
    never because the screen opened."""
    for field in widget.findChildren(QLineEdit):
        field.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

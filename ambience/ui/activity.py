"""What counts as a person at the panel: a touch, a press, a key or a wheel (a moving pointer does not)."""

from __future__ import annotations

from ambience.ui.qt import QEvent

ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)

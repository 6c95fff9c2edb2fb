"""Small building blocks shared by the panel's views: touch buttons, labels, cards."""

from __future__ import annotations

from ambience.ui.qt import QFrame, QLabel, QPushButton, QSizePolicy, Qt, QWidget
from ambience.ui.theme import TOUCH


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property (``role``) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def set_text(label: QLabel | QPushButton, text: str) -> None:
    """Change a label only when its text changes (the tick refreshes several times a second)."""
    if label.text() != text:
        label.setText(text)


def set_role(widget: QWidget, role: str) -> None:
    if widget.property("role") != role:
        widget.setProperty("role", role)
        repolish(widget)


def touch_button(text: str, role: str | None = None, *, checkable: bool = False) -> QPushButton:
    """A button a finger can hit; it never takes keyboard focus, so Space and Esc stay the panel's."""
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumSize(TOUCH, TOUCH)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setCheckable(checkable)
    if role:
        button.setProperty("role", role)
    return button


def text_label(text: str = "", role: str | None = None, *, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def card(role: str = "card") -> QFrame:
    frame = QFrame()
    frame.setProperty("role", role)
    return frame

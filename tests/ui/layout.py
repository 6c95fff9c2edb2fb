"""Layout checks for any screen: it fits the window, nothing overlaps, no text is cut, targets are large.

``layout_problems(widget)`` lists, in words, every visible widget that sticks out of its parent
(outside a scrolling list), every two siblings that overlap, every label or button whose text
does not fit (elided labels excepted: they end in "…" on purpose), every wrapped label shorter
than its text, and every button smaller than a finger.
"""

from __future__ import annotations

from typing import Any

from ambience.ui.qt import (
    QAbstractScrollArea,
    QApplication,
    QFontMetrics,
    QLabel,
    QPushButton,
    QRect,
    QWidget,
)
from ambience.ui.theme import TOUCH
from ambience.ui.widgets import ElidedLabel

SIZES = [(800, 480), (1024, 600), (1920, 1080)]


def screen_of(panel: Any) -> tuple[int, int]:
    """The size of the panel's window: the screen every dialog over it must fit."""
    return panel.window.width(), panel.window.height()


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    words = text() if callable(text) else ""
    return f"{type(widget).__name__}({words[:40]!r})" if words else type(widget).__name__


def _in_scroll(widget: QWidget, root: QWidget) -> bool:
    """``widget`` is the content of a scrolling area (it may be larger than what is shown)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def _text_width(widget: QWidget, text: str) -> int:
    metrics = QFontMetrics(widget.font())
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def layout_problems(root: QWidget, screen: tuple[int, int] | None = None) -> list[str]:
    """What is wrong with ``root``'s layout; with ``screen``, ``root`` (a dialog) must also fit it."""
    QApplication.processEvents()
    found: list[str] = []
    hint = root.minimumSizeHint()
    if screen is not None:
        width, height = screen
        if max(hint.width(), root.width()) > width or max(hint.height(), root.height()) > height:
            size = f"{max(hint.width(), root.width())}×{max(hint.height(), root.height())}"
            found.append(f"{_name(root)} is {size}, larger than the {width}×{height} screen")
    if hint.width() > root.width() or hint.height() > root.height():
        found.append(
            f"{_name(root)} needs {hint.width()}×{hint.height()}, has {root.width()}×{root.height()}"
        )
    widgets = [w for w in root.findChildren(QWidget) if w.isVisible() and not w.isWindow()]
    for widget in widgets:
        parent = widget.parentWidget()
        if parent is None:
            continue
        scrolled = _in_scroll(widget, root)
        if not scrolled and not QRect(0, 0, parent.width(), parent.height()).contains(widget.geometry()):
            found.append(
                f"{_name(widget)} sticks out of {_name(parent)}: {widget.geometry()} in {parent.size()}"
            )
        if isinstance(widget, QLabel) and widget.text() and not isinstance(widget, ElidedLabel):
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.contentsRect().width())
                if widget.contentsRect().height() < needed - 1:
                    found.append(
                        f"{_name(widget)} is cut: {widget.contentsRect().height()} < {needed} px high"
                    )
            elif widget.contentsRect().width() < _text_width(widget, widget.text()) - 1:
                found.append(f"{_name(widget)} is cut: {widget.contentsRect().width()} px wide")
        if isinstance(widget, QPushButton):
            if widget.height() < TOUCH - 4 or widget.width() < TOUCH - 4:
                found.append(f"{_name(widget)} is smaller than a finger: {widget.size()}")
            # Its size hint is its words and the style's padding: narrower, and the words are cut.
            wants = widget.sizeHint().width()
            if widget.text() and "…" not in widget.text() and widget.width() < wants - 1:
                found.append(f"{_name(widget)} is cut: {widget.width()} < {wants} px wide")
    for parent in {w.parentWidget() for w in widgets}:
        if parent is None:
            continue
        siblings = [w for w in widgets if w.parentWidget() is parent and parent.layout() is not None]
        for i, first in enumerate(siblings):
            for second in siblings[i + 1 :]:
                both = first.geometry().intersected(second.geometry())
                if both.width() > 1 and both.height() > 1:
                    found.append(f"{_name(first)} overlaps {_name(second)} in {_name(parent)}")
    return found


def assert_fits(widget: QWidget, screen: tuple[int, int] | None = None) -> None:
    problems = layout_problems(widget, screen)
    assert not problems, "\n".join(problems)

"""Checks that a window's layout holds: no two visible widgets overlap, no text is cut off.

A "leaf" is what a person reads or touches: a label, a button, a painted widget. Each leaf's
visible part is its rectangle clipped by every ancestor (so a row scrolled half out of its list
counts only where it shows). Overlays (a sheet, an undo bar, the night screen) are layers of
their own: leaves are compared within a layer, and an overlay must lie inside the window.
"""

from __future__ import annotations

from collections.abc import Iterable

from ambience.ui.qt import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QFontMetrics,
    QLabel,
    QPoint,
    QRect,
    QScrollArea,
    Qt,
    QWidget,
)
from ambience.ui.widgets import ElidedButton, ElidedLabel

# Widgets drawn by hand that a person reads (their own painting keeps inside them).
PAINTED = ("RoleIcon", "PhaseBar", "RoomPicture")
# Widgets laid over the others on purpose: each is its own layer.
OVERLAYS = ("AdjustSheet", "UndoBar", "NightScreen", "WelcomeScreen", "EdgeButton")


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def leaves(window: QWidget) -> list[QWidget]:
    """Every visible leaf of ``window`` (a button's own labels are part of the button)."""
    found: list[QWidget] = []

    def walk(widget: QWidget) -> None:
        for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not child.isVisible():
                continue
            if isinstance(child, QAbstractButton | QLabel) or type(child).__name__ in PAINTED:
                found.append(child)
                continue  # what is inside a button belongs to it
            walk(child)

    walk(window)
    return found


def layer(widget: QWidget) -> QWidget | None:
    """The overlay ``widget`` sits on (None: the window itself)."""
    parent = widget
    while parent is not None:
        if type(parent).__name__ in OVERLAYS:
            return parent
        parent = parent.parentWidget()
    return None


def visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of ``widget`` that shows, in the window's coordinates."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def overlaps(window: QWidget) -> list[str]:
    """Pairs of visible leaves (on the same layer) that cover one another."""
    shown = [(w, visible_rect(w, window), layer(w)) for w in leaves(window)]
    shown = [(w, r, lay) for w, r, lay in shown if not r.isEmpty()]
    problems = []
    for i, (a, ra, la) in enumerate(shown):
        for b, rb, lb in shown[i + 1 :]:
            if la is lb and ra.intersects(rb):
                inter = ra.intersected(rb)
                if inter.width() > 1 and inter.height() > 1:  # a shared border pixel is not an overlap
                    problems.append(f"{describe(a)} {ra.getRect()} overlaps {describe(b)} {rb.getRect()}")
    return problems


def off_screen(window: QWidget) -> list[str]:
    """Leaves that reach outside the window (in a scroll area, the area clips them on purpose)."""
    problems = []
    for widget in leaves(window):
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not in_scroll_area(widget) and not window.rect().contains(rect):
            problems.append(f"{describe(widget)} {rect.getRect()} is outside {window.rect().getRect()}")
    for widget in window.findChildren(QWidget):
        if type(widget).__name__ in OVERLAYS and widget.isVisible():
            rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
            if not window.rect().contains(rect):
                problems.append(f"{describe(widget)} {rect.getRect()} is outside the window")
    return problems


def clipped(window: QWidget) -> list[str]:
    """Labels and buttons whose words do not fit their size (an ElidedLabel may end in "…")."""
    problems = []
    for widget in leaves(window):
        if isinstance(widget, QAbstractButton):
            problems.extend(_button(widget))
            problems.extend(_labels_of(widget))
        elif isinstance(widget, QLabel):
            problems.extend(_label(widget))
    return problems


def _labels_of(button: QAbstractButton) -> Iterable[str]:
    for label in button.findChildren(QLabel):
        if label.isVisible():
            yield from _label(label)


def _button(button: QAbstractButton) -> Iterable[str]:
    text = button.text()
    if isinstance(button, ElidedButton):
        if button.width() < button.minimumSizeHint().width() - 1:
            yield f"elided button {text!r}: only {button.width()} wide"
        return
    if text:
        needed = QFontMetrics(button.font()).horizontalAdvance(text)
        if button.contentsRect().width() < needed or button.width() < button.minimumSizeHint().width() - 1:
            yield f"button {text!r}: {button.width()} wide, needs {button.minimumSizeHint().width()}"
        if button.height() < button.minimumSizeHint().height() - 1:
            yield f"button {text!r}: {button.height()} high, needs {button.minimumSizeHint().height()}"


def _label(label: QLabel) -> Iterable[str]:
    text = label.text()
    if not text:
        return
    metrics = QFontMetrics(label.font())
    if isinstance(label, ElidedLabel):
        # Ending in "…" is its way to fit; it must still show a word's start, on a whole line.
        if label.contentsRect().width() < metrics.horizontalAdvance("Xx…"):
            yield f"elided {text!r}: only {label.contentsRect().width()} wide"
        if label.height() < metrics.height() - 1:
            yield f"elided {text!r}: {label.height()} high, a line needs {metrics.height()}"
        return
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if label.height() < needed - 1:
            yield f"wrapped {text[:40]!r}: {label.height()} high, needs {needed} at {label.width()} wide"
        return
    hint = label.sizeHint()
    if label.width() < hint.width() - 1 or label.height() < hint.height() - 1:
        yield f"label {text!r}: {label.width()}×{label.height()}, needs {hint.width()}×{hint.height()}"


def describe(widget: QWidget) -> str:
    text = getattr(widget, "text", lambda: "")()
    return f"{type(widget).__name__}({text[:24]!r})" if text else type(widget).__name__


def cut_by_scrolling(window: QWidget) -> list[str]:
    """A list that only scrolls one way must fit the other way: nothing hides past its edge."""
    problems = []
    for area in window.findChildren(QScrollArea):
        inner = area.widget()
        if not area.isVisible() or inner is None:
            continue
        view = area.viewport()
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        scrolls = area.property("scrolls")  # a finger drags it this way, with no bar to see
        sideways = scrolls == "horizontal" or area.horizontalScrollBarPolicy() != off
        if not sideways and inner.width() > view.width() + 1:
            problems.append(f"{describe(area)}: {inner.width()} wide in a list {view.width()} wide")
        upways = scrolls == "vertical" or area.verticalScrollBarPolicy() != off
        if not upways and inner.height() > view.height() + 1:
            problems.append(f"{describe(area)}: {inner.height()} high in a strip {view.height()} high")
    return problems


def layout_problems(window: QWidget) -> list[str]:
    settle()
    return overlaps(window) + off_screen(window) + clipped(window) + cut_by_scrolling(window)

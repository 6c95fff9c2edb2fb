"""Small building blocks shared by the panel's views: touch buttons, labels, cards."""

from __future__ import annotations

from ambience.ui.qt import (
    QEvent,
    QFontMetrics,
    QFrame,
    QLabel,
    QLineEdit,
    QPainter,
    QPaintEvent,
    QPushButton,
    QRect,
    QSize,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    Qt,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.theme import TOUCH


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property (``role``) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    if isinstance(widget, TouchButton):
        widget.hold()  # the new style may pad the words differently


def set_text(label: QLabel | QPushButton, text: str) -> None:
    """Change a label only when its text changes (the tick refreshes several times a second)."""
    if label.text() != text:
        label.setText(text)


def set_tooltip(widget: QWidget, text: str) -> None:
    """Change a tooltip only when it changes (each change is an event the widget must handle)."""
    if widget.toolTip() != text:
        widget.setToolTip(text)


def set_role(widget: QWidget, role: str) -> None:
    if widget.property("role") != role:
        widget.setProperty("role", role)
        repolish(widget)


class TouchButton(QPushButton):
    """A button that a layout never squeezes below its words ("ights u" is not a button).

    The style sheet gives every button a minimum size of its own, which a layout honours over
    the button's size hint; so each time the words, the font or the style change, the minimum
    width follows the words. A button that may shorten its words (``whole=False``) is left to
    its layout.
    """

    def __init__(self, text: str = "", *, whole: bool = True) -> None:
        self._holding = True  # not before the button is made
        super().__init__(text)
        self.whole = whole
        self._holding = False

    def setText(self, text: str) -> None:
        super().setText(text)
        self.hold()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.hold()
        return handled

    def hold(self) -> None:
        if not self.whole or self._holding:
            return
        self._holding = True  # measuring may polish the button, which comes back here
        try:
            width = max(TOUCH, self.sizeHint().width())
            if self.minimumWidth() != width:
                self.setMinimumWidth(width)
        finally:
            self._holding = False


def touch_button(
    text: str, role: str | None = None, *, checkable: bool = False, whole: bool = True
) -> QPushButton:
    """A button a finger can hit; it never takes keyboard focus, so Space and Esc stay the panel's.

    Its words are never cut: a layout cannot make it narrower than they are (``whole=False``
    for a button that shortens its own words, such as Start with a long preset name).
    """
    button = TouchButton(text, whole=whole)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumHeight(TOUCH)
    if not whole:
        button.setMinimumWidth(TOUCH)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setCheckable(checkable)
    if role:
        button.setProperty("role", role)
    return button


class ElidedButton(TouchButton):
    """A button whose words end in "…" when it is narrow (a notice beside the rooms); ``text()``
    stays whole, and a tap shows it whole wherever it is used."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text, whole=False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        least = QFontMetrics(self.font()).horizontalAdvance("Xx…") + 24
        return QSize(min(hint.width(), least), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self).width()
        option.text = QFontMetrics(self.font()).elidedText(self.text(), Qt.TextElideMode.ElideRight, room - 8)
        painter = QStylePainter(self)
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        painter.end()

    @property
    def elided(self) -> bool:
        return QFontMetrics(self.font()).horizontalAdvance(self.text()) > self.contentsRect().width() - 8


def text_field(placeholder: str, text: str = "") -> QLineEdit:
    """A one-line field a finger can hit, with a word on what goes in it while it is empty."""
    field = QLineEdit(text)
    field.setPlaceholderText(placeholder)
    field.setMinimumHeight(44)
    return field


def text_label(text: str = "", role: str | None = None, *, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when it is too narrow, instead of widening the layout.

    ``text()`` stays the whole text; hovering shows it when it does not fit.

    A new text that still fits where the label is, about as wide as the last one laid out (a
    countdown's next second), is only painted again: a plain ``setText`` makes Qt lay the whole
    window out anew, every second, for nothing.
    """

    STEADY_SHRINK_PX = 8  # narrower by more than this, and the layout may give the room back
    WIDTHS_KEPT = 16  # texts whose width is remembered (this second's and the last, their parts)

    def __init__(self, text: str = "", role: str | None = None) -> None:
        super().__init__(text)
        self._text = text
        if role:
            self.setProperty("role", role)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    _shorter: tuple[str, ...] = ()
    # Measuring a text lays it out (a few hundredths of a millisecond each time): a new second
    # measures its text once, for setText, the paint and the room buttons' choice of words.
    _metrics: QFontMetrics | None = None
    _widths: dict[str, int] | None = None

    def metrics(self) -> QFontMetrics:
        """The metrics of the label's font as it is now (kept until the font or style changes)."""
        if self._metrics is None:
            self._metrics = QFontMetrics(self.font())
        return self._metrics

    def text_width(self, text: str) -> int:
        """How wide ``text`` is in the label's font, in pixels."""
        widths = self._widths
        if widths is None or len(widths) >= self.WIDTHS_KEPT:
            widths = self._widths = {}
        width = widths.get(text)
        if width is None:
            width = widths[text] = self.metrics().horizontalAdvance(text)
        return width

    def set_texts(self, text: str, *shorter: str) -> None:
        """``text``, or the first of the ``shorter`` ways to say it that fits (the last one elided)."""
        self._shorter = shorter
        set_text(self, text)
        self.update()

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        before, self._text = self._text, text
        width = self.text_width(text)
        laid_out = self.text_width(super().text())  # what the layout last sized it for
        if self.isVisible() and laid_out - self.STEADY_SHRINK_PX <= width <= self.contentsRect().width():
            self.update(self._changed_part(before, text))
        else:
            super().setText(text)

    def _changed_part(self, before: str, after: str) -> QRect:
        """Where ``after`` looks different from ``before``: from the first character that changed to
        the end (a countdown's next second is its last digit or two), when the text is left-aligned
        and fitted whole; otherwise the whole label."""
        rect = self.contentsRect()
        if self._shorter or not self.alignment() & Qt.AlignmentFlag.AlignLeft:
            return self.rect()
        same = 0
        for old, new in zip(before, after, strict=False):
            if old != new:
                break
            same += 1
        # A little either side of the change: a glyph may reach over its neighbour's edge.
        reach = max(2, self.metrics().height() // 8)
        left = rect.left() + self.text_width(after[:same]) - reach
        right = rect.left() + max(self.text_width(before), self.text_width(after)) + reach
        return QRect(left, 0, right - left, self.height()).intersected(self.rect())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.text_width("Xx…"), super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        room = rect.width()
        text = next(
            (t for t in (self.text(), *self._shorter) if self.text_width(t) <= room),
            None,
        )
        if text is None:
            text = (self._shorter or (self.text(),))[-1]
            shown = self.metrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
        else:
            shown = text  # it fits: nothing to shorten
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )
        painter.end()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish):
            self._metrics = self._widths = None  # another font: measure again
        elif kind == QEvent.Type.ToolTip and not self.toolTip() and self.elided:
            QToolTip.showText(event.globalPos(), self.text(), self)  # type: ignore[attr-defined]
            return True
        return super().event(event)

    @property
    def elided(self) -> bool:
        return self.text_width(self.text()) > self.contentsRect().width()


def elide(text: str, widget: QWidget, width: int) -> str:
    """``text`` shortened with "…" to ``width`` pixels in ``widget``'s font."""
    return QFontMetrics(widget.font()).elidedText(text, Qt.TextElideMode.ElideRight, width)


def column_layout(widget: QWidget, *, spacing: int = 8) -> QVBoxLayout:
    """A vertical layout that fills ``widget`` to its edges, ``spacing`` pixels between its items."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    return layout


def card(role: str = "card") -> QFrame:
    frame = QFrame()
    frame.setProperty("role", role)
    return frame

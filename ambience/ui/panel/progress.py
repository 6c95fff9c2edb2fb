"""The session progress bar: one segment per phase, filled up to now, names where they fit."""

from __future__ import annotations

from ambience.ui import theme
from ambience.ui.qt import QColor, QEvent, QFontMetrics, QPainter, QPaintEvent, QRectF, Qt, QWidget

BAR_H = 12
GAP = 4


class PhaseBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spans: list[tuple[str, float]] = []
        self.elapsed = 0.0
        self.current: int | None = None
        self._fit_height()

    def _fit_height(self) -> None:
        # The phase names go under the bar: room for one line of the current font.
        self.setFixedHeight(BAR_H + QFontMetrics(self.font()).height() + 6)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()

    def show_progress(self, spans: list[tuple[str, float]], elapsed: float, current: int | None) -> None:
        # Repainted only when the fill moves by a whole pixel (or the phases change): over an
        # hour-long session that is every few seconds, not on every tick.
        if (spans, current) != (self.spans, self.current) or self._filled(elapsed) != self._filled(
            self.elapsed
        ):
            self.update()
        self.spans, self.elapsed, self.current = spans, elapsed, current

    def _filled(self, elapsed: float) -> int:
        """How many pixels of the bar's width the fill covers at ``elapsed``."""
        total = sum(seconds for _, seconds in self.spans)
        return int(self.width() * max(0.0, min(1.0, elapsed / total))) if total > 0 else 0

    def paintEvent(self, event: QPaintEvent) -> None:
        total = sum(seconds for _, seconds in self.spans)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width()
        if total <= 0:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(theme.SURFACE_3))
            p.drawRoundedRect(QRectF(0, 0, width, BAR_H), BAR_H / 2, BAR_H / 2)
            p.end()
            return
        visible = [(name, seconds) for name, seconds in self.spans if seconds > 0]
        usable = width - GAP * max(0, len(visible) - 1)
        metrics = QFontMetrics(self.font())
        x, start = 0.0, 0.0
        for index, (name, seconds) in enumerate(self.spans):
            if seconds <= 0:
                start += seconds
                continue
            w = usable * seconds / total
            rect = QRectF(x, 0, w, BAR_H)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(theme.SURFACE_3))
            p.drawRoundedRect(rect, 4, 4)
            done = max(0.0, min(1.0, (self.elapsed - start) / seconds))
            if done > 0:
                p.setBrush(QColor(theme.ACCENT if index == self.current else theme.ACCENT_DIM))
                p.drawRoundedRect(QRectF(x, 0, w * done, BAR_H), 4, 4)
            label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(w) - 2)
            if label == name or len(label) >= 6:  # a stub like "W…" says nothing
                p.setPen(QColor(theme.TEXT if index == self.current else theme.FAINT))
                below = QRectF(x, BAR_H + 4, w, self.height() - BAR_H - 4)
                p.drawText(below, Qt.AlignmentFlag.AlignLeft, label)
            x += w + GAP
            start += seconds
        p.end()

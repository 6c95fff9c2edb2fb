"""A small line chart as a PNG, drawn with Qt's QPainter (no plotting library needed)."""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ambience.ui.qt import QApplication, QColor, QFont, QImage, QPainter, QPen, QPointF, QRectF, Qt

BG, GRID, TEXT, LINE, MARK, BASE = "#15110e", "#372d25", "#eadccb", "#dd9f55", "#7fa7c4", "#93b27d"


def nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(1, ticks)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def line_chart(
    path: Path,
    points: Sequence[tuple[float, float]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    marks: Sequence[float] = (),
    mark_label: str = "",
    levels: Sequence[tuple[float, str]] = (),
    y_min: float | None = None,
    size: tuple[int, int] = (960, 420),
) -> None:
    """Draw ``points`` as a line, vertical ticks at ``marks``, dashed horizontal ``levels``; save a PNG."""
    app = QApplication.instance() or QApplication([])
    assert app is not None
    width, height = size
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(BG))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(13)
    p.setFont(font)
    left, right, top, bottom = 70.0, 20.0, 44.0, 50.0
    plot = QRectF(left, top, width - left - right, height - top - bottom)
    xs = [x for x, _ in points]
    ys = [y for _, y in points] + [v for v, _ in levels]
    x0, x1 = min(xs), max(xs) or 1.0
    lo = min(ys) if y_min is None else y_min
    step = nice_step(max(ys) - lo or 1.0)
    y0 = math.floor(lo / step) * step
    y1 = math.ceil(max(ys) / step) * step + step / 2

    def at(x: float, y: float) -> QPointF:
        return QPointF(
            plot.left() + (x - x0) / (x1 - x0 or 1) * plot.width(),
            plot.bottom() - (y - y0) / (y1 - y0 or 1) * plot.height(),
        )

    p.setPen(QPen(QColor(GRID), 1))
    y = y0
    while y <= y1:
        p.drawLine(at(x0, y), at(x1, y))
        p.setPen(QColor(TEXT))
        p.drawText(QRectF(0, at(x0, y).y() - 8, left - 8, 16), Qt.AlignmentFlag.AlignRight, f"{y:g}")
        p.setPen(QPen(QColor(GRID), 1))
        y += step
    xstep = nice_step(x1 - x0, 8)
    x = math.ceil(x0 / xstep) * xstep
    while x <= x1 + 1e-9:
        p.setPen(QColor(TEXT))
        p.drawText(
            QRectF(at(x, y0).x() - 30, plot.bottom() + 4, 60, 16), Qt.AlignmentFlag.AlignCenter, f"{x:g}"
        )
        x += xstep
    p.setPen(QPen(QColor(MARK), 1, Qt.PenStyle.DotLine))
    for m in marks:
        p.drawLine(at(m, y0), at(m, y1))
    for value, label in levels:
        p.setPen(QPen(QColor(BASE), 1.5, Qt.PenStyle.DashLine))
        p.drawLine(at(x0, value), at(x1, value))
        p.drawText(QRectF(plot.left() + 6, at(x0, value).y() - 18, plot.width(), 16), label)
    p.setPen(QPen(QColor(LINE), 2))
    for a, b in itertools.pairwise(points):
        p.drawLine(at(*a), at(*b))
    p.setPen(QColor(TEXT))
    p.drawText(QRectF(left, 8, plot.width(), 20), Qt.AlignmentFlag.AlignLeft, title)
    legend = f"{y_label} (orange)" + (f" · {mark_label} (dotted)" if marks else "")
    p.drawText(QRectF(left, 24, plot.width(), 18), Qt.AlignmentFlag.AlignLeft, legend)
    p.drawText(QRectF(left, height - 24, plot.width(), 18), Qt.AlignmentFlag.AlignCenter, x_label)
    p.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(path))

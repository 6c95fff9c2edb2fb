"""The timeline chart: a whole session against its minutes, as the timeline will play it.

Light level (fades drawn as slopes), music volume, the target temperature, the diffuser's spells
and the phases with their names. The editor shows it large and redraws it as fields change; the
panel shows it small on a preset's detail, before the therapist touches Start. Every line is
labelled on the chart itself: nothing is only in a tooltip.
"""

from __future__ import annotations

from collections.abc import Callable

from ambience.session.preset import MAX_TEMPERATURE_C, MIN_TEMPERATURE_C
from ambience.session.profile import Profile
from ambience.ui import theme
from ambience.ui.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPointF,
    QRectF,
    QSizePolicy,
    Qt,
    QWidget,
    Signal,
)

LIGHT = QColor(theme.LIGHTS)
MUSIC = QColor(theme.COOL)
WARMTH = QColor(theme.HEAT)
SCENT = QColor("#a58fd0")
GRID = QColor(theme.SURFACE_3)
WORDS = QColor(theme.MUTED)


def minute_step(total_min: float, width_px: float) -> int:
    """Minutes between two ticks: about one tick per 70 px, on round numbers."""
    for step in (1, 2, 5, 10, 15, 20, 30, 60, 120):
        if total_min / step * 70 <= width_px:
            return step
    return 240


class TimelineChart(QWidget):
    """Draws a ``Profile``; a tap moves the cursor (``cursor_moved`` with seconds from the start)."""

    cursor_moved = Signal(float)

    def __init__(self, *, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compact = compact
        self.profile: Profile | None = None
        self.stale = False  # the profile is the last good one: the edited preset has problems
        self.marker: float | None = None
        self.setMinimumHeight(90 if compact else 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def set_profile(self, profile: Profile | None, *, stale: bool = False) -> None:
        self.profile, self.stale = profile, stale
        self.update()

    def set_cursor(self, seconds: float | None) -> None:
        if seconds != self.marker:
            self.marker = seconds
            self.update()

    def chart_font(self) -> QFont:
        """The words on the chart: a little smaller than the panel's, so the curves keep the room."""
        font = QFont(self.font())
        size = font.pixelSize() if font.pixelSize() > 0 else round(font.pointSizeF() * 4 / 3)
        font.setPixelSize(max(10, round(size * 0.85)))
        return font

    # Geometry.
    def plot_rect(self) -> QRectF:
        metrics = QFontMetrics(self.chart_font())
        line = metrics.height()
        if self.compact:
            return QRectF(6, line + 6, self.width() - 12, self.height() - 2 * line - 14)
        left = metrics.horizontalAdvance("100 %") + 12
        right = metrics.horizontalAdvance("30 °C") + 18
        return QRectF(left, line + 10, self.width() - left - right, self.height() - 3 * line - 16)

    def x_of(self, seconds: float) -> float:
        rect = self.plot_rect()
        total = self.profile.total_s if self.profile else 1.0
        return rect.left() + rect.width() * max(0.0, min(1.0, seconds / max(total, 1.0)))

    def seconds_at(self, x: float) -> float:
        rect = self.plot_rect()
        total = self.profile.total_s if self.profile else 0.0
        return max(0.0, min(total, (x - rect.left()) / max(1.0, rect.width()) * total))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.profile is not None and event.button() == Qt.MouseButton.LeftButton:
            seconds = self.seconds_at(event.position().x())
            self.set_cursor(seconds)
            self.cursor_moved.emit(seconds)
        super().mouseReleaseEvent(event)

    # Drawing.
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self.chart_font())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(self.rect(), QColor(theme.SURFACE))
        if self.profile is None or self.profile.total_s <= 0:
            painter.setPen(WORDS)
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), "No session to draw yet")
            painter.end()
            return
        if self.stale:
            painter.setOpacity(0.35)
        self._draw(painter, self.profile)
        painter.setOpacity(1.0)
        if self.stale:
            painter.setPen(QColor(theme.WARN))
            rect = self.plot_rect()
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), "Fix the problems below to redraw")
        painter.end()

    def _draw(self, painter: QPainter, profile: Profile) -> None:
        rect = self.plot_rect()
        metrics = QFontMetrics(self.chart_font())
        line = metrics.height()
        scent_h = max(6.0, rect.height() * 0.08)
        curves = QRectF(rect.left(), rect.top(), rect.width(), rect.height() - scent_h - 4)

        # Phases: alternate shades, a line at each boundary, the name above.
        for index, phase in enumerate(profile.phases):
            x0, x1 = self.x_of(phase.start_s), self.x_of(phase.end_s)
            if index % 2:
                painter.fillRect(QRectF(x0, rect.top(), x1 - x0, rect.height()), QColor(theme.SURFACE_2))
            if index:
                painter.setPen(QPen(GRID, 1, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(x0, rect.top() - 2), QPointF(x0, rect.bottom()))
            painter.setPen(QColor(theme.TEXT))
            name = metrics.elidedText(phase.name, Qt.TextElideMode.ElideRight, int(max(0.0, x1 - x0 - 6)))
            painter.drawText(QRectF(x0 + 3, rect.top() - line - 4, x1 - x0 - 6, line), 0, name)

        # Percent grid (light and music share it) and the temperature scale on the right.
        painter.setPen(QPen(GRID, 1))
        roomy = curves.height() >= 4 * line  # on a short chart only the ends of each scale are named
        for pct in (0, 50, 100) if roomy else (0, 100):
            y = curves.bottom() - curves.height() * pct / 100
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            if not self.compact:
                painter.setPen(WORDS)
                painter.drawText(
                    QRectF(0, y - line / 2, rect.left() - 6, line),
                    int(Qt.AlignmentFlag.AlignRight),
                    f"{pct} %",
                )
                painter.setPen(QPen(GRID, 1))

        def y_pct(value: float) -> float:
            return curves.bottom() - curves.height() * max(0.0, min(100.0, value)) / 100

        def y_temp(value: float) -> float:
            span = MAX_TEMPERATURE_C - MIN_TEMPERATURE_C
            frac = (max(MIN_TEMPERATURE_C, min(MAX_TEMPERATURE_C, value)) - MIN_TEMPERATURE_C) / span
            return curves.bottom() - curves.height() * frac

        # The volume cap, dashed.
        cap_y = y_pct(profile.volume_cap)
        painter.setPen(QPen(MUSIC.darker(160), 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(rect.left(), cap_y), QPointF(rect.right(), cap_y))

        # Light: filled under its line, so the room's brightness reads at a glance.
        light_path = self._path(profile.light, y_pct)
        if not light_path.isEmpty():
            fill = QPainterPath(light_path)
            fill.lineTo(QPointF(self.x_of(profile.light[-1][0]), curves.bottom()))
            fill.lineTo(QPointF(self.x_of(profile.light[0][0]), curves.bottom()))
            fill.closeSubpath()
            shade = QColor(LIGHT)
            shade.setAlpha(45)
            painter.fillPath(fill, shade)
            painter.setPen(QPen(LIGHT, 2.5 if not self.compact else 2))
            painter.drawPath(light_path)
        painter.setPen(QPen(MUSIC, 2))
        painter.drawPath(self._path(profile.volume, y_pct))
        painter.setPen(QPen(WARMTH, 2, Qt.PenStyle.DashLine))
        painter.drawPath(self._path(profile.temperature, y_temp))

        # Diffuser spells: a band along the bottom.
        band = QRectF(rect.left(), rect.bottom() - scent_h, rect.width(), scent_h)
        painter.fillRect(band, QColor(theme.BG))
        for start, end in profile.diffuser:
            x0, x1 = self.x_of(start), self.x_of(end)
            painter.fillRect(QRectF(x0, band.top(), max(1.0, x1 - x0), band.height()), SCENT)

        if not self.compact:
            # The temperature scale, and the minutes.
            painter.setPen(WARMTH)
            for value in (
                (MIN_TEMPERATURE_C, 24.0, MAX_TEMPERATURE_C)
                if roomy
                else (MIN_TEMPERATURE_C, MAX_TEMPERATURE_C)
            ):
                y = y_temp(value)
                painter.drawText(QRectF(rect.right() + 6, y - line / 2, 60, line), 0, f"{value:g} °C")
            painter.setPen(WORDS)
            total_min = profile.total_s / 60
            step = minute_step(total_min, rect.width())
            minute = 0
            while minute <= total_min + 1e-9:
                x = self.x_of(minute * 60)
                label = f"{minute}" if minute else "0 min"
                width = metrics.horizontalAdvance(label)
                painter.drawText(QRectF(x - width / 2, rect.bottom() + 2, width + 2, line), 0, label)
                minute += step
            self._legend(painter, rect, line)
        else:
            painter.setPen(WORDS)
            painter.drawText(
                QRectF(rect.left(), rect.bottom() + 2, rect.width(), line),
                int(Qt.AlignmentFlag.AlignRight),
                f"{profile.total_s / 60:g} min",
            )

        if self.marker is not None:
            x = self.x_of(self.marker)
            painter.setPen(QPen(QColor(theme.ACCENT), 2))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def _legend(self, painter: QPainter, rect: QRectF, line: float) -> None:
        """The four colours named along the bottom edge: light, music, warmth, scent."""
        x = rect.left()
        y = self.height() - line - 2
        metrics = QFontMetrics(self.chart_font())
        for colour, words, dashed in (
            (LIGHT, "Light %", False),
            (MUSIC, "Music %", False),
            (WARMTH, "Target °C", True),
            (SCENT, "Diffuser on", False),
        ):
            painter.setPen(QPen(colour, 3, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
            painter.drawLine(QPointF(x, y + line / 2), QPointF(x + 18, y + line / 2))
            painter.setPen(WORDS)
            painter.drawText(QRectF(x + 22, y, 200, line), 0, words)
            x += 22 + metrics.horizontalAdvance(words) + 18

    def _path(self, points: tuple[tuple[float, float], ...], y_of: Callable[[float], float]) -> QPainterPath:
        path = QPainterPath()
        for index, (t, value) in enumerate(points):
            point = QPointF(self.x_of(t), y_of(value))
            if index == 0:
                path.moveTo(point)
            else:
                path.lineTo(point)
        return path

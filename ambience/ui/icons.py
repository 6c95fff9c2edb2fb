"""Small painted icons for the device rows: a bulb that glows, a thermometer, a droplet, a note."""

from __future__ import annotations

from ambience.config.roles import Role
from ambience.ui import theme
from ambience.ui.qt import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPointF, QRectF, Qt, QWidget


class RoleIcon(QWidget):
    """A device's role as a symbol; ``intensity`` (0–1) and ``colour`` show its live state."""

    def __init__(self, role: Role, size: int = 32, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.intensity = 0.0
        self.colour = QColor(theme.MUTED)
        self.setFixedSize(size, size)

    def show_state(self, intensity: float, colour: QColor | None = None) -> None:
        intensity = max(0.0, min(1.0, intensity))
        colour = colour or QColor(theme.MUTED)
        if abs(intensity - self.intensity) > 0.01 or colour != self.colour:
            self.intensity, self.colour = intensity, colour
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = min(self.width(), self.height())
        p.scale(s / 32.0, s / 32.0)
        outline = QPen(QColor(theme.MUTED), 1.6)
        lit = QColor(self.colour)
        lit.setAlphaF(0.25 + 0.75 * self.intensity)
        paint = {
            Role.LIGHT: _bulb,
            Role.THERMOSTAT: _thermometer,
            Role.DIFFUSER: _droplet,
            Role.MUSIC: _note,
        }.get(self.role)
        if paint is not None:
            paint(p, outline, lit, self.intensity)
        p.end()


def _bulb(p: QPainter, outline: QPen, lit: QColor, intensity: float) -> None:
    if intensity > 0.02:
        glow = QColor(lit)
        glow.setAlphaF(0.35 * intensity)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(glow)
        p.drawEllipse(QPointF(16, 13), 15, 15)
    p.setPen(outline)
    p.setBrush(lit if intensity > 0.02 else Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(16, 13), 8.5, 8.5)
    p.setBrush(QColor(theme.MUTED))
    p.drawRoundedRect(QRectF(12.5, 22, 7, 6), 1.5, 1.5)


def _thermometer(p: QPainter, outline: QPen, lit: QColor, intensity: float) -> None:
    p.setPen(outline)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(13, 3, 6, 20), 3, 3)
    p.setBrush(lit)
    p.drawEllipse(QPointF(16, 25), 5, 5)
    height = 2 + 16 * intensity
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRect(QRectF(14.5, 23 - height, 3, height))


def _droplet(p: QPainter, outline: QPen, lit: QColor, intensity: float) -> None:
    path = QPainterPath(QPointF(16, 4))
    path.cubicTo(QPointF(16, 4), QPointF(7, 15), QPointF(7, 20))
    path.cubicTo(QPointF(7, 25), QPointF(11, 29), QPointF(16, 29))
    path.cubicTo(QPointF(21, 29), QPointF(25, 25), QPointF(25, 20))
    path.cubicTo(QPointF(25, 15), QPointF(16, 4), QPointF(16, 4))
    p.setPen(outline)
    p.setBrush(lit if intensity > 0.5 else Qt.BrushStyle.NoBrush)
    p.drawPath(path)


def _note(p: QPainter, outline: QPen, lit: QColor, intensity: float) -> None:
    p.setPen(outline)
    p.setBrush(lit)
    p.drawEllipse(QPointF(10, 24), 4.5, 3.5)
    p.drawEllipse(QPointF(23, 21), 4.5, 3.5)
    pen = QPen(outline)
    pen.setWidthF(2.0)
    p.setPen(pen)
    p.drawLine(QPointF(14.3, 24), QPointF(14.3, 7))
    p.drawLine(QPointF(27.3, 21), QPointF(27.3, 4))
    p.drawLine(QPointF(14.3, 7), QPointF(27.3, 4))

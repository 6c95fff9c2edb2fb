"""Demo mode's picture of the simulated room: light glow, thermometer, diffuser mist and speaker.

Drawn from the room's snapshot (what the simulated devices report), so a demo can be followed
with no devices in sight. It costs little while it waits: the widget is opaque (nothing behind it
is painted again with it), the room is painted once into a cached pixmap and again only when
what it shows changes, and the mist moves one small step per refresh, repainting only its corner.
"""

from __future__ import annotations

import math

from ambience.engine.readings import LightReading, NowPlaying, SwitchReading, ThermostatReading
from ambience.engine.snapshot import RoomSnapshot
from ambience.ui import theme
from ambience.ui.qt import (
    QColor,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPointF,
    QRadialGradient,
    QRect,
    QRectF,
    QSizePolicy,
    Qt,
    QWidget,
)

# The picture is drawn on a 360×160 canvas and scaled to fit.
W, H = 360.0, 160.0
FLOOR_Y = 134.0
TABLE_Y = 96.0
T_MIN, T_MAX = 15.0, 30.0
DIFFUSER_X = W - 30.0
MIST_AREA = QRectF(DIFFUSER_X - 24, FLOOR_Y - 96, 48, 80)  # where the mist drifts, on the canvas


class RoomPicture(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lights: list[LightReading] = []
        self.thermostat: ThermostatReading | None = None
        self.diffuser_on = False
        self.music: NowPlaying | None = None
        self._frame = 0
        self._shown: object = None  # what the picture shows, as last painted
        self._scene: QPixmap | None = None  # the room without its mist, at the widget's size
        self.setMinimumSize(200, 112)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # It paints every pixel itself, so Qt need not paint the card behind it first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setToolTip("The simulated room: lights, warmth, diffuser and music as the devices report them")

    def show_snapshot(self, snapshot: RoomSnapshot) -> None:
        readings = [d.reading for d in snapshot.devices]
        self.lights = [r for r in readings if isinstance(r, LightReading)]
        self.thermostat = next((r for r in readings if isinstance(r, ThermostatReading)), None)
        self.diffuser_on = any(isinstance(r, SwitchReading) and r.on for r in readings)
        self.music = next((r for r in readings if isinstance(r, NowPlaying)), None)
        shown = self._what_is_shown()
        if shown != self._shown:
            self._shown, self._scene = shown, None
            self.update()
        elif self.diffuser_on:
            self._frame += 1
            self.update(self._mist_rect())

    def _what_is_shown(self) -> object:
        """Everything the still picture shows, at the precision it is drawn with."""
        t = self.thermostat
        music = self.music
        return (
            tuple((round(light.level) if light.on else 0, light.kelvin) for light in self.lights[:3]),
            (round(t.current_c, 1), round(t.target_c, 1), t.heating) if t is not None else None,
            self.diffuser_on,
            (music.playing, round(music.volume)) if music is not None else None,
        )

    def _fit(self) -> tuple[float, float, float]:
        """The canvas's scale and offset in the widget (centred, aspect kept)."""
        scale = min(self.width() / W, self.height() / H)
        return scale, (self.width() - W * scale) / 2, (self.height() - H * scale) / 2

    def _mist_rect(self) -> QRect:
        scale, dx, dy = self._fit()
        area = MIST_AREA
        return (
            QRectF(dx + area.x() * scale, dy + area.y() * scale, area.width() * scale, area.height() * scale)
            .toAlignedRect()
            .adjusted(-1, -1, 1, 1)
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        ratio = self.devicePixelRatioF()
        if self._scene is None or self._scene.size() != self.size() * ratio:
            self._scene = self._paint_scene(ratio)
        p = QPainter(self)
        p.setClipRegion(event.region())
        p.drawPixmap(0, 0, self._scene)
        if self.diffuser_on:
            scale, dx, dy = self._fit()
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.translate(dx, dy)
            p.scale(scale, scale)
            p.setClipRect(QRectF(0, 0, W, H), Qt.ClipOperation.IntersectClip)
            self._mist(p)
        p.end()

    def _paint_scene(self, ratio: float) -> QPixmap:
        """The whole widget without the mist: the card's colour around the room, the room in it."""
        scene = QPixmap(self.size() * ratio)
        scene.setDevicePixelRatio(ratio)
        scene.fill(QColor(theme.SURFACE))
        p = QPainter(scene)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale, dx, dy = self._fit()
        p.translate(dx, dy)
        p.scale(scale, scale)
        p.setClipRect(QRectF(0, 0, W, H))
        self._room(p)
        self._glows(p)
        self._table(p)
        self._thermometer(p)
        self._diffuser(p)
        self._speaker(p)
        p.end()
        return scene

    def _room(self, p: QPainter) -> None:
        wall = QLinearGradient(0, 0, 0, FLOOR_Y)
        wall.setColorAt(0, QColor("#1b1612"))
        wall.setColorAt(1, QColor("#241d17"))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(wall)
        p.drawRoundedRect(QRectF(0, 0, W, H), 10, 10)
        p.setBrush(QColor("#2b221b"))
        p.drawRect(QRectF(0, FLOOR_Y, W, H - FLOOR_Y))

    def _light_spots(self) -> list[tuple[QPointF, LightReading]]:
        spots = [QPointF(W / 2, 14), QPointF(W - 74, 60), QPointF(74, 60)]
        return list(zip(spots, self.lights, strict=False))

    def _glows(self, p: QPainter) -> None:
        for index, (centre, light) in enumerate(self._light_spots()):
            level = light.level if light.on else 0.0
            colour = theme.kelvin_colour(light.kelvin)
            radius = 150.0 if index == 0 else 95.0
            glow = QRadialGradient(centre, radius)
            inner = QColor(colour)
            inner.setAlphaF(0.65 * level / 100.0)
            outer = QColor(colour)
            outer.setAlphaF(0.0)
            glow.setColorAt(0, inner)
            glow.setColorAt(1, outer)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(glow)
            p.drawEllipse(centre, radius, radius)
            bulb = QColor(colour)
            bulb.setAlphaF(0.25 + 0.75 * level / 100.0)
            p.setPen(QPen(QColor(theme.FAINT), 1.2))
            if index == 0:  # a pendant from the ceiling
                p.drawLine(QPointF(centre.x(), 0), QPointF(centre.x(), centre.y() - 6))
                p.setBrush(QColor("#3a3028"))
                p.drawChord(QRectF(centre.x() - 16, centre.y() - 8, 32, 20), 0, 180 * 16)
            else:  # a floor lamp
                p.drawLine(QPointF(centre.x(), centre.y() + 8), QPointF(centre.x(), FLOOR_Y))
                p.drawLine(QPointF(centre.x() - 9, FLOOR_Y), QPointF(centre.x() + 9, FLOOR_Y))
                p.setBrush(QColor("#3a3028"))
                p.drawPolygon(
                    [
                        QPointF(centre.x() - 12, centre.y() + 2),
                        QPointF(centre.x() + 12, centre.y() + 2),
                        QPointF(centre.x() + 7, centre.y() - 12),
                        QPointF(centre.x() - 7, centre.y() - 12),
                    ]
                )
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(bulb)
            p.drawEllipse(QPointF(centre.x(), centre.y() + 4), 4.5, 4.5)

    def _table(self, p: QPainter) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#4a3b2f"))
        left = W / 2 - 55
        p.drawRoundedRect(QRectF(left, TABLE_Y, 110, 10), 4, 4)
        p.setBrush(QColor("#5c4a3b"))
        p.drawRoundedRect(QRectF(left + 3, TABLE_Y - 6, 104, 8), 4, 4)  # the towel
        p.setBrush(QColor("#3a2e25"))
        for x in (left + 7, left + 99):
            p.drawRect(QRectF(x, TABLE_Y + 10, 5, FLOOR_Y - TABLE_Y - 10))

    def _thermometer(self, p: QPainter) -> None:
        x, top, bottom = 26.0, 52.0, 108.0
        t = self.thermostat
        p.setPen(QPen(QColor(theme.MUTED), 1.2))
        p.setBrush(QColor("#1a1511"))
        p.drawRoundedRect(QRectF(x - 4, top, 8, bottom - top), 4, 4)
        fill = QColor(theme.HEAT if t is not None and t.heating else theme.COOL)
        p.setBrush(fill)
        p.drawEllipse(QPointF(x, bottom + 5), 7, 7)
        if t is None:
            return
        span = bottom - top - 4

        def y_of(celsius: float) -> float:
            return bottom - span * max(0.0, min(1.0, (celsius - T_MIN) / (T_MAX - T_MIN)))

        p.setPen(Qt.PenStyle.NoPen)
        level = y_of(t.current_c)
        p.drawRect(QRectF(x - 2, level, 4, bottom - level + 2))
        p.setPen(QPen(QColor(theme.ACCENT), 1.5))
        target = y_of(t.target_c)
        p.drawLine(QPointF(x + 6, target), QPointF(x + 12, target))
        p.setPen(QColor(theme.TEXT))
        font = p.font()
        font.setPixelSize(10)
        p.setFont(font)
        p.drawText(QRectF(x - 20, top - 16, 44, 14), Qt.AlignmentFlag.AlignCenter, f"{t.current_c:.1f}°")
        if t.heating:  # warmth rising
            p.setPen(QPen(QColor(theme.HEAT), 1.2))
            for dx in (-5, 0, 5):
                y0 = bottom + 22
                p.drawLine(QPointF(x + 20 + dx, y0), QPointF(x + 22 + dx, y0 - 6))

    def _diffuser(self, p: QPainter) -> None:
        x = DIFFUSER_X
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#6d5a49"))
        p.drawPolygon(
            [
                QPointF(x - 10, FLOOR_Y),
                QPointF(x + 10, FLOOR_Y),
                QPointF(x + 6, FLOOR_Y - 16),
                QPointF(x - 6, FLOOR_Y - 16),
            ]
        )

    def _mist(self, p: QPainter) -> None:
        x = DIFFUSER_X
        p.setPen(Qt.PenStyle.NoPen)
        for i in range(5):
            rise = ((self._frame * 3 + i * 14) % 70) / 70.0
            mist = QColor(theme.COOL)
            mist.setAlphaF(0.35 * (1.0 - rise))
            p.setBrush(mist)
            wobble = 5 * math.sin((self._frame + i * 7) / 3.0)
            p.drawEllipse(QPointF(x + wobble, FLOOR_Y - 22 - rise * 60), 6 + rise * 8, 4 + rise * 5)

    def _speaker(self, p: QPainter) -> None:
        x, y = W - 60.0, 22.0
        music = self.music
        playing = music is not None and music.playing
        p.setPen(QPen(QColor(theme.MUTED), 1.2))
        p.setBrush(QColor("#3a3028"))
        p.drawRect(QRectF(x - 8, y - 5, 7, 10))
        p.drawPolygon(
            [QPointF(x - 1, y - 5), QPointF(x + 7, y - 11), QPointF(x + 7, y + 11), QPointF(x - 1, y + 5)]
        )
        volume = music.volume if music is not None else 0.0
        if playing:
            waves = max(1, math.ceil(volume / 25))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor(theme.ACCENT), 1.5))
            for i in range(waves):
                r = 6 + i * 5
                p.drawArc(QRectF(x + 8 - r, y - r, 2 * r, 2 * r), -45 * 16, 90 * 16)
        p.setPen(QColor(theme.TEXT if playing else theme.FAINT))
        font = p.font()
        font.setPixelSize(10)
        p.setFont(font)
        p.drawText(QRectF(x - 16, y + 12, 46, 14), Qt.AlignmentFlag.AlignCenter, f"{volume:.0f} %")

"""Finger scrolling: every list that scrolls follows a dragging finger and glides on (QScroller)."""

from __future__ import annotations

from typing import TypeVar

from ambience.ui.qt import QAbstractScrollArea, QScroller, QScrollerProperties, Qt

Area = TypeVar("Area", bound=QAbstractScrollArea)


def kinetic(area: Area, *, horizontal: bool = False) -> Area:
    """Let a finger (or a held mouse button) drag ``area`` and let it glide to a calm stop.

    The left-button gesture also serves touch screens: Qt turns an unhandled touch into mouse
    events, so the same drag works with a finger, a stylus that acts as a mouse, or a mouse.
    A tap that does not move still reaches the button under it; a drag never presses one.
    """
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    metric = QScrollerProperties.ScrollMetric
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    # No rubber band past the ends: a list that bounces is one more thing moving in a calm room.
    props.setScrollMetric(metric.HorizontalOvershootPolicy, off)
    props.setScrollMetric(metric.VerticalOvershootPolicy, off)
    # A finger resting on a button while it wobbles a little is a tap, not a drag.
    props.setScrollMetric(metric.DragStartDistance, 0.004)
    # A tap reaches its button at once (a drag still presses nothing: the scroller takes it back).
    props.setScrollMetric(metric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(props)
    # The one way it scrolls (the other way, what it holds must fit).
    area.setProperty("scrolls", "horizontal" if horizontal else "vertical")
    if horizontal:
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    else:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area

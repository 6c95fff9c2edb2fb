"""A client's preferences turned into session events, so the timeline keeps every bound."""

from __future__ import annotations

from ambience.journal.daybook import ClientPreferences
from ambience.session.timeline import EventKind, Session


def apply_preferences(session: Session, prefs: ClientPreferences | None, at: float) -> None:
    """Add ``prefs`` to ``session`` as events at ``at`` (the timeline bounds each of them)."""
    if prefs is None:
        return
    session.client = prefs.name
    if prefs.no_scent:
        session.add(EventKind.NO_SCENT, at)
    if prefs.volume is not None:
        session.add(EventKind.CLIENT_VOLUME, at, amount=prefs.volume)
    if prefs.warmth:
        session.add(EventKind.CLIENT_WARMTH, at, amount=prefs.warmth)


def describe(prefs: ClientPreferences) -> list[str]:
    """Short lines for the running view and the day view: ``No scent``, ``Music 20 %``, ``+1.5 °C``."""
    lines = []
    if prefs.no_scent:
        lines.append("No scent")
    if prefs.volume is not None:
        lines.append(f"Music {prefs.volume:.0f} %")
    if prefs.warmth:
        lines.append(f"{prefs.warmth:+.1f} °C")
    if prefs.note:
        lines.append(prefs.note)
    return lines

"""The studio's clients: preferences checked against the studio's bounds, one client's data exported
or forgotten.

Preferences are actions for the room only (no scent, a music volume, a little warmer or cooler, a
usual preset, a short note), never anything about a client's health; a note that reads like health
information is pointed out to the owner. Exporting writes everything kept about one client (their
preferences, bookings and sessions) to a JSON or CSV file; forgetting removes their preferences and
their name from every booking and session in one step.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from ambience.config.rooms import StudioConfig
from ambience.config.storage import atomic_write_text
from ambience.journal.daybook import ClientPreferences, DayBook
from ambience.journal.history import HistoryRow, read_history
from ambience.session.safety import MAX_TEMPERATURE_C, MIN_TEMPERATURE_C
from ambience.session.timeline import MAX_WARMTH_C

MAX_NAME_CHARS = 60
MAX_NOTE_CHARS = 120
WARMTH_STEP_C = 0.5
Format = Literal["json", "csv"]

# Words that say something about a body rather than about the room: the note is for actions only.
HEALTH_WORDS = re.compile(
    r"\b(allerg\w*|asthma\w*|pregnan\w*|injur\w*|diabet\w*|epilep\w*|medicat\w*|medicine\w*|"
    r"surgery|operation|pain\w*|illness|ill|sick\w*|condition\w*|migraine\w*|blood|heart|"
    r"cancer|disease\w*|diagnos\w*|therapy for|arthritis|hernia|fracture\w*|sprain\w*)\b",
    re.IGNORECASE,
)
ACTIONS_ONLY = (
    "Only what the room should do. Never health information: no conditions, injuries, allergies, "
    "pregnancy or medication."
)


@dataclass(frozen=True)
class ClientSummary:
    """What the studio keeps about one client, counted (for the list and the delete question)."""

    name: str
    prefs: ClientPreferences | None
    bookings: int  # bookings that name them
    sessions: int  # sessions in the history that name them
    from_calendar: int = 0  # of the bookings, those a calendar brought


def summaries(book: DayBook) -> list[ClientSummary]:
    """Every client the studio knows of, in name order."""
    return [summary(book, name) for name in book.client_names()]


def summary(book: DayBook, name: str) -> ClientSummary:
    data = book.client_data(name)
    prefs = book.client(name)
    imported = sum(
        1
        for b in book.bookings()
        if b.client and b.client.casefold() == name.strip().casefold() and b.imported
    )
    return ClientSummary(
        prefs.name if prefs else name.strip(), prefs, len(data["bookings"]), len(data["sessions"]), imported
    )


def check_client(
    prefs: ClientPreferences,
    config: StudioConfig,
    presets: Sequence[str],
    book: DayBook,
    was: str | None = None,
) -> dict[str, str]:
    """Each field's problem (``name``, ``volume``, ``warmth``, ``preset``, ``note``), in the owner's words."""
    found: dict[str, str] = {}
    name = prefs.name.strip()
    if not name:
        found["name"] = "give the client's name"
    elif len(name) > MAX_NAME_CHARS:
        found["name"] = f"at most {MAX_NAME_CHARS} characters ({len(name)} now)"
    elif not name.isprintable():
        found["name"] = "letters, digits and spaces only (no tabs or line breaks)"
    else:
        other = book.client(name)
        if other is not None and (was is None or was.strip().casefold() != name.casefold()):
            found["name"] = f"there is already a client called {other.name}"
    if prefs.volume is not None and not 0.0 <= prefs.volume <= config.volume_cap:
        found["volume"] = f"between 0 and {config.volume_cap:g} % (the studio's volume cap)"
    if not -MAX_WARMTH_C <= prefs.warmth <= MAX_WARMTH_C:
        found["warmth"] = f"at most {MAX_WARMTH_C:g} °C warmer or cooler than the preset"
    if prefs.preset is not None and prefs.preset not in presets:
        found["preset"] = f"no preset is called {prefs.preset} (it may have been removed)"
    note = prefs.note.strip()
    if len(note) > MAX_NOTE_CHARS:
        found["note"] = f"at most {MAX_NOTE_CHARS} characters ({len(note)} now)"
    elif not note.isprintable():
        found["note"] = "one line of text (no tabs or line breaks)"
    return found


def health_warning(note: str) -> str:
    """A word of warning when a note seems to say something about the client's health ("" if not)."""
    word = HEALTH_WORDS.search(note)
    if word is None:
        return ""
    return (
        f"“{word.group(0)}” sounds like health information. Keep only what the room should do: "
        "no conditions, injuries, allergies, pregnancy or medication."
    )


def warmth_words(warmth: float) -> str:
    """``As the preset``, ``1.5 °C warmer``, ``2 °C cooler``."""
    if abs(warmth) < 1e-9:
        return "As the preset"
    return f"{abs(warmth):g} °C {'warmer' if warmth > 0 else 'cooler'}"


def bounds_words() -> str:
    return f"kept within {MIN_TEMPERATURE_C:g}–{MAX_TEMPERATURE_C:g} °C"


# Export.
def client_export(
    book: DayBook,
    name: str,
    *,
    journal_path: Path | None = None,
    room_names: dict[str, str] | None = None,
    now: float | None = None,
) -> dict[str, Any]:
    """Everything kept about ``name``: preferences, bookings and sessions (with the history's details)."""
    data = book.client_data(name)
    rooms = room_names or {}
    sessions: dict[str, HistoryRow] = {}
    if journal_path is not None and data["sessions"]:
        wanted = {s["session"] for s in data["sessions"]}
        notes = book.session_notes(list(wanted))
        sessions = {r.session_id: r for r in read_history(journal_path, notes, room_names=rooms)}
    when = datetime.fromtimestamp(now) if now is not None else datetime.now()
    prefs = book.client(name)
    return {
        "client": prefs.name if prefs is not None else data["client"],
        "exported_at": when.isoformat(timespec="seconds"),
        "preferences": data["preferences"],
        "bookings": [
            {
                "starts": _local(b["starts_at"]),
                "room": rooms.get(b["room"], b["room"]),
                "preset": b["preset"],
                "notes": b["notes"],
                "state": b["state"],
            }
            for b in data["bookings"]
        ],
        "sessions": [_session(s, sessions.get(s["session"]), rooms) for s in data["sessions"]],
    }


def _session(note: dict[str, Any], row: HistoryRow | None, rooms: dict[str, str]) -> dict[str, Any]:
    if row is None:
        return {
            "session": note["session"],
            "room": rooms.get(note["room"], note["room"]),
            "at": _local(note["at"]),
        }
    return {
        "session": row.session_id,
        "room": row.room,
        "preset": row.preset,
        "start": _local(row.started_at),
        "end": _local(row.ended_at),
        "minutes": round(row.minutes),
    }


def _local(t: float) -> str:
    return datetime.fromtimestamp(t).isoformat(timespec="minutes")


def export_text(data: dict[str, Any], fmt: Format) -> str:
    """The export as JSON, or as CSV with one line per preference, booking and session."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("client", "record", "when", "until", "room", "preset", "state", "details"))
    name = data["client"]
    prefs = data["preferences"]
    if prefs is not None:
        details = "; ".join(
            f"{key}={'' if value is None else value}" for key, value in prefs.items() if key != "preset"
        )
        writer.writerow((name, "preferences", "", "", "", prefs.get("preset") or "", "", details))
    for b in data["bookings"]:
        writer.writerow((name, "booking", b["starts"], "", b["room"], b["preset"], b["state"], b["notes"]))
    for s in data["sessions"]:
        writer.writerow(
            (
                name,
                "session",
                s.get("start", s.get("at", "")),
                s.get("end", ""),
                s["room"],
                s.get("preset", ""),
                "",
                f"{s['minutes']} min" if "minutes" in s else "",
            )
        )
    return out.getvalue()


def export_name(name: str, fmt: Format, day: str) -> str:
    """``client-anna-smith-2027-03-22.json``: the name made safe as a file name."""
    slug = re.sub(r"[^\w]+", "-", name.strip().casefold(), flags=re.UNICODE).strip("-_")[:40] or "client"
    return f"client-{slug}-{day}.{fmt}"


def write_export(data: dict[str, Any], folder: Path, fmt: Format) -> Path:
    """Write ``data`` into ``folder`` as a new file (an existing one is never replaced); readable by
    its owner only, as it is one person's data."""
    folder = Path(folder).expanduser()
    day = str(data["exported_at"])[:10]
    base = export_name(str(data["client"]), fmt, day)
    path = folder / base
    stem, suffix = path.stem, path.suffix
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    atomic_write_text(path, export_text(data, fmt), backup=False)
    os.chmod(path, 0o600)
    return path


def forget_words(found: ClientSummary) -> str:
    """What deleting a client removes, said exactly (for the question asked first)."""
    parts = []
    if found.prefs is not None:
        parts.append(f"{found.name}'s preferences")
    if found.bookings:
        plural = "s" if found.bookings != 1 else ""
        parts.append(
            f"their name on {found.bookings} booking{plural} (the bookings stay, with no name or note)"
        )
    if found.sessions:
        plural = "s" if found.sessions != 1 else ""
        parts.append(f"their name on {found.sessions} session{plural} in the history")
    if not parts:
        return f"Nothing is kept about {found.name}."
    text = "This removes " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] + "."
    if found.from_calendar:
        text += (
            " Bookings that came from a calendar keep their time; the calendar itself still has the "
            "name, so remove it there too."
        )
    return text + " It cannot be undone."

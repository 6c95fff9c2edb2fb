"""The owner's history: every finished session of a day or a week, per room, with totals and CSV.

Read from the journal file (read-only) and the day book's notes; never waits on a device.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from ambience.config.paths import exports_dir
from ambience.config.storage import atomic_write_text
from ambience.journal.daybook import DayBook
from ambience.journal.history import HistoryRow, Totals, local_bounds, read_history, to_csv, totals, week_of
from ambience.ui.fit import fit_layout, scale_of
from ambience.ui.lists import ScrollList
from ambience.ui.qt import (
    QButtonGroup,
    QDialog,
    QFrame,
    QHBoxLayout,
    QResizeEvent,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ambience.ui.strip import ChoiceStrip
from ambience.ui.theme import px
from ambience.ui.widgets import ElidedLabel, card, set_text, text_label, touch_button


class HistoryView(QDialog):
    """Finished sessions, filtered by day or week and room, with the period's totals."""

    def __init__(
        self,
        parent: QWidget,
        journal_path: Path | None,
        book: DayBook,
        rooms: dict[str, str],
        today: date,
        *,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("History")
        self.setObjectName("panel")
        self.journal_path = journal_path
        self.book = book
        self.rooms = rooms
        self.day = today
        self.week = False
        self.export_dir = export_dir
        self.rows: list[HistoryRow] = []

        self.day_button = touch_button("Day", checkable=True)
        self.week_button = touch_button("Week", checkable=True)
        self.span = QButtonGroup(self)
        self.span.addButton(self.day_button, 0)
        self.span.addButton(self.week_button, 1)
        self.day_button.setChecked(True)
        self.span.idClicked.connect(self._span)
        self.previous = touch_button("◀")
        self.next = touch_button("▶")
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        # Touch buttons, not a drop-down: a row that scrolls when the studio has many rooms.
        self.room = ChoiceStrip([("", "Every room"), *rooms.items()], "")
        self.room.chosen.connect(lambda _room: self.refresh())
        self.room.setVisible(len(rooms) > 1)
        self.title = ElidedLabel("", "title")  # never wider than a small screen
        self.export_button = touch_button("Export CSV")
        self.export_button.clicked.connect(self.export)
        self.close_button = touch_button("Close", "primary")
        self.close_button.clicked.connect(self.accept)
        self.status = ElidedLabel("", "muted")

        self.summary = text_label("", "phase")
        self.by_room = text_label("", "next", wrap=True)
        self.presets = text_label("", "next", wrap=True)
        self.problems = text_label("", "warning", wrap=True)
        totals_card = card()
        totals_box = QVBoxLayout(totals_card)
        totals_box.setContentsMargins(14, 10, 14, 10)
        totals_box.addWidget(text_label("TOTALS", "heading"))
        for label in (self.summary, self.by_room, self.presets, self.problems):
            totals_box.addWidget(label)
        totals_box.addStretch(1)

        self.list = ScrollList(spacing=0)

        top = QHBoxLayout()
        top.addWidget(self.day_button)
        top.addWidget(self.week_button)
        top.addWidget(self.previous)
        top.addWidget(self.title, 1)
        top.addWidget(self.next)
        top.addWidget(self.close_button)
        self.body = QHBoxLayout()
        self.body.addWidget(self.list, 3)
        self.body.addWidget(totals_card, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        self.main = QVBoxLayout(self)
        self.main.addLayout(top)
        self.main.addWidget(self.room)
        self.main.addLayout(self.body, 1)
        self.main.addLayout(bottom)
        self._fit()
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        scale = scale_of(self)
        fit_layout(self.main, scale, (16, 10, 16, 12), 10)
        self.body.setSpacing(px(14, scale))

    def _span(self, index: int) -> None:
        self.week = index == 1
        self.refresh()

    def step(self, steps: int) -> None:
        self.day += timedelta(days=7 * steps if self.week else steps)
        self.refresh()

    def period(self) -> tuple[date, date]:
        return week_of(self.day) if self.week else (self.day, self.day + timedelta(days=1))

    def refresh(self) -> None:
        first, after = self.period()
        room_id = self.room.value() or None
        if self.journal_path is None:
            self.rows = []
        else:
            lo, hi = local_bounds(first, after)
            self.rows = read_history(
                self.journal_path, self.book.session_notes(), lo, hi, self.rooms, room_id
            )
        if self.week:
            self.title.set_texts(f"Week of {first:%d %B %Y}", f"Week of {first:%d %B}", f"{first:%d %b} +7")
        else:
            self.title.set_texts(f"{first:%A %d %B %Y}", f"{first:%a %d %B %Y}", f"{first:%a %d %b}")
        empty = text_label("No finished sessions in this period.", "muted")
        self.list.set_rows([_row(row, self.week) for row in self.rows] or [empty])
        self._show_totals(totals(self.rows))

    def _show_totals(self, t: Totals) -> None:
        set_text(self.summary, f"{t.sessions} session{'s' if t.sessions != 1 else ''} · {t.minutes:.0f} min")
        set_text(self.by_room, "\n".join(f"{name}: {m:.0f} min" for name, m in t.minutes_by_room.items()))
        top = ", ".join(f"{name} ({count})" for name, count in t.presets[:3])
        set_text(self.presets, f"Most used: {top}" if top else "")
        set_text(
            self.problems,
            f"Device problems in: {', '.join(t.rooms_with_problems)}" if t.rooms_with_problems else "",
        )

    def export(self) -> Path | None:
        """Write the rows shown as CSV into the exports folder; the path is shown."""
        first, after = self.period()
        folder = self.export_dir or exports_dir()
        name = f"history-{first.isoformat()}" + (
            f"-to-{(after - timedelta(days=1)).isoformat()}" if self.week else ""
        )
        path = folder / f"{name}.csv"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, to_csv(self.rows))
        except OSError as exc:
            set_text(self.status, f"Could not write {path}: {exc.strerror or exc}")
            return None
        set_text(self.status, f"Saved {len(self.rows)} sessions to {path}")
        return path


def _row(row: HistoryRow, week: bool) -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "row")
    start = datetime.fromtimestamp(row.started_at)
    when = f"{start:%a %H:%M}" if week else f"{start:%H:%M}"
    time_label = text_label(f"{when}–{datetime.fromtimestamp(row.ended_at):%H:%M}", "tile-length")
    what = ElidedLabel(f"{row.preset} · {row.room}", "tile-name")
    facts = [row.client or "No client", f"{row.minutes:.0f} min"]
    if row.pauses:
        facts.append(f"{row.pauses} pause" + ("s" if row.pauses > 1 else ""))
    if row.extended_minutes:
        facts.append(f"+{row.extended_minutes:g} min")
    if row.skipped:
        facts.append(f"{row.skipped} phase{'s' if row.skipped > 1 else ''} skipped")
    detail = ElidedLabel(" · ".join(facts), "tile-summary")
    words = QVBoxLayout()
    words.setSpacing(2)
    words.addWidget(what)
    words.addWidget(detail)
    if row.problems:
        words.addWidget(text_label("⚠ " + "; ".join(row.problems), "warning", wrap=True))
    line = QHBoxLayout(frame)
    line.setContentsMargins(6, 8, 6, 8)
    line.setSpacing(14)
    line.addWidget(time_label, 0, Qt.AlignmentFlag.AlignTop)
    line.addLayout(words, 1)
    return frame

"""Takes the README's pictures of the studio's day: the day view, a room Ready for its client, the
history, the owner's calendars (the calendar, the rules, the preview) and clients screens.

    uv run python -m tools.day_screenshots docs/screenshots [--size 1024x600]

The demo's day (three bookings, one from the bundled sample calendar, and a few sessions
earlier in the day) on a stopped clock, moved to the moment Anna's booking is ready.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

from ambience.agenda import demo
from ambience.agenda.demo import seed_demo_day
from ambience.agenda.planner import Planner
from ambience.config.rooms import demo_studio
from ambience.engine.clock import ManualClock
from ambience.engine.scheduling import CueScheduler
from ambience.engine.studio import Studio
from ambience.journal.daybook import DayBook
from ambience.journal.journal import SessionJournal
from ambience.ui.calendars.page import CalendarsPage
from ambience.ui.clients.page import ClientsPage
from ambience.ui.day.day_view import DayView
from ambience.ui.facade import StudioFacade
from ambience.ui.history.history_view import HistoryView
from ambience.ui.panel.window import MainWindow
from ambience.ui.qt import QDialog, QVBoxLayout
from ambience.ui.widgets import touch_button
from tools.screenshots import grab, run_shots, simulated

START = datetime(2026, 3, 12, 13, 40).timestamp()


async def advance_to(scheduler: CueScheduler, clock: ManualClock, t: float) -> None:
    """Fire every job that falls due up to ``t``, in order, as the scheduler would."""
    while True:
        due = [j for j in scheduler.scheduler.get_jobs() if j.next_run_time.timestamp() <= t + 1e-6]
        if not due:
            break
        job = min(due, key=lambda j: j.next_run_time)
        clock.set(max(clock.now(), job.next_run_time.timestamp()))
        func, args = job.func, job.args
        scheduler.cancel(job.id)
        await func(*args)
        for _ in range(5):
            await asyncio.sleep(0)
    clock.set(t)


async def shoot(out: Path, width: int, height: int, suffix: str = "") -> list[Path]:
    folder = Path(tempfile.mkdtemp(prefix="ambience-shots-"))
    clock = ManualClock(START)
    scheduler = CueScheduler.create(clock)
    scheduler.start(paused=True)
    journal = SessionJournal(folder / "sessions.sqlite3", now=START)
    studio = Studio.build(simulated(demo_studio()), clock, scheduler, recorder=journal)
    book = DayBook(folder / "day.sqlite3")
    planner = Planner(studio, book)
    # The sample calendar from a folder of its own, as an owner would keep one (a plain path on screen).
    calendar = folder / "Calendars" / "studio-bookings.ics"
    calendar.parent.mkdir()
    shutil.copyfile(demo.SAMPLE_CALENDAR, calendar)
    demo.SAMPLE_CALENDAR = calendar
    seed_demo_day(planner, journal)
    planner.open()
    await planner.poll_feeds()
    facade = StudioFacade(studio, planner=planner)
    window = MainWindow(facade, demo=True, speed=1.0, history_path=journal.path)
    window.resize(width, height)
    window.show()
    saved: list[Path] = []
    try:
        first = studio.rooms[0]
        (anna,) = [b for b in book.bookings() if b.client == "Anna"]
        await advance_to(scheduler, clock, anna.starts_at + 30)
        facade.refresh()
        window.show_room(0)
        saved.append(grab(window, out / f"ready{suffix}.png"))

        view = DayView(window, facade, first.id)
        view.resize(window.size())
        view.show()
        saved.append(grab(view, out / f"day{suffix}.png"))
        view.close()

        planner.start_booked(first.id)
        await advance_to(scheduler, clock, anna.starts_at + 8 * 60)
        facade.refresh()
        saved.append(grab(window, out / f"running-client{suffix}.png"))

        journal.flush()
        rooms = {r.id: r.name for r in studio.config.rooms}
        history = HistoryView(window, journal.path, book, rooms, date.fromtimestamp(clock.now()))
        history.resize(window.size())
        history.show()
        saved.append(grab(history, out / f"history{suffix}.png"))
        history.close()

        calendars = _owner_screen(window, CalendarsPage(facade))
        page = calendars.findChild(CalendarsPage)
        assert page is not None
        saved.append(grab(calendars, out / f"calendars{suffix}.png"))
        swedish = studio.library.find("Swedish").name
        book.add_rule("preset", "60 min", swedish)
        book.add_rule("room", "Upstairs", first.id)
        page.refresh()
        page.show_tab("rules")
        saved.append(grab(calendars, out / f"calendar-rules{suffix}.png"))
        page.show_tab("preview")
        while page.preview is None:
            await asyncio.sleep(0.01)
        saved.append(grab(calendars, out / f"calendar-preview{suffix}.png"))
        page.shutdown()
        calendars.close()

        clients = _owner_screen(window, ClientsPage(facade, journal_path=journal.path))
        people = clients.findChild(ClientsPage)
        assert people is not None
        people.choose("Anna")
        saved.append(grab(clients, out / f"clients{suffix}.png"))
        people.edit("Anna")
        assert people.dialog is not None
        saved.append(grab(people.dialog, out / f"client-editor{suffix}.png"))
        people.shutdown()
        clients.close()
    finally:
        facade.close()
        window.hide()
        await studio.close()
        scheduler.shutdown()
        journal.close()
        book.close()
        shutil.rmtree(folder, ignore_errors=True)
    return saved


def _owner_screen(window: MainWindow, page: CalendarsPage | ClientsPage) -> QDialog:
    """An owner screen over the window, as owner mode shows it (with Close in its top bar)."""
    dialog = QDialog(window)
    page.add_action(touch_button("Close"))
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(page)
    dialog.resize(window.size())
    dialog.show()
    return dialog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Take the pictures of the studio's day on the demo studio.")
    parser.add_argument(
        "out",
        type=Path,
        help="folder for day.png, ready.png, running-client.png, history.png, calendars.png, clients.png, …",
    )
    parser.add_argument("--size", default="1024x600", help="window size, WIDTHxHEIGHT (default 1024x600)")
    parser.add_argument("--suffix", default="", help="added to each file name (e.g. -800x480)")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    return run_shots(lambda: shoot(args.out, width, height, args.suffix))


if __name__ == "__main__":
    raise SystemExit(main())

"""Measures the session journal: what recording costs the caller, how fast it reaches the disk, its size.

Run: uv run python -m benchmarks.bench_journal
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from ambience.config.library import load_library, plan_of
from ambience.config.paths import bundled_presets_dir
from ambience.journal.journal import SessionJournal
from ambience.journal.restore import restore_sessions
from ambience.session.timeline import EventKind, Session

EVENTS = 1000


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("sessions.sqlite3*"))


def main() -> None:
    loaded = load_library(bundled_presets_dir()).presets[0]
    plan = plan_of(loaded)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "sessions.sqlite3"
        journal = SessionJournal(path)
        session = Session(plan)
        session.add(EventKind.START, 0.0)

        start = time.perf_counter()
        journal.record_start("lavender", session)
        start_cost = time.perf_counter() - start

        costs = []
        began = time.perf_counter()
        for n in range(EVENTS):
            kind = EventKind.VOLUME if n % 2 else EventKind.EXTEND
            event = session.add(kind, n + 1.0, minutes=0.1, amount=1)
            t = time.perf_counter()
            journal.record_event(session, event)
            costs.append(time.perf_counter() - t)
        queued = time.perf_counter() - began
        journal.flush()
        on_disk = time.perf_counter() - began
        print(f"record_start on the calling thread       {start_cost * 1e6:8.1f} µs")
        print(
            f"record_event on the calling thread       median {statistics.median(costs) * 1e6:.1f} µs, "
            f"p99 {sorted(costs)[int(len(costs) * 0.99)] * 1e6:.1f} µs, max {max(costs) * 1e6:.1f} µs"
        )
        print(f"{EVENTS} events queued in                  {queued * 1e3:8.1f} ms")
        print(f"{EVENTS} events on disk (flush) after      {on_disk * 1e3:8.1f} ms")
        print(f"journal + WAL after {EVENTS} events        {size_of(folder) / 1024:8.1f} KiB")

        # One at a time, each in its own transaction (a therapist's pace): the cost of a commit.
        singles = []
        for n in range(50):
            event = session.add(EventKind.VOLUME, EVENTS + n + 1.0, amount=1)
            t = time.perf_counter()
            journal.record_event(session, event)
            journal.flush()
            singles.append(time.perf_counter() - t)
        print(f"one event to disk (own transaction)      median {statistics.median(singles) * 1e3:.2f} ms")
        journal.close()
        print(f"journal after closing (checkpointed)     {size_of(folder) / 1024:8.1f} KiB")

        class Room:  # just enough of a room for timing the start-up read
            id = "lavender"
            name = "Lavender room"

            def restore(self, session: Session) -> None:
                self.session = session

            def state(self):
                return self.session.state(self.session.events[0].at + 60)

        t = time.perf_counter()
        again = SessionJournal(path)
        opened = time.perf_counter() - t
        t = time.perf_counter()
        restore_sessions([Room()], again, 60.0)  # type: ignore[list-item]
        restored = time.perf_counter() - t
        again.close()
        print(f"opening the journal at start-up          {opened * 1e3:8.2f} ms")
        print(f"reading and rebuilding a {EVENTS + 51}-event session {restored * 1e3:8.2f} ms")


if __name__ == "__main__":
    main()

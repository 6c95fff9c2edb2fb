"""Measures the session journal: what keeping a therapist's action on disk costs the caller (a
synchronous commit), how fast a burst reaches the disk, its size, reading it back.

Run: uv run python -m benchmarks.bench_journal
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from ambience.config.library import load_library, plan_of
from ambience.config.paths import bundled_presets_dir
from ambience.journal import store
from ambience.journal.journal import SessionJournal
from ambience.journal.restore import restore_sessions
from ambience.session.timeline import EventKind, Session

EVENTS = 1000
ACTIONS = 200


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("sessions.sqlite3*"))


def main() -> None:
    loaded = load_library(bundled_presets_dir()).presets[0]
    plan = plan_of(loaded)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "sessions.sqlite3"
        journal = SessionJournal(path, clock=lambda: 0.0)  # the same clock as the events here
        session = Session(plan)
        session.add(EventKind.START, 0.0)

        start = time.perf_counter()
        journal.record_start("lavender", session)
        start_cost = time.perf_counter() - start

        # A therapist's action: record_event returns once the event is committed (WAL, synchronous=FULL).
        costs = []
        for n in range(ACTIONS):
            kind = (EventKind.PAUSE, EventKind.RESUME, EventKind.EXTEND, EventKind.VOLUME)[n % 4]
            event = session.add(kind, n + 1.0, minutes=5, amount=5)
            t = time.perf_counter()
            journal.record_event(session, event)
            costs.append(time.perf_counter() - t)
        costs.sort()
        print(f"record_start, kept on disk before it returns   {start_cost * 1e3:8.2f} ms")
        print(
            f"a therapist's action, kept on disk before the panel shows it: median"
            f" {statistics.median(costs) * 1e3:.2f} ms, p95 {costs[int(len(costs) * 0.95)] * 1e3:.2f} ms,"
            f" max {costs[-1] * 1e3:.2f} ms ({ACTIONS} actions)"
        )

        # What the commit is made of: queueing alone (the writer batches a burst) vs. the fsync.
        began = time.perf_counter()
        for n in range(EVENTS):
            event = session.add(EventKind.VOLUME, ACTIONS + n + 1.0, amount=1)
            journal._put(lambda conn, e=event: store.insert_event(conn, session.id, e))
        queued = time.perf_counter() - began
        journal.flush()
        on_disk = time.perf_counter() - began
        print(f"{EVENTS} events queued without waiting       {queued * 1e3:8.1f} ms")
        print(f"... and on disk (one flush) after          {on_disk * 1e3:8.1f} ms")
        print(f"journal + WAL after {EVENTS + ACTIONS} events           {size_of(folder) / 1024:8.1f} KiB")
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
        print(f"reading and rebuilding a {EVENTS + ACTIONS + 1}-event session {restored * 1e3:8.2f} ms")


if __name__ == "__main__":
    main()

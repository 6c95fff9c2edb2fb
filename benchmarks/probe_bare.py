"""The baseline the panel is compared with: a bare PySide6 window, optionally with pygame's mixer playing.

Run by the benchmarks as a child process; prints one JSON line. Modes:

    --measure startup   seconds from process start to the window's first paint
    --measure cpu       share of a core used over ``--seconds`` after ``--warmup``
    --measure memory    resident memory after ``--warmup``

``--mixer`` opens pygame's mixer; ``--play`` also plays the first bundled track through it.
"""

from __future__ import annotations

import argparse
import os
import time

START = time.monotonic()

from ambience.ui.qt import QApplication, QEvent, QObject, QTimer, QWidget  # noqa: E402


class FirstPaint(QObject):
    """Notes when the window is first painted."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.at is None and event.type() == QEvent.Type.Paint and watched is self.window:
            self.at = time.monotonic()
            QTimer.singleShot(0, done)
        return False


def done() -> None:
    from benchmarks.harness import emit

    emit({"first_paint_at": first_paint.at, "ready_at": time.monotonic(), "started_at": START})
    os._exit(0)


def open_music(play: bool) -> None:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from ambience.devices.audio.mixer import BUFFER, FREQUENCY

    # As the app opens it: the same rate and buffer (a smaller buffer wakes SDL's thread more often).
    pygame.mixer.init(FREQUENCY, -16, 2, BUFFER)
    if play:
        from ambience.config.paths import bundled_presets_dir

        track = sorted((bundled_presets_dir() / "music").glob("*.ogg"))[0]
        pygame.mixer.music.load(str(track))
        pygame.mixer.music.set_volume(0.3)
        pygame.mixer.music.play(loops=-1)


def measure(kind: str, warmup: float, seconds: float) -> None:
    from benchmarks.harness import cpu_seconds, emit, rss_mib

    def begin() -> None:
        marks = (time.monotonic(), cpu_seconds())

        def end() -> None:
            wall, cpu = time.monotonic() - marks[0], cpu_seconds() - marks[1]
            emit({"cpu_percent": 100 * cpu / wall, "seconds": wall, "rss_mib": rss_mib()})
            os._exit(0)

        QTimer.singleShot(int(seconds * 1000), end)

    if kind == "memory":
        QTimer.singleShot(int(warmup * 1000), lambda: (emit({"rss_mib": rss_mib()}), os._exit(0)))
    else:
        QTimer.singleShot(int(warmup * 1000), begin)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", choices=("startup", "cpu", "memory"), default="startup")
    parser.add_argument("--mixer", action="store_true")
    parser.add_argument("--play", action="store_true")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    app = QApplication([])
    window = QWidget()
    window.setWindowTitle("bare")
    window.resize(1024, 600)
    first_paint = FirstPaint(window)
    if args.measure == "startup":
        app.installEventFilter(first_paint)
    if args.mixer or args.play:
        open_music(args.play)
    window.show()
    if args.measure != "startup":
        measure(args.measure, args.warmup, args.seconds)
    app.exec()

"""The real panel (`ambience`'s own entry point) with a small control hook, for the kill -9 drill.

Runs ``ambience.cli.main`` as the app does; once the window is up it reads one command per line
on standard input and answers one line on standard output. Actions are taken the way a
therapist takes them: by clicking the panel's own buttons (and confirming its own questions),
so the panel, the engine and the journal do what they always do. Not part of the app.

Commands (ROOM is a room id):
    state ROOM          {"status": ..., "phase": ..., "elapsed": ..., "total": ..., "events": [...]}
    start ROOM PRESET   click the preset's tile and Start; answers "done start" once the session runs
    act ROOM ACTION     click the action's button (see ACTIONS; Stop and Next phase: and Yes);
                        answers "done KIND" as soon as the click returns and the room took it
                        (KIND: the event's kind), "refused" if the panel did not take it
    ... kill=S          after an action: the panel sends itself SIGKILL S seconds after "done"
    save N              save the rooms config and an owner preset N times on a worker thread, as the
                        owner's screens do; answers "saving" at once
    quit                end the sessions and close, as the window's close does
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import threading
import time
from typing import Any

from ambience.cli import main as ambience_main
from ambience.config.library import save_preset
from ambience.config.paths import default_config_path, user_presets_dir
from ambience.config.rooms import load_rooms, save_rooms
from ambience.journal.journal import SessionJournal
from ambience.session.roomstate import Status
from ambience.ui.panel.window import MainWindow
from ambience.ui.qt import QApplication, QTimer


def reply(text: str) -> None:
    os.write(1, (text + "\n").encode("utf-8"))


class Hook:
    """Takes commands from standard input on a thread, acts on them on the panel's own loop."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.loop = asyncio.get_event_loop()
        self.saving: threading.Thread | None = None
        self.kill_after: float | None = None
        threading.Thread(target=self._read, name="drill-hook", daemon=True).start()
        reply("ready")

    def _read(self) -> None:
        for line in sys.stdin:
            self.loop.call_soon_threadsafe(self.handle, line.split())

    def handle(self, words: list[str]) -> None:
        # "... kill=S": the panel kills itself (SIGKILL) S seconds after the action is shown done,
        # timed here rather than across a pipe, so that even 0 ms means 0 ms.
        kill = [w for w in words if w.startswith("kill=")]
        words = [w for w in words if not w.startswith("kill=")]
        self.kill_after = float(kill[0].removeprefix("kill=")) if kill else None
        try:
            getattr(self, f"do_{words[0]}")(*words[1:])
        except Exception as exc:  # the drill reads the reason; the panel goes on
            reply(f"error {type(exc).__name__}: {exc}")

    def done(self, kind: str = "") -> None:
        reply(f"done {kind}".strip())
        delay = self.kill_after
        if delay is None:
            return
        if delay <= 0:
            os.kill(os.getpid(), signal.SIGKILL)

        def later() -> None:
            time.sleep(delay)
            os.kill(os.getpid(), signal.SIGKILL)

        threading.Thread(target=later, daemon=True).start()

    def page(self, room_id: str) -> Any:
        return self.window.page_for(room_id)

    def do_state(self, room_id: str) -> None:
        page = self.page(room_id)
        snapshot = page.room.room.snapshot()
        state = snapshot.state
        session = page.room.room.session
        reply(
            json.dumps(
                {
                    "status": state.status.value,
                    "phase": state.phase_index,
                    "elapsed": state.elapsed_s,
                    "total": state.total_s,
                    "session": session.id if session is not None else None,
                    "events": [e.kind.value for e in session.events] if session is not None else [],
                }
            )
        )

    def do_start(self, room_id: str, *preset: str) -> None:
        page = self.page(room_id)
        page.tiles.select(page.room.studio.studio.library.find(" ".join(preset)))
        page.start_button.click()

        def wait() -> None:
            if page.room.snapshot.state.status is Status.RUNNING:
                self.done("start")
            else:
                QTimer.singleShot(5, wait)

        wait()

    def do_act(self, room_id: str, action: str) -> None:
        """Take one therapist action by its button (and its question's Yes, where it asks first).

        Answers "done KIND" (the kind of the event the room took) or "refused" when the panel
        took none: a disabled button (Next phase in the last phase) or a question not asked.
        """
        path, confirm = ACTIONS[action]
        page = self.page(room_id)
        engine = page.room.room
        session = engine.session
        before = len(session.events) if session is not None else 0
        target: Any = page
        for name in path.split("."):
            target = getattr(target, name)
        target.click()
        if confirm:
            if page.dialog is None:
                reply("refused")
                return
            page.dialog.confirm_button.click()
        if engine.session is session and session is not None and len(session.events) > before:
            self.done(session.events[-1].kind.value)
        else:
            reply("refused")

    def do_save(self, times: str) -> None:
        config_path = default_config_path()
        config = load_rooms(config_path)
        library = page_library(self.window)
        preset = library.presets[0].preset
        own = user_presets_dir() / "drill.toml"

        def work() -> None:
            for n in range(int(times)):
                if n % 2:
                    save_rooms(config, config_path)
                else:
                    save_preset(preset, own)

        self.saving = threading.Thread(target=work, name="drill-saves", daemon=True)
        self.saving.start()
        reply("saving")

    def do_quit(self) -> None:
        self.window.end_and_quit()
        reply("bye")


# Every therapist action the panel has, by the button that takes it: (attribute path from the
# room's page, whether a question is confirmed). A new control is one more line here.
ACTIONS: dict[str, tuple[str, bool]] = {
    "pause": ("pause_button", False),
    "resume": ("pause_button", False),
    "extend": ("extend_button", False),
    "shorten": ("shorten_button", False),
    "stop": ("stop_button", True),
    "skip": ("sheet.next_button", True),
    "back": ("sheet.previous_button", False),
    "undo": ("undo_bar.button", False),
    "lights_up": ("lights_button", False),
    "dimmer": ("sheet.dimmer", False),
    "brighter": ("sheet.brighter", False),
    "lights_off": ("sheet.off_button", False),
    "softer": ("sheet.softer", False),
    "louder": ("sheet.louder", False),
    "mute": ("sheet.mute_button", False),
    "cooler": ("sheet.cooler", False),
    "warmer": ("sheet.warmer", False),
}


def page_library(window: MainWindow) -> Any:
    return window.room_pages[0].room.studio.studio.library


def install_when_shown() -> None:
    """Wait (on Qt's loop) for the panel's window, then attach the hook."""
    app = QApplication.instance()
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows:
        window: Any = windows[0]
        window.drill_hook = Hook(window)  # kept alive with the window
    else:
        QTimer.singleShot(20, install_when_shown)


def main() -> int:
    if os.environ.get("AMBIENCE_DRILL_ASYNC_JOURNAL"):
        # For comparison only: therapist actions queued like any other write, nobody waits.
        SessionJournal._commit = lambda self, write, what: self._put(write)  # type: ignore[method-assign]
    app = QApplication(sys.argv[:1])  # the panel takes this one instead of making its own
    assert app is not None
    QTimer.singleShot(0, install_when_shown)
    return ambience_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())

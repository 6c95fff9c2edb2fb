"""kill -9 drill against the real panel process: right after therapist actions, at random moments, and
during saves. Every round starts the panel again and checks what it took up.

The panel runs offscreen on a studio of simulated devices with its real journal, in a folder of
its own; `benchmarks.drills.panel_driver` lets the drill click its buttons. A therapist action
is lost when the panel showed it done but the panel that starts after the kill does not have
it (a Pause that comes back running, a +5 min that is gone). A save is lost when it leaves a
temporary file behind after the next start, or a file that does not load.

Run: uv run python -m benchmarks.drills.kill_panel [--actions 60] [--random 20] [--saves 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOMS = """\
schema = 1
name = "Drill studio"
{rooms}
"""
ROOM = """
[[rooms]]
id = "{id}"
name = "{name}"

[[rooms.devices]]
id = "ceiling"
name = "Ceiling light"
role = "light"

[[rooms.devices]]
id = "diffuser"
name = "Diffuser"
role = "diffuser"

[[rooms.devices]]
id = "radiator"
name = "Radiator"
role = "thermostat"

[[rooms.devices]]
id = "music"
name = "Music"
role = "music"
"""
ROOM_IDS = ("lotus", "cedar")
# What the therapist does in a session, and how often (the panel_driver's ACTIONS).
IN_SESSION = {
    "pause": 6,
    "extend": 3,
    "shorten": 2,
    "skip": 3,
    "back": 2,
    "undo": 2,
    "stop": 2,
    "lights_up": 1,
    "dimmer": 1,
    "brighter": 1,
    "lights_off": 1,
    "softer": 1,
    "louder": 1,
    "mute": 1,
    "cooler": 1,
    "warmer": 1,
}
PRESETS = ("swedish", "express", "deep tissue")
START_TIMEOUT_S = 60.0
ANSWER_TIMEOUT_S = 20.0


class Panel:
    """One run of the panel process, driven through its standard input and output."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.drills.panel_driver"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=Path(__file__).resolve().parents[2],
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        first = self._next(START_TIMEOUT_S)
        if first != "ready":
            raise RuntimeError(f"the panel did not start: {first!r}")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.put(raw.decode("utf-8", "replace").strip())
        self.lines.put("")  # the process is gone

    def _next(self, timeout: float) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return "<no answer>"

    def ask(self, command: str, timeout: float = ANSWER_TIMEOUT_S) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write((command + "\n").encode("utf-8"))
        self.process.stdin.flush()
        return self._next(timeout)

    def state(self, room: str) -> dict[str, Any]:
        answer = self.ask(f"state {room}")
        try:
            found: dict[str, Any] = json.loads(answer)
        except json.JSONDecodeError as exc:
            raise RuntimeError(f"no state for {room}: {answer!r}") from exc
        return found

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._close()

    def _close(self) -> None:
        self.reader.join(timeout=5)  # it ends at the end of the dead process's output
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()

    def wait_killed(self) -> None:
        """The panel was told to kill itself: wait for it (or kill it, if it did not)."""
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close()
        if self.process.returncode != -signal.SIGKILL:
            raise RuntimeError(f"the panel ended with {self.process.returncode}, not by SIGKILL")

    def quit(self) -> None:
        self.ask("quit")
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close()


@dataclass
class Expected:
    """What a room must come back with."""

    session: str | None = None
    events: list[str] = field(default_factory=list)
    status: str = "idle"


@dataclass
class Tally:
    tried: int = 0
    lost: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    def line(self, what: str) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.kinds.items()))
        extra = f"  ({kinds})" if kinds else ""
        survived = self.tried - len(self.lost)
        return f"{what}: tried {self.tried} / survived {survived} / lost {len(self.lost)}{extra}"


class Drill:
    def __init__(self, base: Path, seed: int, *, async_journal: bool = False) -> None:
        self.rng = random.Random(seed)
        self.config_dir = base / "config" / "ambience"
        self.data_dir = base / "data" / "ambience"
        self.config_dir.mkdir(parents=True)
        rooms = "".join(ROOM.format(id=r, name=f"{r.title()} room") for r in ROOM_IDS)
        (self.config_dir / "rooms.toml").write_text(ROOMS.format(rooms=rooms), encoding="utf-8")
        self.env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(base / "config"),
            "XDG_DATA_HOME": str(base / "data"),
            "XDG_CACHE_HOME": str(base / "cache"),
            "XDG_STATE_HOME": str(base / "state"),
            "QT_QPA_PLATFORM": "offscreen",
            "SDL_AUDIODRIVER": "dummy",
            "PYGAME_HIDE_SUPPORT_PROMPT": "1",
        }
        if async_journal:
            self.env["AMBIENCE_DRILL_ASYNC_JOURNAL"] = "1"
        self.expected = {room: Expected() for room in ROOM_IDS}
        self.pending: tuple[Tally, str] | None = None  # the round whose outcome the next start shows
        self.actions, self.random, self.saves = Tally(), Tally(), Tally()
        self.temps_left = 0
        self.temps_at_kill = 0
        self.unreadable = 0

    # What a start finds.
    def check(self, panel: Panel) -> None:
        problems = []
        for room in ROOM_IDS:
            found = panel.state(room)
            want = self.expected[room]
            active = found["status"] in ("running", "paused")
            if want.session is None:
                if active:
                    problems.append(f"{room}: came back {found['status']}, expected no session")
            elif not active:
                if want.status != "any":  # "any": it may have ended (a skip past the end, time ran out)
                    problems.append(f"{room}: came back with no session, expected {want.events}")
            elif want.session not in ("any", found["session"]) or found["events"] != want.events:
                problems.append(f"{room}: came back with {found['events']}, expected {want.events}")
            elif want.status not in ("any", found["status"]):
                problems.append(f"{room}: came back {found['status']}, expected {want.status}")
            # What it is now is what the next round expects.
            self.expected[room] = Expected(
                found["session"] if found["status"] in ("running", "paused") else None,
                list(found["events"]) if found["status"] in ("running", "paused") else [],
                found["status"] if found["status"] in ("running", "paused") else "idle",
            )
        if self.pending is not None:
            tally, what = self.pending
            if problems:
                tally.lost.append(f"{what}: {'; '.join(problems)}")
            self.pending = None

    def check_files(self) -> list[str]:
        """After a start: no temporary file left by a killed save, every saved file loads."""
        from ambience.config.library import load_preset
        from ambience.config.rooms import load_rooms
        from ambience.config.validation import InvalidFile

        problems = []
        for folder in self.folders():
            left = sorted(p.name for p in folder.glob(".*.tmp")) if folder.is_dir() else []
            if left:
                self.temps_left += len(left)
                problems.append(f"left in {folder.name}: {', '.join(left)}")
        try:
            load_rooms(self.config_dir / "rooms.toml")
            own = self.data_dir / "presets" / "drill.toml"
            if own.exists():
                load_preset(own)
        except InvalidFile as exc:
            self.unreadable += 1
            problems.append(f"does not load: {exc}")
        return problems

    def folders(self) -> tuple[Path, Path]:
        return self.config_dir, self.data_dir / "presets"

    # The rounds.
    def action(self, panel: Panel) -> None:
        for _ in range(20):  # an action the panel does not take now (Next phase in the last phase)
            room = self.rng.choice(ROOM_IDS)
            want = self.expected[room]
            if want.session is None:
                action, command = "start", f"start {room} {self.rng.choice(PRESETS)}"
            else:
                action = self.rng.choices(list(IN_SESSION), list(IN_SESSION.values()))[0]
                if action in ("pause", "resume"):
                    action = "pause" if want.status == "running" else "resume"
                command = f"act {room} {action}"
            # The panel kills itself 0–10 ms after it showed the action done (a third of them at once).
            delay = 0.0 if self.rng.random() < 0.33 else self.rng.uniform(0, 0.010)
            answer = panel.ask(f"{command} kill={delay:.4f}")
            if answer == "refused":
                continue
            if not answer.startswith("done"):
                raise RuntimeError(f"{command}: {answer!r}")
            kind = answer.removeprefix("done").strip()
            break
        else:
            raise RuntimeError("the panel took no action twenty times running")
        panel.wait_killed()
        self.actions.tried += 1
        self.actions.kinds[action] += 1
        if kind == "start":
            self.expected[room] = Expected("any", ["start"], "running")
        elif kind == "stop":
            self.expected[room] = Expected()
        else:
            status = {"pause": "paused", "resume": "running"}.get(kind, want.status)
            if kind in ("skip", "back", "undo"):
                status = "any"  # a move between phases may end the session or start it over
            self.expected[room] = Expected(want.session, [*want.events, kind], status)
        self.pending = (self.actions, command)

    def random_moment(self, panel: Panel) -> None:
        time.sleep(self.rng.uniform(0, 2.5))
        panel.kill()
        self.random.tried += 1
        for want in self.expected.values():
            if want.status == "running":
                want.status = "any"  # a running session may have run out meanwhile: nothing was done
        self.pending = (self.random, "a random moment")

    def during_saves(self, panel: Panel) -> None:
        answer = panel.ask(f"save {self.rng.randint(200, 600)}")
        if answer != "saving":
            raise RuntimeError(f"save: {answer!r}")
        time.sleep(self.rng.uniform(0.005, 0.3))
        panel.kill()
        self.saves.tried += 1
        self.temps_at_kill += sum(len(list(f.glob(".*.tmp"))) for f in self.folders() if f.is_dir())
        self.pending = (self.saves, "during saves")

    def run(self, actions: int, randoms: int, saves: int) -> None:
        rounds = ["action"] * actions + ["random"] * randoms + ["save"] * saves
        self.rng.shuffle(rounds)
        for n, kind in enumerate([*rounds, "last"]):
            panel = Panel(self.env)
            files = self.check_files()
            self.check(panel)
            if files and self.saves.tried:
                self.saves.lost.append("; ".join(files))
            if kind == "last":
                panel.quit()
                break
            {"action": self.action, "random": self.random_moment, "save": self.during_saves}[kind](panel)
            if (n + 1) % 20 == 0:
                print(f"  … {n + 1} rounds", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=60, help="kills right after a therapist action")
    parser.add_argument("--random", type=int, default=20, help="kills at a random moment")
    parser.add_argument("--saves", type=int, default=100, help="kills during saves")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the drill's folder")
    parser.add_argument(
        "--async-journal",
        action="store_true",
        help="for comparison: the journal queues therapist actions without waiting for the disk",
    )
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="ambience-kill-"))
    started = time.perf_counter()
    drill = Drill(base, args.seed, async_journal=args.async_journal)
    try:
        drill.run(args.actions, args.random, args.saves)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(drill.actions.line("kill -9 0–10 ms after a therapist action"))
    print(drill.random.line("kill -9 at a random moment           "))
    print(drill.saves.line("kill -9 during saves                 "))
    print(
        f"temporary files found right after the kills: {drill.temps_at_kill};"
        f" left after the next start: {drill.temps_left}; saved files that did not load: {drill.unreadable}"
    )
    for tally in (drill.actions, drill.random, drill.saves):
        for item in tally.lost[:10]:
            print(f"  lost: {item}")
    rounds = args.actions + args.random + args.saves
    print(f"seed {args.seed}, {rounds} kills, {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

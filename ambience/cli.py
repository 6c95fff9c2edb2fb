"""The `ambience` command: the control panel, a headless session runner, and preset checks."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ambience.config.catalog import library_of, load_studio_library
from ambience.config.demo import DemoFolder
from ambience.config.owner import owner_path
from ambience.config.paths import bundled_presets_dir, default_config_path, user_presets_dir
from ambience.config.rooms import StudioConfig, demo_studio, load_rooms
from ambience.config.settings import declared_settings
from ambience.config.storage import clean_stale_temps
from ambience.config.validation import InvalidFile
from ambience.engine.clock import make_clock
from ambience.engine.studio import music_dirs, preset_dirs

if TYPE_CHECKING:
    from ambience.agenda.terminal import Terminal

DESCRIPTION = """\
Sets the ambience of a treatment room for a session: dimmed warm light, soft music, a warm
room and an essential-oil diffuser on a gentle schedule, all from one preset.

Without a command, opens the control panel. With --demo (or with no rooms config yet) the
studio is simulated: two rooms of devices that behave like real ones. The day's commands (day,
bookings, feeds, history, clients) use the same files as the panel and are safe while it runs.
"""

EPILOG = """\
examples:
  ambience --demo                              open the panel on the simulated studio
  ambience run swedish --demo --speed 120      play the Swedish massage preset, an hour in 30 s
  ambience run deep --room cedar --json        one JSON object per cue on stdout
  ambience presets list                        the presets the panel offers, and where each is from
  ambience presets check                       validate them all (or: presets check FILE|FOLDER ...)
  ambience day --room lotus                    today's bookings in a room
  ambience day --demo                          the demo studio's day
  ambience bookings add lotus 14:00 deep --client Anna
                                               book the Lotus room at 14:00 for Anna
  ambience feeds sync                          read the booking calendars now, print what changed
  ambience history --from 2027-03-01 --csv     the finished sessions as CSV
  ambience clients export Anna --to ~/Desktop  one client's data as a JSON file
  ambience desktop-entry                       add Ambience to the application menu

rooms config: {config}
owner PIN:    {owner} (delete it to reset a forgotten PIN)
your presets: {presets} (or presets_dir in the rooms config)
bundled presets: {bundled} (read-only)
"""


# Options that say which studio and how fast: accepted before or after any command (every
# command's parser gets them, see _everywhere), and refused by a command that has no use for them.
GLOBAL_OPTIONS = ("demo", "config", "speed")
USES: dict[str | None, set[str]] = {
    None: {"demo", "config", "speed"},  # the panel
    "run": {"demo", "config", "speed"},
    "presets": {"demo", "config"},
    "day": {"demo", "config"},
    "bookings": {"demo", "config"},
    "feeds": {"demo", "config"},
    "history": {"demo", "config"},
    "clients": {"demo", "config"},
    "desktop-entry": set(),
}
MAX_SPEED = 10_000.0
# The day's commands with --demo show the demo's day (made anew for each command, then thrown
# away); those that would change it are refused, with where to try them instead.
DEMO_REFUSED = {
    "bookings": "a demo's bookings are made anew for each command and thrown away, so there are none"
    " to change from a terminal; book on the demo's panel instead (ambience --demo, then Today)",
    "feeds add": "a demo reads only its sample calendar; to add a calendar, leave out --demo",
    "clients export": "a demo's clients are made anew for each command and thrown away; export a"
    " client of the studio (leave out --demo), or try it on the demo's panel (Owner → Clients)",
    "clients forget": "a demo's clients are made anew for each command and thrown away; there is"
    " nothing to forget (leave out --demo for the studio's clients)",
}


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= MAX_SPEED:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_SPEED:g}, got {text}")
    return value


# What each global option says in a command's help ("" : the command refuses it, so its help
# leaves it out; given anyway, it is refused with the reason).
OPTION_HELP = {
    "demo": "use the simulated demo studio",
    "config": "rooms config (TOML) to use",
    "speed": "play sessions X times faster",
}
DAY_DEMO_HELP = "show the demo studio's day (made anew for this command), not the studio's"


def _option_help(dest: str, command: str | None, action: str | None) -> str:
    if dest not in USES.get(command, {"demo", "config"}):
        return ""
    if dest == "demo" and (DEMO_REFUSED.get(f"{command} {action}") or DEMO_REFUSED.get(command or "")):
        return ""
    if dest == "demo" and command in ("day", "history", "feeds", "clients"):
        return DAY_DEMO_HELP
    return OPTION_HELP[dest]


def _add_global_options(
    parser: argparse.ArgumentParser,
    *,
    top: bool = False,
    command: str | None = None,
    action: str | None = None,
) -> None:
    """The global options; below the top level they only set what is given (argparse.SUPPRESS), so
    an option given before the command is never reset by the command's own default."""
    below = argparse.SUPPRESS

    def words(dest: str) -> str:
        return OPTION_HELP[dest] if top else (_option_help(dest, command, action) or argparse.SUPPRESS)

    parser.add_argument("--demo", action="store_true", default=False if top else below, help=words("demo"))
    parser.add_argument(
        "--config",
        type=Path,
        default=None if top else below,
        metavar="FILE",
        help=words("config"),
    )
    parser.add_argument(
        "--speed",
        type=_speed,
        default=None if top else below,
        metavar="X",
        help=words("speed"),
    )


def _everywhere(parser: argparse.ArgumentParser, command: str | None = None) -> None:
    """Give every command and action below ``parser`` the global options, never with a default;
    a command's help shows only those it uses."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        seen: set[int] = set()
        for name, sub in action.choices.items():
            if id(sub) in seen:
                continue
            seen.add(id(sub))
            top, below = (name, None) if command is None else (command, name)
            given = {dest for dest in GLOBAL_OPTIONS if f"--{dest}" in sub._option_string_actions}
            for dest in given:  # taken from a shared parent parser: make them set only what is given
                sub._option_string_actions[f"--{dest}"].default = argparse.SUPPRESS
            if not given:
                _add_global_options(sub, command=top, action=below)
            _everywhere(sub, top)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ambience",
        description=DESCRIPTION,
        epilog=EPILOG.format(
            config=default_config_path(),
            owner=owner_path(default_config_path()),
            presets=user_presets_dir(),
            bundled=bundled_presets_dir(),
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="run one session headless, printing every cue",
        description="Run a whole session in a room and print, at every cue, the time, the phase "
        "and the state of every device.",
    )
    run.add_argument("preset", help="preset name (case-insensitive; a prefix or a word is enough)")
    run.add_argument("--room", help="room id or name (default: the first room)")
    run.add_argument("--json", action="store_true", help="one JSON object per line instead of a table")

    presets = commands.add_parser(
        "presets",
        help="list or check presets",
        description="The preset library as the panel sees it: the bundled presets (read-only) and "
        f"your own folder ({user_presets_dir()}, or presets_dir in the rooms config).",
    )
    preset_commands = presets.add_subparsers(dest="presets_command", metavar="ACTION", required=True)
    listing = preset_commands.add_parser(
        "list", help="the presets the panel offers, in tile order, with their source"
    )
    listing.add_argument("dir", nargs="?", type=Path, help="only this folder's presets")
    check = preset_commands.add_parser(
        "check",
        help="validate presets; exit 1 with one line per bad file (its full path, field and reason)",
    )
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="preset files or folders (default: the library)"
    )

    _day_commands(commands)

    desktop = commands.add_parser(
        "desktop-entry", help="add Ambience to this computer's application menu (Linux)"
    )
    desktop.add_argument(
        "--dir", type=Path, metavar="FOLDER", help="where to write ambience.desktop (default: your menu)"
    )
    _everywhere(parser)
    return parser


def _day_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``day``, ``bookings``, ``feeds`` and ``history``: the studio's day from a terminal."""
    day = commands.add_parser(
        "day",
        help="the day's bookings of every room (or one)",
        description="The day's bookings of every room (or one), with their ids for bookings move and "
        "cancel. The panel shows the same day under Today.",
    )
    day.add_argument("--room", help="room id or name")
    day.add_argument("--date", help="YYYY-MM-DD, today (default) or tomorrow")
    day.add_argument("--json", action="store_true", help="the bookings as JSON")

    bookings = commands.add_parser(
        "bookings",
        help="add, move or cancel a booking",
        description="Add, move or cancel a booking in the studio's day book; a panel that is running "
        "takes the change up within ten seconds.",
    )
    actions = bookings.add_subparsers(dest="bookings_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="book a room at a time for a preset")
    add.add_argument("room", help="room id or name")
    add.add_argument("time", help="HH:MM")
    add.add_argument("preset", nargs="?", help="preset (default: the client's usual one)")
    add.add_argument("--client", help="the client's name")
    add.add_argument("--notes", default="", help="a short note")
    add.add_argument("--date", help="YYYY-MM-DD, today (default) or tomorrow")
    move = actions.add_parser("move", help="move a booking to another time (or room)")
    move.add_argument("id", help="the booking's id (as `ambience day` shows it; its start is enough)")
    move.add_argument("time", help="HH:MM")
    move.add_argument("--date", help="YYYY-MM-DD (default: the booking's day)")
    move.add_argument("--room", help="another room")
    cancel = actions.add_parser("cancel", help="cancel a booking")
    cancel.add_argument("id", help="the booking's id")

    feeds = commands.add_parser(
        "feeds",
        help="the booking calendars the studio subscribes to",
        description="The booking calendars (ICS addresses or files) the studio reads its bookings from. "
        "An address is kept in the system keyring, never in a file.",
    )
    feed_actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    feed_actions.add_parser("sync", help="read every calendar now and print what changed")
    feed_actions.add_parser("list", help="the calendars and whether they read")
    feed_add = feed_actions.add_parser("add", help="subscribe to a calendar (ICS address or file)")
    feed_add.add_argument("source", help="an https:// or webcal:// address, or an .ics file")
    feed_add.add_argument("--name", help="what to call it")
    feed_add.add_argument("--room", help="the room for events that name none")
    feed_add.add_argument("--preset", help="the preset for events that name none")

    history = commands.add_parser(
        "history",
        help="the finished sessions, with totals",
        description="The finished sessions of a day or of several, with their room, preset, client, "
        "pauses, added minutes and device problems, and the totals.",
    )
    history.add_argument("--from", dest="start", metavar="D", help="first day, YYYY-MM-DD (default: today)")
    history.add_argument("--to", dest="end", metavar="D", help="last day (default: the first)")
    history.add_argument("--room", help="one room only")
    history.add_argument("--csv", action="store_true", help="CSV on standard output")

    clients = commands.add_parser(
        "clients",
        help="clients' preferences; export or delete their data",
        description="Clients' preferences (what the room should do for them, never health notes), "
        "their bookings and sessions; export everything kept about one, or delete it.",
    )
    client_actions = clients.add_subparsers(dest="clients_command", metavar="ACTION", required=True)
    client_actions.add_parser("list", help="every client, with their preferences")
    show = client_actions.add_parser("show", help="one client's preferences, bookings and sessions")
    show.add_argument("name", help="the client's name (its start is enough)")
    export = client_actions.add_parser("export", help="write everything kept about a client to a file")
    export.add_argument("name", help="the client's name (its start is enough)")
    export.add_argument("--to", type=Path, metavar="FOLDER", help="where to write it (default: here)")
    export.add_argument("--csv", action="store_true", help="CSV instead of JSON")
    forget = client_actions.add_parser(
        "forget", help="delete a client's preferences and their name on every booking and session"
    )
    forget.add_argument("name", help="the client's name (its start is enough)")
    forget.add_argument("--yes", action="store_true", help="do not ask first")


def _day(args: argparse.Namespace) -> int:
    from ambience.agenda.terminal import Terminal
    from ambience.engine.studio import library_for

    if args.demo:
        from ambience.agenda.demo import demo_day

        with demo_day() as day:
            demo = Terminal(
                day.config, library_for(day.config), book_path=day.book_path, journal_path=day.journal_path
            )
            return _day_command(demo, args)
    config = _studio_config(args)
    return _day_command(Terminal(config, library_for(config)), args)


def _day_command(term: Terminal, args: argparse.Namespace) -> int:
    if args.command == "day":
        return term.day(args.room, args.date, args.json)
    if args.command == "history":
        return term.history(args.start, args.end, args.room, args.csv)
    if args.command == "clients":
        return _clients(term, args)
    if args.command == "feeds":
        if args.feeds_command == "add":
            return term.feeds_add(args.source, args.name, args.room, args.preset)
        return term.feeds_list() if args.feeds_command == "list" else term.feeds_sync()
    if args.bookings_command == "add":
        return term.add(args.room, args.time, args.preset, args.client, args.notes, args.date)
    if args.bookings_command == "move":
        return term.move(args.id, args.time, args.room, args.date)
    return term.cancel(args.id)


def _clients(term: Terminal, args: argparse.Namespace) -> int:
    if args.clients_command == "list":
        return term.clients_list()
    if args.clients_command == "show":
        return term.clients_show(args.name)
    if args.clients_command == "export":
        return term.clients_export(args.name, args.to, "csv" if args.csv else "json")
    ask = input if sys.stdin.isatty() else None
    return term.clients_forget(args.name, args.yes, ask)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, with every global option either used by the command or refused."""
    parser = build_parser()
    args = parser.parse_args(argv)
    given = {name for name in GLOBAL_OPTIONS if getattr(args, name) not in (None, False)}
    unused = given - USES.get(args.command, {"demo", "config"})
    if unused:
        where = f"'{args.command}'" if args.command else "the panel"
        names = ", ".join(f"--{name}" for name in sorted(unused))
        parser.error(f"{names} does not apply to {where}")
    if args.demo and args.config is not None:
        parser.error("--demo uses the simulated studio; leave out --config (or --demo)")
    if args.demo:
        action = getattr(args, "feeds_command", None) or getattr(args, "clients_command", None)
        refused = DEMO_REFUSED.get(f"{args.command} {action}") or DEMO_REFUSED.get(args.command or "")
        if refused:
            parser.error(f"--demo: {refused}")
    if args.speed is None:
        args.speed = 1.0
    return args


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    try:
        if args.command == "presets":
            return _presets(args)
        if args.command in ("day", "bookings", "feeds", "history", "clients"):
            return _day(args)
        if args.command == "desktop-entry":
            from ambience.desktop_entry import install_desktop_entry

            print(f"wrote {install_desktop_entry(args.dir)}")
            return 0
        if args.command == "run":
            return asyncio.run(_run(args, _studio_config(args)))
        return _panel(args)
    except InvalidFile as exc:
        print(f"ambience: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a booking refused, a feed that cannot be added: the reason in words
        print(f"ambience: {exc}", file=sys.stderr)
        return 2
    except LookupError as exc:
        print(f"ambience: {exc.args[0]}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _clean_up_after_interrupted_saves(folders: Iterable[Path]) -> None:
    """Saves cut short by a crash leave temporary files beside the rooms config and the presets
    (only those: the files that were being saved stay exactly as they are)."""
    for folder in set(folders):
        clean_stale_temps(folder)


def _panel(args: argparse.Namespace) -> int:
    """Open the control panel; a rooms config that cannot be read is explained in a window."""
    from ambience.ui.app import run_panel

    if args.demo:
        # Nothing the owner saves in a demo touches the studio's files: a throw-away folder, gone
        # when the demo ends (once the window is up, a TERM ends the sessions first).
        demo = DemoFolder.create()
        try:
            with _removed_on_terminate(demo):
                return run_panel(
                    demo.config(),
                    speed=args.speed,
                    demo=True,
                    config_path=demo.rooms_path,
                    demo_folder=demo.path,
                )
        finally:
            demo.remove()
    config_path = args.config or default_config_path()
    # Whether or not the rooms config reads: a save of it cut short is no reason to keep its litter.
    _clean_up_after_interrupted_saves([config_path.parent])
    try:
        config = _studio_config(args)
    except InvalidFile as exc:
        print(f"ambience: {exc}", file=sys.stderr)
        # Someone who started the panel from a desktop icon sees no terminal: a window explains,
        # and the file is left exactly as it is.
        return run_panel(
            demo_studio(real_music=False),
            speed=args.speed,
            demo=True,
            keep_demo=True,
            config_path=config_path,
            broken=exc.error,
        )
    _clean_up_after_interrupted_saves(preset_dirs(config))
    # With no rooms config yet the studio is simulated and shown as a demo, with a welcome, until
    # the owner saves real rooms on the Devices page.
    first_run = args.config is None and (not config_path.exists() or not load_rooms(config_path).rooms)
    return run_panel(
        config,
        speed=args.speed,
        demo=first_run,
        keep_demo=False,
        config_path=config_path,
        welcome=first_run,
    )


@contextlib.contextmanager
def _removed_on_terminate(demo: DemoFolder) -> Iterator[None]:
    """While this lasts, a TERM signal removes the demo's folder before it ends the process as it
    would have (its default leaves behind whatever a ``finally`` would have removed; and an
    exception raised from the handler could be swallowed by Qt, which reports it and runs on)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        demo.remove()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _studio_config(args: argparse.Namespace) -> StudioConfig:
    if args.demo:
        return demo_studio()
    path = args.config or default_config_path()
    if args.config is None and not path.exists():
        print(f"ambience: no rooms config at {path} yet; opening the demo studio", file=sys.stderr)
        # Standing in for rooms not set up yet: nothing plays through the speakers unasked.
        return demo_studio(real_music=False)
    config = load_rooms(path)
    if args.config is None and not config.rooms:
        # Studio settings saved before any room was set up: the demo rooms stand in, with them.
        print(f"ambience: no rooms in {path} yet; using the simulated demo rooms", file=sys.stderr)
        settings = {spec.key: getattr(config, spec.key) for spec in declared_settings(StudioConfig)}
        return demo_studio(real_music=False).model_copy(update=settings)
    return config


def _presets_config(args: argparse.Namespace) -> StudioConfig:
    """The studio whose volume cap and music folders the presets are checked against."""
    if args.demo or args.config is not None:
        return _studio_config(args)
    path = default_config_path()
    if not path.exists():
        return StudioConfig()
    try:
        return load_rooms(path)
    except InvalidFile as exc:
        print(f"ambience: {exc} (checking with the default volume cap and no music folders)", file=sys.stderr)
        return StudioConfig()


def _presets(args: argparse.Namespace) -> int:
    from ambience.headless.presets import check_library, check_lines, library_lines

    config = _presets_config(args)
    if args.presets_command == "list":
        if args.dir is not None and not args.dir.is_dir():
            print(f"ambience: {args.dir.absolute()}: not a folder", file=sys.stderr)
            return 2
        if args.dir is not None:
            library = load_studio_library(
                None, args.dir.absolute(), volume_cap=config.volume_cap, music_dirs=music_dirs(config)
            )
            library.bundled_dir = None
            lines = library_lines(library)[1:]
        else:
            lines = library_lines(library_of(config))
        print("\n".join(lines))
        return 0
    if args.paths:
        lines, ok = check_lines(args.paths, volume_cap=config.volume_cap, music_dirs=music_dirs(config))
    else:
        lines, ok = check_library(library_of(config))
    print("\n".join(lines))
    return 0 if ok else 1


async def _run(args: argparse.Namespace, config: StudioConfig) -> int:
    from ambience.headless.runner import HeadlessRun

    rooms_path = None if args.demo else (args.config or default_config_path())
    if rooms_path is not None and not rooms_path.exists():
        rooms_path = None  # the demo stands in for rooms not set up yet
    run = HeadlessRun(config, make_clock(args.speed), json_lines=args.json, rooms_path=rooms_path)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, run.interrupt)
    return await run.play(args.preset, args.room)


if __name__ == "__main__":
    raise SystemExit(main())

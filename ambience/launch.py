"""The `ambience` command's entry: the panel's window is on screen before the rest of the app loads.

Opening the panel, the window (its background and top bar) is shown first, with nothing but Qt
loaded; then the command line, the studio and the panel load behind it. Any other command (``run``,
``presets``, ``--help``…) goes straight to ``ambience.cli``.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

# The options before a command that take a value (``--config FILE``, ``--speed X``).
OPTIONS_WITH_VALUES = frozenset({"--config", "--speed"})


def opens_panel(args: Sequence[str]) -> bool:
    """Whether ``ambience args`` opens the control panel (no command, no help asked)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in OPTIONS_WITH_VALUES:
            skip = True
        elif arg in ("-h", "--help"):
            return False
        elif not arg.startswith("-"):
            return False  # a command: run, presets, day…
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if opens_panel(args):
        # Loading the app makes a few hundred thousand objects that live as long as it does; the
        # garbage collector would go through them a dozen times before the tiles show (a twentieth
        # of a second). The panel collects once, when it has been up a moment (ui/app.py).
        gc.disable()
        from ambience.ui.shell import show_shell

        show_shell()
    from ambience.cli import main as cli_main

    try:
        return cli_main(args)
    finally:
        gc.enable()  # the panel did so once it was up, unless it never came up

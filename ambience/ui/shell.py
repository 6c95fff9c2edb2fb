"""The panel's window as it first appears: its background and top bar, up before the rest loads.

The ``ambience`` command shows it first thing (``show_shell``), while the studio and the panel are
still being built; the panel's own window takes its place (``place`` retires it) a moment later,
so the screen never waits, blank, for the app to load. It needs nothing but Qt and the theme.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from ambience.ui import theme
from ambience.ui.qt import QApplication, QFrame, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget

_shell: QWidget | None = None


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The app's one QApplication, with its name and look (made on first use)."""
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    assert isinstance(app, QApplication)
    app.setApplicationName("ambience")
    app.setApplicationDisplayName("Ambience")
    theme.apply(app)
    return app


def show_shell() -> QWidget:
    """Put the panel's empty window on screen now: the background, the top bar and the time."""
    global _shell
    app = application()
    shell = QWidget()
    shell.setObjectName("panel")
    shell.setWindowTitle("Ambience")
    shell.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    bar = QFrame()
    bar.setProperty("role", "bar")
    bar.setMinimumHeight(theme.TOUCH + 16)
    row = QHBoxLayout(bar)
    row.setContentsMargins(16, 6, 16, 6)
    title = QLabel("Ambience")
    title.setProperty("role", "muted")
    clock = QLabel(time.strftime("%H:%M"))
    clock.setProperty("role", "muted")
    row.addWidget(title)
    row.addStretch(1)
    row.addWidget(clock)
    layout = QVBoxLayout(shell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(bar)
    layout.addStretch(1)
    _shell = shell
    place(shell)
    app.processEvents()  # shown and painted now, before the imports that follow
    return shell


def place(window: QWidget) -> None:
    """Fill a small screen (a 1024×600 tablet); on a large one, open at a comfortable size.

    The shell, if it is up, steps aside for ``window``.
    """
    global _shell
    screen = window.screen().availableGeometry()
    if screen.width() <= 1280 or screen.height() <= 800:
        # Without a window manager (a kiosk) maximising does nothing: fill the screen ourselves.
        window.setGeometry(screen)
        window.showMaximized()
    else:
        window.resize(1280, 800)
        window.show()
    window.setFocus()
    if _shell is not None and _shell is not window:
        _shell.hide()
        _shell.deleteLater()
        _shell = None

"""The control panel: PySide6 widgets over a thin Qt facade of the studio's rooms.

``qt.py`` is the only module that imports PySide6. Screens live in one folder per family:
``panel/`` (the therapist's panel) and ``setup/`` (the owner's screens). Imports ``ambience.setup``,
``ambience.journal``, ``ambience.engine``, ``ambience.config`` and ``ambience.session``, never
``ambience.devices``. Only the command line imports it.
"""

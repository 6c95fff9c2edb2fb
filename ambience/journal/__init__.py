"""The session journal in SQLite: running sessions and their history, and restoring them after a restart.

Imports ``ambience.engine``, ``ambience.config`` and ``ambience.session``; imported by the UI and
the command line.
"""

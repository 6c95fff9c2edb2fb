"""The terminal front end: plays one session in one room and prints every cue as a table or JSON lines.

Imports ``ambience.engine``, ``ambience.config`` and ``ambience.session``; only the command line
imports it.
"""

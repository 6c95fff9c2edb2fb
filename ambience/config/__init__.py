"""The studio's files: the preset library, the rooms config, their validation and atomic saves.

Imports only ``ambience.session``. Imported by the engine, the journal, set-up, the headless
runner, the UI and the command line.
"""

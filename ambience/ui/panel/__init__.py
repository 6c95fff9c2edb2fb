"""The therapist's panel: the window, a room's page, the preset tiles, the running view and its dialogs."""

"""The therapist's control panel: PySide6 widgets over a thin Qt facade of the studio's rooms."""

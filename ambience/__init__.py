"""ambience: sets a treatment room's light, music, warmth and scent from one preset."""

__version__ = "0.1.0"

"""Tests of the panel: the real window offscreen, on a virtual clock."""

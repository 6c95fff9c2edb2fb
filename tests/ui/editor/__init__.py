"""Tests of the preset editor, its library and try in room."""

"""Tests of the preset library files and the rooms config."""

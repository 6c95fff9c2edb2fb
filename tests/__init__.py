"""Tests of ambience."""

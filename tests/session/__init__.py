"""Tests of the pure session model: presets, plans and the timeline."""

"""Tests of the headless runner."""

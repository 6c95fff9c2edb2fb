"""Tests of the owner's screens."""

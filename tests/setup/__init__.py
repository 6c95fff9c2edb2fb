"""Tests of the owner's device set-up without Qt."""

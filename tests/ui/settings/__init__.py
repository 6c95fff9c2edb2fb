"""Tests of the studio settings screen."""

"""Tests of the day view, the booking editor and the history screen."""

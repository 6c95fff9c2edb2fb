"""Helpers shared by the tests: virtual time, a scheduler driven by it, a network guard."""

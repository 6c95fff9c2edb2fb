"""Tests of the Kasa/Tapo emulator itself: python-kasa finds and drives it on loopback."""

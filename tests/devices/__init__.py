"""Tests of the device backends: the pygame player and the Kasa/Tapo devices."""

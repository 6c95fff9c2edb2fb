"""Tests of owner mode: the PIN keypad, the gate in front of the owner screens, the menu."""

"""Owner mode: the PIN keypad, the lock that guards the owner's screens, and the owner's menu."""

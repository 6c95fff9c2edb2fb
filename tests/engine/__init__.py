"""Tests of the room engine: the reconciler, scheduling, recording, and sessions on emulated devices."""

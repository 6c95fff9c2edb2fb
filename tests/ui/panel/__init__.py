"""Tests of the therapist's panel."""

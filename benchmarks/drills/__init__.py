"""Drills: fuzzers, kill -9 and device-fault runs that print tried / survived / lost."""

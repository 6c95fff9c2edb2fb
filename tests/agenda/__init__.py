"""Tests of the studio's day: bookings, preheat, clients, feeds."""

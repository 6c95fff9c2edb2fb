"""The owner's PIN is kept as a salted scrypt hash that only the right digits match."""

from __future__ import annotations

import pytest

from ambience.config.pin import hash_pin, is_pin_hash, pin_problem, verify_pin


def test_a_pin_has_four_to_eight_digits():
    assert pin_problem("1234") is None and pin_problem("12345678") is None
    assert pin_problem("123") == "a PIN has 4 to 8 digits"
    assert pin_problem("123456789") == "a PIN has 4 to 8 digits"
    assert pin_problem("12a4") == "a PIN is made of digits only"
    assert pin_problem("١٢٣٤") == "a PIN is made of digits only"  # other scripts' digits too


def test_the_hash_matches_only_its_pin_and_never_contains_it():
    stored = hash_pin("2468")
    assert "2468" not in stored and is_pin_hash(stored)
    assert stored.startswith("scrypt$16384$8$1$")
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert not verify_pin("24680", stored)


def test_the_same_pin_hashes_differently_each_time():
    assert hash_pin("2468") != hash_pin("2468")


def test_a_hand_edited_or_greedy_hash_matches_nothing():
    assert not verify_pin("2468", "2468")
    assert not verify_pin("2468", "scrypt$16384$8$1$!!$??")
    assert not verify_pin("2468", "scrypt$1073741824$8$1$AAAA$AAAA")  # would ask for gigabytes
    with pytest.raises(ValueError, match="4 to 8 digits"):
        hash_pin("12")

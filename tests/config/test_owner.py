"""Owner mode without a screen: the PIN on disk, the wait after wrong tries, the idle lock, the reset."""

from __future__ import annotations

import stat

import pytest

from ambience.config.owner import OwnerLock, load_owner, owner_path, wait_after
from tests.support.virtual import HandClock


@pytest.fixture
def clock():
    return HandClock()


@pytest.fixture
def path(tmp_path):
    return owner_path(tmp_path / "rooms.toml")


def test_the_owner_file_sits_beside_the_rooms_config(tmp_path):
    assert owner_path(tmp_path / "rooms.toml") == tmp_path / "owner.toml"


def test_the_pin_is_chosen_once_and_only_its_hash_is_written(path, clock):
    lock = OwnerLock(path, now=clock)
    assert not lock.has_pin
    lock.set_pin("97531")
    assert lock.unlocked
    text = path.read_text()
    assert "97531" not in text and "scrypt$" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lock.lock()
    with pytest.raises(PermissionError):
        lock.set_pin("1111")  # a locked studio's PIN is not changed from the touch screen
    assert OwnerLock(path, now=clock).try_pin("97531").ok


def test_wrong_tries_make_the_next_try_wait_longer_and_outlive_a_restart(path, clock):
    OwnerLock(path, now=clock).set_pin("2468")
    lock = OwnerLock(path, now=clock)
    assert [lock.try_pin("0000").wait_s for _ in range(3)] == [0.0, 0.0, 5.0]  # two slips are free
    assert not lock.try_pin("2468").ok  # even the right PIN waits its turn
    assert lock.wait_left() == 5.0
    clock.t += 5
    assert lock.try_pin("1111").wait_s == 15.0
    restarted = OwnerLock(path, now=clock)  # closing the app does not reset the wait
    assert restarted.wait_left() == 15.0
    clock.t += 15
    assert restarted.try_pin("2468").ok
    assert load_owner(path).failed_tries == 0


def test_the_wait_grows_to_five_minutes_at_most():
    assert [wait_after(n) for n in range(1, 10)] == [0, 0, 5, 15, 30, 60, 120, 300, 300]


def test_owner_mode_locks_itself_after_the_idle_minutes(path, clock):
    lock = OwnerLock(path, now=clock, idle_s=180)
    lock.set_pin("2468")
    clock.t += 170
    lock.touch()
    clock.t += 170
    assert not lock.expired()
    clock.t += 11
    assert lock.expired()


def test_deleting_the_owner_file_resets_a_forgotten_pin(path, clock):
    OwnerLock(path, now=clock).set_pin("2468")
    lock = OwnerLock(path, now=clock)
    path.unlink()
    assert not lock.has_pin
    lock.set_pin("1357")
    assert lock.unlocked


def test_an_unreadable_owner_file_is_explained_and_never_replaced(path, clock):
    path.write_text('schema = 1\npin = "2468"\n')  # a PIN typed in by hand is refused
    lock = OwnerLock(path, now=clock)
    assert lock.has_pin  # no new PIN is offered over it
    problem = lock.problem()
    assert "owner.toml: pin: must be a PIN hash written by the app" in problem
    assert f"delete {path}" in problem
    with pytest.raises(PermissionError):
        lock.set_pin("1111")
    assert path.read_text() == 'schema = 1\npin = "2468"\n'

"""The kill -9 drill still drives the real panel: a few rounds lose nothing (the full drill: benchmarks)."""

from __future__ import annotations

from benchmarks.drills.kill_panel import Drill


def test_a_few_kills_right_after_actions_and_during_saves_lose_nothing(tmp_path):
    drill = Drill(tmp_path / "drill", seed=7)
    drill.run(actions=3, randoms=0, saves=1)
    assert drill.actions.tried == 3 and drill.actions.lost == []
    assert drill.saves.tried == 1 and drill.saves.lost == []
    assert drill.temps_left == 0 and drill.unreadable == 0

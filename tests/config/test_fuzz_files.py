"""Fast versions of the file drills (benchmarks/drills): seeded mutated presets and rooms files."""

from __future__ import annotations

from benchmarks.drills.fuzz_presets import fuzz_presets
from benchmarks.drills.fuzz_rooms import fuzz_rooms


def test_mutated_presets_load_or_are_refused_with_a_message_and_none_breaks_a_rule():
    report = fuzz_presets(500, seed=11, sequences=1, check_every=3)
    assert report.tried == 500 and report.accepted > 20
    assert (report.uncaught, report.hung, report.rule_breakers, report.check_failures) == ([], [], [], [])
    assert report.unclear == [] and report.last_net == 0


def test_mutated_rooms_files_load_or_are_refused_with_a_message_and_save_back_unchanged():
    report = fuzz_rooms(250, seed=11, check_every=15)
    assert report.tried == 250 and report.accepted > 5
    assert (report.uncaught, report.hung, report.rule_breakers, report.check_failures) == ([], [], [], [])
    assert report.unclear == [] and report.last_net == 0


def test_the_drills_oracle_plays_every_kind_of_session_event():
    from ambience.session.timeline import EventKind
    from benchmarks.drills.oracle import EVENT_MAKERS

    assert set(EVENT_MAKERS) == set(EventKind)

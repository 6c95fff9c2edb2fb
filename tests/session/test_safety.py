"""The diffuser's real on-stretches across phases, and the bounds every state is held within."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ambience.session.plan import PlannedPhase, SessionPlan
from ambience.session.preset import Preset
from ambience.session.roomstate import ClimateTarget, LightTarget, MusicTarget, RoomState, Status
from ambience.session.safety import MAX_SESSION_S, Cycle, Limits, longest_diffuser_stretch, within_limits
from ambience.session.timeline import EventKind, Session
from benchmarks.drills.oracle import longest_on_stretch
from tests.factories import make_plan

T0 = 1_800_000_000.0
MIN = 60.0


def preset_data(welcome: tuple[float, float, float], treatment: tuple[float, float, float], **extra):
    """Two phases, each (minutes, on, off) with its own diffuser cycle."""
    return {
        "schema": 1,
        "name": "Scented",
        "minutes": welcome[0] + treatment[0],
        "lighting": {"level": 20},
        "diffuser": {"enabled": True, "on_minutes": welcome[1], "off_minutes": welcome[2]},
        "phases": [
            {"name": "Welcome", "minutes": welcome[0]},
            {
                "name": "Treatment",
                "minutes": treatment[0],
                "diffuser": {"on_minutes": treatment[1], "off_minutes": treatment[2]},
            },
        ],
        **extra,
    }


# Each phase keeps its own on-time under 30 minutes, yet the diffuser runs on across the change.
RUNS_39 = preset_data((29, 29, 1), (31, 10, 19))
RUNS_57 = preset_data((29, 29, 1), (31, 28, 1))


def unchecked_plan(data) -> SessionPlan:
    """The plan such a preset would have if nothing checked it across phases."""
    phases = []
    for phase in data["phases"]:
        cycle = {**data["diffuser"], **phase.get("diffuser", {})}
        phases.append(
            PlannedPhase(
                phase["name"],
                phase["minutes"] * MIN,
                20.0,
                None,
                0.0,
                False,
                (),
                0.0,
                24.0,
                True,
                cycle["on_minutes"] * MIN,
                cycle["off_minutes"] * MIN,
            )
        )
    return SessionPlan(data["name"], tuple(phases), 70.0, 0.0, 0.0, False, True, 0.0)


@pytest.mark.parametrize(("data", "minutes"), [(RUNS_39, 39), (RUNS_57, 57)])
def test_a_diffuser_that_runs_on_across_a_phase_change_really_does_so_on_the_timeline(data, minutes):
    session = Session(unchecked_plan(data))
    session.add(EventKind.START, T0)
    assert longest_on_stretch(session, T0) == pytest.approx(minutes * MIN)


@pytest.mark.parametrize(("data", "minutes"), [(RUNS_39, 39), (RUNS_57, 57)])
def test_presets_that_run_the_diffuser_39_or_57_minutes_are_refused(data, minutes):
    with pytest.raises(ValidationError) as caught:
        Preset.model_validate(data)
    assert (
        f"diffuser: stays on {minutes} minutes at a stretch (minutes 0–{minutes}, 'Welcome' and 'Treatment'),"
        " more than the 30-minute cap" in str(caught.value)
    )


def test_a_preset_that_only_a_badly_timed_next_phase_would_push_over_the_cap_is_refused():
    # As planned the diffuser rests at the change (minute 20); a next phase at minute 15 would
    # carry Welcome's run straight into Treatment's 25 minutes.
    data = preset_data((20, 15, 5), (40, 25, 35))
    with pytest.raises(ValidationError, match=r"could stay on .* if the therapist moves on"):
        Preset.model_validate(data)


def test_phases_that_share_a_cycle_or_rest_between_are_fine():
    Preset.model_validate(preset_data((30, 30, 30), (30, 30, 30)))
    Preset.model_validate(preset_data((20, 10, 10), (40, 10, 10)))
    no_scent = preset_data((29, 29, 1), (31, 28, 1))
    no_scent["phases"][1]["diffuser"]["enabled"] = False
    Preset.model_validate(no_scent)


def test_the_analysis_counts_a_short_rest_as_part_of_the_stretch():
    cycles = [Cycle("A", True, 20 * MIN, 30), Cycle("B", True, 20 * MIN, 40 * MIN)]
    stretch = longest_diffuser_stretch(cycles)
    assert stretch is not None and stretch.seconds > 30 * MIN
    assert longest_diffuser_stretch([Cycle("A", True, 30 * MIN, MIN)]).seconds == 30 * MIN
    assert longest_diffuser_stretch([Cycle("A", False, 30 * MIN, MIN)]) is None


def test_the_last_line_holds_temperature_volume_and_the_end_light_inside_the_bounds():
    wild = RoomState(
        at=T0,
        status=Status.ENDED,
        light=LightTarget(0.0, 2700, 1.0),
        music=MusicTarget((), False, 140.0, False, True, 1.0),
        climate=ClimateTarget(45.0),
    )
    held = within_limits(wild, Limits(volume_cap=60))
    assert held.light.level == 10 and held.music.volume == 60 and held.climate.target_c == 30
    cold = within_limits(
        RoomState(at=T0, status=Status.RUNNING, climate=ClimateTarget(float("nan"))), Limits(60)
    )
    assert cold.climate.target_c == 18
    calm = RoomState(at=T0, status=Status.RUNNING, light=LightTarget(0.0, None, 1.0))
    assert within_limits(calm, Limits(60)) is calm  # dark is fine while the session runs


def test_going_back_again_and_again_never_makes_a_session_longer_than_twelve_hours():
    session = Session(make_plan())
    session.add(EventKind.START, T0)
    t = T0 + 5.5 * MIN  # in the Treatment
    for _ in range(150):  # back to the Welcome; a minute after its five minutes, back again
        session.add(EventKind.BACK, t)
        t += 6 * MIN
    assert session.state(t).total_s <= MAX_SESSION_S

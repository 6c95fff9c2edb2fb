"""The panel's words: countdowns, relative times, device lines and health marks."""

from __future__ import annotations

import pytest

from ambience.config.roles import Role
from ambience.engine.readings import (
    DeviceProblem,
    LightReading,
    NowPlaying,
    ProblemKind,
    SwitchReading,
    ThermostatReading,
)
from ambience.engine.snapshot import DeviceStatus
from ambience.session.roomstate import DiffuserTarget, LightTarget, RoomState, Status
from ambience.ui.describe import (
    countdown,
    device_line,
    health_detail,
    health_mark,
    health_reason,
    in_text,
    time_of_day,
)

T = 1_800_000_000.0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "00:00"), (0.2, "00:01"), (59.5, "01:00"), (1800, "30:00"), (3600, "1:00:00"), (5431, "1:30:31")],
)
def test_the_countdown_rounds_up_so_zero_means_done(seconds, text):
    assert countdown(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [(12.2, "in 13 s"), (600, "in 10 min"), (3900, "in 1 h 05")])
def test_relative_times(seconds, text):
    assert in_text(seconds) == text


def status(role, reading, available=True, problem=None):
    return DeviceStatus("d", "Device", role, "model", available, problem, reading)


def running(**kw):
    return RoomState(at=T, status=Status.RUNNING, total_s=600, elapsed_s=60, **kw)


def test_a_fading_light_shows_where_it_is_going():
    state = running(light=LightTarget(40, 2700, 10))
    line = device_line(status(Role.LIGHT, LightReading(True, 55.4, 2700)), state)
    assert line.text == "55 % → 40 % · 2700 K"


def test_the_thermostat_shows_the_room_the_target_and_heating():
    line = device_line(status(Role.THERMOSTAT, ThermostatReading(24.0, 21.26, True)), running())
    assert (line.text, line.tag) == ("21.3 °C → 24.0 °C", "heating")


def test_the_diffuser_says_when_it_next_changes():
    state = running(diffuser_changes_at=T + 600)
    text = device_line(status(Role.DIFFUSER, SwitchReading(True)), state).text
    assert text.startswith("On · off at ")


def test_a_diffuser_held_off_by_its_cap_says_it_is_resting():
    state = running(
        diffuser=DiffuserTarget(False),
        diffuser_changes_at=T + 600,
        safety_notes=("The diffuser is resting: it ran 30 minutes at a stretch, the most it may.",),
    )
    line = device_line(status(Role.DIFFUSER, SwitchReading(False)), state)
    assert (line.text, line.tag) == ("Resting: 30 min on", "safety cap")


def test_music_shows_the_track_the_volume_and_the_nudge():
    reading = NowPlaying(playing=True, paused=False, volume=35, title="Slow river", artist="Ambience")
    assert device_line(status(Role.MUSIC, reading), running(volume_trim=5)).text == (
        "♪ Slow river — Ambience · 35 % (+5)"
    )


@pytest.mark.parametrize(
    ("problem", "mark", "advice"),
    [
        (
            DeviceProblem(ProblemKind.OFFLINE, "Floor lamp", "127.0.0.1:9999 cannot be reached"),
            "Not answering",
            "Floor lamp is not answering — is it switched on at the wall?",
        ),
        (
            DeviceProblem(ProblemKind.TIMEOUT, "Floor lamp", "no answer within 5 s"),
            "Slow to answer",
            "Floor lamp is slow to answer",
        ),
        (
            DeviceProblem(ProblemKind.AUTH, "Floor lamp", "denied"),
            "Needs the account",
            "Floor lamp does not accept the studio's TP-Link account",
        ),
    ],
)
def test_health_marks_say_what_is_wrong_in_plain_words_and_keep_the_detail_a_tap_away(problem, mark, advice):
    down = DeviceStatus("lamp", "Floor lamp", Role.LIGHT, "model", False, problem, None)
    assert health_mark(down) == mark
    assert health_reason(down).startswith(advice)
    assert problem.reason not in health_reason(down)  # no addresses or error codes in the words
    assert problem.reason in health_detail(down)
    assert health_mark(status(Role.LIGHT, None, available=None)) is None


def test_a_device_that_does_not_answer_shows_since_when_and_what_it_last_said():
    problem = DeviceProblem(ProblemKind.OFFLINE, "Floor lamp", "refused")
    down = DeviceStatus(
        "lamp", "Floor lamp", Role.LIGHT, "model", False, problem, LightReading(True, 25, 2700), down_since=T
    )
    line = device_line(down, running(light=LightTarget(40, 2700, 10)))
    assert line.text == f"Not answering since {time_of_day(T)} · last known 25 % · 2700 K"
    assert line.tag == ""
    heater = DeviceStatus(
        "r",
        "Radiator",
        Role.THERMOSTAT,
        "m",
        False,
        problem,
        ThermostatReading(24.0, 22.0, True),
        down_since=T,
    )
    assert "heating" not in device_line(heater, running()).tag

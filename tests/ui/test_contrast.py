"""Every text the panel draws stands out from its background by at least 4.5:1 (WCAG AA)."""

from __future__ import annotations

import re

import pytest

from ambience.ui import theme

AA = 4.5


@pytest.mark.parametrize(("where", "text", "background"), theme.TEXT_PAIRS)
def test_every_text_colour_pair_reads_at_least_4_5_to_1(where, text, background):
    assert theme.contrast(text, background) >= AA, where


def test_every_text_colour_of_the_style_sheet_is_one_of_the_checked_pairs():
    checked = {text for _, text, _ in theme.TEXT_PAIRS}
    used = set(re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", theme.stylesheet()))
    assert used and used <= checked, used - checked


def test_running_and_paused_never_share_a_colour():
    assert theme.PAUSED not in (theme.OK, theme.ACCENT, theme.WARN)
    assert theme.contrast(theme.TEXT, theme.PAUSED_DIM) > 2  # the paused countdown is visibly dimmer


def test_the_contrast_formula_matches_the_known_extremes():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert theme.contrast("#777777", "#777777") == pytest.approx(1)

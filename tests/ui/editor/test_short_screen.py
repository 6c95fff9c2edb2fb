"""The editor on a 7" panel (800×480): the chart takes a tab of its own, so the fields keep the room."""

from __future__ import annotations

from tests.ui.editor.helpers import click, open_editor


def test_on_a_short_screen_the_chart_is_a_tab_and_the_fields_get_most_of_the_height(studio_panel):
    panel = studio_panel
    page = open_editor(panel)
    panel.window.dialog.resize(800, 480)
    panel.qtbot.waitUntil(lambda: page.form.chart_tab.isVisibleTo(page))
    assert not page.chart.isVisibleTo(page)
    assert page.form.pages.height() > 480 // 2

    click(panel, page.form.chart_tab)
    assert page.chart.isVisibleTo(page)
    assert page.trial_bar.switch.isVisibleTo(page)

    click(panel, page.form.tabs[1])
    assert not page.chart.isVisibleTo(page)


def test_back_on_a_tall_screen_the_chart_sits_above_the_tabs_again(studio_panel):
    panel = studio_panel
    page = open_editor(panel)
    panel.window.dialog.resize(800, 480)
    panel.qtbot.waitUntil(lambda: page.form.chart_tab.isVisibleTo(page))
    click(panel, page.form.chart_tab)

    panel.window.dialog.resize(1920, 1080)
    panel.qtbot.waitUntil(lambda: not page.form.chart_tab.isVisibleTo(page))
    assert page.chart.isVisibleTo(page)
    assert page.form.pages.currentIndex() == 0
    assert page.trial_bar.switch.parentWidget() is page.form
    assert not page.trial_bar.isVisibleTo(page)  # only while trying, or with something to say

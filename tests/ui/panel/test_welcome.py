"""The welcome of a first start: a calm card as tall as its words, centred, at every screen size."""

from __future__ import annotations

import pytest

from ambience.ui.qt import QApplication, QFontMetrics
from tests.ui.layout import SIZES, assert_fits


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_welcome_card_is_as_tall_as_its_words_and_centred(panel, qtbot, size):
    window = panel.window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    welcome = window.welcome
    welcome.show()
    welcome.raise_()
    QApplication.processEvents()
    assert_fits(welcome)
    card, words = welcome.scroll_area, welcome.scroll_area.widget()
    # No empty stretch under the words: the card is the height its words take at its width.
    needed = words.heightForWidth(card.viewport().width())
    assert not card.verticalScrollBar().isVisible(), "the card scrolls although the screen has room"
    assert abs(card.viewport().height() - needed) <= 2, (
        f"{card.viewport().height()} px for {needed} px of words"
    )
    # The card and its buttons sit in the middle of the screen, both ways.
    top = card.mapTo(welcome, card.rect().topLeft()).y()
    button = welcome.demo_button
    bottom = welcome.height() - button.mapTo(welcome, button.rect().bottomLeft()).y()
    assert abs(top - bottom) <= 2, (top, bottom)
    left = card.mapTo(welcome, card.rect().topLeft()).x()
    right = welcome.width() - left - card.width()
    assert abs(left - right) <= 2, (left, right)
    # Lines a reader's eye can follow on a large screen, too.
    assert card.width() <= 80 * QFontMetrics(welcome.body.font()).averageCharWidth()

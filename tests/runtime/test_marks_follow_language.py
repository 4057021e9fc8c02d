"""Quotation marks take the width of the language they sit in, on every slide of the bundled
deck: a Chinese text's “ ” are the full-width marks, never narrow Latin ones."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel

from kiosk.core.content.loader import load_deck
from kiosk.runtime.offscreen import lay_out, release
from kiosk.runtime.text_fit import plain_text
from kiosk.runtime.theme import MARKS_FAMILY, Look, is_chinese_text


@pytest.mark.parametrize("size", [QSize(1920, 1080), QSize(1080, 1920)],
                         ids=["landscape", "portrait"])
def test_chinese_quote_marks_are_full_width_everywhere(qapp, size):
    deck = load_deck().deck
    assert deck is not None
    checked = 0
    for slide in deck.slides:
        view = lay_out(slide, Look(deck.settings.theme, size), "zh")
        for label in view.findChildren(QLabel):
            words = plain_text(label)
            if not ({"“", "”", "‘", "’"} & set(words)) or not is_chinese_text(words):
                continue
            checked += 1
            assert label.font().families()[0] == MARKS_FAMILY, (slide.id, words)
        release(view)
    assert checked >= 3, "the bundled deck quotes words in Chinese on several slides"

"""The fit check reports a text that draws no ink in the fonts really used (issue 21, 7)."""

from __future__ import annotations

from PySide6.QtGui import QFont

from kiosk.core.content.model import Deck, Settings, Text, TitleSlide
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.tools.fitcheck import Screen, check_deck, draws_no_ink


def test_a_text_of_glyphless_characters_draws_no_ink(qapp):
    load_bundled_fonts()
    font = QFont("Noto Sans SC")
    font.setPixelSize(40)
    assert draws_no_ink("\u200b\u2060\u200b", font)
    assert not draws_no_ink("Hello", font) and not draws_no_ink("科创板", font)
    assert not draws_no_ink("", font)  # no text is not a blank text


def test_the_fit_check_refuses_a_subtitle_that_would_show_blank(qapp):
    # Built directly: the validator refuses this text already; the fit check is the second
    # line for blanks that only the fonts know of.
    subtitle = Text.plain("\u200b\u2060\u200b")
    deck = Deck(Settings(title=Text.plain("T"), languages=("en",)), (
        TitleSlide(id="t", title=Text.plain("Hello"), subtitle=subtitle),))
    problems = check_deck(deck, {id(subtitle): ("deck.yaml", 7, 15)}, [Screen(1280, 720)])
    blank = [p for p in problems if "draws nothing" in p.message]
    assert len(blank) == 1, problems
    assert (blank[0].file, blank[0].line, blank[0].severity) == ("deck.yaml", 7, "error")
    assert "subtitle" in blank[0].message

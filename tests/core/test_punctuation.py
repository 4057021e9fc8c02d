"""Chinese punctuation compression: no two half-em gaps side by side, no half-em indent."""

from __future__ import annotations

import re

import pytest
from fontTools.ttLib import TTFont

from kiosk.core.paths import ASSETS
from kiosk.core.punctuation import (
    CLOSING_MARKS,
    MIDDLE_MARKS,
    OPENING_MARKS,
    blank_sides,
    gaps_between_marks,
    needs_squeeze,
    plan,
    squeeze_markup,
)


@pytest.mark.parametrize("text", [
    "合格境外机构投资者（QFII）、创投机构",  # the bundled capital slide's detail
    "他说：“科创板是试验田。”",
    "「试验田」，还有《报告》。",
    "（“1+6”）",
    "，（",
])
def test_no_two_adjacent_half_em_gaps_once_squeezed(text):
    before = gaps_between_marks(text)
    after = gaps_between_marks(text, plan(text))
    assert after and all(gap <= 0.5 for gap in after)
    assert any(gap > 0.5 or gap == 0.5 for gap in before)  # there was something to squeeze


def test_closing_bracket_then_comma_touch_and_comma_then_opening_keeps_half_an_em():
    assert plan("）、").after == {0: 0.5}
    assert gaps_between_marks("）、", plan("）、")) == [0.0]
    assert gaps_between_marks("，（", plan("，（")) == [0.5]
    assert gaps_between_marks("（“", plan("（“")) == [0.0]


def test_word_joiners_between_marks_do_not_hide_a_pair():
    text = "试验\u2060田”\u2060，"
    assert plan(text).after == {4: 0.5}  # the ” before the joiner and ，


def test_opening_mark_at_a_paragraph_start_loses_its_indent():
    squeeze = plan("“投早、投小”的文化\n“1”：设立")
    assert squeeze.line_start == {0, 11}
    assert not plan("投早“投小”").line_start


def test_text_without_pairs_is_left_alone():
    assert not needs_squeeze("科创板上市公司，研发投入占比超过10%。")
    assert not needs_squeeze("Dizal’s “placement”")


def test_markup_keeps_its_tags_and_squeezes_across_them():
    markup = '投资者（QFII<span style="color:#fff; font-weight:700">）</span>、创投'
    out = squeeze_markup(markup)
    assert re.sub(r"<[^>]+>", "", out) == "投资者（QFII）、创投"
    assert '<span style="letter-spacing:-0.5em">）</span>' in out
    assert out.count("<span") == 2 and out.count("</span>") == 2


def test_markup_line_start_after_a_line_break_gets_a_hidden_copy_spaced_back():
    out = squeeze_markup("上一行<br>“1+6”改革")
    assert out.startswith("上一行<br>")
    assert 'color:transparent">“</span>“1+6”改革' in out
    assert "letter-spacing:-1.5em" in out


def test_english_markup_is_never_squeezed():
    assert squeeze_markup("“‘quoted’”", chinese=False) == "“‘quoted’”"


def test_entities_count_as_one_character_and_stay_intact():
    squeezed = '<span style="letter-spacing:-0.5em">）</span>'
    assert squeeze_markup("A &amp; B）、") == f"A &amp; B{squeezed}、"


def _halt_adjustments(path) -> dict[int, tuple[int, int]]:
    """Code point → (x placement, x advance) the face's ``halt`` feature applies."""
    font = TTFont(path)
    by_glyph: dict[str, tuple[int, int]] = {}
    table = font["GPOS"].table
    for record in table.FeatureList.FeatureRecord:
        if record.FeatureTag != "halt":
            continue
        for index in record.Feature.LookupListIndex:
            for sub in table.LookupList.Lookup[index].SubTable:
                values = ([sub.Value] * len(sub.Coverage.glyphs) if sub.Format == 1
                          else sub.Value)
                for glyph, value in zip(sub.Coverage.glyphs, values, strict=True):
                    by_glyph[glyph] = (getattr(value, "XPlacement", 0) or 0,
                                       getattr(value, "XAdvance", 0) or 0)
    return {code: by_glyph[glyph] for code, glyph in font.getBestCmap().items()
            if glyph in by_glyph}


def test_blank_sides_are_the_ones_the_bundled_face_halves_with_halt():
    """The table agrees with the font: halt moves an opening mark left by its blank half and
    shortens every mark by the blank it leaves."""
    halt = _halt_adjustments(ASSETS / "fonts" / "NotoSansSC-Regular.otf")
    for mark in OPENING_MARKS + CLOSING_MARKS + MIDDLE_MARKS:
        placement, advance = halt[ord(mark)]
        left, right = blank_sides(mark)
        assert (left, right) == (-placement / 1000, (placement - advance) / 1000), mark

"""Short hyphenated words and dates are kept on one line; long compounds may still break
at a hyphen."""

from __future__ import annotations

import pytest

from kiosk.core.unbreakable import (
    WORD_JOINER,
    keep_dates_together,
    keep_short_compounds,
)


@pytest.mark.parametrize("text, kept", [
    ("provides sci-tech enterprises", "sci-⁠tech"),
    ("follow-on offerings", "follow-⁠on"),
    ("a long-term, hard-tech bet", "long-⁠term"),
    ("an all-in-one tool", "all-⁠in-⁠one"),
])
def test_short_compounds_get_a_word_joiner_after_each_hyphen(text, kept):
    assert kept.replace("⁠", WORD_JOINER) in keep_short_compounds(text)


@pytest.mark.parametrize("text", [
    "industry-university-research links",  # long: may break at a hyphen
    "2019-07-22", "RMB 1.1 trillion", "22 July 2019 – 22 July 2025", "a - b", "-tech", "科创板-",
])
def test_other_text_is_left_as_it_is(text):
    assert keep_short_compounds(text) == text


def test_the_words_read_the_same_without_the_joiners():
    text = "The STAR Market provides sci-tech enterprises with follow-on, long-term capital"
    assert keep_short_compounds(text).replace(WORD_JOINER, "") == text


@pytest.mark.parametrize("text, kept", [
    ("SSE news release, 18 June 2025", "18 June 2025"),
    ("Xinhua, July 2025", "July 2025"),
    ("Accepted for review 1 July 2025.", "1 July 2025"),
])
def test_english_dates_are_joined_after_their_spaces(text, kept):
    shown = keep_dates_together(text)
    assert kept.replace(" ", " " + WORD_JOINER) in shown
    assert shown.replace(WORD_JOINER, "") == text


def test_chinese_dates_are_joined_between_their_parts():
    shown = keep_dates_together("上交所新闻稿，2025年6月18日、7月17日")
    assert f"2025年{WORD_JOINER}6月{WORD_JOINER}18日" in shown
    assert shown.replace(WORD_JOINER, "") == "上交所新闻稿，2025年6月18日、7月17日"


def test_numbers_that_are_not_dates_are_left_alone():
    for text in ("35 companies in June", "240,000 R&D staff", "RMB 1.1 trillion", "12月份"):
        assert keep_dates_together(text) == text

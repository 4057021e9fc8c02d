"""Short hyphenated words are kept on one line; long ones may still break at a hyphen."""

from __future__ import annotations

import pytest

from kiosk.core.compounds import WORD_JOINER, keep_short_compounds


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

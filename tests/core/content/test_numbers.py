"""Figures as each language writes them."""

from __future__ import annotations

import pytest

from kiosk.core.numbers import format_number, number_format


@pytest.mark.parametrize(
    ("value", "english", "chinese"),
    [
        (1.1e12, "1.1 trillion", "1.1万亿"),
        (168.1e9, "168.1 billion", "1681亿"),
        (240_000, "240,000", "24万"),
        (1.796e9, "1.796 billion", "17.96亿"),
        (21.1e9, "21.1 billion", "211亿"),
        (930e6, "930 million", "9.3亿"),
        (589, "589", "589"),
        (2_941, "2,941", "2941"),  # not a round figure in 万: stays in digits
    ],
)
def test_compact_figures_read_naturally_in_each_language(value, english, chinese):
    assert format_number(value, "en", compact=True) == english
    assert format_number(value, "zh", compact=True) == chinese


def test_plain_figures_group_digits_in_english_only():
    assert format_number(120_000, "en") == "120,000"
    assert format_number(120_000, "zh") == "120000"


def test_fixed_decimals_win_over_exact_ones():
    assert format_number(589, "en", decimals=1) == "589.0"
    assert format_number(30, "en", decimals=0) == "30"


def test_counting_up_keeps_the_final_unit_and_decimals():
    final = number_format(1.1e12, "en", compact=True)
    assert final.format(0) == "0.0 trillion"
    assert final.format(0.55e12) == "0.6 trillion" or final.format(0.55e12) == "0.5 trillion"
    assert final.format(1.1e12) == "1.1 trillion"
    chinese = number_format(240_000, "zh", compact=True)
    assert chinese.format(120_000) == "12万"


def test_a_value_that_rounds_to_zero_is_never_written_minus_zero():
    assert format_number(-0.4, "en", decimals=0) == "0"
    assert format_number(-0.0, "zh") == "0"
    assert format_number(-12, "en") == "-12"

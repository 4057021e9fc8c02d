"""Numbers exactly as written (issue 21, item 6).

ASCII digits only, decimal half-up rounding on the figure as written, no figure that reads as
0, and a property: what a slide writes for any accepted number reads back as that number
within the rounding it states.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.content.loader import load_deck
from kiosk.core.numbers import exact, format_number, number_format
from tests.core.content.test_hostile_classes import chart, deck, metrics


def _load(folder: Path, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    return load_deck(folder)


# ------------------------------------------------------------------ rounding


@pytest.mark.parametrize(("value", "decimals", "compact", "english", "chinese"), [
    (2.675, 2, False, "2.68", "2.68"),      # a float holds 2.67499999…
    (1.005, 2, False, "1.01", "1.01"),      # …and 1.00499999…
    (1.25e12, 1, True, "1.3 trillion", "1.3万亿"),
    (-2.675, 2, False, "-2.68", "-2.68"),   # half away from zero, as a reader rounds
    (0.5, 0, False, "1", "1"),              # not banker's rounding to "0"
    (2.5, 0, False, "3", "3"),
    (1234.5, 0, False, "1,235", "1235"),
    (16.85e9, 1, True, "16.9 billion", "168.5亿"),
])
def test_figures_round_half_up_on_the_number_as_written(value, decimals, compact, english,
                                                        chinese):
    assert format_number(value, "en", decimals=decimals, compact=compact) == english
    assert format_number(value, "zh", decimals=decimals, compact=compact) == chinese


def test_default_decimals_come_from_the_written_figure_not_its_float():
    # 0.1 + 0.2 is 0.30000000000000004 as a float; the figure 0.3 is written "0.3".
    assert format_number(0.3, "en") == "0.3"
    assert format_number(168.1e9, "en", compact=True) == "168.1 billion"
    assert format_number(1e15, "en") == "1,000,000,000,000,000"


def test_a_count_up_never_writes_minus_zero_or_drifts_from_its_final_format():
    final = number_format(1.25e12, "en", decimals=1, compact=True)
    assert final.format(-1e-9) == "0.0 trillion"
    assert final.format(0.625e12) == "0.6 trillion"
    assert final.format(1.25e12) == "1.3 trillion"


# ------------------------------------------------------------- ASCII digits


@pytest.mark.parametrize(("text", "line", "phrase", "digit"), [
    # A Bengali four looks like an 8: '1৪' was shown as 14.
    (metrics("1৪"), 8, "must be a number", "BENGALI DIGIT FOUR"),
    (metrics("１２"), 8, "must be a number", "FULLWIDTH DIGIT ONE"),
    (deck("  - type: title", "    id: t", "    title: T",
          settings=("  transition_ms: 1০০০",)), 3, "must be a whole number",
     "BENGALI DIGIT ZERO"),
    (deck("  - type: title", "    id: t", "    title: T",
          settings=("  slide_duration: 1٢",)), 3, "must be a number", "ARABIC-INDIC DIGIT TWO"),
    (deck("  - type: title", "    id: t", "    title: T",
          settings=("  schedule:", "    monday:", '      open: "09:00"',
                    '      close: "1৪:00"')), 6, "is not a time", "BENGALI DIGIT FOUR"),
    (deck("  - type: title", "    id: t", "    title: T",
          settings=("  screens: [1920x1০80]",)), 3, "is not a screen size",
     "BENGALI DIGIT ZERO"),
    (chart("3", "    decimals: ２"), 7, "must be a whole number", "FULLWIDTH DIGIT TWO"),
])
def test_digits_of_other_scripts_are_refused_and_named(tmp_path, text, line, phrase, digit):
    result = _load(tmp_path / "content", text)
    assert result.deck is None
    matching = [p for p in result.errors if phrase in p.message]
    assert len(matching) == 1, "\n".join(map(str, result.problems))
    assert matching[0].line == line and matching[0].file.endswith("deck.yaml")
    assert digit in matching[0].hint and "0-9" in matching[0].hint


# ------------------------------------------------------------ reads as zero


def test_a_figure_that_would_read_as_zero_is_refused_without_decimals_too(tmp_path):
    result = _load(tmp_path / "m", metrics("0.0004"))
    assert result.deck is None
    (problem,) = result.errors
    assert problem.line == 8 and "would be written '0.000'" in problem.message
    assert "decimals: 4" in problem.hint


def test_a_bar_that_would_read_as_zero_is_refused_without_decimals_too(tmp_path):
    result = _load(tmp_path / "c", chart("0.0004"))
    (problem,) = result.errors
    assert problem.line == 9 and "would be written '0.000'" in problem.message


@pytest.mark.parametrize(("written", "shown"), [
    ("1e-400", "0.0"),                  # below what a number holds: read as 0
    ("1.00000000000000001", "1.0"),     # more digits than a number keeps
    ("4.9e-324", "5E-324"),
])
def test_a_number_that_cannot_be_kept_exactly_is_refused(tmp_path, written, shown):
    result = _load(tmp_path / "x", metrics(written))
    (problem,) = result.errors
    assert problem.line == 8
    assert f"{written} cannot be kept exactly: it would be shown as {shown}" in problem.message


def test_small_figures_that_can_be_written_are_accepted(tmp_path):
    assert _load(tmp_path / "a", metrics("0.0004\n        decimals: 4")).deck is not None
    assert _load(tmp_path / "b", metrics("0.001")).deck is not None


# ----------------------------------------------------------------- property

_WRITTEN = re.compile(r"-?[0-9][0-9,]*(\.[0-9]+)?")


def _read_back(written: str, word: str, language: str) -> Decimal:
    """What a reader takes ``written`` for, in units of the format's word."""
    assert written.endswith(word)
    digits = written[: len(written) - len(word)] if word else written
    assert _WRITTEN.fullmatch(digits), written  # ASCII digits, a '-', ',' in English only
    if language != "en":
        assert "," not in digits
    return Decimal(digits.replace(",", ""))


def _check_reads_back(value: float, language: str, decimals: int | None, compact: bool) -> None:
    form = number_format(value, language, decimals=decimals, compact=compact)
    written = form.format(value)
    shown = _read_back(written, form.word, language) * form.divisor
    tolerance = Decimal(form.divisor) * Decimal(5).scaleb(-form.decimals - 1)
    assert abs(shown - exact(value)) <= tolerance, (value, written)
    if decimals is None and form.decimals < 3:
        assert shown == exact(value), (value, written)  # the default writes it exactly


_NUMBER_TEXTS = st.one_of(
    # Up to 15 significant digits: what a float (and so the model) holds exactly.
    st.decimals(min_value=-10**8, max_value=10**8, places=6).map(
        lambda d: format(d.normalize(), "f")),
    st.integers(-10**15, 10**15).map(str),
    st.tuples(st.integers(1, 9999), st.integers(0, 3), st.integers(0, 11)).map(
        lambda t: f"{t[0] / 10**t[1]}e{t[2]}"),
)


@settings(max_examples=200, deadline=None)
@given(value=st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False),
       language=st.sampled_from(["en", "zh"]),
       decimals=st.none() | st.integers(0, 4), compact=st.booleans())
def test_any_number_reads_back_within_its_rounding(value, language, decimals, compact):
    _check_reads_back(value, language, decimals, compact)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_NUMBER_TEXTS, decimals=st.none() | st.integers(0, 4), compact=st.booleans())
def test_every_accepted_figure_is_shown_as_written(tmp_path, text, decimals, compact):
    """Through the validator: a figure it accepts is shown as the number the file says."""
    extra = (f"\n        decimals: {decimals}" if decimals is not None else "") + \
        ("\n        compact: true" if compact else "")
    folder = tmp_path / f"f{abs(hash((text, decimals, compact)))}"
    result = _load(folder, metrics(text + extra))
    if result.deck is None:
        assert any("would be written" in p.message or "too large" in p.message
                   for p in result.errors), "\n".join(map(str, result.problems))
        return
    figure = result.deck.slides[0].metrics[0]
    assert exact(figure.value) == Decimal(text)  # the model holds what the file says
    for language in ("en", "zh"):
        _check_reads_back(figure.value, language, decimals, compact)
        form = number_format(figure.value, language, decimals=decimals, compact=compact)
        assert exact(figure.value) == 0 or not form.reads_as_zero(figure.value)

"""Straight quotes and apostrophes in English text get a hint, never an error (issue 22)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.content.loader import load_deck
from kiosk.core.content.typography import typographic


def _load(tmp_path: Path, slide: str):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "deck.yaml").write_text(
        "settings:\n  title: T\n  languages: [en, zh]\nslides:\n" + slide, encoding="utf-8")
    return load_deck(folder)


def test_a_straight_apostrophe_in_english_is_a_warning_with_place_and_fix(tmp_path):
    result = _load(tmp_path, "  - type: title\n    id: t\n    title:\n"
                             "      en: China's new tier\n      zh: 新板块\n")
    assert result.deck is not None  # a hint: the deck still runs
    (warning,) = result.problems
    assert warning.severity == "warning"
    assert (warning.file.endswith("deck.yaml"), warning.line, warning.column) == (True, 8, 11)
    assert "slide t.title.en has a straight apostrophe (') at character 6" in warning.message
    assert "China’s new tier" in warning.hint
    assert str(warning).startswith(f"{warning.file}:8:11: warning: ")


def test_straight_double_quotes_are_named_and_corrected(tmp_path):
    result = _load(tmp_path, "  - type: title\n    id: t\n    title:\n"
                             "      en: 'The \"1+6\" reforms'\n      zh: “1+6”改革\n")
    (warning,) = result.warnings
    assert "straight quote (\") at character 5" in warning.message
    assert "The “1+6” reforms" in warning.hint


def test_chinese_text_and_typographic_english_are_left_alone(tmp_path):
    result = _load(tmp_path, "  - type: title\n    id: t\n    title:\n"
                             "      en: China’s “1+6” reforms\n      zh: 科创板\"试验田\"\n"
                             "    subtitle: 科创板'硬科技'\n")
    assert result.problems == ()


def test_a_text_shown_in_every_language_is_checked_when_it_is_not_chinese(tmp_path):
    result = _load(tmp_path, "  - type: title\n    id: t\n    title: \"Xinhua's view\"\n")
    (warning,) = result.warnings
    assert (warning.line, "slide t.title has a straight apostrophe") == \
        (7, warning.message.split(" (")[0])


def test_only_the_first_straight_mark_is_reported_once_per_text(tmp_path):
    result = _load(tmp_path, "  - type: title\n    id: t\n    title:\n"
                             "      en: 'it''s the \"one\" and the ''six'''\n      zh: 一\n")
    (warning,) = result.warnings
    assert "character 3" in warning.message
    assert "it’s the “one” and the ‘six’" in warning.hint


@pytest.mark.parametrize(("straight", "curly"), [
    ("China's", "China’s"),
    ('"hard tech"', "“hard tech”"),
    ("a 'testing ground' (\"1+6\")", "a ‘testing ground’ (“1+6”)"),
    ("the '90s", "the ’90s"),
    ("companies' staff", "companies’ staff"),
    ('"Quote," she said', "“Quote,” she said"),
])
def test_typographic_turns_each_mark_the_right_way(straight, curly):
    assert typographic(straight) == curly

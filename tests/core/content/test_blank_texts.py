"""Nothing blank that looks filled (issue 21, item 7): texts that would draw nothing."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

from kiosk.core.content.characters import draws_nothing, is_invisible
from kiosk.core.content.loader import load_deck

BLANKS = {
    "\u3164": "HANGUL FILLER",
    "\u115f": "HANGUL CHOSEONG FILLER",
    "\u1160": "HANGUL JUNGSEONG FILLER",
    "\uffa0": "HALFWIDTH HANGUL FILLER",
    "\u2800": "BRAILLE PATTERN BLANK",
    "\u200b": "ZERO WIDTH SPACE",
    "\u2800\u3164\u200b": "BRAILLE PATTERN BLANK",
    "\u180e\u2060\ufeff": "MONGOLIAN VOWEL SEPARATOR",
    "\u034f\ufe0f": "COMBINING GRAPHEME JOINER",
}


def _title(tmp_path: Path, title: str, field: str = "title"):
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "deck.yaml").write_text(
        'settings:\n  title: T\nslides:\n  - type: title\n    id: t\n    title: Hello\n'
        f'    {field}: "{title}"\n', encoding="utf-8")
    return load_deck(folder)


@pytest.mark.parametrize("blank", list(BLANKS))
def test_a_title_of_blank_looking_characters_is_refused_at_its_place(tmp_path, blank):
    result = _title(tmp_path, blank * 3, "subtitle")
    assert result.deck is None
    (problem,) = result.errors
    assert (problem.line, problem.column) == (7, 15)
    assert "subtitle holds only invisible characters" in problem.message
    assert BLANKS[blank] in problem.message  # named, since echoed it would show nothing


@pytest.mark.parametrize("text", ["\u3164Hello", "점\u3164", "⠁", "⣿", "\u2422", "\u00a0x",
                                  "\U0001fae8"])
def test_blank_characters_inside_visible_text_and_visible_lookalikes_are_accepted(tmp_path,
                                                                                  text):
    result = _title(tmp_path, text, "subtitle")
    assert result.deck is not None, "\n".join(map(str, result.problems))


def test_the_rule_is_a_property_not_a_list():
    # Beyond the categories, exactly the Lo fillers and the dotless braille cell draw
    # nothing; every other letter, digit, symbol and punctuation mark draws something.
    extra = [c for c in range(sys.maxunicode + 1) if draws_nothing(chr(c))
             and unicodedata.category(chr(c))[0] not in "ZCM"]
    assert extra == [0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0]
    assert not is_invisible("\u2801") and is_invisible("\u2800\u2800")
    # Punctuation named a "GAP FILLER" is drawn.
    assert not draws_nothing("\ua8f9")

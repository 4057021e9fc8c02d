"""What a line must not break inside: short hyphenated words and dates.

Short hyphenated English words stay on one line ("sci-tech", not "sci-" / "tech").

Qt breaks a line after any hyphen, by the Unicode rules, so a narrow label can end a line
with "sci-" or "follow-". That reads as a typesetting accident in display type, where a
newspaper would have hyphenated on purpose. A compound of at most :data:`SHORT_COMPOUND`
characters is kept whole by a WORD JOINER (U+2060, invisible, zero width; no line break on
either side of it) after each of its hyphens; a longer one ("industry-university-research")
may still break at a hyphen, which is better than overflowing its box.

Why not the non-breaking hyphen (U+2011): the bundled Chinese face, which draws English
too, has no glyph for it, so it would fall back to another font or show a box.

Dates stay whole too: a WORD JOINER after each space inside "18 June 2025" or "July 2025"
(Unicode forbids a break before a joiner, and that rule comes before the one that allows a
break after a space), and between the parts of 2025年6月18日 (the word-break step keeps 2025年
whole but would break before 6月): a sources line never ends on "18 June" or "2025年6月".
The words stay the same characters, as everywhere else the kiosk joins them.
"""

from __future__ import annotations

import re

SHORT_COMPOUND = 12
"""The longest hyphenated word, hyphens included, that is kept on one line."""
WORD_JOINER = "\u2060"

_LETTER = "A-Za-z\u00c0-\u024f"
_COMPOUND = re.compile(rf"(?<![{_LETTER}-])[{_LETTER}]+(?:-[{_LETTER}]+)+(?![{_LETTER}-])")
"""A word of Latin letters joined by hyphens, standing alone."""


_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")
_ENGLISH_DATE = re.compile(rf"\b(?:(\d{{1,2}}) )?({_MONTHS}) (\d{{4}})\b")
_CHINESE_DATE_PART = re.compile(r"(?<=\d年)(?=\d{1,2}月)|(?<=\d月)(?=\d{1,2}日)")


def keep_dates_together(text: str) -> str:
    """``text`` with its dates unbreakable: a word joiner after each space inside "18 June
    2025" and "July 2025", and between the parts of 2025年6月18日."""
    text = _ENGLISH_DATE.sub(_unbroken_date, text)
    return _CHINESE_DATE_PART.sub(WORD_JOINER, text)


def _unbroken_date(match: re.Match[str]) -> str:
    day, month, year = match.groups()
    return (" " + WORD_JOINER).join(part for part in (day, month, year) if part)


def keep_short_compounds(text: str) -> str:
    """``text`` with a WORD JOINER after each hyphen of its short hyphenated words."""
    if "-" not in text:
        return text
    return _COMPOUND.sub(_joined, text)


def _joined(match: re.Match[str]) -> str:
    word = match.group(0)
    return word if len(word) > SHORT_COMPOUND else word.replace("-", "-" + WORD_JOINER)

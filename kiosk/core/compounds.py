"""Short hyphenated English words stay on one line ("sci-tech", not "sci-" / "tech").

Qt breaks a line after any hyphen, by the Unicode rules, so a narrow label can end a line
with "sci-" or "follow-". That reads as a typesetting accident in display type, where a
newspaper would have hyphenated on purpose. A compound of at most :data:`SHORT_COMPOUND`
characters is kept whole by a WORD JOINER (U+2060, invisible, zero width; no line break on
either side of it) after each of its hyphens; a longer one ("industry-university-research")
may still break at a hyphen, which is better than overflowing its box.

Why not the non-breaking hyphen (U+2011): the bundled Chinese face, which draws English
too, has no glyph for it, so it would fall back to another font or show a box.
"""

from __future__ import annotations

import re

SHORT_COMPOUND = 12
"""The longest hyphenated word, hyphens included, that is kept on one line."""
WORD_JOINER = "\u2060"

_LETTER = "A-Za-z\u00c0-\u024f"
_COMPOUND = re.compile(rf"(?<![{_LETTER}-])[{_LETTER}]+(?:-[{_LETTER}]+)+(?![{_LETTER}-])")
"""A word of Latin letters joined by hyphens, standing alone."""


def keep_short_compounds(text: str) -> str:
    """``text`` with a WORD JOINER after each hyphen of its short hyphenated words."""
    if "-" not in text:
        return text
    return _COMPOUND.sub(_joined, text)


def _joined(match: re.Match[str]) -> str:
    word = match.group(0)
    return word if len(word) > SHORT_COMPOUND else word.replace("-", "-" + WORD_JOINER)

"""Chinese punctuation compression (标点挤压): no double gaps, no half-em indent.

A full-width Chinese punctuation mark is drawn in one half of a 1 em cell and leaves the
other half blank: an opening bracket or quote ( （ 《 “ ) on its left, a closing one or a stop
( ） 》 ” 、 。 ， ) on its right. Two marks side by side then leave a whole em between
their ink (``，（``) or half an em where the ink should touch (``）、``, ``。”``), and an
opening mark at the start of a line sits half an em in from the margin. The rule set here
(CLREQ §3.1.6 and JLREQ's rule for consecutive marks) keeps at most half an em of blank
between two adjacent marks, and none before an opening mark that starts a paragraph.

Qt has no punctuation squeezing of its own, and the bundled CJK face has ``halt`` but no
contextual ``chws``. So the squeeze is written into the rich text a label shows: the first
mark of a pair gets a negative letter spacing in ``em`` (it scales with the label's font
when the fit shrinks it), and an opening mark that starts a paragraph is preceded by a
transparent copy of itself spaced back by 1.5 em. Each mark's blank sides are the ones the
face's own ``halt`` feature removes (``tests/test_punctuation.py`` checks them against the
bundled font). Only Chinese text is squeezed: English quotes come from the Latin face and
have no blank half.

Wrapped lines that start with an opening mark keep their half-em indent: where a line breaks
is known only once the label lays it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING_MARKS = "（［｛〔〈《「『【〖〘〚“‘"
"""Marks whose blank half is on the left (their ink hugs what follows)."""
CLOSING_MARKS = "）］｝〕〉》」』】〗〙〛”’、。，．：；！？"
"""Marks whose blank half is on the right (closing brackets and quotes, and the stops)."""
MIDDLE_MARKS = "·・"
"""Marks centred in their cell: a quarter em blank on each side."""

HALF_EM = 0.5
"""The most blank left between two adjacent marks, in em."""

_INVISIBLE = "\u2060\u200b"
"""Zero-width characters (word joiners from the word-break step) that do not separate marks."""
_TOKEN = re.compile(r"<[^>]*>|&[#\w]+;|.", re.DOTALL)


def blank_sides(mark: str) -> tuple[float, float]:
    """The blank on the left and right of ``mark``'s 1 em cell, in em; (0, 0) for anything
    that is not a full-width punctuation mark."""
    if mark in OPENING_MARKS:
        return (HALF_EM, 0.0)
    if mark in CLOSING_MARKS:
        return (0.0, HALF_EM)
    if mark in MIDDLE_MARKS:
        return (HALF_EM / 2, HALF_EM / 2)
    return (0.0, 0.0)


def is_mark(character: str) -> bool:
    """Whether ``character`` is a full-width punctuation mark with a blank side."""
    return blank_sides(character) != (0.0, 0.0)


def pair_squeeze(first: str, second: str) -> float:
    """How much (em) to take out between ``first`` and ``second`` set side by side: what
    their blank sides leave between the ink beyond half an em, or all of it up to half an em
    (``）、`` → 0, ``，（`` → ½ em, ``（“`` → 0)."""
    if not (is_mark(first) and is_mark(second)):
        return 0.0
    between = blank_sides(first)[1] + blank_sides(second)[0]
    return min(HALF_EM, between)


@dataclass(frozen=True)
class Squeeze:
    """What to take out of a text: ``after[i]`` em after character ``i`` (a pair), and the
    indices in ``line_start`` of opening marks that start a paragraph (their left blank)."""

    after: dict[int, float]
    line_start: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.after or self.line_start)


def plan(text: str) -> Squeeze:
    """The squeezes ``text`` (plain text, ``\\n`` between paragraphs) needs."""
    visible = [i for i, c in enumerate(text) if c not in _INVISIBLE]
    after: dict[int, float] = {}
    for here, there in zip(visible, visible[1:], strict=False):
        squeeze = pair_squeeze(text[here], text[there])
        if squeeze > 0:
            after[here] = squeeze
    starts = frozenset(i for n, i in enumerate(visible)
                       if blank_sides(text[i])[0] > 0
                       and (n == 0 or text[visible[n - 1]] == "\n"))
    return Squeeze(after, starts)


def gaps_between_marks(text: str, squeeze: Squeeze | None = None) -> list[float]:
    """The blank (em) between each two adjacent marks of ``text``, after ``squeeze``."""
    squeeze = squeeze or Squeeze({}, frozenset())
    visible = [i for i, c in enumerate(text) if c not in _INVISIBLE]
    return [blank_sides(text[a])[1] + blank_sides(text[b])[0] - squeeze.after.get(a, 0.0)
            for a, b in zip(visible, visible[1:], strict=False)
            if is_mark(text[a]) and is_mark(text[b])]


def needs_squeeze(text: str) -> bool:
    """Whether ``text`` has two adjacent marks or a paragraph opening with one."""
    return bool(plan(text))


def squeeze_markup(markup: str, chinese: bool = True) -> str:
    """``markup`` (Qt rich text: escaped text, ``<span>`` tags, ``<br>`` line breaks) with
    its punctuation squeezed; tags between two marks do not keep them apart.

    ``markup`` comes back unchanged unless ``chinese``: the quotes of English text are narrow
    Latin glyphs with no blank half.
    """
    if not chinese:
        return markup
    tokens = _TOKEN.findall(markup)
    # The visible characters: "\n" for a line break, "" for other tags and invisible ones.
    shown = ["\n" if re.fullmatch(r"<br\s*/?>", t, re.IGNORECASE)
             else "" if t.startswith("<") or t in _INVISIBLE
             else t for t in tokens]
    positions = [i for i, c in enumerate(shown) if c]
    squeeze = plan("".join(shown[i] if len(shown[i]) == 1 else "x" for i in positions))
    out = list(tokens)
    for n, i in enumerate(positions):
        mark = tokens[i]
        if n in squeeze.after:
            out[i] = f'<span style="letter-spacing:-{squeeze.after[n]:g}em">{mark}</span>'
        if n in squeeze.line_start:
            # A transparent copy of the mark (1 em wide) spaced back by 1 em plus the mark's
            # blank side: the visible mark's ink then starts at the margin.
            back = 1 + blank_sides(mark)[0]
            out[i] = (f'<span style="letter-spacing:-{back:g}em; color:transparent">{mark}'
                      f"</span>{out[i]}")
    return "".join(out)

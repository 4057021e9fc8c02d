"""Typographic quotes in English text: a hint wherever straight ones were typed.

A kiosk sets its English like print: “double quotes”, ‘single quotes’ and the apostrophe ’
(China’s). Straight marks (" and ') are typewriter leftovers; they still read, so this is a
warning with the corrected text, never an error. Chinese keeps its own marks and is not checked.
"""

from __future__ import annotations

from kiosk.core.content.model import Text
from kiosk.core.content.problems import Problem
from kiosk.core.content.yaml_tree import Node

STRAIGHT_MARKS = "\"'"
_OPENS_AFTER = "([{<–—‘“/-"
"""Characters after which a quote mark opens rather than closes."""
_EXCERPT = 60
"""Characters of corrected text shown around the first straight mark."""


def typographic(text: str) -> str:
    """``text`` with every straight quote and apostrophe turned typographic.

    A mark at the start, after a space or after an opening bracket or dash opens (“ ‘); any
    other closes (” ’), which is also the apostrophe (China’s). An opening ' before a digit is
    an elision and stays ’ (’90s).
    """
    out: list[str] = []
    for index, char in enumerate(text):
        if char not in STRAIGHT_MARKS:
            out.append(char)
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        opens = not before or before.isspace() or before in _OPENS_AFTER
        if char == '"':
            out.append("“" if opens else "”")
        else:
            out.append("‘" if opens and not after.isdigit() else "’")
    return "".join(out)


def _is_chinese(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f" for char in text)


def straight_quotes(text: Text, node: Node, where: str) -> list[Problem]:
    """A warning for straight quotes or apostrophes in ``text``'s English (its ``en`` entry,
    or a text shown in every language that holds no Chinese), pointing at where it was written
    and giving the corrected wording. ``node`` is the YAML value ``text`` was read from."""
    if text.is_plain:
        value, where_shown, at = text.by_language[0][1], where, node
        if _is_chinese(value):
            return []
    else:
        english = dict(text.by_language).get("en")
        entry = node.entries.get("en") if node.kind == "map" else None
        if english is None or entry is None:
            return []
        value, where_shown, at = english, f"{where}.en", entry[1]
    first = next((i for i, char in enumerate(value) if char in STRAIGHT_MARKS), None)
    if first is None:
        return []
    fixed = typographic(value)
    start = max(0, first - _EXCERPT // 2)
    excerpt = fixed[start:start + _EXCERPT]
    shown = ("…" if start else "") + excerpt + ("…" if start + _EXCERPT < len(fixed) else "")
    mark = "apostrophe" if value[first] == "'" else "quote"
    return [at.problem(
        f"{where_shown} has a straight {mark} ({value[first]}) at character {first + 1}",
        f"write typographic quotes and apostrophes, “ ” ‘ ’, e.g. {shown}",
        severity="warning")]

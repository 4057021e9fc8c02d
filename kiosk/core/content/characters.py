"""Which characters content may hold, and how a value is echoed safely in messages and logs.

The policy (documented in content/README.md, "Characters"):

* **Control characters** — C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F) — are refused in
  every string: texts, ids, colours, times, font names, paths, sources and notes. The one
  exception is the line feed ``\\n`` in texts (and notes), where it is the documented way to
  break a line. A control character draws as a box, or moves the cursor of the terminal it
  is printed on.
* **Direction overrides and isolates** (U+202A–U+202E, U+2066–U+2069) and the direction marks
  (U+200E, U+200F, U+061C) are refused everywhere: they reorder what is shown (the
  "Trojan source" trick), and neither English nor Chinese needs them.
* **Line and paragraph separators** (U+2028, U+2029), surrogates, private-use characters and
  noncharacters (no font draws them) are refused everywhere.
* **Invisible-only text**: a text must show at least one visible character; zero-width spaces,
  joiners, the soft hyphen, the BOM, the Hangul fillers and the blank braille pattern are
  allowed only inside visible text (see :func:`draws_nothing` for the rule).

Every value echoed back — in a problem, in a log line — goes through :func:`visible`, so what
a file holds can never forge a log line, clear a terminal or flip the direction of a message.
"""

from __future__ import annotations

import unicodedata

_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")
_SEPARATORS = frozenset("\u2028\u2029")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
"""Characters that draw nothing on their own (spaces, format characters, combining marks)."""
_BRAILLE_PATTERNS = range(0x2800, 0x2900)
"""The braille block: the low eight bits of each code point are its raised dots."""


def forbidden_character(text: str, *, allow_newline: bool) -> tuple[int, str] | None:
    """The first character ``text`` may not hold, as (index, why), or None when it is clean."""
    for index, char in enumerate(text):
        if char == "\n" and allow_newline:
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            return index, f"the control character {_name(char)}"
        if char in _BIDI_CONTROLS:
            return index, f"the text-direction character {_name(char)}"
        if char in _SEPARATORS:
            return index, f"the line separator {_name(char)}"
        if category in ("Cs", "Co") or _is_noncharacter(char):
            return index, f"the character {_name(char)}, which no font draws"
    return None


def _is_noncharacter(char: str) -> bool:
    """U+FDD0–U+FDEF and the last two code points of every plane: never text."""
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def draws_nothing(char: str) -> bool:
    """Whether ``char`` leaves the screen blank wherever it is drawn.

    The rule is read from Unicode's properties, not from a list of characters we happen to
    know, so a blank of a script we never saw is caught too:

    * its general category says it has no glyph of its own: a space or separator (Z*), a
      control (Cc), a format character (Cf: zero-width space and joiners, the BOM, the soft
      hyphen, invisible operators, tags) or a combining mark (Mn, Me) that only decorates
      the character before it (variation selectors, the grapheme joiner);
    * it is a letter that Unicode names a FILLER (category Lo): the Hangul fillers U+115F,
      U+1160, U+3164 and U+FFA0, which stand in for a missing jamo and which Unicode makes
      Default_Ignorable, so text shaping draws them as nothing. Python's ``unicodedata``
      does not expose Default_Ignorable_Code_Point; every other default-ignorable code
      point is a format character, a combining mark or unassigned, covered above or by the
      forbidden characters. (Punctuation named a "GAP FILLER" is drawn, and is not Lo.)
    * it is the braille pattern with no dots raised (U+2800): each braille character's
      low eight bits are its dots, so no bits is a blank cell the size of a letter.

    Unassigned code points (Cn) are not counted as blank: Python's Unicode tables lag the
    fonts, and a new emoji must not be refused as invisible.
    """
    category = unicodedata.category(char)
    if category in _INVISIBLE_CATEGORIES:
        return True
    code = ord(char)
    if code in _BRAILLE_PATTERNS:
        return code & 0xFF == 0
    return category == "Lo" and unicodedata.name(char, "").endswith(" FILLER")


def is_invisible(text: str) -> bool:
    """Whether ``text`` would draw nothing: every character :func:`draws_nothing`."""
    return all(draws_nothing(char) for char in text)


def name_blanks(text: str, limit: int = 3) -> str:
    """The distinct characters of a blank ``text`` by code and name, e.g. "U+3164 (HANGUL
    FILLER)": echoed as themselves they would show nothing in the message either."""
    distinct = list(dict.fromkeys(text))
    named = ", ".join(_name(char) for char in distinct[:limit])
    return named + (f" and {len(distinct) - limit} more" if len(distinct) > limit else "")


def visible(value: object, limit: int = 80) -> str:
    """``value`` as text safe to echo in a message or a log line, cut to about ``limit``.

    Control, format (bidi, zero-width), separator, surrogate and private-use characters are
    written as escapes (``\\n``, ``\\x1b``, ``\\u202e``) and a backslash as ``\\\\``, so the
    result is one line whose every character is printable.
    """
    text = str(value)
    cut = len(text) > limit
    if cut:
        text = text[:limit]
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char])
        elif _needs_escape(char):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out) + ("…" if cut else "")


def escape_message(text: str) -> str:
    """Like :func:`visible` for a whole message we wrote (no length limit, backslashes kept).

    Our own messages hold no control characters; anything a value smuggled in is escaped.
    """
    if not any(_needs_escape(char) or char in "\n\r\t" for char in text):
        return text
    return "".join(visible(char) if _needs_escape(char) or char in "\n\r\t" else char
                   for char in text)


def _needs_escape(char: str) -> bool:
    category = unicodedata.category(char)
    return category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co")


def _name(char: str) -> str:
    code = ord(char)
    name = unicodedata.name(char, "")
    if not name:
        name = {0x1B: "ESCAPE", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB",
                0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x09: "TAB", 0x0A: "LINE FEED",
                0x00: "NUL", 0x7F: "DELETE"}.get(code, "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")

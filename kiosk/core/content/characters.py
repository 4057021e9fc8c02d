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
  joiners, the soft hyphen and the BOM are allowed only inside visible text.

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


def is_invisible(text: str) -> bool:
    """Whether ``text`` would draw nothing: only spaces, format and combining characters."""
    return all(unicodedata.category(char) in _INVISIBLE_CATEGORIES for char in text)


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

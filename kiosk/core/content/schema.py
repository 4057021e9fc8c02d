"""The generic YAML reader whose schema is the model: a dataclass's fields, their types,
defaults and ``meta`` constraints say what a mapping must hold.

:class:`SchemaReader` turns a positioned YAML tree (:mod:`.yaml_tree`) into the frozen
dataclasses of :mod:`.model`, checking each value against its field: its type (text, a
whole number, a number, true/false, one of a ``Literal``'s words, a list, a nested
dataclass), its range (``min``/``max``, ``min_items``/``max_items``) and its format
(``format="color"``, ``"time"``, ``"size"``...). It knows nothing of decks: the two kinds of
value the model reads its own way (:class:`~kiosk.core.content.model.Text` and
:class:`~kiosk.core.content.model.Asset`) are read by the readers it is given.

Reading never stops at the first problem: each is recorded as ``file:line:column: problem —
hint`` in the list the reader was given, and a value that could not be read raises
:class:`Invalid` (its problem already recorded) to whoever reads the value holding it.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from kiosk.core.content import model
from kiosk.core.content.characters import forbidden_character, is_invisible, name_blanks, visible
from kiosk.core.content.problems import Problem
from kiosk.core.content.yaml_tree import Node
from kiosk.core.numbers import exact

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")
_Number = TypeVar("_Number", int, float)

Spec = dataclasses.Field[object]
"""A model field: its name, default and ``meta`` constraints."""
LeafReader = Callable[[Node, str], object]
"""Reads one value of a type the model reads its own way (a node, and where it is)."""

# Always matched whole (fullmatch): '$' would also accept a trailing newline.
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]{1,400}")
# Digits are written [0-9], never \d: in Python \d is any script's decimal digit, so a "1"
# and U+09EA (a Bengali four, which looks like an 8) passed as 14, and the same digits in
# "HH:MM" closed the kiosk at 14:00.
_SIZE = re.compile(r"[1-9][0-9]{2,4}x[1-9][0-9]{2,4}")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_TERM = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,6}")
"""A term for the Chinese line breaker: 2 to 6 Chinese characters (its longest kept word)."""
_FONT_FAMILY = re.compile(r"[^\W_](?:[\w .'&+-]{0,62}[^\W_])?")
"""A font family name: letters (any script) and digits, with spaces and . ' & + - _ inside."""
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
"""A number as a curator writes it: plain decimal digits, an optional fraction and exponent."""
_WHOLE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
MAX_MAGNITUDE = 1e15
"""Largest number a field may hold (a thousand trillion): beyond it a figure is a typo, and a
chart axis or a count-up could not be drawn."""

_KIND_NAMES: dict[object, str] = {
    str: "text", bool: "true or false", int: "a whole number", float: "a number",
}
_KIND_HINTS: dict[object, str] = {
    str: "write the text after the colon",
    bool: "write true or false",
    int: "write digits only, e.g. 12",
    float: "write digits, e.g. 589 or 1.1e12, without units or commas",
}


class Invalid(Exception):
    """A value could not be read; its problem is already recorded."""


class SchemaReader:
    """Reads YAML nodes into the model's dataclasses, recording every problem in ``problems``.

    ``leaves`` reads the types the model reads its own way (by type: a visitor-facing
    :class:`~kiosk.core.content.model.Text`, a picture's
    :class:`~kiosk.core.content.model.Asset`); each reader records its problems in the same
    list and raises :class:`Invalid` for a value it could not read."""

    def __init__(self, problems: list[Problem], leaves: Mapping[type, LeafReader]) -> None:
        self.problems = problems
        self.leaves = leaves

    def error(self, node: Node, message: str, hint: str = "") -> Invalid:
        """Record an error at ``node``; returns the :class:`Invalid` to raise when the value
        cannot be read (a problem that does not stop the reading is simply not raised)."""
        self.problems.append(node.problem(message, hint))
        return Invalid(message)

    def read_value(self, node: Node, annotation: object, where: str,
                   spec: Spec | None = None) -> object:
        """The value of type ``annotation`` (a model field's type) that ``node`` writes."""
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin in (typing.Union, types.UnionType):
            if node.is_null and node.comment:
                # 'subtitle: #1 in the world' is no subtitle and a comment: never drop it silently.
                raise self.comment_swallowed(node, where)
            if node.is_null and type(None) in args:
                return None
            (inner,) = [a for a in args if a is not type(None)]
            return self.read_value(node, inner, where, spec)
        if origin is typing.Literal:
            if node.kind == "scalar" and node.text in args and isinstance(node.value, str):
                return node.text
            raise self.error(node, f"{where}: '{node.text or node.describe()}' is not allowed",
                             suggest(node.text, (str(a) for a in args)))
        if origin is tuple:
            return self.read_list(node, args[0], where, spec)
        leaf = self.leaves.get(annotation) if isinstance(annotation, type) else None
        if leaf is not None:
            return leaf(node, where)
        if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
            return self.read_dataclass(node, annotation, where)
        return self.read_scalar(node, annotation, where, spec)

    def read_dataclass(self, node: Node, cls: type[T], where: str,
                       skip: tuple[str, ...] = ()) -> T:
        """An instance of the dataclass ``cls`` from the mapping ``node`` (its fields but
        ``skip``, which the caller reads): every field is read, whatever fails."""
        if node.kind != "map":
            raise self.error(node, f"{where} must be a mapping of fields, "
                                   f"not {node.describe()}",
                             "write 'field: value' lines indented below it")
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in skip}
        hints = _hints(cls)
        errors_before = len(self.problems)
        for key, (key_node, _) in node.entries.items():
            if key not in fields and key not in skip:
                self.error(key_node, f"unknown field '{key}' in {where}", suggest(key, fields))
        values: dict[str, object] = {}
        for name, spec in fields.items():
            if name in node.entries:
                try:
                    values[name] = self.read_value(node.entries[name][1], hints[name],
                                                   f"{where}.{name}", spec)
                except Invalid:
                    continue
            elif _is_required(spec):
                doc = spec.metadata.get("doc", "")
                self.error(node, f"{where} is missing the required field '{name}'",
                           f"add '{name}:'" + (f" ({doc})" if doc else ""))
        # Also the problems that did not stop a value being read (a blank text...).
        if any(p.severity == "error" for p in self.problems[errors_before:]):
            raise Invalid(where)
        return cls(**values)

    def read_list(self, node: Node, item_type: object, where: str,
                  spec: Spec | None) -> tuple[object, ...]:
        """The items of the list ``node``, each of type ``item_type``, within the field's
        ``min_items`` and ``max_items``."""
        if node.kind != "list":
            raise self.error(node, f"{where} must be a list, not {node.describe()}",
                             "write each item on its own '- ' line")
        # Items keep the field's format (e.g. every entry of 'screens' is a size).
        items: list[object] = []
        invalid = 0
        for i, item in enumerate(node.items):
            try:
                items.append(self.read_value(item, item_type, f"{where}[{i + 1}]", spec))
            except Invalid:
                invalid += 1
        count = len(items) + invalid
        constraints = spec.metadata if spec else {}
        low, high = constraints.get("min_items"), constraints.get("max_items")
        if isinstance(low, int) and count < low:
            raise self.error(node, f"{where} has {count} item(s); at least {low} needed")
        if isinstance(high, int) and count > high:
            raise self.error(node, f"{where} has {count} items; at most {high} fit on "
                                   "screen", "split them over two slides")
        if invalid:
            raise Invalid(where)
        return tuple(items)

    def read_scalar(self, node: Node, kind: object, where: str,
                    spec: Spec | None) -> str | bool | int | float:
        """The text, true/false, whole number or number (``kind``) that ``node`` writes."""
        value = node.value
        if node.kind == "scalar" and value is None and node.comment:
            raise self.comment_swallowed(node, where)
        if node.kind != "scalar" or value is None:
            raise self.error(node, f"{where} must be {_KIND_NAMES[kind]}, "
                                   f"not {node.describe()}", _KIND_HINTS[kind])
        if kind is str:
            if not isinstance(value, str):
                value = node.text  # e.g. an id written as 2019, or a date: keep what was typed
            return self._check_string(node, value, where, spec)
        if kind is bool:
            # YAML 1.2's booleans only: YAML 1.1 also reads yes/no/on/off/y/n, which surprise.
            if isinstance(value, bool) and node.text.lower() in ("true", "false"):
                return value
            raise self.error(node, f"{where} must be true or false, "
                                   f"not '{visible(node.text)}'", "write true or false")
        if kind is int:
            if not _WHOLE.fullmatch(node.text.strip()):
                raise self.error(node, f"{where} must be a whole number, "
                                       f"not '{visible(node.text)}'",
                                 _number_hint(node.text, whole=True))
            return self._check_range(node, int(node.text), where, spec)
        if kind is float:
            number = _as_number(node)
            if number is None:
                raise self.error(node, f"{where} must be a number, "
                                       f"not '{visible(node.text)}'",
                                 _number_hint(node.text, whole=False))
            if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
                raise self.error(node, f"{where} is too large: {visible(node.text, 24)}",
                                 "at most a thousand trillion (1e15), written in digits; "
                                 "check for a typo")
            if exact(number) != Decimal(node.text.strip()):
                # 1e-400 is read as 0, and 1.00000000000000001 as 1: shown, they would not
                # be the number the file says.
                raise self.error(node, f"{where} {visible(node.text, 32)} cannot be kept "
                                       f"exactly: it would be shown as {exact(number)}",
                                 "write at most 15 significant digits, and nothing "
                                 "smaller than 1e-300")
            return self._check_range(node, number, where, spec)
        raise TypeError(f"no reader for {kind!r}")  # a model field of a type we don't read

    def _check_range(self, node: Node, value: _Number, where: str,
                     spec: Spec | None) -> _Number:
        constraints = spec.metadata if spec else {}
        low, high = constraints.get("min"), constraints.get("max")
        if (isinstance(low, int | float) and value < low
                or isinstance(high, int | float) and value > high):
            allowed = (f"between {low} and {high}" if low is not None and high is not None
                       else f"at least {low}" if low is not None else f"at most {high}")
            raise self.error(node, f"{where} is {visible(node.text, 24)}; it must be "
                                   f"{allowed}", str(constraints.get("doc", "")))
        return value

    def _check_string(self, node: Node, value: str, where: str, spec: Spec | None) -> str:
        fmt = spec.metadata.get("format") if spec else None
        shown = visible(value)
        if fmt == "color" and not _COLOR.fullmatch(value):
            raise self.error(node, f"{where}: '{shown}' is not a colour",
                             "write it as \"#RRGGBB\" in quotes, e.g. \"#F5B942\"")
        if fmt == "time" and not _TIME.fullmatch(value):
            raise self.error(node, f"{where}: '{shown}' is not a time",
                             _with_digits(value, "write it as \"HH:MM\" in quotes, "
                                                 "24-hour, e.g. \"09:30\""))
        if fmt == "size" and not _SIZE.fullmatch(value):
            raise self.error(node, f"{where}: '{shown}' is not a screen size",
                             _with_digits(value, "write it as WIDTHxHEIGHT in pixels, "
                                                 "e.g. 1920x1080"))
        if fmt == "term" and not _TERM.fullmatch(value):
            raise self.error(node, f"{where}: '{shown}' is not a Chinese term",
                             "write one word or name of 2 to 6 Chinese characters, without "
                             "spaces, punctuation or Latin letters, e.g. 科创成长层")
        if fmt == "url" and value and not _URL.fullmatch(value):
            raise self.error(node, f"{where}: '{shown}' is not a web address",
                             "write the whole address, e.g. https://www.sse.com.cn/")
        if fmt == "identifier" and not _IDENTIFIER.fullmatch(value):
            raise self.error(node, f"{where}: '{shown}' is not a valid id",
                             "use letters, digits, '-' and '_' only (up to 64), "
                             "e.g. six-years")
        if fmt == "font" and not (_FONT_FAMILY.fullmatch(value)
                                  and any(char.isalpha() for char in value)):
            raise self.error(node, f"{where}: '{shown}' is not a font family name",
                             "write the family as your font list shows it, e.g. "
                             "Noto Sans SC (letters, digits, spaces; up to 64)")
        # Notes are for curators and may hold line breaks; other plain strings are one line.
        bad = forbidden_character(value, allow_newline=spec is not None and spec.name == "notes")
        if bad is not None:
            raise self.error(node, f"{where} contains {bad[1]} at character {bad[0] + 1}",
                             character_hint(bad[1]))
        if value and is_invisible(value):  # "" is "none"; a source of zero-width spaces is not
            raise self.error(node, f"{where} holds only invisible characters "
                                   f"({name_blanks(value)})",
                             "write it out, or leave the field out")
        return value

    def comment_swallowed(self, node: Node, where: str) -> Invalid:
        """An unquoted value starting with '#': YAML read a comment and left the value empty.
        Recorded; returns the :class:`Invalid` to raise."""
        comment = visible(node.comment, 40)
        return self.error(node, f"{where} is empty: YAML read '{comment}' as a comment",
                          f"put the value in quotes: \"{visible(node.comment.split()[0], 20)}\""
                          " (in YAML a '#' after a space starts a comment)")


def suggest(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or listing them all."""
    ordered = sorted(choices)
    close = difflib.get_close_matches(word, ordered, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + ", ".join(ordered)


def at(node: Node, *keys: str) -> Node:
    """The node at ``keys`` below ``node`` (the deepest one written), for pointing at it."""
    for key in keys:
        if node.kind != "map" or key not in node.entries:
            return node
        node = node.entries[key][1]
    return node


def character_hint(why: str) -> str:
    """How to get rid of a character :func:`forbidden_character` refused for ``why``."""
    if "LINE FEED" in why:
        return "keep it on one line"
    if "TAB" in why:
        return "use a space instead of the tab"
    if "separator" in why:
        return "write \\n inside a double-quoted text to break a line"
    return "delete it: retype the text, or paste it as plain text"


@functools.cache
def _hints(cls: type[DataclassInstance]) -> dict[str, object]:
    return typing.get_type_hints(cls, vars(model))


def _is_required(f: Spec) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _as_number(node: Node) -> float | None:
    """The number a scalar's text writes in plain decimal, or None.

    Read from the text, not from what YAML 1.1 made of it: 1.1 reads ``12:30`` as 750 (base
    60), ``012`` as 10 (octal), ``0x1F``, ``0b101``, ``1_000``, ``.inf`` and ``.nan`` as numbers,
    and ``1.1e12`` as text. Plain decimal is also what YAML 1.2 reads as a number. The result
    may be infinite (``1e400``, a 401-digit number): the caller refuses it as too large.
    """
    text = node.text.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    number = float(text)  # exact enough for display; a whole number of any length is finite
    return number if not math.isnan(number) else None


def _number_hint(text: str, *, whole: bool) -> str:
    """What to write instead of ``text``, which is not a plain decimal number."""
    example = "write digits only, e.g. 12" if whole else \
        "write digits, e.g. 589 or 1.1e12, without units or commas"
    stripped = text.strip().lstrip("+-")
    lowered = stripped.lower()
    foreign = _foreign_digit(stripped)
    if foreign:
        return f"{foreign}; {example} using the digits 0-9"
    if ":" in stripped:
        return f"YAML would read it as a time in base 60; {example}"
    if lowered.startswith(("0x", "0o", "0b")):
        return f"hexadecimal, octal and binary are not allowed; {example}"
    if re.fullmatch(r"0[0-9]+(\.[0-9]*)?", stripped):
        return f"a leading 0 would make it octal; {example} without the leading 0"
    if "_" in stripped or "," in stripped:
        return f"remove the '_' or ',' separators; {example}"
    if lowered in (".inf", ".nan", "inf", "nan", "infinity"):
        return f"it must be a real, finite number; {example}"
    if whole and _DECIMAL.fullmatch(stripped):
        return "no decimals here: write a whole number, e.g. 12"
    return example


def _foreign_digit(text: str) -> str | None:
    """Names the first digit of another script in ``text`` (U+09EA, a Bengali four), or None."""
    for char in text:
        if char.isdigit() and not ("0" <= char <= "9"):
            return f"'{visible(char)}' ({unicodedata.name(char, 'a digit')}) is not a digit 0-9"
    return None


def _with_digits(text: str, hint: str) -> str:
    """``hint``, led by what is wrong when ``text`` holds digits of another script."""
    foreign = _foreign_digit(text)
    return f"{foreign}; {hint}" if foreign else hint

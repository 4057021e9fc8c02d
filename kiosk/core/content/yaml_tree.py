"""Safe YAML → a tree of positioned nodes, with bounds on what a hostile file can cost.

Only PyYAML's safe machinery is used (libyaml's C parser when PyYAML was built with it: the
pure-Python scanner reads ~60,000 events a second, so a file at the size limit took seconds).
A file is refused before parsing when it is too big, and during a cheap event pass when it
nests too deep or has too many nodes; while the node graph is walked, alias expansion is
counted so a "billion laughs" file is refused in milliseconds rather than eating memory.
Every node keeps its file, line and column so the validator can point a curator at the
exact place.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Literal

import yaml

from kiosk.core.content.characters import visible
from kiosk.core.content.problems import Problem
from kiosk.core.content.truncation import unfinished_line

MAX_FILE_BYTES = 512 * 1024
"""A content file larger than this is refused unread."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists allowed."""
MAX_EVENTS = 50_000
"""Most YAML parser events (roughly scalars and collections) in one file: a 100-slide file
has ~5,000. Beyond this, building the nodes would cost seconds and tens of MB."""
MAX_NODES = 50_000
"""Most nodes after alias expansion: bounds 'billion laughs' files."""
MAX_STRING_CHARS = 4_000
"""Longest single string; a visitor-facing text is far shorter."""


@dataclass
class Node:
    """A YAML value with where it was written. Lines and columns count from 1."""

    kind: Literal["scalar", "list", "map"]
    file: str
    line: int
    column: int
    tag: str = ""
    """For scalars: the resolved YAML tag, e.g. ``tag:yaml.org,2002:int``."""
    text: str = ""
    """For scalars: the text as written."""
    value: object = None
    """For scalars: the constructed Python value (str, int, float, bool, None, date...)."""
    comment: str = ""
    """For an empty value: the ``#...`` that followed it on its line, when it looks like a
    value (an unquoted colour ``accent: #FF7A45``, which YAML reads as nothing and a comment)."""
    items: list[Node] = field(default_factory=list)
    """For lists: the elements."""
    entries: dict[str, tuple[Node, Node]] = field(default_factory=dict)
    """For maps: key text → (key node, value node), in file order."""

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.value is None

    def problem(self, message: str, hint: str = "", severity: str = "error") -> Problem:
        """A problem located at this node."""
        return Problem(self.file, self.line, self.column, message, hint, severity)  # type: ignore[arg-type]

    def describe(self) -> str:
        """What kind of value this is, in a curator's words."""
        if self.kind == "list":
            return "a list"
        if self.kind == "map":
            return "a mapping"
        if self.value is None:
            return "nothing (null)"
        return {
            str: "text",
            bool: "true/false",
            int: "a whole number",
            float: "a number",
        }.get(type(self.value), f"a {type(self.value).__name__}")


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def read_yaml(path: str, shown_as: str) -> tuple[Node | None, list[Problem]]:
    """Read one YAML file into a :class:`Node` tree.

    ``shown_as`` is how problems name the file (usually relative to the content folder).
    Returns the tree, or None with the problems that stopped it being read.
    """
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    shown_as, 1, 1,
                    f"file is {size:,} bytes, larger than the {MAX_FILE_BYTES:,} allowed",
                    "split it into smaller files with 'include:'",
                )
            ]
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, [Problem(shown_as, 1, 1, f"cannot read file: {error.strerror}",
                              "check that it exists and is readable")]
    # A file that stops in the middle of a line is refused unparsed: it is what a write cut
    # off leaves, and would often read as a valid but shorter deck (see truncation).
    cut = unfinished_line(raw, shown_as)
    if cut is not None:
        return None, [cut]
    return parse_yaml(raw, shown_as)


def parse_yaml(raw: bytes, shown_as: str) -> tuple[Node | None, list[Problem]]:
    """Parse YAML bytes into a :class:`Node` tree; see :func:`read_yaml`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(shown_as, line, column, "file is not UTF-8 text",
                              "save it as UTF-8 (without BOM is best)")]
    if "\x00" in text:
        return None, [Problem(shown_as, 1, 1, "file contains a NUL byte; it is not YAML text",
                              "save it as plain UTF-8 text")]
    try:
        _check_shape(text, shown_as)
        document = yaml.compose(text, Loader=_LOADER)
    except _Refused as refused:
        return None, [refused.problem]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, shown_as, text)]
    except yaml.YAMLError as error:
        return None, [Problem(shown_as, 1, 1, f"YAML error: {error}", "check the file's syntax")]
    except RecursionError:
        return None, [Problem(shown_as, 1, 1, "nesting is too deep", "flatten the structure")]
    if document is None:
        return None, [Problem(shown_as, 1, 1, "file is empty",
                              "write the content, see content/README.md")]
    walker = _Walker(shown_as, text)
    try:
        tree = walker.convert(document, depth=0)
    except _Refused as refused:
        return None, [refused.problem]
    return tree, walker.problems


def _syntax_problem(error: yaml.MarkedYAMLError, shown_as: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    if error.context_mark and "end of stream" in (error.problem or ""):
        mark = error.context_mark  # an unclosed quote or bracket: point where it opened
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "syntax error"
    hint = "check indentation, colons and quotes"
    lines = text.splitlines()
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "tab" in problem or "\t" in line_text[: column + 1]:
        hint = "indent with spaces, not tabs"
    elif "could not find expected ':'" in problem or "mapping values" in problem:
        hint = "a 'key: value' line may be missing its colon or need quotes around the value"
    elif "could not determine a constructor" in problem or "tag" in problem:
        hint = "custom YAML tags (!!python/...) are not allowed in content"
    indicator = _LEADING_INDICATOR.match(line_text)
    if indicator:
        # YAML reads a leading '*' as an alias, '&' as an anchor, '!' as a tag...: the
        # parser's own words ("did not find expected key") never say that quotes fix it.
        char = indicator.group(1)
        hint = (f"a text that starts with '{char}' must be in quotes, e.g. "
                f"\"{char}...\" — YAML reads a leading '{char}' as "
                f"{_INDICATOR_MEANINGS.get(char, 'markup')}")
    context = f" {error.context}" if error.context else ""
    return Problem(shown_as, line, column, f"YAML syntax error: {problem}{context}", hint)


_LEADING_INDICATOR = re.compile(r"^\s*(?:-\s+)*(?:[^\s:#'\"][^:#]*:\s+)?([*&!%@`])")
"""A value (after 'key: ' or '- ') that starts with a character YAML reserves."""
_INDICATOR_MEANINGS = {"*": "an alias", "&": "an anchor", "!": "a tag",
                       "%": "a directive", "@": "a reserved character",
                       "`": "a reserved character"}


def _refused_at(shown_as: str, event: yaml.Event, message: str, hint: str) -> _Refused:
    """Refuse the file at ``event``'s place (libyaml always marks events; 1:1 if not)."""
    mark = event.start_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return _Refused(Problem(shown_as, line, column, message, hint))


def _check_shape(text: str, shown_as: str) -> None:
    """Cheap, non-recursive pass over the parser's events to refuse deep or huge files."""
    depth = events = documents = 0
    text_anchors: dict[str, yaml.Event] = {}
    used: set[str] = set()
    for event in yaml.parse(text, Loader=_LOADER):
        events += 1
        if isinstance(event, yaml.AliasEvent):
            used.add(event.anchor or "")
        elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            text_anchors.setdefault(event.anchor, event)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _refused_at(shown_as, event,
                                  "more than one YAML document in the file",
                                  "remove the '---' separator; use one document per file")
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _refused_at(shown_as, event,
                                  f"nesting deeper than {MAX_DEPTH} levels",
                                  "content never needs this; flatten the structure")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        tag = getattr(event, "tag", None)
        if tag is not None and not isinstance(
                event, (yaml.DocumentStartEvent, yaml.DocumentEndEvent)):
            # An explicit tag (!!binary, !!str, !custom, a lone '!'): the manual refuses them
            # all, and the composer would otherwise drop or honour them silently.
            raise _refused_at(shown_as, event,
                              f"the YAML tag '{visible(tag, 40)}' is not allowed "
                              "in content",
                              "remove the '!' tag; content is plain text, numbers and "
                              "lists (put text that starts with '!' in quotes)")
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_STRING_CHARS:
            raise _refused_at(shown_as, event,
                              f"text of {len(event.value):,} characters is longer than "
                              f"the {MAX_STRING_CHARS:,} allowed",
                              "shorten it; visitors read a few lines at most")
        if events > MAX_EVENTS:
            raise _refused_at(shown_as, event,
                              f"more than {MAX_EVENTS:,} YAML items in one file",
                              "split it into smaller files with 'include:'")
    for anchor, event in text_anchors.items():
        if anchor not in used:
            # 'subtitle: &more than one' is the anchor "more" on the text "than one": the
            # first word vanishes from the screen. An anchor nothing refers to is that mistake.
            raise _refused_at(shown_as, event,
                              f"'&{visible(anchor, 30)}' was read as a YAML anchor, so it is "
                              "not part of the text",
                              "a text that starts with '&' must be in quotes, e.g. "
                              "\"&...\" (or remove the anchor nothing refers to)")


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The fastest safe loader available: same events, nodes and marks, ~15x faster parsing."""
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}"
                for name in ("str", "int", "float", "bool", "null", "timestamp", "value")}
"""The tags YAML resolves plain and quoted scalars to (explicit tags are refused earlier)."""


class _Walker:
    """Turns PyYAML's node graph into :class:`Node` trees, counting alias expansion."""

    def __init__(self, shown_as: str, text: str = "") -> None:
        self.shown_as = shown_as
        self.lines = text.split("\n")
        self.nodes_made = 0
        self.problems: list[Problem] = []
        """Problems that do not stop the walk (duplicate keys)."""
        # One constructor per file: a constructor remembers every node it built (and each
        # node's marks), so a shared one kept every file ever read alive across reloads.
        self.constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node, depth: int) -> Node:
        self.nodes_made += 1
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        if self.nodes_made > MAX_NODES or depth > MAX_DEPTH:
            raise _Refused(Problem(self.shown_as, line, column,
                                   "aliases expand to too many values",
                                   "use fewer '*alias' references; content never needs this"))
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                raise self._tag_refused(node, line, column)
            try:
                value = self.constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError):
                # e.g. a date that does not exist (2019-02-30): keep the text; a field that
                # wants a number or a date says what is wrong with it, where it is used.
                value = node.value
            comment = ""
            if node.value == "" and not node.style and value is None:
                rest = self.lines[mark.line][mark.column:] if mark.line < len(self.lines) else ""
                rest = rest.strip()
                # '#FF7A45' or '#1 market' is a value YAML took for a comment; '# to do' (a
                # space after the '#') is a comment meant as one.
                if rest.startswith("#") and len(rest) > 1 and not rest[1].isspace():
                    comment = rest
            return Node("scalar", self.shown_as, line, column, tag=node.tag, text=node.value,
                        value=value, comment=comment)
        if node.tag not in _COLLECTION_TAGS:
            raise self._tag_refused(node, line, column)
        if isinstance(node, yaml.SequenceNode):
            items = [self.convert(child, depth + 1) for child in node.value]
            return Node("list", self.shown_as, line, column, items=items)
        if isinstance(node, yaml.MappingNode):
            return self._convert_map(node, depth, line, column)
        raise _Refused(Problem(self.shown_as, line, column, "unsupported YAML node", ""))

    def _tag_refused(self, node: yaml.Node, line: int, column: int) -> _Refused:
        return _Refused(Problem(self.shown_as, line, column,
                                f"the YAML tag '{visible(node.tag, 40)}' is not allowed in content",
                                "remove the '!' tag; content is plain text, numbers and lists"))

    def _convert_map(self, node: yaml.MappingNode, depth: int, line: int, column: int) -> Node:
        entries: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                mark = key_node.start_mark
                raise _Refused(Problem(self.shown_as, mark.line + 1, mark.column + 1,
                                       "merge keys ('<<') are not supported",
                                       "write the fields out"))
            key = self.convert(key_node, depth + 1)
            if key.kind != "scalar" or key.value is None:
                raise _Refused(key.problem("a key must be a plain name", "write 'name: value'"))
            value = self.convert(value_node, depth + 1)
            if key.text in entries:
                first = entries[key.text][0]
                self.problems.append(key.problem(
                    f"duplicate key '{key.text}' (first at line {first.line})",
                    "remove one of them; YAML would silently keep only the last"))
                continue
            entries[key.text] = (key, value)
        return Node("map", self.shown_as, line, column, entries=entries)

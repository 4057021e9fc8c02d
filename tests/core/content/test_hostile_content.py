"""Hostile content: whatever bytes sit in a content folder, the validator answers with its report.

A curator's USB stick, a half-copied file, a prank: ``load_deck`` must never raise, never hang
and never eat memory. These tests feed it random YAML documents (structured, with real field
names, anchors, aliases and tags), raw random bytes, and a set of crafted attacks, and check:

* nothing escapes but the validator's own report: a deck, or problems — never an exception, and
  never its "internal error" fallback (that would be a bug of ours swallowed by the safety net);
* every problem names a file, a line ≥ 1 and a column ≥ 1, and says something;
* each answer comes within a bounded time and a bounded memory peak.

The time bound is deliberately generous (CI machines are shared and noisy): it guards against a
hang or a quadratic blow-up, not against a few milliseconds. Memory is measured with tracemalloc
in a separate call so its overhead does not count against the time bound.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.content import model
from kiosk.core.content.loader import LoadResult, load_deck
from kiosk.core.content.yaml_tree import MAX_FILE_BYTES

TIME_BOUND_S = 5.0
"""Longest any single folder may take to be answered: a guard against hangs, not a speed test
(~0.3 s at worst on a quiet machine; shared CI cores can be several times slower)."""
MEMORY_BOUND_BYTES = 50 * 1024 * 1024
"""Highest Python allocation peak while answering one folder."""

# --------------------------------------------------------------------------- the vocabulary


def _field_names() -> list[str]:
    """Every field name the schema knows, so random documents often look almost right."""
    names = {"settings", "slides", "include", "type", "id", "en", "zh", "*"}
    for value in vars(model).values():
        if dataclasses.is_dataclass(value) and isinstance(value, type):
            names.update(f.name for f in dataclasses.fields(value))
    return sorted(names)


FIELD_NAMES = _field_names()
SLIDE_TYPES = sorted(model.SLIDE_TYPES)

TRICKY_SCALARS = [
    "~", "null", "true", "no", "on", ".inf", "-.nan", "0x1F", "0o17", "1_000", "1:20:30",
    "2019-07-22", "2019-07-22T10:00:00Z", "12e400", "-0", "1e-400", "'quoted'", '"dq\\u0041"',
    "<b>bold</b>", "&amp;", "&#x41;", "#F5B942", "\"#GGGGGG\"", "25:61", "09:30", "''", '""',
    "- item", "? key", ": x", "{", "[", "}", "]", "|", ">", "%YAML 1.1", "---", "...", "@x",
    "`x`", "!!binary aGVsbG8=", "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system", "!custom tag", "!!set {a, b}", "!!omap [a: 1]", "!!str 12",
    "!!int '12'", "!!float x", "!!timestamp nope", "*undefined", "&anchor value", "<<: *x",
    "content/../../etc/passwd", "/etc/passwd", "images/missing.png", "deck.yaml", "中文标题",
    "\u202eRTL", "\ufeffBOM", "\t", "a\\tb", "\u0085", "\u2028", "x" * 300,
]
"""Plain-text scalar spellings that exercise YAML's implicit resolvers and the validator."""

TAGS = [
    "!!python/object:os.system", "!!python/object/apply:subprocess.call", "!!python/tuple",
    "!!map", "!!seq", "!!set", "!!omap", "!!pairs", "!!str", "!!int", "!!binary", "!local",
    "!<tag:yaml.org,2002:str>", "!<tag:example.com,2000:x>",
]

keys = st.one_of(st.sampled_from(FIELD_NAMES), st.sampled_from(SLIDE_TYPES),
                 st.text(max_size=12), st.integers(-5, 5).map(str))


@st.composite
def plain_scalar(draw: st.DrawFn) -> str:
    """One scalar as it would be written in a YAML file (quoted or not)."""
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return draw(st.sampled_from(TRICKY_SCALARS))
    if kind == 1:
        return str(draw(st.integers(-(10**30), 10**30)))
    if kind == 2:
        return repr(draw(st.floats(allow_nan=True, allow_infinity=True)))
    if kind == 3:
        return draw(st.sampled_from(SLIDE_TYPES + FIELD_NAMES))
    if kind == 4:  # a double-quoted string with escapes: anything printable or not
        text = draw(st.text(max_size=40))
        return '"' + text.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    if kind == 5:
        return "'" + draw(st.text(max_size=40)).replace("'", "''") + "'"
    return draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))


class _Emitter:
    """Writes a random YAML document by hand, so it can carry anchors, aliases and tags."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.anchors: list[str] = []

    def prefix(self) -> str:
        """An optional tag and/or anchor before a node."""
        parts = []
        if self.draw(st.integers(0, 9)) == 0:
            parts.append(self.draw(st.sampled_from(TAGS)))
        if self.draw(st.integers(0, 5)) == 0:
            name = f"a{len(self.anchors)}"
            self.anchors.append(name)
            parts.append(f"&{name}")
        return " ".join(parts) + (" " if parts else "")

    def scalar(self) -> str:
        if self.anchors and self.draw(st.integers(0, 6)) == 0:
            return "*" + self.draw(st.sampled_from(self.anchors))  # an alias, maybe recursive
        return self.prefix() + self.draw(plain_scalar())

    def flow(self, depth: int) -> str:
        """A value in flow style: ``{a: b, c: [d]}``."""
        shape = self.draw(st.integers(0, 3)) if depth < 8 else 0
        if shape <= 1:
            return self.scalar()
        count = self.draw(st.integers(0, 4))
        if shape == 2:
            return self.prefix() + "[" + ", ".join(self.flow(depth + 1) for _ in range(count)) + "]"
        pairs = (f"{self.draw(keys)!s}: {self.flow(depth + 1)}" for _ in range(count))
        return self.prefix() + "{" + ", ".join(pairs) + "}"

    def block(self, depth: int, indent: int) -> list[str]:
        """A mapping or list in block style, as lines indented by ``indent`` spaces."""
        pad = " " * indent
        lines: list[str] = []
        as_list = self.draw(st.booleans())
        for _ in range(self.draw(st.integers(1, 5))):
            head = f"{pad}- " if as_list else f"{pad}{self.draw(keys)}: "
            if depth < 12 and self.draw(st.integers(0, 2)) == 0:
                lines.append(head.rstrip() + (" " + self.prefix().strip()).rstrip())
                lines.extend(self.block(depth + 1, indent + self.draw(st.sampled_from([2, 2, 4]))))
            else:
                lines.append(head + self.flow(depth + 1))
        return lines


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    """A random YAML document: often deck-shaped, sometimes with a deliberately broken line."""
    emitter = _Emitter(draw)
    if draw(st.booleans()):  # deck-shaped: settings + slides with real types and fields
        lines = ["settings:", f"  title: {draw(plain_scalar())}"]
        lines += emitter.block(1, 2) if draw(st.booleans()) else []
        lines.append("slides:")
        for index in range(draw(st.integers(0, 4))):
            lines.append(f"  - type: {draw(st.sampled_from(SLIDE_TYPES + ['nope']))}")
            lines.append(f"    id: s{index}")
            lines.extend(emitter.block(2, 4))
    else:
        lines = emitter.block(0, 0) if draw(st.booleans()) else [emitter.flow(0)]
    if lines and draw(st.integers(0, 4)) == 0:  # damage: a random line spliced in
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.text(max_size=20)))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n...\n", "\n---\nx: 1\n"]))


# -------------------------------------------------------------------------------- checking


def _answer(folder: Path) -> tuple[LoadResult, float]:
    started = time.perf_counter()
    result = load_deck(folder)
    return result, time.perf_counter() - started


def _peak_bytes(folder: Path) -> int:
    tracemalloc.start()
    try:
        load_deck(folder)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def check_answer(folder: Path, caplog: pytest.LogCaptureFixture, *, memory: bool = True) -> None:
    """Load ``folder`` and check the validator's guarantees on the answer."""
    caplog.clear()
    result, elapsed = _answer(folder)
    assert isinstance(result, LoadResult)
    assert elapsed < TIME_BOUND_S, f"took {elapsed:.2f} s"
    internal = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not internal, f"an exception reached the safety net: {internal[0].getMessage()}"
    assert (result.deck is None) == bool(result.errors)
    for problem in result.problems:
        assert isinstance(problem.file, str) and problem.file
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        assert isinstance(problem.column, int) and problem.column >= 1, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert "internal error" not in problem.message, problem
        str(problem)  # printable as file:line:col: message
    if memory:
        peak = _peak_bytes(folder)
        assert peak < MEMORY_BOUND_BYTES, f"peak {peak / 1e6:.1f} MB"


def _write(folder: Path, deck: bytes, included: bytes | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_bytes(deck)
    if included is not None:
        (folder / "part.yaml").write_bytes(included)
    return folder


DECK_WITH_INCLUDE = b"settings:\n  title: Hostile\nslides:\n  - include: part.yaml\n"

HYPOTHESIS = settings(
    max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)


@HYPOTHESIS
@given(document=yaml_documents(), through_include=st.booleans())
@pytest.mark.slow
def test_random_yaml_documents_get_a_report(tmp_path_factory, caplog, document, through_include):
    folder = tmp_path_factory.mktemp("yaml")
    if through_include:
        _write(folder, DECK_WITH_INCLUDE, document.encode("utf-8", "surrogatepass"))
    else:
        _write(folder, document.encode("utf-8", "surrogatepass"))
    check_answer(folder, caplog, memory=False)


@settings(HYPOTHESIS, max_examples=80)
@given(raw=st.binary(max_size=2048), through_include=st.booleans())
def test_random_bytes_get_a_report(tmp_path_factory, caplog, raw, through_include):
    folder = tmp_path_factory.mktemp("bytes")
    _write(folder, *((DECK_WITH_INCLUDE, raw) if through_include else (raw,)))
    check_answer(folder, caplog, memory=False)


@pytest.mark.slow
@settings(HYPOTHESIS, max_examples=15)
@given(document=yaml_documents())
def test_random_documents_stay_within_memory(tmp_path_factory, caplog, document):
    folder = _write(tmp_path_factory.mktemp("mem"), document.encode("utf-8", "surrogatepass"))
    check_answer(folder, caplog, memory=True)


# ---------------------------------------------------------------------------- crafted attacks


def _billion_laughs() -> bytes:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


def _near_limit(unit: str) -> bytes:
    """``unit`` repeated to just under the file size limit: the most a file may cost."""
    count = (MAX_FILE_BYTES - 64) // len(unit.encode())
    return unit.encode() * count


def _deck_of_slides(slide: str, count: int) -> bytes:
    head = "settings:\n  title: Hostile\nslides:\n"
    return (head + "".join(slide.format(i=i) for i in range(count))).encode()


CRAFTED: dict[str, bytes] = {
    "billion laughs": _billion_laughs(),
    "many aliases": b"a: &a [x]\nb: [" + b", ".join([b"*a"] * 60_000) + b"]\n",
    "recursive alias": b"a: &a [*a]\nb: &b {k: *b}\n",
    "deep flow nesting 10000": b"[" * 10_000 + b"]" * 10_000,
    "deep block nesting 10000": b"".join(b" " * i + b"a:\n" for i in range(0, 10_000, 1))[
        : MAX_FILE_BYTES - 1],
    "deep list nesting": b"- " * 10_000 + b"x\n",
    "file of 600 KB": b"a: b\n" * 120_000,
    "single line of 1 MB": b"a: " + b"x" * (1024 * 1024) + b"\n",
    "single line under the limit": b"a: " + b"x" * (MAX_FILE_BYTES - 16) + b"\n",
    "long string quoted": b'a: "' + b"\\u0041" * 80_000 + b'"\n',
    "invalid UTF-8": b"settings:\n  title: \xff\xfe\xc3\x28 bad\n",
    "NUL bytes": b"settings:\n  title: a\x00b\n",
    "UTF-16 with BOM": "settings:\n  title: x\n".encode("utf-16"),
    "python object tag": b"a: !!python/object/apply:os.system ['echo pwned']\n",
    "python name tag": b"settings: !!python/name:os.system\n",
    "control characters": b"settings:\n  title: \x01\x02\x1b[31m\x7f\n",
    "merge keys": b"base: &b {title: x}\nsettings:\n  <<: *b\n",
    "flow list near the limit": b"a: [" + _near_limit("x, ") + b"]\n",
    "block list near the limit": b"a:\n" + _near_limit("- x\n"),
    "anchored keys near the limit": b"".join(
        f"k{i}: &a{i} v\n".encode() for i in range(40_000))[: MAX_FILE_BYTES - 1],
    "unknown keys near the limit": b"".join(
        f"setings{i}: 1\n".encode() for i in range(40_000))[: MAX_FILE_BYTES - 1],
    "many duplicate keys": b"a: 1\n" * 100_000,
    "markup scan, one '<' and spaces": _deck_of_slides(
        "  - {{type: title, id: s{i}, title: \"<" + " " * 3_990 + "\"}}\n", 120),
    "markup scan, many '<a'": _deck_of_slides(
        "  - {{type: title, id: s{i}, title: \"" + "<a" * 1_995 + "\"}}\n", 120),
    "ten thousand slides": _deck_of_slides("  - {{type: title, id: s{i}, title: x}}\n", 10_000),
    "huge integers": b"a: [" + b", ".join([b"9" * 4_000] * 100) + b"]\n",
    "sexagesimal": b"a: [" + b", ".join([b"1" + b":59" * 1_300] * 100) + b"]\n",
    "many documents": b"a: 1\n" + b"---\nb: 2\n" * 50_000,
    "empty": b"",
    "only a comment": b"# nothing here\n",
    "scalar root": b"just text\n",
    "list root": b"- a\n- b\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("through_include", [False, True], ids=["deck", "included"])
@pytest.mark.parametrize("name", list(CRAFTED))
def test_crafted_attacks_are_refused_fast(tmp_path, caplog, name, through_include):
    raw = CRAFTED[name]
    folder = (_write(tmp_path, DECK_WITH_INCLUDE, raw) if through_include
              else _write(tmp_path, raw))
    check_answer(folder, caplog)


def test_self_including_files_are_refused(tmp_path, caplog):
    _write(tmp_path, b"settings:\n  title: x\nslides:\n  - include: deck.yaml\n")
    check_answer(tmp_path, caplog)
    result = load_deck(tmp_path)
    assert result.deck is None and result.errors


def test_include_cycle_and_escape_are_refused(tmp_path, caplog):
    _write(tmp_path, b"settings:\n  title: x\nslides:\n  - include: part.yaml\n"
                     b"  - include: ../../../../etc/passwd.yaml\n",
           b"- include: deck.yaml\n- include: part.yaml\n")
    check_answer(tmp_path, caplog)
    assert load_deck(tmp_path).deck is None


def test_unreadable_entry_is_reported(tmp_path, caplog):
    (tmp_path / "deck.yaml").mkdir()  # a folder where a file should be
    check_answer(tmp_path, caplog)
    assert load_deck(tmp_path).deck is None

"""A table of broken content folders, one per problem class, each refused with its file and line.

Every case builds a small content folder in ``tmp_path/content`` (problems name files as a
curator would type them from where they stand, so the tests run from ``tmp_path`` and expect
``content/<file>``), loads it, and checks that exactly the expected problem is reported: its
file, its line, a key phrase of its message, and its severity. No Qt is needed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.core.content.loader import load_deck
from kiosk.core.content.yaml_tree import MAX_DEPTH, MAX_FILE_BYTES, MAX_STRING_CHARS

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

HEAD = """\
settings:
  title: Test
slides:
"""
"""Lines 1-3 of most decks below; their slides start on line 4."""


def deck(*slide_lines: str) -> str:
    """deck.yaml with the settings above and these lines (already indented) as its slides."""
    return HEAD + "".join(line + "\n" for line in slide_lines)


TITLE = ("  - type: title", "    id: hello", "    title: Hello")
"""A valid slide, lines 4-6 of a deck."""


@dataclass
class Case:
    files: dict[str, str | bytes]
    file: str
    line: int
    phrase: str
    severity: str = "error"
    setup: Callable[[Path], None] | None = None
    """Extra preparation of the content folder (links, folders, permissions)."""
    skip: str = ""
    marks: list[object] = field(default_factory=list)


def _symlink_outside(folder: Path) -> None:
    outside = folder.parent / "outside.png"
    outside.write_bytes(PNG)
    (folder / "images").mkdir()
    os.symlink(outside, folder / "images" / "logo.png")


def _folder_named_like_an_image(folder: Path) -> None:
    (folder / "images" / "x.png").mkdir(parents=True)


def _unreadable_image(folder: Path) -> None:
    (folder / "images").mkdir()
    (folder / "images" / "x.png").write_bytes(PNG)
    (folder / "images" / "x.png").chmod(0)


def _image_slide(path: str) -> str:
    return deck(*TITLE, f"    image: {path}")  # the image is on line 7


BILLION_LAUGHS = """\
settings:
  title: Test
slides:
  - type: title
    id: laughs
    title: Hello
    notes: &a0 [x, x, x, x, x, x, x, x, x, x]
lol1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
lol2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
lol3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
lol4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
lol5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
lol6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
lol7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
lol8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
lol9: &a9 [*a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8]
"""

CASES: dict[str, Case] = {
    "yaml-syntax": Case(
        {"deck.yaml": deck(*TITLE, "    subtitle: Six years: and counting")},
        "deck.yaml", 7, "YAML syntax error: mapping values are not allowed"),
    "wrong-type": Case(
        {"deck.yaml": "settings:\n  title: Test\n  slide_duration: twelve\nslides:\n"
                      "  - type: title\n    id: hello\n    title: Hello\n"},
        "deck.yaml", 3, "settings.slide_duration must be a number, not 'twelve'"),
    "unknown-field": Case(
        {"deck.yaml": deck("  - type: title", "    id: hello", "    titel: Hello")},
        "deck.yaml", 6, "unknown field 'titel' in slide hello — did you mean 'title'?"),
    "missing-required-field": Case(
        {"deck.yaml": deck("  - type: title", "    id: hello")},
        "deck.yaml", 4, "missing the required field 'title'"),
    "duplicate-key": Case(
        {"deck.yaml": deck(*TITLE, "    title: Hello again")},
        "deck.yaml", 7, "duplicate key 'title' (first at line 6)"),
    "duplicate-slide-id": Case(
        {"deck.yaml": deck(*TITLE, "  - include: more.yaml"),
         "more.yaml": "- type: closing\n  id: hello\n  title: Goodbye\n"},
        "more.yaml", 2, "duplicate slide id 'hello' (first used at content/deck.yaml:5)"),
    "unknown-slide-type": Case(
        {"deck.yaml": deck("  - type: titel", "    id: hello", "    title: Hello")},
        "deck.yaml", 4, "unknown slide type 'titel' — did you mean 'title'?"),
    "missing-image": Case(
        {"deck.yaml": _image_slide("images/missing.png")},
        "deck.yaml", 7, "file 'images/missing.png' not found"),
    "unreadable-image": Case(
        {"deck.yaml": _image_slide("images/x.png")},
        "deck.yaml", 7, "cannot read 'images/x.png'", setup=_unreadable_image,
        skip="running as root: chmod 000 does not stop root reading the file"
        if os.name == "posix" and os.geteuid() == 0 else ""),
    "image-is-a-folder": Case(
        {"deck.yaml": _image_slide("images/x.png")},
        "deck.yaml", 7, "'images/x.png' is not a file", setup=_folder_named_like_an_image),
    "not-an-image": Case(
        {"deck.yaml": _image_slide("notes.png"), "notes.png": "just some text\n"},
        "deck.yaml", 7, "'notes.png' is not an image"),
    "absolute-asset-path": Case(
        {"deck.yaml": _image_slide("/etc/hostname")},
        "deck.yaml", 7, "'/etc/hostname' is an absolute path"),
    "dot-dot-asset-path": Case(
        {"deck.yaml": _image_slide("../outside.png")},
        "deck.yaml", 7, "'../outside.png' leaves the content folder"),
    "symlink-outside": Case(
        {"deck.yaml": _image_slide("images/logo.png")},
        "deck.yaml", 7, "is a link that points outside the content folder",
        setup=_symlink_outside),
    "html-in-text": Case(
        {"deck.yaml": deck("  - type: title", "    id: hello", "    title:",
                           "      en: <b>Hello</b>", "      zh: 你好")},
        "deck.yaml", 7, "'<b>' would be shown as markup"),
    "html-entity-in-text": Case(
        {"deck.yaml": deck(*TITLE, "    subtitle: Research &amp; development")},
        "deck.yaml", 7, "'&amp;' would be shown as markup"),
    "file-too-large": Case(
        {"deck.yaml": deck(*TITLE, "  - include: big.yaml"),
         "big.yaml": "# padding\n" * (MAX_FILE_BYTES // 10 + 1)},
        "big.yaml", 1, f"larger than the {MAX_FILE_BYTES:,} allowed"),
    "nesting-too-deep": Case(
        {"deck.yaml": deck(*TITLE, "    notes: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))},
        "deck.yaml", 7, f"nesting deeper than {MAX_DEPTH} levels"),
    "billion-laughs": Case(
        {"deck.yaml": BILLION_LAUGHS},
        "deck.yaml", 7, "aliases expand to too many values"),
    "string-too-long": Case(
        {"deck.yaml": deck(*TITLE, "    subtitle: " + "x" * (MAX_STRING_CHARS + 1))},
        "deck.yaml", 7, f"longer than the {MAX_STRING_CHARS:,} allowed"),
    "missing-translation": Case(
        {"deck.yaml": deck("  - type: title", "    id: hello", "    title:",
                           "      en: Hello")},
        "deck.yaml", 7, "missing the 'zh' translation", severity="warning"),
    "include-cycle": Case(
        {"deck.yaml": deck(*TITLE, "  - include: a.yaml"),
         "a.yaml": "- include: b.yaml\n",
         "b.yaml": "- include: a.yaml\n"},
        "b.yaml", 1, "'a.yaml' includes itself"),
    "list-field-left-out": Case(
        {"deck.yaml": deck("  - type: metrics", "    id: numbers", "    title: Numbers")},
        "deck.yaml", 4, "missing the required field 'metrics'"),
    "included-twice": Case(
        {"deck.yaml": deck(*TITLE, "  - include: a.yaml", "  - include: a.yaml"),
         "a.yaml": "- type: closing\n  id: end\n  title: Bye\n"},
        "deck.yaml", 8, "'a.yaml' is included more than once"),
    "unclosed-quote-points-at-its-start": Case(
        {"deck.yaml": deck("  - type: title", "    id: hello", "    title: \"Hello",
                           "    subtitle: World")},
        "deck.yaml", 6, "YAML syntax error"),
    "term-not-chinese": Case(
        {"deck.yaml": "settings:\n  title: Test\n  terms: [科创成长层, STAR Market]\nslides:\n"
                      "  - type: title\n    id: hello\n    title: Hello\n"},
        "deck.yaml", 3, "settings.terms[2]: 'STAR Market' is not a Chinese term"),
}


def test_an_ampersand_that_is_no_html_entity_stays_plain_text(tmp_path):
    (tmp_path / "deck.yaml").write_text(
        deck(*TITLE, "    subtitle: Heavy R&D; new standards"), encoding="utf-8")
    assert load_deck(tmp_path).problems == ()


@pytest.mark.parametrize("markup", ["&amp;", "&nbsp;", "&#169;", "&#x4e2d;", "<b>", "</p>"])
def test_html_entities_and_tags_are_refused(tmp_path, markup):
    (tmp_path / "deck.yaml").write_text(
        deck(*TITLE, f"    subtitle: Heavy {markup} text"), encoding="utf-8")
    (problem,) = load_deck(tmp_path).problems
    assert problem.line == 7 and "would be shown as markup" in problem.message


@pytest.mark.parametrize("name", list(CASES))
def test_each_problem_is_reported_with_its_file_and_line(tmp_path, monkeypatch, name):
    case = CASES[name]
    if case.skip:
        pytest.skip(case.skip)
    folder = tmp_path / "content"
    folder.mkdir()
    for file_name, text in case.files.items():
        path = folder / file_name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    if case.setup:
        case.setup(folder)
    monkeypatch.chdir(tmp_path)

    started = time.perf_counter()
    result = load_deck("content")
    elapsed = time.perf_counter() - started

    everything = "\n".join(str(p) for p in result.problems)
    matching = [p for p in result.problems if case.phrase in str(p)]
    assert len(matching) == 1, f"expected one problem with {case.phrase!r}, got:\n{everything}"
    problem = matching[0]
    assert problem.file == f"content/{case.file}", everything
    assert problem.line == case.line, everything
    assert problem.column >= 1
    assert problem.severity == case.severity
    if case.severity == "error":
        assert result.deck is None
        assert " — " in str(problem), "every error carries a hint"
    else:
        assert result.deck is not None, "a warning does not stop the deck being used"
        assert result.errors == []
    # A guard against hangs, not a speed test: these machines are shared and noisy.
    assert elapsed < 5.0, f"{name} took {elapsed:.2f} s"


def test_an_explicit_empty_string_means_nothing_in_that_language(tmp_path):
    (tmp_path / "deck.yaml").write_text(
        deck(*TITLE, "    subtitle: {en: 'RMB', zh: ''}"), encoding="utf-8")
    result = load_deck(tmp_path)
    assert result.problems == ()
    assert result.deck.slides[0].subtitle.get("zh") == ""


def test_blank_text_is_refused(tmp_path):
    (tmp_path / "deck.yaml").write_text(deck(*TITLE, "    subtitle: {en: '  ', zh: x}"),
                                        encoding="utf-8")
    (problem,) = load_deck(tmp_path).problems
    assert problem.line == 7 and "is blank" in problem.message


def test_a_folder_of_includes_is_bounded_as_a_whole(tmp_path):
    padding = "# " + "x" * 1000 + "\n"
    lines = [*TITLE]
    for number in range(10):
        name = f"part{number}.yaml"
        (tmp_path / name).write_text(padding * 480 + f"- {{type: closing, id: end{number}, "
                                     "title: Bye}\n", encoding="utf-8")
        lines.append(f"  - include: {name}")
    (tmp_path / "deck.yaml").write_text(deck(*lines), encoding="utf-8")
    started = time.perf_counter()
    result = load_deck(tmp_path)
    assert time.perf_counter() - started < 5.0  # a guard against hangs, not a speed test
    problems = [p for p in result.problems if "add up to more than 4 MB" in p.message]
    assert len(problems) == 1 and result.deck is None
    assert problems[0].line == 16  # the tenth include: nine files of ~480 KB came before it

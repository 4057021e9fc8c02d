"""The YAML layer: positions for every value, and bounds on what a hostile file costs."""

from __future__ import annotations

import time

import pytest

from kiosk.core.content.yaml_tree import MAX_DEPTH, MAX_FILE_BYTES, parse_yaml, read_yaml


def test_every_value_knows_its_line_and_column():
    tree, problems = parse_yaml(b"settings:\n  title: Six years\nslides: [1, 2]\n", "deck.yaml")
    assert problems == []
    title = tree.entries["settings"][1].entries["title"][1]
    assert (title.file, title.line, title.column, title.value) == ("deck.yaml", 2, 10, "Six years")
    second = tree.entries["slides"][1].items[1]
    assert (second.line, second.column, second.value) == (3, 13, 2)


def test_duplicate_keys_are_all_reported_and_reading_goes_on():
    _, problems = parse_yaml(b"a: 1\nb: 2\na: 3\nb: 4\n", "d.yaml")
    assert [(p.line, p.message) for p in problems] == [
        (3, "duplicate key 'a' (first at line 1)"),
        (4, "duplicate key 'b' (first at line 2)"),
    ]


@pytest.mark.parametrize(
    ("raw", "phrase", "line"),
    [
        (b"a: [1, 2\n", "YAML syntax error", 2),
        (b"a:\n\t- b\n", "YAML syntax error", 2),
        (b"a: !!python/object/apply:os.system [ls]\n", "tag", 1),
        (b"a: 1\n---\nb: 2\n", "more than one YAML document", 2),
        (b"a: \xff\xfe\n", "not UTF-8", 1),
        (b"", "file is empty", 1),
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nesting deeper", 1),
        (b"a: " + b"x" * 5000 + b"\n", "longer than", 1),
    ],
)
def test_bad_files_are_refused_with_their_line(raw, phrase, line):
    tree, problems = parse_yaml(raw, "bad.yaml")
    assert tree is None
    assert len(problems) == 1
    assert phrase in problems[0].message
    assert problems[0].line == line
    assert str(problems[0]).startswith(f"bad.yaml:{line}:")


def test_billion_laughs_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    tree, problems = parse_yaml("\n".join(lines).encode(), "laughs.yaml")
    elapsed = time.perf_counter() - started
    assert tree is None
    assert "aliases expand to too many values" in problems[0].message
    assert elapsed < 5.0  # a guard against hangs, not a speed test (~0.3 s on a quiet machine)


def test_an_oversized_file_is_refused_unread(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    tree, problems = read_yaml(str(big), "big.yaml")
    assert tree is None
    assert "larger than" in problems[0].message and problems[0].line == 1

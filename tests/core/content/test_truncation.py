"""A file cut mid-write never passes as a shorter, valid deck: every bundled file is cut at
every byte offset (pure core code, no Qt, no disk: about 40,000 cuts in well under a second)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.core.content.lastgood import choose_start_content, save_last_good
from kiosk.core.content.truncation import looks_cut_off, start_of_last_good, unfinished_line
from kiosk.core.content.yaml_tree import read_yaml
from kiosk.core.paths import BUNDLED_CONTENT

BUNDLED = sorted(BUNDLED_CONTENT.glob("*.yaml"))


def test_the_bundled_files_end_with_a_line_break() -> None:
    assert BUNDLED and all(unfinished_line(p.read_bytes(), p.name) is None for p in BUNDLED)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_cut_of_a_bundled_file_is_caught(path: Path) -> None:
    """With the last good copy to compare with (a restart after a power cut), every cut is
    caught; without one (validate, a first start), every cut in mid-line is."""
    full = path.read_bytes()
    started = time.perf_counter()
    missed_with_copy = [k for k in range(1, len(full))
                        if looks_cut_off(full[:k], full, path.name) is None]
    missed_alone = [k for k in range(1, len(full))
                    if unfinished_line(full[:k], path.name) is None]
    elapsed = time.perf_counter() - started
    assert missed_with_copy == []
    # Alone, only cuts right after a line break can pass (YAML has no end marker).
    assert all(full[k - 1:k] == b"\n" for k in missed_alone)
    print(f"{path.name}: {len(full)} cuts in {elapsed * 1000:.0f} ms; "
          f"{len(missed_alone)} at line breaks need the last good copy")


def test_the_whole_file_is_not_suspect() -> None:
    for path in BUNDLED:
        full = path.read_bytes()
        assert looks_cut_off(full, full, path.name) is None
        assert start_of_last_good(full + b"  # an added comment\n", full, path.name) is None


def test_a_cut_file_is_refused_where_it_stops(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes(b"settings:\n  title: Six Years of the ST")
    tree, problems = read_yaml(str(path), "deck.yaml")
    assert tree is None
    assert str(problems[0]).startswith("deck.yaml:2:29: the file ends in the middle of a line")
    assert "end it with a line break" in str(problems[0])


@pytest.mark.parametrize("name", ["02-six-years.yaml", "deck.yaml"])
def test_start_up_on_a_cut_file_shows_the_last_good_copy(tmp_path: Path, name: str) -> None:
    """Through the real start-up choice, with files on disk: a cut in mid-line and one at a
    line break both leave the whole deck on screen."""
    import shutil

    content, data = tmp_path / "content", tmp_path / "data"
    shutil.copytree(BUNDLED_CONTENT, content)
    data.mkdir()
    assert save_last_good(content, data) == "saved"
    whole = choose_start_content(content, data).deck
    full = (content / name).read_bytes()
    line_break = full.rindex(b"\n", 0, len(full) * 2 // 3) + 1
    for cut in (line_break, line_break + 5):
        (content / name).write_bytes(full[:cut])
        start = choose_start_content(content, data)
        assert start.fallback and start.problems, cut
        assert start.deck is not None and len(start.deck.slides) == len(whole.slides)

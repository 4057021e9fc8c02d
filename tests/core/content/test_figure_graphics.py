"""A figure drawn as data: the rules that keep the drawing honest, and the curator's errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.content.figure_graphics import (
    GRID_SIDE,
    FigureFacts,
    bar_fractions,
    graphic_problems,
    grid_cells,
    share_of_whole,
)
from kiosk.core.content.loader import load_deck

YUAN = ("RMB ", "", "", "元")


def errors_of(tmp_path: Path, deck_yaml: str) -> list[str]:
    """The deck's errors as a curator sees them, standing in ``tmp_path`` (content/deck.yaml)."""
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "deck.yaml").write_text(deck_yaml, encoding="utf-8")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        return [str(problem) for problem in load_deck(folder).errors]
    finally:
        os.chdir(here)


def test_a_share_is_its_percentage_of_the_whole():
    assert share_of_whole(30) == pytest.approx(0.3)
    assert share_of_whole(100) == 1.0
    assert grid_cells(0.3) == 30
    assert grid_cells(0.905) == 91  # a half unit rounds up
    assert grid_cells(1.0) == GRID_SIDE * GRID_SIDE


def test_bars_are_drawn_to_one_scale():
    assert bar_fractions([21.1e9, 1.796e9]) == pytest.approx([1.0, 1.796 / 21.1])
    assert bar_fractions([0.0, 0.0]) == [0.0, 0.0]


@settings(max_examples=50)
@given(st.lists(st.floats(min_value=0, max_value=1e15), min_size=2, max_size=6))
def test_the_largest_bar_is_full_and_the_order_is_kept(values):
    fractions = bar_fractions(values)
    assert all(0.0 <= f <= 1.0 for f in fractions)
    if max(values) > 0:
        assert max(fractions) == 1.0
    for a, fa in zip(values, fractions, strict=True):
        for b, fb in zip(values, fractions, strict=True):
            if a <= b:
                assert fa <= fb


def test_a_ring_draws_a_percentage_only():
    problems = graphic_problems([FigureFacts("ring", 130, ("", "%")),
                                 FigureFacts("grid", 90, ("", "%"))])
    assert [(p.index, p.field) for p in problems] == [(0, "value")]
    assert "between 0 and 100" in problems[0].message


def test_a_lone_bar_or_bars_in_two_units_are_refused():
    lone = graphic_problems([FigureFacts("bar", 5, YUAN), FigureFacts(None, 3, YUAN)])
    assert [(p.index, p.field) for p in lone] == [(0, "graphic")]
    mixed = graphic_problems([FigureFacts("bar", 21.1e9, YUAN),
                              FigureFacts("bar", 14, ("", "", "", ""))])
    assert [(p.index, p.field) for p in mixed] == [(1, "graphic")]
    assert graphic_problems([FigureFacts("bar", 21.1e9, YUAN),
                             FigureFacts("bar", 1.796e9, YUAN)]) == []


DECK = """\
settings:
  title: Test
slides:
  - type: metrics
    id: shares
    title: Shares
    metrics:
      - value: 130
        suffix: "%"
        graphic: ring
        label: too much
      - value: 14
        graphic: bar
        label: alone
      - value: 3
        graphic: pie
        label: unknown
"""


def test_the_curator_is_told_where_and_how(tmp_path: Path):
    errors = errors_of(tmp_path, DECK)
    assert any(e.startswith("content/deck.yaml:16:18:") and "'pie' is not allowed" in e
               for e in errors), errors
    # The enum error stops the slide; the value rules are checked on a slide that reads.
    errors = errors_of(tmp_path, DECK.replace("graphic: pie", "graphic: ring"))
    assert any(e.startswith("content/deck.yaml:8:16:") and "not between 0 and 100" in e
               and "— write the share as a percentage" in e for e in errors), errors
    assert any(e.startswith("content/deck.yaml:13:18:") and "has no other" in e
               for e in errors), errors


ICON_DECK = """\
settings:
  title: Test
slides:
  - type: metrics
    id: icons
    title: Icons
    metrics:
      - value: 1
        icon: fa6s.microchp
        label: a typo
      - value: 2
        icon: microchip
        label: no set
"""


def test_an_icon_name_is_checked_against_the_icon_set(tmp_path: Path):
    errors = errors_of(tmp_path, ICON_DECK)
    assert any(e.startswith("content/deck.yaml:9:15:") and "did you mean fa6s.microchip" in e
               for e in errors), errors
    assert any(e.startswith("content/deck.yaml:12:15:") and "names no icon set" in e
               and "fa6s.microchip" in e for e in errors), errors
    fixed = ICON_DECK.replace("fa6s.microchp", "fa6s.microchip").replace(
        "icon: microchip", "icon: mdi6.flask")
    assert errors_of(tmp_path, fixed) == []


def test_one_hero_per_slide():
    problems = graphic_problems([FigureFacts(None, 1, (), hero=True),
                                 FigureFacts(None, 2, (), hero=True)])
    assert [(p.index, p.field) for p in problems] == [(1, "hero")]
    assert "figure 1 is already it" in problems[0].message

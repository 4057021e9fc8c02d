"""The rules for a metric drawn as data (a figure's ``graphic``), kept apart from Qt.

* ``ring`` and ``grid`` draw a share of a whole: the figure's value is the percentage
  (0–100), drawn as a proportion ring or as filled units of a 10×10 grid.
* ``bar`` draws the figure to scale against the other ``bar`` figures of its slide, so
  two related sums (a record raise beside a later one) are seen in proportion. Figures drawn
  to one scale must be in one unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Graphic = Literal["ring", "grid", "bar"]
GRID_SIDE = 10
"""A unit grid is GRID_SIDE × GRID_SIDE: one unit per percent."""


@dataclass(frozen=True)
class GraphicProblem:
    """One figure whose graphic cannot be drawn honestly."""

    index: int
    """The figure's place in the slide's ``metrics`` (0-based)."""
    field: str
    """The key the curator should look at: ``value``, ``graphic`` or ``hero``."""
    message: str
    hint: str


@dataclass(frozen=True)
class FigureFacts:
    """What the rules need of a figure: its graphic, value and the unit written around it
    (prefix and suffix in every language)."""

    graphic: Graphic | None
    value: float
    unit: tuple[str, ...]
    hero: bool = False


def share_of_whole(value: float) -> float:
    """A percentage as a fraction of the whole, clamped to 0–1."""
    return min(1.0, max(0.0, value / 100.0))


def grid_cells(fraction: float) -> int:
    """How many of the grid's units a fraction fills (a half unit rounds up)."""
    return min(GRID_SIDE * GRID_SIDE, math.floor(fraction * GRID_SIDE * GRID_SIDE + 0.5))


def bar_fractions(values: list[float]) -> list[float]:
    """Each value's share of the largest: the bars of one slide are drawn to one scale."""
    largest = max(values, default=0.0)
    return [value / largest if largest > 0 else 0.0 for value in values]


def graphic_problems(figures: list[FigureFacts]) -> list[GraphicProblem]:
    """What stops the figures of one slide from being drawn as their ``graphic`` asks."""
    problems: list[GraphicProblem] = []
    bars = [(i, f) for i, f in enumerate(figures) if f.graphic == "bar"]
    for index, figure in enumerate(figures):
        if figure.graphic in ("ring", "grid") and not 0 <= figure.value <= 100:
            problems.append(GraphicProblem(
                index, "value",
                f"a {figure.graphic} draws a percentage, and {figure.value:g} is not "
                "between 0 and 100",
                "write the share as a percentage (e.g. 30 with suffix '%'), or remove "
                "'graphic'"))
    heroes = [index for index, figure in enumerate(figures) if figure.hero]
    for index in heroes[1:]:
        problems.append(GraphicProblem(
            index, "hero",
            f"a slide has one hero figure, and figure {heroes[0] + 1} is already it",
            "keep 'hero: true' on the figure the slide is about, and remove it here"))
    if len(bars) == 1:
        problems.append(GraphicProblem(
            bars[0][0], "graphic",
            "a bar is drawn to scale against the slide's other 'bar' figures, and this "
            "slide has no other",
            "give 'graphic: bar' to the figure it compares with, or use 'ring' or 'grid' "
            "for a share"))
    units = {figure.unit for _index, figure in bars}
    if len(units) > 1:
        for index, _figure in bars[1:]:
            if figures[index].unit != bars[0][1].unit:
                problems.append(GraphicProblem(
                    index, "graphic",
                    "bars on one slide share a scale, so they must share a unit: this "
                    "figure's prefix or suffix differs from the first bar's",
                    "compare like with like (the same prefix and suffix), or drop "
                    "'graphic: bar' from one of them"))
    return problems

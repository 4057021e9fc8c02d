"""A chart of shares (``scale: percent``): every value a part of one whole, 0 to 100.

Such a chart draws each bar on a track that stands for the whole, so a value above 100 or a
value axis that does not end at 100 would draw a false picture. Kept apart from the generic
reader: these rules tie fields together (a bar's value and its slide's scale).
"""

from __future__ import annotations

from typing import Any, Protocol

from kiosk.core.content.model import ChartSlide
from kiosk.core.content.problems import Problem

WHOLE = 100.0
"""What a share's track stands for, in percent."""


class _Located(Protocol):
    """A YAML node with where it was written (``yaml_tree.Node``)."""

    @property
    def kind(self) -> str: ...
    @property
    def items(self) -> list[Any]: ...
    @property
    def entries(self) -> dict[str, tuple[Any, Any]]: ...

    def problem(self, message: str, hint: str = "", severity: str = "error") -> Problem: ...


def share_problems(slide: ChartSlide, node: _Located) -> list[Problem]:
    """What is wrong with ``slide`` (read from ``node``) as a chart of shares; nothing when
    its ``scale`` is not ``percent``."""
    if slide.scale != "percent":
        return []
    problems: list[Problem] = []
    entries = node.entries if node.kind == "map" else {}
    if slide.maximum is not None and slide.maximum != WHOLE and "maximum" in entries:
        problems.append(entries["maximum"][1].problem(
            f"slide {slide.id} has scale: percent and maximum: {slide.maximum:g}; a share's "
            "track always ends at 100 %",
            "remove 'maximum' (or the 'scale: percent' line if the values are not shares "
            "of one whole)"))
    bar_nodes = entries["bars"][1].items if "bars" in entries else []
    for index, (bar, bar_node) in enumerate(zip(slide.bars, bar_nodes, strict=False)):
        if bar.value <= WHOLE:
            continue
        where = bar_node.entries.get("value", (None, bar_node))[1] \
            if bar_node.kind == "map" else bar_node
        problems.append(where.problem(
            f"slide {slide.id}.bars[{index + 1}].value {bar.value:g} is more than the whole: "
            "with scale: percent every value is a share, 0 to 100",
            "give the share in percent (e.g. 45 for 45 %), or remove 'scale: percent' if the "
            "values are not shares of one whole"))
    return problems

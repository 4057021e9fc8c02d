"""Where a ring motif may go: placed from the laid-out text boxes, so it never crosses a text.

The opening and closing slides draw concentric rings. Whatever the text's length, language or
the screen's shape, the rings are sized from the boxes the texts finally take: beside the
texts (the opening: the largest rings around a chosen centre that stay clear of every text),
or around them (the closing: the innermost ring clears every text's farthest corner). The
layout audit (:mod:`kiosk.core.layout_audit`) checks the result the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.core.layout_audit import Rect


@dataclass(frozen=True)
class Rings:
    """Concentric rings: their centre, and the radii their strokes lie between."""

    x: float
    y: float
    outer: float
    inner: float

    @property
    def box(self) -> Rect:
        """The square the outer ring is inscribed in."""
        return Rect(math.floor(self.x - self.outer), math.floor(self.y - self.outer),
                    math.ceil(2 * self.outer), math.ceil(2 * self.outer))


def nearest(rect: Rect, x: float, y: float) -> float:
    """Distance from (x, y) to the nearest point of ``rect`` (0 inside it)."""
    dx = max(rect.x - x, 0.0, x - rect.right)
    dy = max(rect.y - y, 0.0, y - rect.bottom)
    return math.hypot(dx, dy)


def farthest(rect: Rect, x: float, y: float) -> float:
    """Distance from (x, y) to the farthest corner of ``rect``."""
    return math.hypot(max(abs(rect.x - x), abs(rect.right - x)),
                      max(abs(rect.y - y), abs(rect.bottom - y)))


def rings_beside(texts: Iterable[Rect], centres: Iterable[tuple[float, float]], *,
                 outer: float, inner_share: float, gap: float, least: float) -> Rings | None:
    """The largest rings (up to ``outer``) around one of ``centres`` that keep ``gap`` from
    every text; ``inner_share`` of the outer radius is the innermost ring. None when no centre
    leaves room for rings at least ``least`` across (then the slide draws none)."""
    boxes = [box for box in texts if not box.empty()]
    best: Rings | None = None
    for x, y in centres:
        room = min((nearest(box, x, y) for box in boxes), default=math.inf) - gap
        radius = min(outer, room)
        if radius >= least / 2 and (best is None or radius > best.outer):
            best = Rings(x, y, radius, radius * inner_share)
    return best


def rings_around(texts: Iterable[Rect], x: float, y: float, *, spread: float,
                 gap: float) -> Rings:
    """Rings centred on (x, y) whose innermost ring clears every text's farthest corner by
    ``gap``; the outer ring lies ``spread`` times further out."""
    inner = max((farthest(box, x, y) for box in texts if not box.empty()), default=0.0) + gap
    return Rings(x, y, inner * spread, inner)


def chord(radius: float, offset: float) -> float:
    """The width of a circle of ``radius`` at ``offset`` from its centre (0 beyond it)."""
    if abs(offset) >= radius:
        return 0.0
    return 2 * math.sqrt(radius * radius - offset * offset)


def stack_in_circle(x: float, y: float, radius: float, heights: Sequence[float],
                    gap: float) -> list[Rect] | None:
    """Rows of these ``heights``, ``gap`` apart, stacked and centred on (x, y): each row as
    the widest rectangle it may take with all four corners inside the circle (the ring's
    empty middle). None when the stack is taller than the circle leaves room for."""
    total = sum(heights) + gap * max(0, len(heights) - 1)
    if total >= 2 * radius:
        return None
    rows = []
    top = y - total / 2
    for height in heights:
        # The row's corners farthest from the centre decide its width.
        reach = max(abs(top - y), abs(top + height - y))
        width = math.floor(chord(radius, reach))
        rows.append(Rect(math.ceil(x - width / 2), math.ceil(top), width, math.floor(height)))
        top += height + gap
    return rows

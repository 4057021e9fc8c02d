"""Where a timeline's dots and texts go: dots spaced by real dates, long empty stretches
broken with a marked gap, texts kept clear of each other as near their dots as they can be.

Qt-free: positions are fractions of the axis (0 → 1), and days are plain numbers.

The rule, for any count of milestones and any dates:

1. Each gap between two milestones takes a width proportional to the time it spans.
2. No two dots come closer than ``min_gap``: a gap too short for that is widened to it (the
   rest of the axis shrinks to make room).
3. A gap widened to more than :data:`SQUEEZE_LIMIT` times its width to scale means the
   stretch around it is crowded. While one is, the longest gap is broken — drawn
   ``break_width`` wide with a "//" mark, no longer to scale — if it spans at least
   :data:`BREAK_RATIO` times the time of the crowded gaps and of the median gap still to
   scale, and at least two gaps stay to scale. This zooms the dense stretch: 2019 → 2021
   → 2025 are broken, then the twelve days of July 2025 each get room to read, while twelve
   days next to one day is never broken.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from statistics import median

SQUEEZE_LIMIT = 4.0
"""A gap drawn more than this many times wider than to scale (to keep the dots apart) makes
the axis crowded: worth breaking a long gap for."""
BREAK_RATIO = 5.0
"""Only a gap at least this many times longer than the crowded ones, and than the typical
(median) gap still to scale, is broken: years against days, not twelve days against one."""

_WHEN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def parse_when(text: str) -> tuple[date, date] | None:
    """The first and last day of a milestone's ``when`` (``2019``, ``2019-07`` or
    ``2019-07-22``), or None if it is not such a date."""
    match = _WHEN.fullmatch(text.strip())
    if match is None:
        return None
    year = int(match.group(1))
    month, day = match.group(2), match.group(3)
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            first = date(year, int(month), 1)
            following = date(year + 1, 1, 1) if first.month == 12 else date(
                year, first.month + 1, 1)
            return first, date.fromordinal(following.toordinal() - 1)
        one = date(year, int(month), int(day))
    except ValueError:  # month 13, 30 February, year 0
        return None
    return one, one


def when_day(text: str) -> float | None:
    """Where ``text`` (a ``when``) sits on a time axis, in days: a day at that day, a month
    or a year at its middle. None if it is not a date."""
    span = parse_when(text)
    if span is None:
        return None
    first, last = span
    return (first.toordinal() + last.toordinal()) / 2


@dataclass(frozen=True)
class Axis:
    """Dots along an axis, and where it is broken."""

    positions: tuple[float, ...]
    """Each dot's place along the axis, 0 → 1, in order."""
    breaks: tuple[int, ...]
    """The gaps drawn broken (not to scale): ``i`` is the gap between dot ``i`` and ``i + 1``."""

    def break_mark(self, gap: int) -> float:
        """Where the "//" mark of broken gap ``gap`` goes: halfway between its dots."""
        return (self.positions[gap] + self.positions[gap + 1]) / 2


def place_by_date(days: Sequence[float], min_gap: float, break_width: float) -> Axis:
    """Dots for milestones at ``days`` (in order, any unit of time), spread over 0 → 1 with
    the first at 0 and the last at 1 (a single dot sits at 0.5).

    ``min_gap`` is the least distance between two dots and ``break_width`` the width of a
    broken gap, both as shares of the axis. When even spacing cannot keep ``min_gap`` the
    dots are spaced evenly.
    """
    count = len(days)
    if count == 0:
        return Axis((), ())
    if count == 1:
        return Axis((0.5,), ())
    if any(later < earlier for earlier, later in pairwise(days)):
        raise ValueError("days must be in order")
    gaps = [later - earlier for earlier, later in pairwise(days)]
    total = sum(gaps)
    if total > 0:
        # In shares of the whole time: any unit of time gives the same dots, and a span too
        # tiny to divide the axis by (a float's last digits) cannot overflow the scale.
        gaps = [gap / total for gap in gaps]
    least = min(min_gap, 1 / len(gaps))
    broken_width = max(least, break_width)
    broken: set[int] = set()
    widths, scale = _fill(gaps, broken, least, broken_width)
    while True:
        whole = [i for i in range(len(gaps)) if i not in broken]
        if len(whole) < 3:  # a break must leave a stretch of two gaps or more to scale
            break
        # Gaps of no time (two milestones on one day) are widened whatever is broken.
        crowded = [gaps[i] for i in whole if gaps[i] > 0 and (
            scale == 0 or least > SQUEEZE_LIMIT * gaps[i] * scale)]
        longest = max(whole, key=lambda i: (gaps[i], -i))
        fits = (len(broken) + 1) * broken_width + (len(whole) - 1) * least <= 1 + 1e-12
        typical = median(gaps[i] for i in whole if gaps[i] > 0) if crowded else 0.0
        long_enough = gaps[longest] >= BREAK_RATIO * max(max(crowded, default=0.0), typical)
        if not (crowded and fits and long_enough and widths[longest] > broken_width):
            break
        broken.add(longest)
        widths, scale = _fill(gaps, broken, least, broken_width)
    positions = [0.0]
    for width in widths:
        positions.append(positions[-1] + width)
    end = positions[-1]
    return Axis(tuple(p / end for p in positions), tuple(sorted(broken)))


def _fill(gaps: list[float], broken: set[int], least: float,
          broken_width: float) -> tuple[list[float], float]:
    """Each gap's width: broken ones ``broken_width``, the others proportional to their time
    but at least ``least``, all together 1; and the scale (width per unit of time)."""
    room = 1 - len(broken) * broken_width
    whole = [i for i in range(len(gaps)) if i not in broken]
    widened: set[int] = set()
    # Widening a short gap leaves less room for the rest, which may widen more: repeat until
    # no more need it (at most once per gap).
    while True:
        free = [i for i in whole if i not in widened]
        time = sum(gaps[i] for i in free)
        scale = (room - len(widened) * least) / time if time > 0 else 0.0
        more = {i for i in free if gaps[i] * scale < least}
        if not more:
            break
        widened |= more
    widths = [broken_width if i in broken else
              least if i in widened else gaps[i] * scale for i in range(len(gaps))]
    spare = 1 - sum(widths)
    if spare > 1e-12:
        # Only when no gap is left to scale (every date the same, or only broken gaps took
        # time): share what is left evenly, over the broken gaps if any, else over all.
        takers = sorted(broken) or list(range(len(gaps)))
        for i in takers:
            widths[i] += spare / len(takers)
    return widths, scale


def spread_labels(centres: Sequence[float], size: float, low: float, high: float) -> list[float]:
    """Centres for texts ``size`` long that want to sit at ``centres`` (in order) on a line
    from ``low`` to ``high``: each as near its wish as it can be (least squares) while no two
    overlap and all stay on the line. If they cannot all fit, they are spaced evenly."""
    count = len(centres)
    if count == 0:
        return []
    first, last = low + size / 2, high - size / 2
    if last < first:  # not even one fits: all in the middle
        return [(low + high) / 2] * count
    if count > 1 and (last - first) / (count - 1) < size:
        step = (last - first) / (count - 1)
        return [first + i * step for i in range(count)]
    # Shifting text i back by i * size turns "at least size apart" into "in order", which
    # pool-adjacent-violators solves exactly; the bounds then clip the ordered result.
    shifted = [c - i * size for i, c in enumerate(centres)]
    pools: list[list[float]] = []  # [mean, weight]
    for value in shifted:
        pools.append([value, 1.0])
        while len(pools) > 1 and pools[-2][0] > pools[-1][0]:
            mean, weight = pools.pop()
            pools[-1][0] = (pools[-1][0] * pools[-1][1] + mean * weight) / (pools[-1][1] + weight)
            pools[-1][1] += weight
    fitted: list[float] = []
    for mean, weight in pools:
        fitted.extend([mean] * round(weight))
    top = last - (count - 1) * size
    return [min(max(value, first), top) + i * size for i, value in enumerate(fitted)]

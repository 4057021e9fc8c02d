"""Where a timeline's cards go, given where its dots are: each card over (or under, or
beside) its own dot wherever it can be, nudged only as far as its neighbours and the edges
need, and tied to its dot by a short straight connector.

Qt-free and one-dimensional: every position is a distance along the track (pixels, or any
unit), from the same origin as the dots. The slide turns it into rectangles.

The rules, for any count of milestones and any dates:

1. On one side of the track, cards never overlap (``gap`` apart at least), stay between
   ``low`` and ``high``, keep date order, and sit as near their wishes (dot under their
   anchor) as that allows: least squares, via :func:`~kiosk.core.timeline_axis.spread_labels`.
2. With two sides (landscape: above and below the line), each card picks its side. Cards
   whose dots are too close to share a side alternate; where there is a choice, the
   arrangement that moves the cards least wins, then the one that alternates most
   regularly, then the one with fewer cards above.
3. A card's connector is *straight* (square to the track) when its dot lies on the card's
   facing edge at least ``reach`` from either end. :func:`lay_out` spaces the dots by date
   with the smallest least-distance between them for which every connector is straight
   (widening the broken gaps first, which are not to scale anyway), so the dots stay as
   true to the dates as the cards allow. The largest distance tried always
   works (it leaves each card room to sit centred on its dot), so a slanted connector is only
   a last resort of :func:`place_cards` used alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from kiosk.core.timeline_axis import Axis, place_by_date, spread_labels

BELOW = 1
"""The side of the track a card is on: below it (landscape) or right of it (portrait)."""
ABOVE = -1
"""Above the track (landscape only)."""

MOVE_WEIGHT = 1.0
"""Cost of moving a card its own length from its wish (squared)."""
SLANT_COST = 1000.0
"""Cost of a connector that cannot be square to the track: avoided whenever possible."""
IRREGULAR_COST = 0.01
"""Cost of two neighbours on the same side when both sides are in use: alternation reads
best, so it breaks ties."""
ABOVE_COST = 0.001
"""Cost of a card above the line: one row below the line is calmest when it fits."""
OVERFULL_COST = 1e6
"""Cost of each card more on a side than it holds: they would overlap."""
SEARCH_STEPS = 6
BREAK_STEPS = 6
"""How many even steps :func:`lay_out` widens the broken gaps by, up to its largest."""
NARROWER = (1.0, 0.9, 0.8, 0.7)
"""The card widths :func:`lay_out_landscape` tries, as shares of the widest: a narrower card
lets crowded dates keep their true spacing."""
"""How many times :func:`lay_out` halves the range of least distances between dots it
searches: to within 1/64 of it."""


@dataclass(frozen=True)
class CardSpot:
    """Where one card goes along the track, and where its connector meets it."""

    side: int
    """:data:`BELOW` or :data:`ABOVE`."""
    start: float
    """The card's near end along the track (its left, or its top in portrait)."""
    extent: float
    """The card's length along the track."""
    dot: float
    """Its dot's place along the track."""
    hook: float
    """Where its connector meets the card's edge facing the track, along the track."""

    @property
    def end(self) -> float:
        """The card's far end along the track."""
        return self.start + self.extent

    @property
    def straight(self) -> bool:
        """Whether the connector runs square to the track (the dot faces the card)."""
        return abs(self.hook - self.dot) < 0.5


@dataclass(frozen=True)
class TimelineLayout:
    """The dots (by date) and the cards placed for them."""

    axis: Axis
    """The dots as shares of the span, and the broken gaps."""
    dots: tuple[float, ...]
    """Each dot's place along the track."""
    cards: tuple[CardSpot, ...]
    """Each milestone's card, in date order."""
    least_gap: float
    """The least distance between two dots that was needed for every connector to be straight."""
    span: tuple[float, float]
    """Where the first and the last dot went (the span given, or grown)."""
    size: float
    """Each card's length along the track."""


def place_cards(dots: Sequence[float], size: float, low: float, high: float, *,
                gap: float, reach: float, anchors: Sequence[float] | None = None,
                extents: Sequence[float] | None = None,
                two_sided: bool = False) -> tuple[CardSpot, ...]:
    """Cards ``size`` long along the track (each ``gap`` apart at least on its side) for dots
    at ``dots`` (in order), between ``low`` and ``high``.

    A card wants its dot ``anchors[i]`` from its start (default: its middle). ``extents[i]``
    (default ``size``) is how much of its ``size`` the card really fills, from its start: its
    connector meets it within that, at least ``reach`` from either end. ``two_sided`` lets
    cards go above the track as well as below."""
    count = len(dots)
    if count == 0:
        return ()
    anchor = list(anchors) if anchors is not None else [size / 2] * count
    extent = list(extents) if extents is not None else [size] * count
    wishes = [dot - a + size / 2 for dot, a in zip(dots, anchor, strict=True)]
    best: tuple[float, tuple[CardSpot, ...]] | None = None
    # How many cards one side holds: more would squeeze onto each other.
    room = max(1, int((high - low + gap) / (size + gap) + 1e-9))
    for sides in _side_choices(dots, size + gap) if two_sided else iter([(BELOW,) * count]):
        overfull = sum(max(0, sides.count(side) - room) for side in (BELOW, ABOVE))
        centres = [0.0] * count
        for side in (BELOW, ABOVE):
            mine = [i for i in range(count) if sides[i] == side]
            placed = spread_labels([wishes[i] for i in mine], size + gap,
                                   low - gap / 2, high + gap / 2)
            for i, centre in zip(mine, placed, strict=True):
                centres[i] = centre
        spots = tuple(_spot(sides[i], centres[i] - size / 2, extent[i], dots[i], reach)
                      for i in range(count))
        cost = _cost(spots, centres, wishes, size) + OVERFULL_COST * overfull
        if best is None or cost < best[0] - 1e-12:
            best = (cost, spots)
    assert best is not None
    return best[1]


def lay_out(days: Sequence[float] | None, count: int, span: tuple[float, float], size: float,
            low: float, high: float, *, gap: float, reach: float, least_gap: float,
            anchors: Sequence[float] | None = None, extents: Sequence[float] | None = None,
            two_sided: bool = False, stretch: float = 0.0) -> TimelineLayout:
    """Dots for ``count`` milestones at ``days`` (in order; None: spaced evenly) over ``span``
    along the track, and their cards (see :func:`place_cards`).

    The dots keep at least ``least_gap`` apart (a broken gap is drawn as wide). If their cards
    cannot all face their dots that way, the broken gaps widen, then the span grows at both
    ends (by up to ``stretch``: the end cards are then nudged inwards from their dots), then
    the least distance grows (searched by halving) until they can: at most to a card's
    length (plus ``gap``), halved with two sides."""
    if days is None:
        axis = Axis(tuple(i / (count - 1) for i in range(count)) if count > 1 else (0.5,) * count,
                    ())
        return _layout(axis, span, size, low, high, gap, reach, anchors, extents, two_sided,
                       least_gap)
    most = max(least_gap, (size + gap) / (2 if two_sided else 1))

    def attempt(tried: float) -> TimelineLayout | None:
        """The first layout with dots ``tried`` apart at least in which every card faces its
        dot: the span as given first, then grown; the broken gaps narrowest first."""
        for grown in (0.0, stretch / 2, stretch) if stretch > 0 else (0.0,):
            wider = (span[0] - grown, span[1] + grown)
            length = wider[1] - wider[0]
            # A broken gap is not to scale: widening it costs the dates nothing.
            for broken in [tried + (most - tried) * step / BREAK_STEPS
                           for step in range(BREAK_STEPS + 1)] if most > tried else [tried]:
                placed = _layout(_by_date(days, tried, broken, length), wider, size, low, high,
                                 gap, reach, anchors, extents, two_sided, tried)
                if all(card.straight for card in placed.cards):
                    return placed
                if not placed.axis.breaks:
                    break  # no gap is broken: its width changes nothing
        return None

    found = attempt(least_gap)
    if found is not None:
        return found
    # More room helps: halve the range between a least distance that fails and one that
    # works. The largest works with the span as given (each card can sit centred on its
    # dot); should a caller's own sizes defeat even that, its layout is the best there is.
    failing, best = least_gap, attempt(most)
    if best is None:
        length = span[1] - span[0]
        return _layout(_by_date(days, most, most, length), span, size, low, high, gap, reach,
                       anchors, extents, two_sided, most)
    for _ in range(SEARCH_STEPS):
        middle = (failing + best.least_gap) / 2
        trial = attempt(middle)
        if trial is None:
            failing = middle
        else:
            best = trial
    return best


def _by_date(days: Sequence[float], least: float, broken: float, length: float) -> Axis:
    """:func:`~kiosk.core.timeline_axis.place_by_date` in pixels of a span ``length`` long."""
    if length <= 0:
        return place_by_date(days, min_gap=1.0, break_width=1.0)
    return place_by_date(days, min_gap=least / length, break_width=broken / length)


def landscape_card_width(count: int, length: float, gap: float, most_share: float) -> float:
    """The widest a landscape card may be among ``count`` on a line ``length`` long:
    alternating above and below, evenly spaced cards just tile it (each twice an even step
    wide); never wider than ``most_share`` of the line."""
    return min(2 * (length + gap) / (count + 1) - gap, most_share * length)


def lay_out_landscape(days: Sequence[float] | None, count: int, low: float, high: float, *,
                      gap: float, least_gap: float, inset: float, reach_share: float,
                      most_share: float) -> TimelineLayout:
    """A landscape timeline between ``low`` and ``high``: cards above and below the line,
    as wide as :func:`landscape_card_width` allows, or narrower (:data:`NARROWER`) where that
    lets crowded dates keep their true spacing. A connector meets its card at least
    ``reach_share`` of its width (and ``inset``) from either end; an end card sits centred on
    its dot unless crowding nudges it in."""
    widest = landscape_card_width(count, high - low, gap, most_share)
    best: TimelineLayout | None = None
    for share in NARROWER:
        width = widest * share
        reach = max(inset, reach_share * width)
        placed = lay_out(days, count, (low + width / 2, high - width / 2), width, low, high,
                         gap=gap, reach=reach, least_gap=least_gap, two_sided=True,
                         stretch=max(0.0, width / 2 - reach))
        if best is None or placed.least_gap < best.least_gap - 1e-9:
            best = placed
        if days is None or best.least_gap <= least_gap + 1e-9:
            break  # the dots are as true to the dates as they can be: widest wins
    assert best is not None
    return best


def _layout(axis: Axis, span: tuple[float, float], size: float, low: float, high: float,
            gap: float, reach: float, anchors: Sequence[float] | None,
            extents: Sequence[float] | None, two_sided: bool,
            least_gap: float) -> TimelineLayout:
    dots = tuple(span[0] + p * (span[1] - span[0]) for p in axis.positions)
    cards = place_cards(dots, size, low, high, gap=gap, reach=reach, anchors=anchors,
                        extents=extents, two_sided=two_sided)
    return TimelineLayout(axis, dots, cards, least_gap, span, size)


def _spot(side: int, start: float, extent: float, dot: float, reach: float) -> CardSpot:
    """The card at ``start``, its connector meeting it as near its dot as ``reach`` allows."""
    first, last = start + reach, start + extent - reach
    hook = start + extent / 2 if last < first else min(max(dot, first), last)
    return CardSpot(side, start, extent, dot, hook)


def _cost(spots: Sequence[CardSpot], centres: Sequence[float], wishes: Sequence[float],
          size: float) -> float:
    moved = sum(((c - w) / size) ** 2 for c, w in zip(centres, wishes, strict=True))
    slanted = sum(not spot.straight for spot in spots)
    above = sum(spot.side == ABOVE for spot in spots)
    irregular = sum(a.side == b.side for a, b in pairwise(spots)) if 0 < above < len(spots) else 0
    return (MOVE_WEIGHT * moved + SLANT_COST * slanted + IRREGULAR_COST * irregular
            + ABOVE_COST * above)


def _side_choices(dots: Sequence[float], pitch: float) -> Iterator[tuple[int, ...]]:
    """Every choice of sides in which two neighbouring dots closer than ``pitch`` (a card and
    its gap) sit on opposite sides: alternating everything always qualifies."""
    count = len(dots)

    def extend(chosen: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        i = len(chosen)
        if i == count:
            yield chosen
            return
        for side in (BELOW, ABOVE):
            if i > 0 and side == chosen[-1] and dots[i] - dots[i - 1] < pitch:
                continue
            yield from extend((*chosen, side))

    yield from extend(())

"""Where a timeline's cards go (issue 22): over their own dots, apart, on the screen, in date
order, each tied to its dot by a connector square to the track."""

from __future__ import annotations

from itertools import combinations, pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.timeline_axis import when_day
from kiosk.core.timeline_placement import (
    ABOVE,
    BELOW,
    CardSpot,
    TimelineLayout,
    lay_out,
    lay_out_landscape,
    place_cards,
)

# A 1920×1080 slide's line: 80 → 1840, cards 40 apart, dots at least 90 apart.
LOW, HIGH, GAP, LEAST = 80.0, 1840.0, 40.0, 90.0
INSET = 27.0
BUNDLED = ["2019-07-22", "2021-12", "2025-04", "2025-06-18", "2025-07-13", "2025-07-22"]


def landscape(days: list[float] | None, count: int, low: float = LOW,
              high: float = HIGH) -> TimelineLayout:
    return lay_out_landscape(days, count, low, high, gap=GAP, least_gap=LEAST, inset=INSET,
                             reach_share=0.25, most_share=0.3)


def assert_placed_well(placed: TimelineLayout, low: float, high: float, gap: float) -> None:
    """What a visitor would see go wrong: cards on each other or off the line, a card out of
    date order on its side, a connector that misses its card or its dot, or two connectors
    crossing."""
    cards = placed.cards
    assert len(cards) == len(placed.dots)
    for card in cards:
        assert low - 1e-6 <= card.start and card.end <= high + 1e-6, card
        # The connector leaves its own dot and meets its own card's facing edge.
        assert card.start <= card.hook <= card.end, card
    for side in (BELOW, ABOVE):
        mine = [card for card in cards if card.side == side]
        for one, other in pairwise(mine):
            assert other.start >= one.end + gap - 1e-6, (one, other)  # apart, in date order
        for one, other in combinations(mine, 2):
            # Dot and hook both in order: the connectors never cross.
            assert (one.dot - other.dot) * (one.hook - other.hook) >= -1e-9, (one, other)
    assert list(placed.dots) == sorted(placed.dots)


def test_the_bundled_deck_alternates_and_every_card_faces_its_dot():
    days = [when_day(w) for w in BUNDLED]
    placed = landscape(days, len(days))
    assert_placed_well(placed, LOW, HIGH, GAP)
    assert all(card.straight for card in placed.cards)
    assert placed.axis.breaks == (0, 1)
    # The three crowded dates of mid-2025 take turns above and below the line ...
    sides = [card.side for card in placed.cards]
    assert sides[3] != sides[4] != sides[5]
    # ... and keep their true spacing: 18 June → 13 July (25 days) is wider than 13 → 22
    # July (9 days), about as 25 to 9.
    steps = [b - a for a, b in pairwise(placed.dots)]
    assert steps[3] > 2 * steps[4]
    # Cards that need not move sit centred on their dots.
    centred = [abs(card.start + card.extent / 2 - card.dot) < 1 for card in placed.cards]
    assert sum(centred) >= 4


def test_a_few_evenly_spread_dates_make_one_calm_row_of_centred_cards():
    placed = landscape([0.0, 100.0, 200.0], 3)
    assert [card.side for card in placed.cards] == [BELOW] * 3
    for card in placed.cards:
        assert card.start + card.extent / 2 == pytest.approx(card.dot)
        assert card.straight


def test_many_evenly_spread_dates_alternate_and_all_sit_centred():
    placed = landscape([float(i) for i in range(10)], 10)
    assert [card.side for card in placed.cards] == [BELOW, ABOVE] * 5
    for card in placed.cards:
        assert card.start + card.extent / 2 == pytest.approx(card.dot, abs=0.5)


def test_a_card_that_must_move_is_nudged_no_further_than_its_neighbour_needs():
    # Two cards 300 wide on one side, dots 250 apart: each moves 25 (least squares), and
    # both connectors stay square to the line.
    cards = place_cards([500.0, 750.0], 300.0, 0.0, 2000.0, gap=20.0, reach=60.0)
    assert [c.start + c.extent / 2 for c in cards] == pytest.approx([465.0, 785.0])
    assert all(c.straight for c in cards)


def test_a_card_that_cannot_face_its_dot_gets_a_slanted_connector_that_still_reaches_it():
    cards = place_cards([10.0, 20.0, 30.0], 300.0, 0.0, 1000.0, gap=20.0, reach=60.0)
    assert not cards[2].straight
    assert cards[2].start + 60.0 == pytest.approx(cards[2].hook)


def test_portrait_rows_put_each_dot_level_with_its_card():
    # Rows 130 tall, the date's middle 30 below a row's top; three dates in one week.
    days = [0.0, 2.0, 3.0, 400.0]
    placed = lay_out(days, 4, (30.0, 1500.0), 130.0, 0.0, 1630.0, gap=0.0, reach=20.0,
                     least_gap=90.0, anchors=[30.0] * 4, extents=[120.0] * 4)
    assert_placed_well(placed, 0.0, 1630.0, 0.0)
    assert all(card.straight for card in placed.cards)


def test_undated_milestones_are_spread_evenly_and_centred():
    placed = landscape(None, 4)
    steps = [b - a for a, b in pairwise(placed.dots)]
    assert max(steps) - min(steps) < 1e-6
    assert all(card.straight for card in placed.cards)


@st.composite
def timelines(draw) -> tuple[list[float], float, float]:
    count = draw(st.integers(2, 10))
    spread = draw(st.sampled_from([30.0, 365.0, 20 * 365.0]))  # a month, a year, decades
    days = sorted(draw(st.lists(st.floats(0, spread), min_size=count, max_size=count)))
    # 1920×1080, 1280×800, 3840×2160 and 1080×1920's width, in px of the line.
    low, high = draw(st.sampled_from([(80.0, 1840.0), (52.0, 1228.0), (160.0, 3680.0),
                                      (54.0, 1026.0)]))
    return days, low, high


@settings(max_examples=60, deadline=None)
@given(timelines())
def test_any_landscape_timeline_places_every_card_well(timeline):
    days, low, high = timeline
    placed = landscape(days, len(days), low, high)
    assert_placed_well(placed, low, high, GAP)
    # The search always finds dots far enough apart for every card to face its own dot.
    assert all(card.straight for card in placed.cards), placed.cards


@settings(max_examples=40, deadline=None)
@given(timelines(), st.floats(60.0, 200.0))
def test_any_portrait_timeline_places_every_card_well(timeline, row):
    days, _low, _high = timeline
    count = len(days)
    top, bottom = 300.0, 1800.0
    row = min(row, (bottom - top) / count)
    anchor, extent = row * 0.25, row * 0.9
    placed = lay_out(days, count, (top + anchor, bottom - row + anchor), row, top, bottom,
                     gap=0.0, reach=min(10.0, extent / 3), least_gap=min(90.0, row),
                     anchors=[anchor] * count, extents=[extent] * count)
    assert_placed_well(placed, top, bottom, 0.0)
    assert all(card.straight for card in placed.cards), placed.cards


def test_a_spot_knows_its_end_and_whether_it_is_straight():
    spot = CardSpot(BELOW, 10.0, 100.0, 40.0, 40.0)
    assert spot.end == 110.0 and spot.straight

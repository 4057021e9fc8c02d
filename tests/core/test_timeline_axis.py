"""A timeline spaced by real dates (issue 22): dots by time, long gaps broken, texts apart."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.timeline_axis import parse_when, place_by_date, spread_labels, when_day

EPS = 1e-9

# The bundled deck's milestones: six years, then twelve days of July 2025.
BUNDLED = ["2019-07-22", "2021-12", "2025-04", "2025-06-18", "2025-06-30", "2025-07-01",
           "2025-07-03", "2025-07-13", "2025-07-22"]


def test_a_when_is_a_year_a_month_or_a_day():
    assert parse_when("2019") == (date(2019, 1, 1), date(2019, 12, 31))
    assert parse_when("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert parse_when("2021-12") == (date(2021, 12, 1), date(2021, 12, 31))
    assert parse_when(" 2019-07-22 ") == (date(2019, 7, 22), date(2019, 7, 22))


@pytest.mark.parametrize("text", ["22 July 2019", "2019-7-22", "2019-02-30", "2019-13",
                                  "0000", "19", "2019/07/22", ""])
def test_anything_else_is_not_a_when(text):
    assert parse_when(text) is None
    assert when_day(text) is None


def test_a_month_sits_at_its_middle():
    assert when_day("2021-12") == (date(2021, 12, 1).toordinal()
                                   + date(2021, 12, 31).toordinal()) / 2


def test_the_bundled_years_are_broken_and_july_gets_the_room():
    axis = place_by_date([when_day(w) for w in BUNDLED], min_gap=0.07, break_width=0.05)
    steps = [b - a for a, b in pairwise(axis.positions)]
    # 2019 → 2021 → April 2025 → 18 June: long and crowding the rest, so drawn broken.
    assert axis.breaks == (0, 1, 2)
    # Twelve days of July take most of the line, where evenly spaced they took a third.
    assert axis.positions[-1] - axis.positions[3] > 0.75
    # To scale inside the dense stretch: 13 → 22 July (9 days) is wider than 1 → 3 July.
    assert steps[7] > steps[5] + 0.05
    # ... and 18 → 30 June (12 days) wider than 13 → 22 July (9 days).
    assert steps[3] > steps[7]


def test_decades_then_days_break_every_long_gap():
    dates = ["2009", "2016-07", "2019-07-22", "2025-06-18", "2025-06-30", "2025-07-01",
             "2025-07-02", "2025-07-03", "2025-07-13", "2025-07-22"]
    axis = place_by_date([when_day(w) for w in dates], min_gap=0.06, break_width=0.06)
    assert axis.breaks == (0, 1, 2)


def test_days_against_days_are_never_broken():
    # Twelve days beside one day is a crowded stretch, not a gap worth breaking.
    dates = ["2025-07-01", "2025-07-02", "2025-07-03", "2025-07-15", "2025-07-16"]
    assert place_by_date([when_day(w) for w in dates], 0.1, 0.06).breaks == ()


def test_two_milestones_on_one_day_do_not_break_even_years():
    axis = place_by_date([0, 730, 1460, 2190, 2190], min_gap=0.1, break_width=0.06)
    assert axis.breaks == ()
    assert axis.positions[1] - axis.positions[0] == pytest.approx(
        axis.positions[3] - axis.positions[2])


def test_a_break_leaves_a_stretch_to_scale():
    # 2019, then two days in 2025: the one short gap alone is not a stretch worth a break.
    assert place_by_date([0, 2200, 2201], 0.1, 0.06).breaks == ()


def test_dates_spread_evenly_are_not_broken():
    axis = place_by_date([0, 365, 730, 1095], min_gap=0.1, break_width=0.05)
    assert axis.breaks == ()
    assert axis.positions == pytest.approx((0, 1 / 3, 2 / 3, 1))


def test_one_long_gap_and_nothing_crowded_stays_to_scale():
    axis = place_by_date([0, 600, 2000], min_gap=0.1, break_width=0.05)
    assert axis.breaks == ()
    assert axis.positions == pytest.approx((0, 0.3, 1))


def test_one_milestone_sits_in_the_middle_and_same_days_spread_evenly():
    assert place_by_date([5.0], 0.1, 0.05).positions == (0.5,)
    assert place_by_date([3, 3, 3], 0.1, 0.05).positions == pytest.approx((0, 0.5, 1))


def test_out_of_order_days_are_refused():
    with pytest.raises(ValueError):
        place_by_date([2, 1], 0.1, 0.05)


days_lists = st.lists(st.floats(min_value=0, max_value=40_000, allow_nan=False),
                      min_size=1, max_size=10).map(sorted)


@settings(max_examples=150, deadline=None)
@given(days_lists, st.floats(min_value=0.01, max_value=0.3),
       st.floats(min_value=0.0, max_value=0.2))
def test_dots_keep_their_order_their_distance_and_the_axis(days, min_gap, break_width):
    axis = place_by_date(days, min_gap, break_width)
    positions = axis.positions
    assert len(positions) == len(days)
    assert all(-EPS <= p <= 1 + EPS for p in positions)
    if len(days) > 1:
        assert positions[0] == 0 and positions[-1] == pytest.approx(1)
        least = min(min_gap, 1 / (len(days) - 1))
        assert all(b - a >= least - EPS for a, b in pairwise(positions))


@settings(max_examples=150, deadline=None)
@given(days_lists, st.floats(min_value=0.01, max_value=0.3),
       st.floats(min_value=0.0, max_value=0.2))
def test_longer_gaps_are_never_drawn_shorter_unless_broken(days, min_gap, break_width):
    axis = place_by_date(days, min_gap, break_width)
    gaps = [b - a for a, b in pairwise(days)]
    widths = [b - a for a, b in pairwise(axis.positions)]
    whole = [i for i in range(len(gaps)) if i not in axis.breaks]
    for i in whole:
        for j in whole:
            if gaps[i] > gaps[j]:
                assert widths[i] >= widths[j] - EPS
    # A break only ever shortens one of the longest stretches of time, and leaves a
    # stretch of at least two gaps to scale.
    for broken in axis.breaks:
        assert all(gaps[broken] >= gaps[i] for i in whole)
    if axis.breaks:
        assert len(whole) >= 2


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(min_value=-0.5, max_value=1.5, allow_nan=False), min_size=1,
                max_size=10).map(sorted),
       st.floats(min_value=0.01, max_value=0.5))
def test_texts_never_overlap_and_stay_on_the_line(wishes, size):
    placed = spread_labels(wishes, size, 0.0, 1.0)
    assert len(placed) == len(wishes)
    assert all(size / 2 - EPS <= c <= 1 - size / 2 + EPS for c in placed)
    steps = [b - a for a, b in pairwise(placed)]
    if len(wishes) * size <= 1:
        assert all(step >= size - EPS for step in steps)
    else:  # more than fit: as far apart as the line allows, evenly
        assert steps == pytest.approx([(1 - size) / (len(wishes) - 1)] * len(steps))


def test_texts_already_apart_stay_on_their_dots():
    assert spread_labels([0.2, 0.5, 0.8], 0.2, 0, 1) == pytest.approx([0.2, 0.5, 0.8])


def test_crowded_texts_move_apart_around_their_dots():
    # Three dots crowded at 0.5: the middle text stays on its dot, the others step aside.
    assert spread_labels([0.5, 0.5, 0.5], 0.2, 0, 1) == pytest.approx([0.3, 0.5, 0.7])
    # Against the end of the line, they are pushed back inside it.
    assert spread_labels([0.95, 0.97], 0.2, 0, 1) == pytest.approx([0.7, 0.9])

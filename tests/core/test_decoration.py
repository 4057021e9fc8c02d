"""Ring placement from text boxes (pure): beside the texts or around them, never across."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.decoration import (
    Rings,
    chord,
    farthest,
    nearest,
    rings_around,
    rings_beside,
    stack_in_circle,
)
from kiosk.core.layout_audit import Box, Rect, Screen, audit

SCREEN = Screen(1920, 1080, Rect(100, 75, 1720, 870))
rects = st.builds(Rect, st.integers(0, 1800), st.integers(0, 1000), st.integers(1, 1500),
                  st.integers(1, 400))


def _texts(rects_: list[Rect]) -> list[Box]:
    return [Box(i + 10, "text", rect, name=f"text {i}") for i, rect in enumerate(rects_)]


def _ring_box(rings) -> Box:
    return Box(1, "decoration", rings.box, round=True, motif=True, inner=int(rings.inner))


def test_beside_takes_the_designed_size_where_there_is_room_and_shrinks_where_not():
    title = Rect(100, 300, 1000, 200)
    roomy = rings_beside([title], [(1700, 400)], outer=400, inner_share=0.5, gap=20, least=100)
    assert roomy is not None and roomy.outer == 400 and roomy.inner == 200
    tight = rings_beside([title], [(1400, 400)], outer=400, inner_share=0.5, gap=20, least=100)
    assert tight is not None and tight.outer == 280  # 300 to the title, less the gap
    assert rings_beside([title], [(1150, 400)], outer=400, inner_share=0.5, gap=20,
                        least=100) is None  # no room for rings worth drawing


def test_beside_picks_the_centre_with_the_most_room():
    title = Rect(100, 300, 1400, 200)
    placed = rings_beside([title], [(1600, 400), (1700, 900)], outer=500, inner_share=0.5,
                          gap=20, least=100)
    assert placed is not None and (placed.x, placed.y) == (1700, 900)


@settings(max_examples=60, deadline=None)
@given(st.lists(rects, min_size=1, max_size=5))
def test_rings_beside_or_around_any_texts_never_cross_one(found):
    texts = _texts(found)
    beside = rings_beside(found, [(1900, 500), (1800, 100), (960, 1000)], outer=500,
                          inner_share=0.5, gap=10, least=50)
    if beside is not None:
        assert min(nearest(rect, beside.x, beside.y) for rect in found) > beside.outer
        assert [v for v in audit([_ring_box(beside), *texts], SCREEN)
                if v.rule == "decoration"] == []
    around = rings_around(found, 960, 540, spread=1.3, gap=10)
    assert max(farthest(rect, 960, 540) for rect in found) < around.inner < around.outer
    assert [v for v in audit([_ring_box(around), *texts], SCREEN)
            if v.rule == "decoration"] == []


def test_a_stack_of_rows_takes_the_width_the_circle_leaves_at_each_rows_far_edge():
    # A 200 px number over 100 px of words, 20 px apart, in a circle of radius 300.
    number, words = stack_in_circle(960, 540, 300, [200, 100], 20)
    assert (number.y, number.height, words.y, words.height) == (380, 200, 600, 100)
    assert number.width == int(chord(300, 160))  # its top edge is 160 px above the centre
    assert words.width == int(chord(300, 160))  # the words' bottom edge, 160 px below
    assert abs(number.x + number.width / 2 - 960) <= 1
    assert stack_in_circle(960, 540, 300, [400, 200], 20) is None  # taller than the circle
    assert chord(300, 300) == 0 and chord(300, 0) == 600


@settings(max_examples=60, deadline=None)
@given(st.integers(50, 800), st.lists(st.integers(1, 300), min_size=1, max_size=3),
       st.integers(0, 40))
def test_rows_stacked_in_the_rings_middle_never_cross_the_rings(radius, heights, gap):
    rings = Rings(960, 540, radius / 0.8, radius)
    rows = stack_in_circle(rings.x, rings.y, rings.inner - 1, heights, gap)
    if rows is None:
        assert sum(heights) + gap * (len(heights) - 1) >= 2 * (rings.inner - 1)
        return
    boxes = [_ring_box(rings)] + _texts([row for row in rows if not row.empty()])
    assert not [v for v in audit(boxes, SCREEN) if v.rule == "decoration"]
    for row in rows:
        assert row.empty() or farthest(row, rings.x, rings.y) <= rings.inner

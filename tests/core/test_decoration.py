"""Ring placement from text boxes (pure): beside the texts or around them, never across."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.decoration import farthest, nearest, rings_around, rings_beside
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

"""The strip geometry on its own: slots, offsets, targets, rubber band, drag ends — no Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.runtime.stage.strip import (
    MIN_SETTLE_MS,
    RUBBER_BAND,
    DragEnd,
    Strip,
    position_px,
    rubber_band,
    settle_ms,
)

WIDTH = 1000


class View:
    """A stand-in for a slide view: only its identity matters to the strip."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"View({self.name})"


def landed_on(view: View) -> Strip[View]:
    strip: Strip[View] = Strip()
    strip.reset(view)
    return strip


def test_importing_the_strip_loads_no_qt():
    code = ("import sys, kiosk.runtime.stage.strip; "
            "qt = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]; "
            "print(qt); sys.exit(1 if qt else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("slot", "offset", "x"), [
    (0, 0.0, 0),
    (1, 0.0, None),       # exactly one width to the right: off screen
    (-1, 0.0, None),
    (1, 0.25, 750),       # the next slide comes in from the right as the strip moves left
    (0, 0.25, -250),
    (-1, -0.5, -500),
    (2, 1.5, 500),
    (0, 1.5, None),
])
def test_where_a_slot_sits_for_an_offset(slot, offset, x):
    assert position_px(slot, offset, WIDTH) == x


def test_the_rubber_band_resists_more_the_further_it_is_pulled_and_never_gives_way():
    pulls = [rubber_band(-dx, WIDTH) for dx in (0, 50, 200, 1000, 10_000, 10**9)]
    assert pulls[0] == 0
    assert all(a < b for a, b in zip(pulls, pulls[1:], strict=False))
    assert pulls[-1] < RUBBER_BAND
    assert pulls[1] < 50 / WIDTH  # it moves less than the finger
    # A finger moving right pulls the strip right: a negative offset.
    assert rubber_band(300, WIDTH) == pytest.approx(-rubber_band(-300, WIDTH))
    assert rubber_band(300, WIDTH) < 0


def test_the_rest_of_a_push_takes_proportionally_less_time_but_never_too_little():
    assert settle_ms(1.0, 600) == 600
    assert settle_ms(0.5, 600) == 300
    assert settle_ms(3.0, 600) == 600
    assert settle_ms(0.01, 600) == MIN_SETTLE_MS


def test_a_drag_follows_the_finger_and_asks_for_the_neighbour_it_reveals_once():
    a, b, z = View("a"), View("b"), View("z")
    strip = landed_on(a)
    strip.begin_drag()
    step = strip.drag(-100, WIDTH, has_neighbour=True)  # finger moves left: the next slide
    assert (step.offset, step.reveal) == (0.1, 1)
    strip.place(1, b)
    strip.offset = step.offset
    assert dict((v.name, x) for v, x in strip.placements(WIDTH)) == {"a": -100, "b": 900}
    step = strip.drag(-250, WIDTH, has_neighbour=True)
    assert (step.offset, step.reveal) == (0.25, None)  # b is there already
    step = strip.drag(40, WIDTH, has_neighbour=True)  # back past the start: the previous one
    assert (step.offset, step.reveal) == (-0.04, -1)
    strip.place(-1, z)
    assert strip.drag(30, WIDTH, has_neighbour=True).reveal is None


def test_a_drag_towards_an_end_stretches_like_a_rubber_band():
    strip = landed_on(View("a"))
    strip.begin_drag()
    step = strip.drag(400, WIDTH, has_neighbour=False)
    assert step.reveal is None
    assert -RUBBER_BAND < step.offset < 0
    assert step.offset == rubber_band(400, WIDTH)


def test_without_a_finger_on_it_the_strip_ignores_drags():
    strip = landed_on(View("a"))
    strip.offset = 0.3
    step = strip.drag(-900, WIDTH, has_neighbour=True)
    assert (step.offset, step.reveal) == (0.3, None)


def test_a_drag_nothing_changed_snaps_back_to_slot_zero():
    a, b = View("a"), View("b")
    strip = landed_on(a)
    strip.begin_drag()
    strip.place(1, b)
    strip.offset = strip.drag(-60, WIDTH, has_neighbour=True).offset
    assert strip.end_drag() is DragEnd.SNAP_BACK
    assert strip.target == 0 and not strip.dragging
    view, entrance_due, left = strip.land()
    assert view is a and not entrance_due and left == [b]
    assert strip.slots == {0: a} and strip.offset == 0.0


def test_a_slide_change_takes_the_drag_over_and_the_end_says_so():
    a, b = View("a"), View("b")
    strip = landed_on(a)
    strip.begin_drag()
    strip.place(1, b)
    strip.offset = strip.drag(-300, WIDTH, has_neighbour=True).offset
    assert strip.take_over_drag() is True  # the swipe's slide change arrives
    assert not strip.dragging
    # The rest of the finger's movement no longer moves the strip.
    assert strip.drag(-10, WIDTH, has_neighbour=True).offset == 0.3
    assert strip.aim(strip.slot_of(b)) == pytest.approx(0.7)  # the push finishes the way
    assert strip.end_drag() is DragEnd.CHANGE
    assert strip.target == 1  # the end does not pull it back
    strip.offset = 1.0
    view, entrance_due, left = strip.land()
    assert view is b and entrance_due and left == [a]
    assert strip.slots == {0: b} and strip.offset == 0.0 and strip.target == 0


def test_ending_no_drag_does_nothing():
    strip = landed_on(View("a"))
    assert strip.take_over_drag() is False
    assert strip.end_drag() is DragEnd.NONE
    strip.begin_drag()
    strip.forget_drag()
    assert strip.end_drag() is DragEnd.NONE


def test_a_new_slide_arrives_in_the_slot_beyond_the_one_the_strip_is_passing():
    a, b, c = View("a"), View("b"), View("c")
    strip = landed_on(a)
    assert strip.arrival_slot(b, +1) == (1, False)
    assert strip.arrival_slot(b, -1) == (-1, False)
    strip.place(1, b)
    strip.aim(1)
    strip.offset = 0.4  # a push to b is under way; another "next" comes
    assert strip.arrival_slot(c, +1) == (2, False)
    # Going back to a slide still partly on screen heads for where it is: nothing jumps.
    assert strip.arrival_slot(a, -1) == (0, True)
    assert strip.arrival_slot(b, +1) == (1, True)


def test_the_landed_slide_arriving_again_comes_in_as_a_new_arrival():
    a = View("a")
    strip = landed_on(a)
    assert strip.arrival_slot(a, +1) == (1, False)


def test_placing_a_view_moves_it_and_displaces_whoever_was_there():
    a, b, c = View("a"), View("b"), View("c")
    strip = landed_on(a)
    assert strip.place(1, b) is None
    assert strip.place(1, c) is b
    assert strip.place(2, c) is None
    assert strip.slots == {0: a, 2: c}
    assert strip.place(2, c) is None  # placing it where it is displaces nobody


def test_landing_on_an_empty_slot_changes_nothing():
    a = View("a")
    strip = landed_on(a)
    strip.aim(3)
    strip.offset = 3.0
    assert strip.land() == (None, False, [])
    assert strip.slots == {0: a} and strip.offset == 3.0

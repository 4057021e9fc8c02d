"""The gesture recogniser, as pure logic: contacts in, one action per gesture out."""

from __future__ import annotations

from kiosk.runtime.input.touch import GestureConfig, GestureListener, GestureRecognizer, Phase


class Log(GestureListener):
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def gesture_contact(self) -> None:
        self.calls.append(("contact",))

    def gesture_drag_started(self) -> None:
        self.calls.append(("drag",))

    def gesture_dragged(self, dx: float) -> None:
        self.calls.append(("dx", round(dx)))

    def gesture_swiped(self, direction: int) -> None:
        self.calls.append(("swipe", direction))

    def gesture_snapped_back(self) -> None:
        self.calls.append(("back",))

    def gesture_cancelled(self) -> None:
        self.calls.append(("cancel",))

    def gesture_tapped(self, x: float, y: float) -> None:
        self.calls.append(("tap", round(x), round(y)))

    def actions(self) -> list[tuple]:
        return [c for c in self.calls if c[0] in ("swipe", "back", "cancel", "tap")]


def make(width: int = 1920, height: int = 1080) -> tuple[GestureRecognizer, Log]:
    log = Log()
    return GestureRecognizer(GestureConfig.for_size(width, height), log), log


def drag(rec: GestureRecognizer, x0: float, x1: float, *, duration: float = 0.5,
         steps: int = 10, rest: float = 0.0, y: float = 500) -> None:
    rec.down(0, x0, y, 0.0)
    for i in range(1, steps + 1):
        rec.move(0, x0 + (x1 - x0) * i / steps, y, duration * i / steps)
    rec.up(0, x1, y, duration + rest)


def test_thresholds_scale_with_the_screen():
    small = GestureConfig.for_size(1280, 720)
    big = GestureConfig.for_size(3840, 2160)
    portrait = GestureConfig.for_size(1080, 1920)
    assert big.slop > small.slop and big.flick_speed > small.flick_speed
    assert portrait.slop == GestureConfig.for_size(1920, 1080).slop


def test_long_slow_drag_left_is_next():
    rec, log = make()
    drag(rec, 1500, 900, duration=1.0, rest=0.3)
    assert log.actions() == [("swipe", 1)]
    assert log.calls[0] == ("contact",) and ("drag",) in log.calls


def test_drag_right_is_previous():
    rec, log = make()
    drag(rec, 400, 1100, rest=0.3)
    assert log.actions() == [("swipe", -1)]


def test_short_slow_drag_snaps_back():
    rec, log = make()
    drag(rec, 1000, 800, duration=1.0, rest=0.3)
    assert log.actions() == [("back",)]


def test_short_fast_flick_swipes():
    rec, log = make()
    drag(rec, 1000, 850, duration=0.08, steps=5)
    assert log.actions() == [("swipe", 1)]


def test_flung_back_the_other_way_snaps_back():
    rec, log = make()
    rec.down(0, 1500, 500, 0.0)
    for i, x in enumerate((1300, 1100, 900, 800, 850, 950, 1050)):
        rec.move(0, x, 500, 0.1 * (i + 1) if x <= 800 else 0.4 + 0.02 * (i - 3))
    rec.up(0, 1050, 500, 0.48)
    assert log.actions() == [("back",)]


def test_tap_and_long_press():
    rec, log = make()
    rec.down(0, 100, 200, 0.0)
    rec.move(0, 104, 203, 0.05)
    rec.up(0, 104, 203, 0.1)
    assert log.actions() == [("tap", 100, 200)]
    rec, log = make()
    rec.down(0, 100, 200, 0.0)
    rec.up(0, 100, 200, 2.0)
    assert log.actions() == []


def test_second_finger_cancels_a_drag_and_nothing_else_happens():
    rec, log = make()
    rec.down(0, 1500, 500, 0.0)
    rec.move(0, 1000, 500, 0.2)
    rec.down(1, 600, 600, 0.25)
    assert log.actions() == [("cancel",)]
    rec.move(0, 500, 500, 0.3)
    rec.up(0, 500, 500, 0.35)
    rec.up(1, 600, 600, 0.4)
    assert log.actions() == [("cancel",)] and rec.phase is Phase.IDLE
    drag(rec, 1500, 900, rest=0.3)
    assert log.actions()[-1] == ("swipe", 1)


def test_two_fingers_tapping_or_pinching_do_nothing():
    rec, log = make()
    rec.down(0, 800, 500, 0.0)
    rec.down(1, 1000, 500, 0.01)
    rec.move(0, 600, 500, 0.1)
    rec.move(1, 1200, 500, 0.1)
    rec.up(0, 600, 500, 0.2)
    rec.up(1, 1200, 500, 0.2)
    assert log.actions() == []


def test_a_palm_is_ignored():
    rec, log = make()
    rec.down(0, 800, 500, 0.0, size=300)
    rec.move(0, 200, 500, 0.2, size=300)
    rec.up(0, 200, 500, 0.3)
    assert log.actions() == []
    rec.down(0, 1500, 500, 0.0)
    rec.move(0, 1000, 500, 0.2)
    rec.move(0, 900, 500, 0.25, size=400)  # the hand lands flat mid-drag
    assert log.actions() == [("cancel",)]


def test_vertical_drag_is_not_a_swipe():
    rec, log = make()
    rec.down(0, 800, 200, 0.0)
    rec.move(0, 810, 600, 0.2)
    rec.up(0, 810, 600, 0.3)
    assert log.actions() == [] and ("drag",) not in log.calls


def test_swipes_disabled_leaves_taps():
    rec, log = make()
    rec.swipes_enabled = False
    drag(rec, 1500, 900)
    rec.down(0, 10, 10, 5.0)
    rec.up(0, 10, 10, 5.1)
    assert log.actions() == [("tap", 10, 10)]


def test_touch_cancel_and_abort():
    rec, log = make()
    rec.down(0, 1500, 500, 0.0)
    rec.move(0, 1000, 500, 0.2)
    rec.cancel()
    assert log.actions() == [("cancel",)] and rec.phase is Phase.IDLE
    rec.down(0, 100, 100, 1.0)
    rec.abort()
    rec.up(0, 100, 100, 1.05)
    assert log.actions() == [("cancel",)]

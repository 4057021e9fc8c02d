"""The deck state machine, without Qt: time is a ManualClock moved by hand."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from kiosk.core.content.model import Text, TitleSlide
from kiosk.core.deck import commands as c
from kiosk.core.deck.clock import ManualClock, ScaledClock
from kiosk.core.deck.state import DeckState, SlideChange
from tests.core.deck.helpers import make_deck


class Recorder:
    """Collects every event a DeckState emits, as (name, args) pairs."""

    NAMES = ("slide_changed", "language_changed", "mode_changed", "countdown_changed",
             "idle_reset", "paused_changed", "timing_changed", "deck_changed", "edge_reached",
             "input", "exit_requested")

    def __init__(self, state: DeckState) -> None:
        self.events: list[tuple[str, tuple]] = []
        for name in self.NAMES:
            getattr(state, name).connect(lambda *args, n=name: self.events.append((n, args)))

    def named(self, name: str) -> list[tuple]:
        return [args for n, args in self.events if n == name]

    def slides(self) -> list[SlideChange]:
        return [args[0] for args in self.named("slide_changed")]

    def clear(self) -> None:
        self.events.clear()


def started(deck=None, **kwargs) -> tuple[DeckState, ManualClock, Recorder]:
    clock = ManualClock()
    state = DeckState(deck or make_deck(4, slide_duration=10, idle_timeout=60, idle_warning=10),
                      clock, **kwargs)
    rec = Recorder(state)
    state.start()
    return state, clock, rec


def run_until(state: DeckState, clock: ManualClock, t: float) -> None:
    """Advance to clock time ``t``, ticking at every deadline on the way (as the Qt timer does)."""
    for _ in range(10_000):
        deadline = state.next_deadline()
        if deadline is None or deadline > t:
            break
        clock.set(max(clock.now(), deadline))
        state.tick()
    clock.set(t)
    state.tick()


def test_deck_package_imports_no_qt():
    code = ("import sys, kiosk.core.deck.state, kiosk.core.deck.commands, kiosk.core.deck.clock; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_start_shows_first_slide_with_trigger_start():
    state, clock, rec = started()
    (change,) = rec.slides()
    assert (change.index, change.slide_id, change.trigger, change.previous) == (0, "s0", "start",
                                                                               None)
    assert state.mode == "attract" and state.auto_advancing
    assert state.next_deadline() == clock.now() + 10


def test_start_index_and_language():
    state, _, rec = started(start_index=2, language="zh")
    assert rec.slides()[0].index == 2 and state.language == "zh"
    assert state.home_language == "zh"


def test_auto_advance_uses_each_slides_duration_and_wraps():
    deck = make_deck(3, slide_duration=10)
    deck = replace(deck, slides=(replace(deck.slides[0], duration=3),) + deck.slides[1:])
    state, clock, rec = started(deck)
    t0 = clock.now()
    run_until(state, clock, t0 + 2.9)
    assert state.index == 0
    run_until(state, clock, t0 + 3)
    assert state.index == 1
    run_until(state, clock, t0 + 13)
    assert state.index == 2
    run_until(state, clock, t0 + 23)
    assert state.index == 0
    triggers = [(s.index, s.trigger, s.direction) for s in rec.slides()]
    assert triggers == [(0, "start", 0), (1, "auto", 1), (2, "auto", 1), (0, "auto", 1)]


def test_a_long_stall_does_not_burst_through_slides():
    state, clock, rec = started()
    clock.advance(1000)
    state.tick()
    assert len(rec.slides()) == 2  # one advance, then a fresh full duration
    assert state.timing.started == clock.now()


def test_timing_event_restarts_with_every_slide():
    state, clock, rec = started()
    first = state.timing
    run_until(state, clock, clock.now() + 10)
    timings = [a[0] for a in rec.named("timing_changed")]
    assert timings[-1].started == clock.now() and timings[-1] != first
    assert timings[-1].fraction(clock.now() + 5) == pytest.approx(0.5)


def test_input_pauses_auto_advance_and_is_the_choke_point():
    state, clock, rec = started()
    clock.advance(5)
    state.dispatch(c.user_input())
    assert state.mode == "interactive" and not state.auto_advancing
    assert rec.named("input") == [()]
    assert rec.named("timing_changed")[-1] == (None,)
    run_until(state, clock, clock.now() + 49)
    assert state.index == 0 and state.countdown_remaining() is None


def test_navigation_by_visitor_wraps_both_ways():
    state, _, rec = started()
    state.dispatch(c.prev_slide("swipe"))
    assert state.index == 3
    state.dispatch(c.next_slide("swipe"))
    assert state.index == 0
    last = rec.slides()[-1]
    assert (last.trigger, last.direction, last.previous) == ("swipe", 1, 3)


def test_wrap_off_stops_at_the_ends_and_reports_the_edge():
    state, clock, rec = started(make_deck(3, wrap=False, slide_duration=5))
    state.dispatch(c.prev_slide("swipe"))
    assert state.index == 0 and rec.named("edge_reached") == [(-1,)]
    assert state.neighbour(-1) is None and state.neighbour(+1) == 1
    state.dispatch(c.last())
    state.dispatch(c.next_slide("tap"))
    assert state.index == 2 and rec.named("edge_reached")[-1] == (1,)


def test_attract_loop_loops_even_with_wrap_off():
    state, clock, _ = started(make_deck(2, wrap=False, slide_duration=5))
    run_until(state, clock, clock.now() + 10)
    assert state.index == 0


def test_goto_first_last_and_same_slide():
    state, _, rec = started()
    state.dispatch(c.goto(2))
    assert state.index == 2 and rec.slides()[-1].trigger == "jump"
    assert rec.slides()[-1].direction == 1
    n = len(rec.slides())
    state.dispatch(c.goto(2))
    assert len(rec.slides()) == n
    state.dispatch(c.first())
    assert state.index == 0 and rec.slides()[-1].direction == -1
    state.dispatch(c.goto(99))
    assert state.index == 3


def test_idle_countdown_then_reset_to_attract_loop():
    """idle_timeout 60, idle_warning 10: the countdown is the last 10 of the 60 seconds, and
    the reset comes 60 seconds after the last touch (as content/README.md says)."""
    state, clock, rec = started()
    state.dispatch(c.goto(2))
    state.dispatch(c.toggle_language())
    assert state.language == "zh"
    t = clock.now()
    run_until(state, clock, t + 49.9)
    assert state.countdown_remaining() is None
    run_until(state, clock, t + 50)
    assert state.countdown_remaining() == 10
    run_until(state, clock, t + 55.5)
    shown = [a[0] for a in rec.named("countdown_changed")]
    assert shown == [10, 9, 8, 7, 6, 5]
    run_until(state, clock, t + 59.9)
    assert state.index == 2 and state.mode == "interactive"
    rec.clear()
    run_until(state, clock, t + 60)
    assert state.index == 0 and state.language == "en" and state.mode == "attract"
    assert state.auto_advancing
    names = [n for n, _ in rec.events]
    assert names.index("idle_reset") < names.index("slide_changed")
    assert rec.slides()[-1].trigger == "idle_reset"
    assert rec.named("countdown_changed")[-1] == (None,)
    assert rec.named("language_changed") == [("en",)]


def test_touch_during_countdown_stays():
    state, clock, rec = started()
    state.dispatch(c.next_slide("swipe"))
    t = clock.now()
    run_until(state, clock, t + 55)
    assert state.countdown_remaining() == 5
    state.dispatch(c.user_input("tap"))
    assert state.countdown_remaining() is None
    assert rec.named("countdown_changed")[-1] == (None,)
    run_until(state, clock, t + 55 + 59.9)
    assert state.index == 1 and state.mode == "interactive"
    run_until(state, clock, t + 55 + 60)
    assert state.index == 0 and state.mode == "attract"


def test_idle_reset_on_first_slide_still_re_shows_it():
    state, clock, rec = started()
    state.dispatch(c.user_input())
    run_until(state, clock, clock.now() + 60)
    assert rec.slides()[-1].trigger == "idle_reset" and rec.slides()[-1].index == 0


def test_pause_holds_auto_advance_and_idle_reset():
    state, clock, rec = started()
    state.dispatch(c.pause_toggle())
    assert state.paused and state.next_deadline() is None
    run_until(state, clock, clock.now() + 500)
    assert state.index == 0 and state.mode == "attract"
    state.dispatch(c.pause_toggle())
    assert state.timing.started == clock.now()
    state.dispatch(c.next_slide("key"))
    state.dispatch(c.pause_toggle())
    run_until(state, clock, clock.now() + 500)
    assert state.index == 1 and state.mode == "interactive"


def test_detail_open_counts_as_input_and_closes_on_slide_change():
    state, _, rec = started()
    state.set_detail_open(True)
    assert state.detail_open and state.mode == "interactive"
    state.dispatch(c.next_slide())
    assert not state.detail_open


def test_languages():
    state, _, rec = started()
    state.dispatch(c.set_language("zh"))
    state.dispatch(c.set_language("zh"))
    state.dispatch(c.set_language("fr"))
    assert rec.named("language_changed") == [("zh",)]
    state.dispatch(c.toggle_language())
    assert state.language == "en"
    one = make_deck(2, languages=("en",))
    state, _, rec = started(one)
    state.dispatch(c.toggle_language())
    assert state.language == "en" and rec.named("language_changed") == []


def test_suspend_stops_every_timer():
    state, clock, rec = started()
    state.set_suspended(True)
    assert state.next_deadline() is None and state.timing is None
    clock.advance(1000)
    state.tick()
    assert state.index == 0
    state.set_suspended(False)
    assert state.timing.started == clock.now()


def test_staff_exit_is_reported():
    state, _, rec = started()
    state.dispatch(c.staff_exit())
    assert rec.named("exit_requested") == [()]


def test_replace_deck_waits_for_the_next_boundary_and_keeps_the_slide():
    state, clock, rec = started()
    state.dispatch(c.goto(2))
    new = make_deck(ids=["new", "s0", "s1", "s2", "s3"], slide_duration=10)
    state.replace_deck(new)
    assert state.deck is not new and state.pending_deck is new
    state.dispatch(c.next_slide("swipe"))
    assert state.deck is new
    change = rec.slides()[-1]
    assert (change.previous, change.index, change.slide_id) == (3, 4, "s3")
    assert rec.named("deck_changed") == [(new,)]


def test_replace_deck_when_current_slide_vanished():
    state, clock, rec = started()
    state.dispatch(c.goto(2))
    state.replace_deck(make_deck(ids=["s0", "s1", "s3"]))
    state.dispatch(c.next_slide("swipe"))
    change = rec.slides()[-1]
    assert (change.previous, change.slide_id) == (None, "s3")


def test_replace_deck_applies_on_auto_advance_and_idle_reset():
    state, clock, rec = started()
    new = make_deck(ids=["x", "s0", "s1"], slide_duration=10)
    state.replace_deck(new)
    run_until(state, clock, clock.now() + 10)
    assert state.deck is new and state.slide_id == "s1"
    state.dispatch(c.user_input())
    newer = make_deck(ids=["y", "s1"], idle_timeout=30)
    state.replace_deck(newer)
    run_until(state, clock, clock.now() + 100)
    assert state.deck is newer and state.slide_id == "y"


def test_goto_with_pending_deck_maps_by_id():
    state, _, rec = started()
    state.replace_deck(make_deck(ids=["s3", "s2", "s1", "s0"]))
    state.dispatch(c.goto(1))  # s1 in the old deck is index 2 in the new one
    assert state.slide_id == "s1" and state.index == 2


@pytest.mark.expect_errors
def test_a_broken_observer_does_not_stop_the_deck(logged_errors):
    state, clock, rec = started()

    def broken(change):
        raise RuntimeError("view bug")

    state.slide_changed.connect(broken)
    state.dispatch(c.next_slide())
    assert state.index == 1 and rec.slides()[-1].index == 1
    # ...but the failure is not silent: it is logged as an error with its traceback.
    assert [r.getMessage() for r in logged_errors] == ["observer of slide_changed failed"]
    assert logged_errors[0].exc_info is not None


def test_commands_validate():
    with pytest.raises(ValueError):
        c.Command(c.Kind.NEXT, "bogus")
    with pytest.raises(ValueError):
        c.Command(c.Kind.GOTO)
    assert c.goto(1).is_navigation and not c.user_input().is_navigation


def test_clocks():
    clock = ManualClock(5)
    assert clock.advance(2) == 7
    with pytest.raises(ValueError):
        clock.advance(-1)
    fast = ScaledClock(1000)
    a = fast.now()
    b = fast.now()
    assert b >= a
    with pytest.raises(ValueError):
        ScaledClock(0)


def test_per_slide_transition_is_reported():
    deck = make_deck(2, transition="push")
    deck = replace(deck, slides=(deck.slides[0], replace(deck.slides[1], transition="fade")))
    state, _, rec = started(deck)
    state.dispatch(c.next_slide())
    assert rec.slides()[-1].transition == "fade"
    state.dispatch(c.next_slide())
    assert rec.slides()[-1].transition == "push"


def test_empty_deck_is_refused():
    deck = make_deck(1)
    with pytest.raises(ValueError):
        DeckState(replace(deck, slides=()))
    assert TitleSlide(id="a", title=Text.plain("a")).id == "a"

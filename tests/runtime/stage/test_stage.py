"""The stage on its own: lazy building, rubber band, reduce_motion, replays, drag ends."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from kiosk.core.deck import commands as c
from kiosk.runtime.stage.strip import DragEnd
from tests.runtime.input.kiosk_helpers import advance, make_kiosk, mouse_drag, settle, shown


def test_neighbours_are_built_after_landing_not_at_startup(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path)
    assert len(kiosk.stage.cached_views) == 1
    # The first slide landed at start: its neighbours are scheduled (PREBUILD_DELAY_MS
    # later, taken now instead of waiting 1.2 s of real time), one per event-loop turn.
    assert kiosk.stage.prebuild_now(), "the landing scheduled no build"
    qtbot.waitUntil(lambda: len(kiosk.stage.cached_views) == 3 and kiosk.stage.settled,
                    timeout=6000)
    ids = sorted(v.slide.id for v in kiosk.stage.cached_views)
    assert ids == ["s0", "s1", "s4"]
    kiosk.shutdown()


def test_rubber_band_at_the_ends_when_wrap_is_off(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path, wrap=False)
    stage, window = kiosk.stage, kiosk.window
    c0 = window.rect().center()
    QTestDrag = mouse_drag
    stage.begin_drag()
    stage.drag_to(400)  # towards a previous slide that does not exist
    assert 0 < stage.current_view.x() < 0.18 * window.width()
    stage.drag_to(4000)
    assert stage.current_view.x() < 0.18 * window.width()
    stage.cancel_drag()
    settle(qtbot, kiosk)
    assert stage.current_view.pos() == QPoint(0, 0)
    QTestDrag(qtbot, kiosk, c0 - QPoint(300, 0), c0 + QPoint(300, 0))
    settle(qtbot, kiosk)
    assert shown(kiosk) == [("s0", "start")] and stage.current_view.pos() == QPoint(0, 0)
    kiosk.shutdown()


def test_reduce_motion_turns_pushes_into_short_fades(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path, reduce_motion=True, transition_ms=2000)
    qtbot.mouseClick(kiosk.chrome.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.stage.fading
    assert kiosk.stage.fade_ms <= 250
    assert kiosk.stage.current_view.pos() == QPoint(0, 0)
    settle(qtbot, kiosk, timeout=1000)
    kiosk.shutdown()


def test_idle_reset_on_the_first_slide_replays_its_entrance(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path)
    view = kiosk.stage.current_view
    entered = view.entered
    kiosk.dispatch(c.user_input())
    advance(kiosk, 60)  # idle_timeout: the reset, before the next slide_duration
    settle(qtbot, kiosk)
    assert kiosk.stage.current_view is view and view.entered == entered + 1
    kiosk.shutdown()


def test_fade_interrupted_by_a_push_and_a_drag_interrupting_a_push(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path, transition="fade", transition_ms=400)
    qtbot.mouseClick(kiosk.chrome.next_button, Qt.MouseButton.LeftButton)
    kiosk.stage.begin_drag()  # a finger lands mid-fade
    assert not kiosk.stage.fading
    kiosk.stage.drag_to(-50)
    kiosk.stage.cancel_drag()
    settle(qtbot, kiosk)
    assert kiosk.stage.current_view.slide.id == "s1"
    assert kiosk.stage.current_view.pos() == QPoint(0, 0)
    kiosk.shutdown()


# The end of a drag is decided in one call, after the deck has acted on the gesture: every
# assertion straight after end_drag() runs before the event loop turns even once, so nothing
# here can lean on a timer firing later.


def test_a_swipe_ends_the_drag_in_a_push_to_the_slide_it_revealed(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path)
    stage, width = kiosk.stage, kiosk.window.width()
    first = stage.current_view
    stage.begin_drag()
    stage.drag_to(-300)
    revealed = [v for v in stage.cached_views if v.slide.id == "s1"][0]
    assert stage.strip.slot_of(revealed) == 1 and stage.offset == 300 / width
    kiosk.dispatch(c.next_slide("swipe"))  # what the app does for a swipe, then:
    assert stage.end_drag() is DragEnd.CHANGE
    assert not stage.strip.dragging and stage.strip.target == 1 and stage.busy
    assert stage.current_view is revealed
    settle(qtbot, kiosk)
    assert revealed.pos() == QPoint(0, 0) and revealed.isVisible() and not first.isVisible()
    assert revealed.entered == 1
    assert shown(kiosk) == [("s0", "start"), ("s1", "swipe")]
    kiosk.shutdown()


def test_a_short_drag_snaps_back_from_the_end_call_itself(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path)
    stage = kiosk.stage
    first = stage.current_view
    stage.begin_drag()
    stage.drag_to(-60)
    assert stage.end_drag() is DragEnd.SNAP_BACK
    assert not stage.strip.dragging and stage.strip.target == 0 and stage.busy
    assert stage.end_drag() is DragEnd.NONE  # a second end changes nothing
    settle(qtbot, kiosk)
    assert stage.current_view is first and first.pos() == QPoint(0, 0)
    assert shown(kiosk) == [("s0", "start")]
    kiosk.shutdown()


def test_a_swipe_the_deck_refuses_snaps_back(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path, wrap=False)
    stage = kiosk.stage
    stage.begin_drag()
    stage.drag_to(400)  # the previous slide, on the first slide without wrap
    kiosk.dispatch(c.prev_slide("swipe"))  # refused: there is nothing before the first
    assert stage.end_drag() is DragEnd.SNAP_BACK
    assert stage.strip.target == 0 and stage.busy
    settle(qtbot, kiosk)
    assert stage.current_view.pos() == QPoint(0, 0) and shown(kiosk) == [("s0", "start")]
    kiosk.shutdown()


def test_a_swipe_through_the_app_changes_slide_with_its_finishing_push(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path)
    stage = kiosk.stage
    stage.begin_drag()
    stage.drag_to(-300)
    kiosk.touch.swiped.emit(1)  # the recogniser's verdict as the finger lifts
    assert not stage.strip.dragging and stage.strip.target == 1 and stage.busy
    settle(qtbot, kiosk)
    assert stage.current_view.slide.id == "s1" and stage.current_view.pos() == QPoint(0, 0)
    kiosk.shutdown()


def test_a_jump_during_a_drag_takes_the_strip_from_the_finger(qtbot, tmp_path):
    # A key (or a dot) sends the deck elsewhere while a finger still drags: the newest input
    # wins, the finger no longer moves the strip, and its lifting does not pull it back.
    kiosk = make_kiosk(qtbot, tmp_path)
    stage = kiosk.stage
    stage.begin_drag()
    stage.drag_to(-100)
    kiosk.dispatch(c.goto(3, "key"))
    offset = stage.offset
    stage.drag_to(-400)
    assert stage.offset == offset and not stage.strip.dragging
    assert stage.end_drag() is DragEnd.CHANGE
    settle(qtbot, kiosk)
    assert stage.current_view.slide.id == "s3" and stage.current_view.pos() == QPoint(0, 0)
    assert [v.slide.id for v in stage.cached_views if v.isVisible()] == ["s3"]
    kiosk.shutdown()

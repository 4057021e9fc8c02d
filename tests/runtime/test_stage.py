"""The stage on its own: lazy building, rubber band, reduce_motion, replays."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from kiosk.core.deck import commands as c
from tests.runtime.input.kiosk_helpers import advance, make_kiosk, mouse_drag, settle, shown


def test_neighbours_are_built_after_landing_not_at_startup(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("kiosk.runtime.stage.PREBUILD_DELAY_MS", 30)
    kiosk = make_kiosk(qtbot, tmp_path)
    assert len(kiosk.stage.cached_views) == 1
    kiosk.stage._schedule_prebuild()
    qtbot.waitUntil(lambda: len(kiosk.stage.cached_views) == 3, timeout=2000)
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
    assert kiosk.stage._cover.isVisible()
    assert kiosk.stage._fade.duration() <= 250
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
    assert not kiosk.stage._cover.isVisible()
    kiosk.stage.drag_to(-50)
    kiosk.stage.cancel_drag()
    settle(qtbot, kiosk)
    assert kiosk.stage.current_view.slide.id == "s1"
    assert kiosk.stage.current_view.pos() == QPoint(0, 0)
    kiosk.shutdown()

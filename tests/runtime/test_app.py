"""The running kiosk end to end, offscreen: swipes, taps, dots, idle reset, lockdown, staff exit.

Time is a ManualClock moved by hand (no real minute-long waits); transitions are real
(120 ms) and awaited.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QCloseEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.core import strings
from kiosk.core.pin import PinStore
from tests.runtime.input.kiosk_helpers import (
    FakeView,
    advance,
    events,
    make_kiosk,
    mouse_drag,
    settle,
    shown,
    touch_drag,
)


@pytest.fixture
def kiosk(qtbot, tmp_path):
    app = make_kiosk(qtbot, tmp_path)
    yield app
    app.shutdown()


@pytest.fixture
def touchscreen():
    return QTest.createTouchDevice()


def centre(kiosk) -> QPoint:
    return kiosk.window.rect().center()


def test_starts_on_first_slide_and_logs(kiosk):
    log = events(kiosk)
    assert [e["event"] for e in log[:2]] == ["started", "slide_shown"]
    assert shown(kiosk) == [("s0", "start")]
    assert log[0]["time"].endswith("+00:00") or "+" in log[0]["time"] or "-" in log[0]["time"][19:]
    assert kiosk.current_slide_id() == "s0"


def test_only_the_first_view_is_built_before_the_first_paint(kiosk):
    assert len(kiosk.stage.cached_views) == 1


def test_auto_advance_and_progress_bar(qtbot, kiosk):
    assert kiosk.chrome.progress.isVisible()
    assert kiosk.chrome.hint.isVisible() and not kiosk.chrome.dots.isVisible()
    with qtbot.waitSignal(kiosk.slide_changed) as blocker:
        advance(kiosk, 10)
    assert blocker.args == ["s1"]
    settle(qtbot, kiosk)
    assert shown(kiosk)[-1] == ("s1", "auto")
    assert kiosk.stage.current_view.slide.id == "s1"
    assert kiosk.stage.current_view.pos() == QPoint(0, 0)


def test_mouse_swipe_moves_exactly_one_slide(qtbot, kiosk):
    c = centre(kiosk)
    mouse_drag(qtbot, kiosk, c + QPoint(200, 0), c - QPoint(200, 0))
    settle(qtbot, kiosk)
    assert shown(kiosk) == [("s0", "start"), ("s1", "swipe")]
    assert kiosk.state.mode == "interactive"
    assert kiosk.stage.current_view.slide.id == "s1"
    assert kiosk.stage.current_view.pos() == QPoint(0, 0)
    mouse_drag(qtbot, kiosk, c - QPoint(200, 0), c + QPoint(200, 0))
    settle(qtbot, kiosk)
    assert shown(kiosk)[-1] == ("s0", "swipe") and len(shown(kiosk)) == 3


def test_touch_swipe_moves_exactly_one_slide(qtbot, kiosk, touchscreen):
    c = centre(kiosk)
    touch_drag(kiosk, touchscreen, c + QPoint(200, 0), c - QPoint(200, 0))
    settle(qtbot, kiosk)
    assert shown(kiosk) == [("s0", "start"), ("s1", "swipe")]
    assert kiosk.stage.current_view.slide.id == "s1"


def test_the_slide_follows_the_finger_during_a_drag(qtbot, kiosk, touchscreen):
    window, c = kiosk.window, centre(kiosk)
    QTest.touchEvent(window, touchscreen).press(0, c, window).commit()
    QTest.touchEvent(window, touchscreen).move(0, c - QPoint(40, 0), window).commit()
    QTest.touchEvent(window, touchscreen).move(0, c - QPoint(100, 0), window).commit()
    current = kiosk.stage.current_view
    assert current.x() == -100
    neighbour = [v for v in kiosk.stage.cached_views if v.slide.id == "s1"][0]
    assert neighbour.isVisible() and neighbour.x() == window.width() - 100
    QTest.qWait(150)  # the finger rests before lifting: no flick
    QTest.touchEvent(window, touchscreen).release(0, c - QPoint(100, 0), window).commit()
    settle(qtbot, kiosk)
    assert current.pos() == QPoint(0, 0) and shown(kiosk) == [("s0", "start")]


def test_a_short_drag_snaps_back(qtbot, kiosk):
    c = centre(kiosk)
    mouse_drag(qtbot, kiosk, c, c - QPoint(60, 0), step_ms=60)
    settle(qtbot, kiosk)
    assert shown(kiosk) == [("s0", "start")]
    assert kiosk.stage.current_view.slide.id == "s0"
    assert kiosk.stage.current_view.pos() == QPoint(0, 0)


def test_a_second_finger_cancels_the_drag(qtbot, kiosk, touchscreen):
    window, c = kiosk.window, centre(kiosk)
    QTest.touchEvent(window, touchscreen).press(0, c, window).commit()
    QTest.touchEvent(window, touchscreen).move(0, c - QPoint(300, 0), window).commit()
    QTest.touchEvent(window, touchscreen).stationary(0).press(1, c + QPoint(50, 50),
                                                              window).commit()
    QTest.touchEvent(window, touchscreen).move(0, c - QPoint(350, 0), window) \
        .stationary(1).commit()
    QTest.touchEvent(window, touchscreen).release(0, c - QPoint(350, 0), window) \
        .release(1, c + QPoint(50, 50), window).commit()
    settle(qtbot, kiosk)
    assert shown(kiosk) == [("s0", "start")]
    assert kiosk.stage.current_view.pos() == QPoint(0, 0)


def test_mouse_events_made_up_from_touch_are_ignored(qtbot, kiosk):
    window, c = kiosk.window, centre(kiosk)
    target = window.childAt(c) or window
    for kind, pos in ((QEvent.Type.MouseButtonPress, c + QPoint(200, 0)),
                      (QEvent.Type.MouseMove, c), (QEvent.Type.MouseMove, c - QPoint(200, 0)),
                      (QEvent.Type.MouseButtonRelease, c - QPoint(200, 0))):
        event = QMouseEvent(kind, target.mapFrom(window, pos), pos, window.mapToGlobal(pos),
                            Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier,
                            Qt.MouseEventSource.MouseEventSynthesizedBySystem)
        QApplication.sendEvent(target, event)
    settle(qtbot, kiosk)
    assert shown(kiosk) == [("s0", "start")]


def test_buttons_and_tap_by_touch(qtbot, kiosk, touchscreen):
    window = kiosk.window
    button = kiosk.chrome.next_button
    point = button.mapTo(window, button.rect().center())
    QTest.touchEvent(window, touchscreen).press(0, point, window).commit()
    QTest.touchEvent(window, touchscreen).release(0, point, window).commit()
    settle(qtbot, kiosk)
    assert shown(kiosk)[-1] == ("s1", "tap")
    qtbot.mouseClick(kiosk.chrome.prev_button, Qt.MouseButton.LeftButton)
    settle(qtbot, kiosk)
    assert shown(kiosk)[-1] == ("s0", "tap")


def test_dot_tap_jumps(qtbot, kiosk):
    kiosk.state.user_input()  # dots show in interactive mode
    dots = kiosk.chrome.dots
    assert dots.isVisible()
    qtbot.mouseClick(dots, Qt.MouseButton.LeftButton, pos=dots.cell_rect(3).center().toPoint())
    settle(qtbot, kiosk)
    assert shown(kiosk)[-1] == ("s3", "jump")
    assert dots.current == 3 and kiosk.stage.current_view.slide.id == "s3"


def test_language_toggle_is_labelled_by_name_and_logged(qtbot, kiosk):
    button = kiosk.chrome.language_button
    assert button.text() == "中文"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.state.language == "zh" and button.text() == "English"
    assert kiosk.stage.current_view.language == "zh"
    assert [e["language"] for e in events(kiosk) if e["event"] == "language_changed"] == ["zh"]


def test_keys(qtbot, kiosk):
    window = kiosk.window
    QTest.keyClick(window, Qt.Key.Key_Right)
    settle(qtbot, kiosk)
    QTest.keyClick(window, Qt.Key.Key_End)
    settle(qtbot, kiosk)
    assert shown(kiosk)[-2:] == [("s1", "key"), ("s4", "key")]
    QTest.keyClick(window, Qt.Key.Key_Home)
    QTest.keyClick(window, Qt.Key.Key_Left)
    settle(qtbot, kiosk)
    assert kiosk.current_slide_id() == "s4"
    QTest.keyClick(window, Qt.Key.Key_Space)
    assert kiosk.state.paused
    QTest.keyClick(window, Qt.Key.Key_L)
    assert kiosk.state.language == "zh"


def test_newest_command_wins_during_a_transition(qtbot, kiosk):
    kiosk.stage.deck = kiosk.state.deck
    for _ in range(3):
        qtbot.mouseClick(kiosk.chrome.next_button, Qt.MouseButton.LeftButton)
        assert kiosk.stage.busy  # each click lands while a push runs
    settle(qtbot, kiosk)
    assert kiosk.current_slide_id() == "s3"
    assert kiosk.stage.current_view.slide.id == "s3"
    assert kiosk.stage.current_view.pos() == QPoint(0, 0)
    visible = [v for v in kiosk.stage.cached_views if v.isVisible()]
    assert visible == [kiosk.stage.current_view]
    # Reverse in the middle of a push: it goes back smoothly to where it came from.
    qtbot.mouseClick(kiosk.chrome.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.stage.busy
    qtbot.mouseClick(kiosk.chrome.prev_button, Qt.MouseButton.LeftButton)
    settle(qtbot, kiosk)
    assert kiosk.stage.current_view.slide.id == "s3"


def test_entering_slides_enter_on_every_pass(qtbot, kiosk):
    first = kiosk.stage.current_view
    assert first.entered == 1
    for _ in range(5):
        advance(kiosk, 10)
        settle(qtbot, kiosk)
    assert kiosk.current_slide_id() == "s0"
    assert kiosk.stage.current_view.entered >= 2


def test_fade_transition_and_reduce_motion(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path, transition="fade")
    qtbot.mouseClick(kiosk.chrome.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.stage.fading
    settle(qtbot, kiosk)
    assert not kiosk.stage.fading
    assert kiosk.stage.current_view.slide.id == "s1"
    kiosk.shutdown()


def test_idle_countdown_then_back_to_the_loop(qtbot, kiosk):
    c = centre(kiosk)
    mouse_drag(qtbot, kiosk, c + QPoint(200, 0), c - QPoint(200, 0))
    settle(qtbot, kiosk)
    qtbot.mouseClick(kiosk.chrome.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.state.language == "zh"
    advance(kiosk, 50)  # idle_timeout 60, idle_warning 10: the last 10 s count down
    countdown = kiosk.chrome.countdown
    assert countdown.isVisible() and countdown.seconds == 10
    assert "Back to start in 10 s — touch to stay" in countdown.text()
    assert "10 秒后回到开始" in countdown.text()
    advance(kiosk, 10)
    settle(qtbot, kiosk)
    assert not countdown.isVisible()
    assert kiosk.current_slide_id() == "s0" and kiosk.state.language == "en"
    assert kiosk.state.mode == "attract" and kiosk.state.auto_advancing
    assert kiosk.chrome.hint.isVisible()
    log = events(kiosk)
    names = [e["event"] for e in log]
    assert "idle_reset" in names
    assert shown(kiosk)[-1] == ("s0", "idle_reset")
    assert kiosk.stage.current_view.language == "en"


def test_touching_during_the_countdown_stays(qtbot, kiosk):
    qtbot.mouseClick(kiosk.chrome.next_button, Qt.MouseButton.LeftButton)
    settle(qtbot, kiosk)
    advance(kiosk, 55)
    assert kiosk.chrome.countdown.seconds == 5
    # A tap on the "next" button under the overlay: it dismisses, and does nothing else.
    qtbot.mouseClick(kiosk.window, Qt.MouseButton.LeftButton,
                     pos=kiosk.chrome.next_button.geometry().center())
    assert not kiosk.chrome.countdown.isVisible()
    advance(kiosk, 30)
    assert kiosk.current_slide_id() == "s1" and kiosk.state.mode == "interactive"
    assert "idle_reset" not in [e["event"] for e in events(kiosk)]


@pytest.mark.parametrize("key, modifiers", [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
])
def test_exit_keys_do_nothing(qtbot, kiosk, key, modifiers):
    QTest.keyClick(kiosk.window, key, modifiers)
    QApplication.processEvents()  # anything the key set off (a posted close) is handled
    assert kiosk.window.isVisible() and kiosk.exit_code is None


def test_close_requests_and_right_click_are_refused(qtbot, kiosk):
    assert kiosk.window.close() is False
    event = QCloseEvent()
    QApplication.sendEvent(kiosk.window, event)
    assert not event.isAccepted() and kiosk.window.isVisible()
    qtbot.mouseClick(kiosk.chrome.next_button, Qt.MouseButton.RightButton)
    assert shown(kiosk) == [("s0", "start")]
    assert kiosk.window.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def _open_pad(qtbot, kiosk):
    window = kiosk.window
    QTest.mousePress(window, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    kiosk.staff.hold_ms = 50  # the 3-second hold, fast
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    QTest.mousePress(window, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: kiosk.chrome.pinpad.isVisible(), timeout=2000)
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def _type_pin(qtbot, kiosk, pin: str) -> None:
    pad = kiosk.chrome.pinpad
    for label in list(pin) + ["OK"]:
        key = pad.keys[label]
        qtbot.mouseClick(key, Qt.MouseButton.LeftButton)


def test_corner_hold_opens_the_pad_and_a_short_press_does_not(qtbot, kiosk):
    window = kiosk.window
    QTest.mousePress(window, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    QTest.qWait(100)
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not kiosk.chrome.pinpad.isVisible()
    _open_pad(qtbot, kiosk)
    assert kiosk.chrome.pinpad.isVisible()
    assert kiosk.touch.recognizer.swipes_enabled is False


def test_no_pin_set_offers_a_confirmed_exit_not_the_keypad(qtbot, kiosk):
    _open_pad(qtbot, kiosk)
    pad = kiosk.chrome.pinpad
    assert pad.page == "no_pin" and pad.message == strings.STAFF_ONLY.joined()
    _type_pin(qtbot, kiosk, "1234")  # the keys are not on screen: typing does nothing
    assert kiosk.exit_code is None and kiosk.window.isVisible()


@pytest.mark.expect_errors  # the forced exit requests below are logged as refused
def test_the_locked_session_without_a_pin_cannot_be_left(qtbot, tmp_path):
    """install-session's session: no desktop to go back to, so no first-run exit — whatever a
    visitor taps, the pad only asks them to call staff and tells IT how to set a PIN."""
    kiosk = make_kiosk(qtbot, tmp_path, locked_session=True)
    try:
        _open_pad(qtbot, kiosk)
        pad = kiosk.chrome.pinpad
        assert pad.page == "no_pin" and not pad.exit_offered
        assert pad.message == strings.CALL_STAFF.joined("\n")
        notice = pad.notice
        assert strings.NO_PIN_LOCKED.en in notice and strings.NO_PIN_LOCKED.zh in notice
        assert "star-kiosk set-pin" in notice and strings.EXIT_TO_DESKTOP.en not in notice
        for button in (pad.exit_button, pad.confirm_button):  # hidden, and refused if reached
            button.click()
        pad.exit_without_pin.emit()
        _type_pin(qtbot, kiosk, "1234")
        QApplication.processEvents()
        assert kiosk.exit_code is None and kiosk.window.isVisible()
        assert not any(e["event"] == "staff_exit" for e in events(kiosk))
    finally:
        kiosk.shutdown()


def test_a_corrupt_settings_file_says_so_and_opens_nothing(qtbot, kiosk):
    (kiosk.data_folder / "settings.ini").write_text("[staff\npin_hash = ???\n")
    _open_pad(qtbot, kiosk)
    pad = kiosk.chrome.pinpad
    assert pad.message == strings.SETTINGS_UNUSABLE.joined("\n")
    assert pad.page != "no_pin"  # a broken file never opens the first-run exit
    _type_pin(qtbot, kiosk, "1234")
    assert pad.message == strings.SETTINGS_UNUSABLE.joined("\n")
    assert kiosk.exit_code is None and not kiosk.staff_controls.panel.isVisible()


def test_right_pin_opens_the_staff_panel_and_wrong_one_does_not(qtbot, kiosk):
    PinStore(kiosk.data_folder).set_pin("2468")
    _open_pad(qtbot, kiosk)
    _type_pin(qtbot, kiosk, "1111")
    assert kiosk.exit_code is None and (
        kiosk.chrome.pinpad.message == strings.wrong_pin(4).joined("\n"))  # en and zh
    assert not kiosk.staff_controls.panel.isVisible()
    with qtbot.waitSignal(kiosk.staff_controls.opened):
        _type_pin(qtbot, kiosk, "2468")
    assert kiosk.exit_code is None and kiosk.staff_controls.panel.isVisible()
    assert not kiosk.chrome.pinpad.isVisible()
    with qtbot.waitSignal(kiosk.exited) as blocker:
        qtbot.mouseClick(kiosk.staff_controls.panel.buttons["exit"], Qt.MouseButton.LeftButton)
    assert blocker.args == [0] and kiosk.exit_code == 0
    assert [e["event"] for e in events(kiosk)[-2:]] == ["staff_action", "staff_exit"]
    assert not kiosk.window.isVisible()


@pytest.mark.slow
def test_five_wrong_pins_lock_the_pad_for_a_minute(qtbot, kiosk):
    PinStore(kiosk.data_folder).set_pin("2468")
    _open_pad(qtbot, kiosk)
    for _ in range(5):
        _type_pin(qtbot, kiosk, "0000")
    assert "locked for 60 s" in kiosk.chrome.pinpad.message
    _type_pin(qtbot, kiosk, "2468")
    assert kiosk.exit_code is None and "locked" in kiosk.chrome.pinpad.message
    # Every refused PIN is an event staff can see — never the digits.
    refused = [e for e in events(kiosk) if e["event"] == "staff_action"]
    assert [(e["action"], e["outcome"]) for e in refused] == \
        [("pin", "wrong")] * 4 + [("pin", "lockout"), ("pin", "while_locked")]
    assert [e["tries_left"] for e in refused[:4]] == [4, 3, 2, 1]
    assert refused[4]["locked_for"] == 60 and 0 < refused[5]["locked_for"] <= 60
    assert not any(digits in str(e) for e in refused for digits in ("0000", "2468"))
    kiosk.clock.advance(61)
    _type_pin(qtbot, kiosk, "2468")
    assert kiosk.staff_controls.panel.isVisible() and kiosk.exit_code is None


def test_pin_by_keyboard(qtbot, kiosk):
    PinStore(kiosk.data_folder).set_pin("2468")
    _open_pad(qtbot, kiosk)
    QTest.keyClicks(kiosk.window, "2468")
    assert kiosk.chrome.pinpad.digits == "2468"
    QTest.keyClick(kiosk.window, Qt.Key.Key_Escape)
    assert not kiosk.chrome.pinpad.isVisible() and kiosk.exit_code is None


def test_replace_deck_at_the_next_boundary(qtbot, kiosk):
    from tests.core.deck.helpers import make_deck

    new = make_deck(ids=["s0", "new", "s1"], transition_ms=120)
    kiosk.replace_deck(new)
    assert kiosk.state.deck is not new
    qtbot.mouseClick(kiosk.chrome.next_button, Qt.MouseButton.LeftButton)
    settle(qtbot, kiosk)
    assert kiosk.current_slide_id() == "new" and kiosk.state.deck is new
    assert kiosk.stage.current_view.slide.id == "new"


def test_suspended_stops_the_timers(qtbot, kiosk):
    kiosk.set_suspended(True)
    advance(kiosk, 500)
    assert kiosk.current_slide_id() == "s0" and not kiosk.chrome.progress.isVisible()
    kiosk.set_suspended(False)
    advance(kiosk, 10)
    assert kiosk.current_slide_id() == "s1"


@pytest.mark.slow
def test_views_are_built_once_then_every_pass_reuses_them(qtbot, kiosk):
    slides = len(kiosk.stage.deck.slides)
    before = FakeView.built
    for _ in range(3 * slides):  # three passes through the loop
        advance(kiosk, 10)
        settle(qtbot, kiosk)
    assert FakeView.built - before <= slides
    assert len(kiosk.stage.cached_views) == slides


def test_dots_count_only_the_slides_showing_and_proof_of_play_records_it(qtbot, tmp_path):
    from dataclasses import replace
    from datetime import datetime

    from kiosk.core.content.model import Show
    from tests.core.deck.helpers import make_deck

    deck = make_deck(5, transition_ms=120, slide_duration=10, idle_timeout=60, idle_warning=10)
    weekend = Show(weekdays=("saturday", "sunday"))
    deck = replace(deck, slides=tuple(replace(s, show=weekend) if s.id in ("s1", "s3") else s
                                      for s in deck.slides))
    now = [datetime(2026, 7, 20, 12, 0)]  # a Monday
    kiosk = make_kiosk(qtbot, tmp_path, deck=deck, wall=lambda: now[0])
    try:
        kiosk.state.user_input()
        dots = kiosk.chrome.dots
        assert dots.slides == (0, 2, 4)
        qtbot.mouseClick(dots, Qt.MouseButton.LeftButton, pos=dots.cell_rect(1).center().toPoint())
        settle(qtbot, kiosk)
        assert shown(kiosk)[-1] == ("s2", "jump")
        qtbot.mouseClick(kiosk.chrome.next_button, Qt.MouseButton.LeftButton)
        settle(qtbot, kiosk)
        assert shown(kiosk)[-1] == ("s4", "tap")  # s3 is a weekend slide
        now[0] = datetime(2026, 7, 25, 12, 0)  # Saturday: the weekend slides join
        kiosk.tick()
        assert dots.slides == (0, 1, 2, 3, 4)
        qtbot.mouseClick(kiosk.chrome.prev_button, Qt.MouseButton.LeftButton)
        settle(qtbot, kiosk)
        assert shown(kiosk)[-1] == ("s3", "tap")
        last = [e for e in events(kiosk) if e["event"] == "slide_shown"][-1]
        assert last["showing"] == 5 and last["show"] == "Sat Sun"
        first = [e for e in events(kiosk) if e["event"] == "slide_shown"][0]
        assert first["showing"] == 3 and "show" not in first
    finally:
        kiosk.shutdown()

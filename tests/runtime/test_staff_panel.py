"""Staff access end to end, offscreen: the first-run exit without a PIN, the PIN pad's look,
and the staff panel behind the PIN — each action does what it says and is logged, and the
panel closes itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from kiosk.core.config import RunConfig
from kiosk.core.content.loader import load_deck
from kiosk.core.deck.clock import ManualClock
from kiosk.core.pin import PinStore
from kiosk.runtime.app import KioskApp
from kiosk.runtime.operations import attach_operations
from tests.runtime.input.kiosk_helpers import (
    _release,
    advance,
    events,
    fake_factory,
    make_kiosk,
    settle,
    shown,
)
from tests.runtime.test_reload import DECK  # the same two-slide test deck

PIN = "2468"



@pytest.fixture
def kiosk(qtbot, tmp_path):
    return make_kiosk(qtbot, tmp_path)


def staff_events(kiosk: KioskApp) -> list[dict]:
    return [e for e in events(kiosk) if e["event"] in ("staff_action", "staff_exit")]


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def corner_hold(qtbot, kiosk: KioskApp) -> None:
    """The 3-second press in the top-left corner (shortened), through real mouse events."""
    kiosk.staff.hold_ms = 50
    window = kiosk.window
    QTest.mousePress(window, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(kiosk.chrome.pinpad.isVisible, timeout=2000)
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def unlock(qtbot, kiosk: KioskApp) -> None:
    PinStore(kiosk.data_folder).set_pin(PIN)
    corner_hold(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.staff_controls.opened):
        for label in [*PIN, "OK"]:
            click(qtbot, kiosk.chrome.pinpad.keys[label])


# ---------------------------------------------------------------------- first run, no PIN


def test_first_run_without_a_pin_gets_out_after_a_confirmation(qtbot, kiosk):
    corner_hold(qtbot, kiosk)
    pad = kiosk.chrome.pinpad
    assert pad.page == "no_pin" and "Staff only" in pad.message and "仅限" in pad.message
    click(qtbot, pad.exit_button)
    assert pad.page == "confirm" and kiosk.exit_code is None  # one tap is not enough
    assert "Leave the kiosk now?" in pad.message
    # "Exit" is not where "Exit to the desktop" was: a double tap cannot confirm by accident.
    exit_rect = pad.exit_button.geometry().translated(pad.exit_button.parentWidget().pos())
    confirm_rect = pad.confirm_button.geometry().translated(
        pad.confirm_button.parentWidget().pos())
    assert not exit_rect.contains(confirm_rect.center())
    with qtbot.waitSignal(kiosk.exited) as blocker:
        click(qtbot, pad.confirm_button)
    assert blocker.args == [0] and kiosk.exit_code == 0 and not kiosk.window.isVisible()
    assert staff_events(kiosk)[-2:] == [
        {**staff_events(kiosk)[-2], "event": "staff_action", "action": "exit", "pin": False},
        {**staff_events(kiosk)[-1], "event": "staff_exit", "pin": False}]


def test_first_run_exit_can_be_backed_out_of(qtbot, kiosk):
    corner_hold(qtbot, kiosk)
    pad = kiosk.chrome.pinpad
    click(qtbot, pad.exit_button)
    click(qtbot, pad.back_button)
    assert pad.page == "no_pin" and pad.isVisible()
    click(qtbot, pad.no_pin_cancel)
    assert not pad.isVisible() and kiosk.exit_code is None
    assert staff_events(kiosk) == []


# ---------------------------------------------------------------------- the PIN pad's look


def test_keys_do_not_move_when_the_message_changes(qtbot, kiosk):
    PinStore(kiosk.data_folder).set_pin(PIN)
    corner_hold(qtbot, kiosk)
    pad = kiosk.chrome.pinpad

    def places() -> dict[str, QPoint]:
        return {label: key.mapTo(kiosk.window, QPoint(0, 0)) for label, key in pad.keys.items()}

    before = places()
    for _ in range(5):  # wrong PINs: a two-line message, then the longer lockout message
        for label in ["1", "1", "1", "1", "OK"]:
            click(qtbot, pad.keys[label])
        assert places() == before
    assert "locked for 60 s" in pad.message and "60 秒后再试" in pad.message


def test_the_card_behind_the_keys_is_opaque(qtbot, kiosk):
    corner_hold(qtbot, kiosk)
    pad = kiosk.chrome.pinpad
    image = kiosk.window.grab().toImage()
    card = pad.card.geometry()
    surface = kiosk.look.color("surface").rgb()
    margin = pad.card.layout().contentsMargins().left()
    # In the card's margin, beside and below the contents (clear of the rounded corners).
    samples = [QPoint(card.left() + margin // 2, card.center().y()),
               QPoint(card.right() - margin // 2, card.center().y()),
               QPoint(card.center().x(), card.bottom() - margin // 2)]
    # The slide behind paints a strong colour; none of it shows through the card.
    assert [QColor(image.pixel(p)).rgb() for p in samples] == [surface] * 3
    outside = QColor(image.pixel(QPoint(card.left() // 2, kiosk.window.height() // 2)))
    assert outside.rgb() != surface


# ---------------------------------------------------------------------- the staff panel


def test_right_pin_opens_the_panel_and_it_is_logged(qtbot, kiosk):
    unlock(qtbot, kiosk)
    panel = kiosk.staff_controls.panel
    assert panel.isVisible() and not kiosk.chrome.pinpad.isVisible()
    assert staff_events(kiosk)[-1]["action"] == "unlock"
    status = panel.status_text()
    assert str(kiosk.data_folder) in status.replace("\u200b", "")
    assert "0 restart(s)" in status and "none · 无" in status
    grid = panel.slides
    assert 0 in grid.tiles and grid.tiles[0].text() == "1. Slide s0"  # the title, not the id
    seen = set(grid.tiles)
    while grid.turn and len(seen) < kiosk.state.count:  # a small window pages the tiles
        click(qtbot, grid.turn[1])
        seen |= set(grid.tiles)
    assert seen == set(range(kiosk.state.count))
    assert kiosk.touch.recognizer.swipes_enabled is False  # no swiping the slide behind


def test_pause_and_resume(qtbot, kiosk):
    unlock(qtbot, kiosk)
    panel = kiosk.staff_controls.panel
    click(qtbot, panel.buttons["pause"])
    assert kiosk.state.paused and panel.buttons["pause"].text().startswith("Resume")
    assert staff_events(kiosk)[-1]["action"] == "pause"
    # Paused: the loop stays on its slide however long nobody touches it.
    click(qtbot, panel.buttons["close"])
    advance(kiosk, 60)
    assert [slide for slide, _ in shown(kiosk)] == ["s0"]
    unlock(qtbot, kiosk)
    click(qtbot, panel.buttons["pause"])
    assert not kiosk.state.paused and panel.buttons["pause"].text().startswith("Pause")
    assert staff_events(kiosk)[-1]["action"] == "resume"


def test_jump_to_a_slide(qtbot, kiosk):
    unlock(qtbot, kiosk)
    panel = kiosk.staff_controls.panel
    grid = panel.slides
    while 3 not in grid.tiles:
        click(qtbot, grid.turn[1])
    with qtbot.waitSignal(kiosk.slide_changed) as blocker:
        click(qtbot, grid.tiles[3])
    settle(qtbot, kiosk)
    # Logged as staff's, so the report does not count it as a visitor's jump.
    assert blocker.args == ["s3"] and shown(kiosk)[-1] == ("s3", "staff")
    assert not panel.isVisible()  # closed, so staff see the slide
    actions = staff_events(kiosk)
    assert {k: actions[-2][k] for k in ("action", "slide", "index")} == {
        "action": "jump", "slide": "s3", "index": 3}
    assert {k: actions[-1][k] for k in ("action", "reason")} == {
        "action": "close", "reason": "jump"}


def test_close_button_and_escape_close_it_and_log_it(qtbot, kiosk):
    unlock(qtbot, kiosk)
    click(qtbot, kiosk.staff_controls.panel.buttons["close"])
    assert not kiosk.staff_controls.panel.isVisible()
    assert staff_events(kiosk)[-1]["reason"] == "button"
    assert kiosk.touch.recognizer.swipes_enabled is True
    unlock(qtbot, kiosk)
    QTest.keyClick(kiosk.window, Qt.Key.Key_Escape)
    assert not kiosk.staff_controls.panel.isVisible() and kiosk.exit_code is None


def test_panel_closes_itself_when_untouched(qtbot, kiosk):
    kiosk.staff_controls.set_idle_close_ms(80)
    unlock(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.staff_controls.closed, timeout=3000) as blocker:
        pass
    assert blocker.args == ["timeout"] and not kiosk.staff_controls.panel.isVisible()
    assert staff_events(kiosk)[-1] == {**staff_events(kiosk)[-1], "action": "close",
                                       "reason": "timeout"}


def test_idle_reset_closes_the_panel(qtbot, kiosk):
    unlock(qtbot, kiosk)
    advance(kiosk, 60 + 1)  # idle_timeout (its last 10 s count down): back to the attract loop
    assert not kiosk.staff_controls.panel.isVisible()
    assert staff_events(kiosk)[-1]["reason"] == "idle_reset"


def test_exit_from_the_panel(qtbot, kiosk):
    unlock(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.exited):
        click(qtbot, kiosk.staff_controls.panel.buttons["exit"])
    assert kiosk.exit_code == 0
    assert [(e["event"], e.get("action")) for e in staff_events(kiosk)[-2:]] == [
        ("staff_action", "exit"), ("staff_exit", None)]


def test_reload_before_operations_are_attached_says_so(qtbot, kiosk):
    unlock(qtbot, kiosk)
    click(qtbot, kiosk.staff_controls.panel.buttons["reload"])
    assert "not ready" in kiosk.staff_controls.panel.feedback
    assert staff_events(kiosk)[-1]["outcome"] == "unavailable"


@pytest.fixture
def content_kiosk(qtbot, tmp_path: Path) -> tuple[KioskApp, Path]:
    """A kiosk on a real content folder with its operations attached."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK.format(title="Hello"), encoding="utf-8")
    config = RunConfig(content=folder, data_dir=tmp_path / "data", supervised=False)
    kiosk = KioskApp(load_deck(folder).deck, config, clock=ManualClock(),
                     view_factory=fake_factory)
    qtbot.addWidget(kiosk.window, before_close_func=lambda window: _release(kiosk))
    kiosk.start()
    kiosk.operations = attach_operations(kiosk, config)
    return kiosk, folder


def reload_and_wait(qtbot, kiosk) -> dict:
    """Press "reload now": the check runs in the background, the panel says so at once,
    and the outcome follows (a new staff_action event)."""
    before = len(staff_events(kiosk))
    click(qtbot, kiosk.staff_controls.panel.buttons["reload"])
    qtbot.waitUntil(lambda: len(staff_events(kiosk)) > before, timeout=10000)
    return staff_events(kiosk)[-1]


def test_reload_now_refuses_bad_content_and_takes_good_content(qtbot, content_kiosk):
    kiosk, folder = content_kiosk
    unlock(qtbot, kiosk)
    panel = kiosk.staff_controls.panel
    assert reload_and_wait(qtbot, kiosk)["outcome"] == "unchanged"
    assert "unchanged" in panel.feedback

    (folder / "deck.yaml").write_text(DECK.format(title="Hello").replace("type: quote",
                                                                         "type: qoute"))
    action = reload_and_wait(qtbot, kiosk)
    assert action["outcome"] == "rejected" and action["problems"]
    assert "/deck.yaml:7:11: unknown slide type" in action["problems"][0]  # file:line:col
    assert "Refused" in panel.feedback
    status = panel.status_text()
    assert "still refused" in status and "\ndeck.yaml:7:11: unknown" in status  # file:line

    (folder / "deck.yaml").write_text(DECK.format(title="Changed"), encoding="utf-8")
    assert reload_and_wait(qtbot, kiosk)["outcome"] == "reloaded"
    assert "Reloaded: 2 slides" in panel.feedback
    assert "fixed since" in panel.status_text()
    assert kiosk.state.pending_deck is not None or \
        kiosk.state.deck.slides[0].title.get("en") == "Changed"


def test_reload_now_checks_in_the_background(qtbot, content_kiosk, monkeypatch):
    """A check that takes long (big pictures) never holds the screen: the panel says
    "Checking…" at once, and the outcome comes when the worker is done. The check is held
    until the test lets it go: a click that waited for it would find it never finished."""
    import threading

    import kiosk.runtime.reload as reload_module

    kiosk, folder = content_kiosk
    real_load = reload_module.load_deck
    release, finished = threading.Event(), threading.Event()

    def held_load(path, **options):
        release.wait(30)
        try:
            return real_load(path, **options)
        finally:
            finished.set()

    monkeypatch.setattr(reload_module, "load_deck", held_load)
    unlock(qtbot, kiosk)
    before = len(staff_events(kiosk))
    click(qtbot, kiosk.staff_controls.panel.buttons["reload"])
    assert not finished.is_set()  # the click returned while the check was still held
    assert "Checking" in kiosk.staff_controls.panel.feedback
    assert len(staff_events(kiosk)) == before  # no outcome before the check ends
    release.set()
    qtbot.waitUntil(lambda: len(staff_events(kiosk)) > before, timeout=30000)
    assert staff_events(kiosk)[-1]["outcome"] == "unchanged"


def test_a_panel_gone_with_its_window_is_left_alone(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path)
    kiosk.staff_controls.set_idle_close_ms(50)
    unlock(qtbot, kiosk)
    controls = kiosk.staff_controls
    _release(kiosk)
    kiosk.window.close()
    kiosk.window.deleteLater()  # the window goes, and the panel with it
    qtbot.waitUntil(lambda: not controls.is_open, timeout=2000)
    controls.close("timeout")  # what a late timer would do: nothing, and no error
    controls.touched()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720)])
def test_panel_controls_are_finger_sized_inside_the_card_and_apart(qtbot, size):
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtWidgets import QWidget

    from kiosk.core.content.model import Theme
    from kiosk.runtime.theme import Look
    from kiosk.runtime.widgets.staff_panel import StaffPanel

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(*size)
    touch = 64  # the smallest finger target at 1080 pixels (kiosk.runtime.widgets.buttons)
    panel = StaffPanel(window, Look(Theme(), QSize(*size)), touch)
    panel.set_status([("Content · 内容", "/srv/kiosk/content\nloaded 09:00 · 18 slides"),
                      ("Last rejection · 最近被拒", "none · 无")])
    panel.set_slides([f"slide-{n}" for n in range(18)], 0)
    window.show()
    panel.open()
    if size[1] >= 1080:
        qtbot.waitUntil(lambda: len(panel.slides.tiles) == 18)  # all on one page
    else:
        # A short screen: all on one page, or pages with previous/next tiles.
        qtbot.waitUntil(lambda: len(panel.slides.tiles) == 18 or bool(panel.slides.turn))

    def place(widget) -> QRect:
        return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())

    card = place(panel.card)
    controls = [*panel.buttons.values(), *panel.slides.tiles.values(),
                *panel.slides.turn.values()]
    for control in controls:
        assert place(control).height() >= touch and place(control).width() >= touch
        assert card.contains(place(control)), control.text()
    rects = [place(control) for control in controls]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720)])
def test_the_pin_pad_card_fits_the_screen(qtbot, size):
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtWidgets import QWidget

    from kiosk.core.content.model import Theme
    from kiosk.runtime.theme import Look
    from kiosk.runtime.widgets.buttons import touch_target
    from kiosk.runtime.widgets.pinpad import PinPad

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(*size)
    look = Look(Theme(), QSize(*size))
    touch = touch_target(None, QSize(*size))
    pad = PinPad(window, round(touch * 1.4), look.font("title", bold=True),
                 look.font("caption", display=False), look.color("text"),
                 look.color("surface"), look.color("background"),
                 card=look.color("surface"), accent=look.color("accent"))
    window.show()
    pad.open("Wrong PIN")
    card = QRect(pad.card.mapTo(window, pad.card.rect().topLeft()), pad.card.size())
    assert window.rect().contains(card), (card, size)
    assert min(key.height() for key in pad.keys.values()) >= touch * 0.9


@pytest.mark.slow
def test_a_visitor_is_answered_while_an_edit_is_checked(qtbot, content_kiosk, monkeypatch):
    """Hot reload never blocks the screen: while a saved edit takes seconds to check (big
    pictures), a tap on "next" is answered at once, and the edit swaps in afterwards."""
    import time

    from PySide6.QtCore import QTimer

    import kiosk.runtime.reload as reload_module

    kiosk, folder = content_kiosk
    watcher = kiosk.operations.watcher
    qtbot.waitUntil(lambda: not watcher.busy, timeout=10000)  # the start-up look is done
    real_load = reload_module.load_deck

    def slow_load(path, **options):
        end = time.perf_counter() + 3.0
        while time.perf_counter() < end:  # holds the interpreter, as a picture check does
            sum(range(1000))
        return real_load(path, **options)

    monkeypatch.setattr(reload_module, "load_deck", slow_load)
    (folder / "deck.yaml").write_text(DECK.format(title="Edited"), encoding="utf-8")
    qtbot.waitUntil(lambda: watcher.busy, timeout=10000)
    before = kiosk.current_slide_id()
    answered = []
    kiosk.slide_changed.connect(lambda slide: answered.append(watcher.busy))
    QTimer.singleShot(0, lambda: click(qtbot, kiosk.chrome.next_button))
    qtbot.waitUntil(lambda: bool(answered), timeout=2000)
    assert answered[0] is True, "the tap waited for the check"
    assert kiosk.current_slide_id() != before
    qtbot.waitUntil(lambda: watcher.current.slides[0].title.get("en") == "Edited",
                    timeout=15000)


@pytest.mark.slow
def test_the_panel_reads_at_a_glance(qtbot, kiosk):
    """Tiles name slides by title, close (not exit) is the ringed default and exit comes
    last, the uptime moves on while the panel is open, and the content line names the deck."""
    from datetime import datetime, timedelta

    from kiosk.runtime.widgets.staff_panel import ACTIONS

    clock = [datetime.now().astimezone()]
    kiosk.staff_controls._now = lambda: clock[0]
    unlock(qtbot, kiosk)
    panel = kiosk.staff_controls.panel
    assert [panel.slides.tiles[i].text() for i in range(2)] == ["1. Slide s0", "2. Slide s1"]
    assert ACTIONS[0] == "close" and ACTIONS[-1] == "exit"
    assert panel.buttons["close"].outline is not None
    assert panel.buttons["exit"].outline is None
    content = panel.status_text().replace("\u200b", "").splitlines()
    assert content[:2] == ["Content · 内容", "Test deck"] and "bundled with STAR Kiosk" in content
    running = [line for line in panel.status_text().splitlines() if "restart(s)" in line]
    assert running and running[0].startswith(("0 s", "1 s", "2 s"))
    clock[0] += timedelta(minutes=2)
    qtbot.waitUntil(lambda: "2 min · 0 restart(s)" in panel.status_text(), timeout=3000)


def test_the_panel_saves_a_screenshot_of_the_slide_without_itself(qtbot, content_kiosk):
    from PySide6.QtGui import QImage

    kiosk, _folder = content_kiosk
    unlock(qtbot, kiosk)
    panel = kiosk.staff_controls.panel
    assert "version sha256:" in panel.status_text()  # the content line names its version
    click(qtbot, panel.buttons["screenshot"])
    qtbot.waitUntil(lambda: "Screenshot saved" in panel.feedback, timeout=10_000)
    (picture,) = sorted(kiosk.data_folder.glob("screenshot-*.png"))
    assert picture.name in panel.feedback and panel.isVisible()
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (kiosk.window.width(), kiosk.window.height())
    # The slide behind the panel, not the panel's card (hidden only while it was drawn).
    centre = QColor(image.pixel(image.width() // 2, image.height() // 2))
    assert centre.name() == "#aa3333"
    assert [e["by"] for e in events(kiosk) if e["event"] == "screenshot"] == ["staff"]

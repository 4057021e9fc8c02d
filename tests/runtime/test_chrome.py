"""The chrome over the slides: the staff pause indicator shows while the deck is held, and
the attract hint never doubles a slide's own invitation to touch."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest

from kiosk.core.deck import commands as c
from kiosk.runtime.widgets.pause import TEXT
from tests.core.deck.helpers import make_deck
from tests.runtime.input.kiosk_helpers import advance, make_kiosk, settle, shown


def test_space_pauses_with_a_visible_indicator_and_space_again_hides_it(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path)
    pause = kiosk.chrome.pause
    assert not pause.isVisible()
    QTest.keyClick(kiosk.window, Qt.Key.Key_Space)
    qtbot.waitUntil(pause.isVisible, timeout=2000)
    assert kiosk.state.paused
    advance(kiosk, 30)  # held: no auto-advance while the indicator shows
    assert shown(kiosk) == [("s0", "start")] and pause.isVisible()
    QTest.keyClick(kiosk.window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not pause.isVisible(), timeout=2000)
    assert not kiosk.state.paused
    kiosk.shutdown()


def test_a_pause_command_shows_it_and_a_resume_hides_it(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path)
    pause = kiosk.chrome.pause
    kiosk.dispatch(c.pause_toggle("tap"))
    qtbot.waitUntil(pause.isVisible, timeout=2000)
    kiosk.dispatch(c.pause_toggle("tap"))
    qtbot.waitUntil(lambda: not pause.isVisible(), timeout=2000)
    kiosk.shutdown()


def test_the_indicator_is_small_bilingual_and_sits_beside_the_language_toggle(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path, languages=("en", "zh"))
    chrome, window = kiosk.chrome, kiosk.window
    kiosk.dispatch(c.pause_toggle("tap"))
    qtbot.waitUntil(chrome.pause.isVisible, timeout=2000)
    pill, toggle = chrome.pause.geometry(), chrome.language_button.geometry()
    assert "Paused" in TEXT and "已暂停" in TEXT
    assert chrome.pause.accessibleName() == TEXT
    assert window.rect().contains(pill)
    assert not pill.intersects(toggle) and pill.right() < toggle.left()
    # On the toggle's row, no taller than it: it stays in the band above the slides' content.
    assert pill.height() < toggle.height()
    assert toggle.top() <= pill.top() and pill.bottom() <= toggle.bottom()
    # Touches go through it to the slide.
    assert chrome.pause.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    # Switching the language re-lays the chrome: the pill moves with the toggle's new width.
    QTest.keyClick(window, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: kiosk.state.language == "zh", timeout=2000)
    assert chrome.pause.geometry().right() < chrome.language_button.geometry().left()
    kiosk.shutdown()


def test_with_one_language_it_takes_the_toggles_corner(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path, languages=("en",))
    chrome, window = kiosk.chrome, kiosk.window
    assert chrome.language_button.isHidden()
    kiosk.dispatch(c.pause_toggle("tap"))
    qtbot.waitUntil(chrome.pause.isVisible, timeout=2000)
    pill = chrome.pause.geometry()
    assert window.rect().contains(pill)
    assert window.width() - pill.right() < window.width() * 0.05  # at the right margin
    assert pill.intersected(QRect(0, 0, window.width(), window.height() // 8)) == pill
    kiosk.shutdown()


def test_the_hint_stays_hidden_while_the_slide_shows_its_own_invitation(qtbot, tmp_path):
    # s0 is an opening with its own "Touch to explore" pill; s1 and s2 have none.
    deck = make_deck(3, slide_duration=10, transition_ms=120, idle_timeout=60, idle_warning=10)
    deck = replace(deck, slides=(replace(deck.slides[0], cue=True), *deck.slides[1:]))
    kiosk = make_kiosk(qtbot, tmp_path, deck=deck)
    hint = kiosk.chrome.hint
    assert kiosk.state.mode == "attract" and kiosk.current_slide_id() == "s0"
    assert not hint.isVisible()  # one invitation on screen, the slide's
    advance(kiosk, 10)
    settle(qtbot, kiosk)
    assert kiosk.current_slide_id() == "s1" and hint.isVisible()
    advance(kiosk, 10)
    settle(qtbot, kiosk)
    assert kiosk.current_slide_id() == "s2" and hint.isVisible()
    advance(kiosk, 10)  # the loop wraps round to the opening: the hint steps aside again
    settle(qtbot, kiosk)
    assert kiosk.current_slide_id() == "s0" and not hint.isVisible()
    # Interactive mode shows the dots, never the hint, whichever slide is on screen.
    kiosk.dispatch(c.next_slide("tap"))
    settle(qtbot, kiosk)
    assert kiosk.state.mode == "interactive" and not hint.isVisible()
    assert kiosk.chrome.dots.isVisible()
    kiosk.shutdown()

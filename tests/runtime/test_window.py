"""The window (full screen, windowed, cursor, lockdown) and the chrome's sizes on many screens."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosk.core.deck.clock import ManualClock
from kiosk.runtime.chrome import Chrome
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.buttons import touch_target
from kiosk.runtime.window import WINDOWED_SIZE, KioskWindow, pick_screen
from tests.core.deck.helpers import make_deck
from tests.runtime.input.kiosk_helpers import make_kiosk


def test_kiosk_window_covers_its_screen_frameless(qtbot):
    screen = QGuiApplication.primaryScreen()
    window = KioskWindow(screen, kiosk_mode=True)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    assert window.geometry() == screen.geometry()
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.testAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    assert window.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert not window.cursor_visible
    assert not window.close() and window.isVisible()
    window.allow_close()
    assert window.close()


def test_windowed_is_a_normal_closable_window(qtbot):
    window = KioskWindow(QGuiApplication.primaryScreen(), kiosk_mode=False)
    qtbot.addWidget(window)
    window.present()
    assert window.size() == WINDOWED_SIZE
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.cursor_visible
    assert window.close()


def test_pick_screen_falls_back_to_the_primary():
    assert pick_screen(0) is QGuiApplication.primaryScreen()
    assert pick_screen(42) is QGuiApplication.primaryScreen()


def test_cursor_shows_on_mouse_motion_then_hides(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("kiosk.runtime.window.CURSOR_SHOW_MS", 80)
    kiosk = make_kiosk(qtbot, tmp_path)
    window = kiosk.window
    assert not window.cursor_visible
    QTest.mouseMove(window, QPoint(300, 300))
    window.notice_mouse_motion()  # offscreen QTest moves may not reach the QWindow
    assert window.cursor_visible
    qtbot.waitUntil(lambda: not window.cursor_visible, timeout=1000)
    kiosk.shutdown()


def test_windowed_kiosk_closes_with_ctrl_q(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path, windowed=True)
    # The preview is the kiosk's own screen: the deck's first `screens` entry.
    assert kiosk.window.size() == QSize(1920, 1080)
    QTest.keyClick(kiosk.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not kiosk.window.isVisible()
    kiosk.shutdown()


def test_touch_target_rules():
    assert touch_target(None, QSize(1920, 1080)) == 64
    assert touch_target(None, QSize(3840, 2160)) == 128
    assert touch_target(None, QSize(1080, 1920)) == 64
    assert touch_target(None, QSize(1280, 720)) == round(15 / 25.4 * 96)  # 15 mm wins


@pytest.mark.parametrize("size", [QSize(1280, 720), QSize(1920, 1080), QSize(3840, 2160),
                                  QSize(1080, 1920)])
def test_chrome_fits_every_screen(qtbot, size):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(size)
    deck = make_deck(18)
    look = Look(deck.settings.theme, size)
    chrome = Chrome(parent, look, None, ManualClock(), deck)
    chrome.set_mode("interactive")
    chrome.set_language("en")
    area = parent.rect()
    floor = 64 * min(size.width(), size.height()) / 1080
    for widget in (chrome.prev_button, chrome.next_button, chrome.language_button):
        assert area.contains(widget.geometry()), widget
        assert min(widget.width(), widget.height()) >= floor - 1
    assert area.contains(chrome.dots.geometry())
    assert chrome.dots.cell >= floor - 1
    assert not chrome.dots.geometry().intersects(chrome.prev_button.geometry())
    assert not chrome.dots.geometry().intersects(chrome.next_button.geometry())
    assert chrome.progress.height() <= max(3, size.height() * 0.01)
    assert chrome.language_button.text() == "中文"
    assert area.contains(chrome.hint.geometry())


def test_a_minimised_kiosk_window_comes_back(qtbot, caplog):
    """A desktop shortcut minimising the kiosk is noticed, logged and undone (under a real
    window manager: test_faults_e2e)."""
    caplog.set_level(logging.INFO)
    window = KioskWindow(QGuiApplication.primaryScreen(), kiosk_mode=True)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    window.showMinimized()
    qtbot.waitUntil(lambda: window.escapes == 1, timeout=2000)
    qtbot.waitUntil(lambda: not window.isMinimized() and window.isFullScreen(), timeout=3000)
    # Offscreen, minimising unmaps the window: it is seen as hidden.
    assert ("was minimised" in caplog.text or "was hidden" in caplog.text)
    assert "is back" in caplog.text
    window.allow_close()
    window.showMinimized()  # staff are leaving: nothing is brought back
    qtbot.wait(400)
    assert window.escapes == 1
    window.close()


def test_a_curators_window_may_be_minimised(qtbot):
    window = KioskWindow(QGuiApplication.primaryScreen(), kiosk_mode=False)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    window.showMinimized()
    qtbot.wait(400)
    assert window.escapes == 0


def test_a_window_fight_does_not_fill_the_log(qtbot, caplog):
    """Hidden again and again (another window fighting for the screen): it comes back every
    time, but warns at most once a minute."""
    window = KioskWindow(QGuiApplication.primaryScreen(), kiosk_mode=True)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    for round_ in range(1, 4):
        window.showMinimized()
        qtbot.waitUntil(lambda expected=round_: window.escapes == expected, timeout=2000)
        qtbot.waitUntil(lambda: not window.isMinimized() and window.isVisible(), timeout=3000)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING
                and "bringing it back" in r.getMessage()]
    assert len(warnings) == 1
    window.allow_close()
    window.close()

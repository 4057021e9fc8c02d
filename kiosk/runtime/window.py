"""The kiosk's top-level window: full screen and frameless on the chosen screen, locked down.

On a bare X session with no window manager (common on kiosk PCs, and how Xvfb runs) a
full-screen request alone leaves a small window, because nobody acts on it: so the window is
first sized to the screen's geometry, then asked to be full screen. Visitors cannot close it:
close requests are refused unless staff unlocked the exit. The mouse cursor is hidden unless a
real mouse moves. ``--windowed`` gives curators a normal 1280×720 window instead.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

WINDOWED_SIZE = QSize(1280, 720)
CURSOR_SHOW_MS = 3000
"""After a mouse motion the cursor stays visible this long."""


def pick_screen(number: int) -> QScreen:
    """Screen ``number`` (0: the primary); the primary with a warning when there is no such one."""
    screens = QGuiApplication.screens()
    primary = QGuiApplication.primaryScreen()
    if number == 0 or not screens:
        return primary
    if 0 <= number < len(screens):
        # Screen 0 means "the primary" wherever Qt lists it; the others in Qt's order.
        others = [s for s in screens if s is not primary]
        return others[number - 1] if number - 1 < len(others) else screens[number]
    log.warning("there is no screen %d (found %d); using the primary screen", number,
                len(screens))
    return primary


class KioskWindow(QWidget):
    """The window every visible part of the kiosk lives in."""

    def __init__(self, screen: QScreen, *, kiosk_mode: bool = True) -> None:
        flags = Qt.WindowType.Window
        if kiosk_mode:
            flags |= Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        super().__init__(None, flags)
        self.kiosk_mode = kiosk_mode
        """Locked full screen (True) or a curator's normal window (False)."""
        self.target_screen = screen
        self._close_allowed = not kiosk_mode
        self.setWindowTitle("STAR Kiosk")
        self.setObjectName("StarKioskWindow")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._cursor_timer = QTimer(self)
        self._cursor_timer.setSingleShot(True)
        self._cursor_timer.timeout.connect(self._hide_cursor)
        if kiosk_mode:
            self._hide_cursor()
        self.place()

    def place(self) -> None:
        """Cover the target screen (kiosk) or sit centred on it at 1280×720 (windowed)."""
        geometry = self.target_screen.geometry()
        self.setScreen(self.target_screen)
        if self.kiosk_mode:
            self.setGeometry(geometry)
        else:
            size = WINDOWED_SIZE
            self.setGeometry(geometry.x() + max(0, (geometry.width() - size.width()) // 2),
                             geometry.y() + max(0, (geometry.height() - size.height()) // 2),
                             size.width(), size.height())
            self.setFixedSize(size)  # views are laid out for one size; curators see that size

    def present(self) -> None:
        """Show the window: full screen in kiosk mode (after sizing it ourselves)."""
        if self.kiosk_mode:
            self.place()
            self.showFullScreen()
            self.raise_()
            self.activateWindow()
        else:
            self.show()

    # ------------------------------------------------------------------ lockdown

    def allow_close(self) -> None:
        """Staff unlocked the exit: the next close request is obeyed."""
        self._close_allowed = True

    @property
    def close_allowed(self) -> bool:
        return self._close_allowed

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._close_allowed:
            event.accept()
            return
        log.info("close request refused (kiosk mode)")
        event.ignore()

    # ------------------------------------------------------------------ cursor

    def notice_mouse_motion(self) -> None:
        """A real mouse moved: show the cursor for a few seconds."""
        if not self.kiosk_mode:
            return
        if self.cursor().shape() == Qt.CursorShape.BlankCursor:
            self.setCursor(Qt.CursorShape.ArrowCursor)
        self._cursor_timer.start(CURSOR_SHOW_MS)

    @property
    def cursor_visible(self) -> bool:
        return self.cursor().shape() != Qt.CursorShape.BlankCursor

    def _hide_cursor(self) -> None:
        self.setCursor(Qt.CursorShape.BlankCursor)

    def paintEvent(self, event) -> None:
        # The stage covers the whole window; nothing to paint here.
        pass

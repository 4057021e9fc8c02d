"""The kiosk's top-level window: full screen and frameless on the chosen screen, locked down.

On a bare X session with no window manager (common on kiosk PCs, and how Xvfb runs) a
full-screen request alone leaves a small window, because nobody acts on it: so the window is
first sized to the screen's geometry, then asked to be full screen. Visitors cannot close it:
close requests are refused unless staff unlocked the exit. The mouse cursor is hidden unless a
real mouse moves. ``--windowed`` gives curators a normal window instead, showing the kiosk's
own screen (see :mod:`kiosk.runtime.preview`).

Under an ordinary window manager a visitor's key chord (Super+D "show desktop", a desktop
switch) can hide or minimise the kiosk, or hand the focus to something else. In kiosk mode
the window notices each of these (hidden, minimised, not active, or unmapped without a word,
which a steady once-a-second check catches), logs it once per escape and brings itself back —
mapped again, full screen, raised, active — a moment later (:data:`REASSERT_MS`). On X11
it also grabs the keyboard while it is up, so the window manager's shortcuts never see the
keys in the first place.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QHideEvent, QPaintEvent, QScreen
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

WINDOWED_SIZE = QSize(1280, 720)
"""A curator's window when no kiosk screen is given (harnesses)."""
CURSOR_SHOW_MS = 3000
"""After a mouse motion the cursor stays visible this long."""
REASSERT_MS = 250
"""After the kiosk was hidden, minimised or lost the focus, it comes back this much later
(a moment, so a window manager's own animation or focus dance has settled)."""
REASSERT_VERIFY_MS = 1000
REASSERT_TRIES = 5
"""After bringing the window back, check this long later that it took, this many times."""
WATCH_MS = 1000
"""In kiosk mode the window also checks this often that it is really on screen: a window
manager's "show desktop" can unmap it without any event Qt turns into a hide or a
deactivation the kiosk would see."""
ESCAPE_LOG_INTERVAL = 60.0
"""At most one warning a minute about the window being hidden (the rest at debug level)."""


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

    def __init__(self, screen: QScreen, *, kiosk_mode: bool = True,
                 preview: QSize | None = None) -> None:
        flags = Qt.WindowType.Window
        if kiosk_mode:
            flags |= Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        super().__init__(None, flags)
        self.kiosk_mode = kiosk_mode
        """Locked full screen (True) or a curator's normal window (False)."""
        self.preview_size = preview or WINDOWED_SIZE
        """A curator's window: the kiosk screen it shows, in logical pixels."""
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
        self._reassert = QTimer(self)
        self._reassert.setSingleShot(True)
        self._reassert.setInterval(REASSERT_MS)
        self._reassert.timeout.connect(self.reassert)
        self._escape: str | None = None
        self._tries = 0
        self._verify = QTimer(self)
        self._verify.setSingleShot(True)
        self._verify.setInterval(REASSERT_VERIFY_MS)
        self._verify.timeout.connect(self._check_reasserted)
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self._check_on_screen)
        self._last_warning = -ESCAPE_LOG_INTERVAL
        self._escape_quiet = False
        self._presented = False
        self.escapes = 0
        """How many times the window was hidden, minimised or lost the focus (and came
        back): for the log and tests."""
        self.place()

    def place(self) -> None:
        """Cover the target screen (kiosk) or sit centred on it at the kiosk screen's size
        (windowed; drawn smaller when the desktop is smaller, see :mod:`preview`)."""
        geometry = self.target_screen.geometry()
        self.setScreen(self.target_screen)
        if self.kiosk_mode:
            self.setGeometry(geometry)
        else:
            size = self.preview_size
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
            self._presented = True
            QTimer.singleShot(0, self, self._grab_keyboard)
            self._watch.start()
        else:
            self.show()

    # ------------------------------------------------------------------ escapes

    def _escaped(self, how: str) -> None:
        """The window was hidden, minimised or lost the focus: bring it back soon."""
        if not (self.kiosk_mode and self._presented) or self._close_allowed:
            return
        if self._escape is None:
            self._escape = how
            self.escapes += 1
            # Another window fighting for the screen must not fill the log: one warning a
            # minute at most, the rest at debug level.
            now = time.monotonic()
            quiet = now - self._last_warning < ESCAPE_LOG_INTERVAL
            if not quiet:
                self._last_warning = now
            self._escape_quiet = quiet
            log.log(logging.DEBUG if quiet else logging.WARNING,
                    "the kiosk window was %s (a desktop shortcut or another window?); "
                    "bringing it back", how)
        self._reassert.start()

    def reassert(self) -> None:
        """Full screen, on top, active and holding the keyboard again."""
        if not (self.kiosk_mode and self._presented) or self._close_allowed:
            return
        if self.isMinimized() or not self.isVisible() or not self.isFullScreen():
            self.setWindowState(Qt.WindowState.WindowFullScreen)
            self.place()
            self.showFullScreen()
        elif not self._exposed():
            # Unmapped behind Qt's back ("show desktop"): only a new map brings it back.
            self.hide()
            self.place()
            self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self._grab_keyboard()
        if self._escape is not None:
            log.log(logging.DEBUG if self._escape_quiet else logging.INFO,
                    "the kiosk window is back (it was %s)", self._escape)
            self._escape = None
            self._tries = 0
        # A window manager may refuse or delay the request (focus-stealing prevention, a
        # busy machine): look again in a moment, a few times, until it took.
        if self._tries < REASSERT_TRIES:
            self._tries += 1
            self._verify.start()

    def _exposed(self) -> bool:
        """Whether the window system shows the window (mapped, not wholly hidden)."""
        handle = self.windowHandle()
        return handle is not None and handle.isExposed()

    def _off_screen(self) -> str | None:
        """How the window is not where a visitor sees it, or None when it is."""
        if self.isMinimized():
            return "minimised"
        if not self.isVisible() or not self._exposed():
            return "hidden"
        if not self.isActiveWindow() and QGuiApplication.applicationState() \
                != Qt.ApplicationState.ApplicationActive:
            return "no longer the active window"
        return None

    def _check_reasserted(self) -> None:
        if self._off_screen() is not None:
            self.reassert()
        else:
            self._tries = 0

    def _check_on_screen(self) -> None:
        """The steady watch: an escape no event announced is caught within a second."""
        if self._reassert.isActive() or self._verify.isActive():
            return
        how = self._off_screen()
        if how is not None:
            self._escaped(how)

    def _grab_keyboard(self) -> None:
        # Only on X11: there it keeps the window manager's shortcuts (Super+D, desktop
        # switches) from ever seeing the keys. Wayland compositors do not allow it.
        if QGuiApplication.platformName() == "xcb" and self.isVisible() \
                and not self._close_allowed:
            self.grabKeyboard()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        kind = event.type()
        if kind == QEvent.Type.WindowStateChange and self.isMinimized():
            self._escaped("minimised")
        elif kind == QEvent.Type.ActivationChange and not self.isActiveWindow() \
                and self.isVisible() and QGuiApplication.applicationState() \
                != Qt.ApplicationState.ApplicationActive:
            self._escaped("no longer the active window")

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if event.spontaneous():  # the window system hid it, not the kiosk itself
            self._escaped("hidden")

    # ------------------------------------------------------------------ lockdown

    def allow_close(self) -> None:
        """Staff unlocked the exit: the next close request is obeyed."""
        self._close_allowed = True
        self._reassert.stop()
        self._verify.stop()
        self._watch.stop()
        self.releaseKeyboard()

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

    def paintEvent(self, event: QPaintEvent) -> None:
        # The stage covers the whole window; nothing to paint here.
        pass

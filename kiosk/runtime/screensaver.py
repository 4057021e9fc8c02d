"""Ask the desktop not to blank the screen while the kiosk runs.

Uses ``org.freedesktop.ScreenSaver.Inhibit`` on the D-Bus session bus through PySide6.QtDBus.
Where there is no QtDBus, no session bus or no screensaver service, this silently does nothing:
many kiosk machines run a bare X session with blanking already off.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # QtDBus may be missing where the kiosk runs: imported when used
    from PySide6.QtDBus import QDBusInterface

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"


class ScreenSaverInhibitor:
    """Holds a screensaver inhibition from :meth:`inhibit` until :meth:`release`."""

    def __init__(self, app_name: str = "STAR Kiosk",
                 reason: str = "Exhibition kiosk is showing") -> None:
        self.app_name = app_name
        self.reason = reason
        self.cookie: int | None = None
        self._interface: QDBusInterface | None = None

    def inhibit(self) -> bool:
        """Ask for no blanking; True when a screensaver service accepted."""
        if self.cookie is not None:
            return True
        try:
            from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage
        except ImportError:
            log.debug("QtDBus not available: screensaver left alone")
            return False
        try:
            bus = QDBusConnection.sessionBus()
            if not bus.isConnected():
                log.debug("no D-Bus session bus: screensaver left alone")
                return False
            interface = QDBusInterface(SERVICE, PATH, INTERFACE, bus)
            if not interface.isValid():
                log.debug("no %s service: screensaver left alone", SERVICE)
                return False
            reply = interface.call("Inhibit", self.app_name, self.reason)
            if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
                log.info("screensaver inhibit refused: %s", reply.errorMessage())
                return False
            self.cookie = int(reply.arguments()[0])
            self._interface = interface
            log.info("screensaver inhibited (cookie %s)", self.cookie)
            return True
        except Exception:  # a desktop quirk must never stop the kiosk
            log.warning("screensaver inhibit failed", exc_info=True)
            return False

    def release(self) -> None:
        """Give the inhibition back (also happens when the process ends)."""
        if self.cookie is None or self._interface is None:
            return
        try:
            self._interface.call("UnInhibit", self.cookie)
        except Exception:
            log.debug("screensaver uninhibit failed", exc_info=True)
        self.cookie = None
        self._interface = None

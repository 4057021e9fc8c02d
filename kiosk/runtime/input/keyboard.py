"""Keys for staff (arrows, Page Up/Down, Home/End, Space, L) and the lockdown of all others.

In kiosk mode every key press in the window is taken here: Esc, Alt+F4 (without a window
manager it is just a key), Ctrl+Q, Ctrl+W and friends do nothing. With ``--windowed``,
Ctrl+Q and Ctrl+W close the curator's window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.deck import commands as c
from kiosk.core.deck.commands import Command
from kiosk.runtime.input.router import event_router

log = logging.getLogger(__name__)

Key = Qt.Key

KEY_COMMANDS: dict[int, Callable[[], Command]] = {
    Key.Key_Right: lambda: c.next_slide("key"),
    Key.Key_PageDown: lambda: c.next_slide("key"),
    Key.Key_Left: lambda: c.prev_slide("key"),
    Key.Key_PageUp: lambda: c.prev_slide("key"),
    Key.Key_Home: lambda: c.first("key"),
    Key.Key_End: lambda: c.last("key"),
    Key.Key_Space: lambda: c.pause_toggle("key"),
    Key.Key_L: lambda: c.toggle_language("key"),
}
"""Key → command, for staff at a keyboard."""

NO_REPEAT = frozenset({Key.Key_Space, Key.Key_L})
"""Toggles that a held key must not flip back and forth."""


def command_for(key: int, modifiers: Qt.KeyboardModifier, auto_repeat: bool) -> Command | None:
    """The command for a key press, or None (also for any key with Ctrl/Alt/Meta held)."""
    if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                    | Qt.KeyboardModifier.MetaModifier):
        return None
    if auto_repeat and key in NO_REPEAT:
        return None
    factory = KEY_COMMANDS.get(key)
    return factory() if factory else None


class KeyboardInput(QObject):
    """Takes every key press of one window (through the application's event router)."""

    command = Signal(object)
    """A :class:`~kiosk.core.deck.commands.Command` from a staff key."""
    pin_key = Signal(str)
    """While the PIN pad is open: a digit, ``Del``, ``OK`` or ``cancel``."""

    def __init__(self, window: QWidget, *, kiosk_mode: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.kiosk_mode = kiosk_mode
        self.pin_mode = False
        """True while the PIN pad is open: keys go to it."""
        event_router().add((QEvent.Type.KeyPress, QEvent.Type.KeyRelease), self.eventFilter, self)

    def detach(self) -> None:
        event_router().remove(self.eventFilter)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if not (isinstance(obj, QWidget) and obj.window() is self.window):
            return False
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            try:
                self._press(event)
            except Exception:
                log.exception("key handling failed")
        return True

    def _press(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        if not self.kiosk_mode and modifiers & Qt.KeyboardModifier.ControlModifier \
                and key in (Key.Key_Q, Key.Key_W):
            self.window.close()
            return
        if self.pin_mode:
            text = event.text()
            if len(text) == 1 and "0" <= text <= "9":
                self.pin_key.emit(text)
            elif key == Key.Key_Backspace:
                self.pin_key.emit("Del")
            elif key in (Key.Key_Return, Key.Key_Enter):
                self.pin_key.emit("OK")
            elif key == Key.Key_Escape:
                self.pin_key.emit("cancel")
            return
        command = command_for(key, modifiers, event.isAutoRepeat())
        if command is not None:
            self.command.emit(command)
        elif key in (Key.Key_Escape, Key.Key_F4, Key.Key_Q, Key.Key_W):
            log.debug("locked-down key ignored: %s", event.keyCombination())

"""The application's one event filter: each input event reaches whoever handles its type."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.runtime.input.router import EventRouter, event_router


def key_press(widget: QWidget) -> None:
    """Send a key press to ``widget``."""
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    QApplication.sendEvent(widget, event)


def test_one_router_per_application(qapp) -> None:
    assert event_router() is event_router()
    assert len(qapp.findChildren(EventRouter)) == 1


def test_the_first_handler_that_takes_an_event_stops_it(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    seen: list[str] = []
    first, second = QObject(), QObject()
    event_router().add([QEvent.Type.KeyPress], lambda o, e: seen.append("first") or True, first)
    event_router().add([QEvent.Type.KeyPress], lambda o, e: seen.append("second") or False,
                       second)
    key_press(widget)
    assert seen == ["first"]
    first.deleteLater()
    second.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_destroyed_listener_is_forgotten_and_a_removed_one_too(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    seen: list[str] = []
    owner = QObject()

    def gone(watched, event) -> bool:
        seen.append("gone")
        return False

    def kept(watched, event) -> bool:
        seen.append("kept")
        return False

    keeper = QObject()
    event_router().add([QEvent.Type.KeyPress], gone, owner)
    event_router().add([QEvent.Type.KeyPress], kept, keeper)
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    key_press(widget)
    assert seen == ["kept"]
    event_router().remove(kept)
    key_press(widget)
    assert seen == ["kept"]

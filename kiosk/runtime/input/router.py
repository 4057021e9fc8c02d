"""The application's one event filter, handing each input event to whoever handles its type.

An application-wide filter sees every event of every object — each paint, timer and update
request of every animation frame, not only input — and in Python each call costs a few
microseconds. With one filter per listener (keys, touch) that was 6 % of the attract loop's
CPU; one router makes it one call per event, and a dictionary look-up decides the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

Handler = Callable[[QObject, QEvent], bool]
"""Like ``eventFilter``: True when the event was taken (it goes no further)."""


class EventRouter(QObject):
    """Installed once on the application; listeners :meth:`add` the event types they handle."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._routes: dict[QEvent.Type, list[Handler]] = {}
        app.installEventFilter(self)

    def add(self, kinds: Iterable[QEvent.Type], handler: Handler, owner: QObject) -> None:
        """Call ``handler`` for every event of these types, in the order handlers were added,
        until :meth:`remove` or until ``owner`` is destroyed (as Qt forgets a destroyed
        object's event filter)."""
        for kind in kinds:
            self._routes.setdefault(kind, []).append(handler)
        owner.destroyed.connect(lambda: self.remove(handler))

    def remove(self, handler: Handler) -> None:
        """Stop calling ``handler``."""
        for kind, handlers in list(self._routes.items()):
            kept = [h for h in handlers if h != handler]
            if kept:
                self._routes[kind] = kept
            else:
                del self._routes[kind]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        handlers = self._routes.get(event.type())
        if handlers is None:
            return False
        return any(handler(watched, event) for handler in handlers)


def event_router() -> EventRouter:
    """The application's router (made and installed on first use)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    router = app.findChild(EventRouter)
    if router is None:
        router = EventRouter(app)
    return router

"""Touch and mouse → one action per gesture: swipe left/right (the slide follows the finger),
tap (delivered as a click to what is under it), everything else ignored.

:class:`GestureRecognizer` is pure logic (points and times in, callbacks out), tested without
Qt. :class:`TouchInput` is the thin Qt part: an application event filter that feeds it real
``QTouchEvent``s (at the window, before any widget sees them) and real mouse events, ignores
mouse events synthesized from touch (so nothing is handled twice), and turns taps into clicks
on the widget under the finger. A second finger or a palm cancels a drag (it snaps back); a
long press, a pinch or a vertical drag does nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QEventPoint, QInputDevice, QInputEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.runtime.input.router import event_router

log = logging.getLogger(__name__)

MOUSE_ID = -1
"""The contact id the mouse's left button uses."""


@dataclass(frozen=True)
class GestureConfig:
    """Thresholds, in pixels and seconds, scaled to the screen by :meth:`for_size`."""

    width: float
    slop: float
    """A contact moving less than this is still a tap."""
    commit_fraction: float = 0.25
    """A drag longer than this fraction of the width changes the slide on release."""
    flick_speed: float = 600.0
    """A release faster than this (px/s) in the drag's direction changes the slide too."""
    long_press_s: float = 0.7
    """A press held longer than this is not a tap (and does nothing)."""
    palm_size: float = 120.0
    """A contact wider than this (px) is a palm or a sleeve: the gesture is ignored."""
    velocity_window_s: float = 0.1

    @classmethod
    def for_size(cls, width: int, height: int) -> GestureConfig:
        """Thresholds for a ``width``×``height`` screen."""
        short = max(1, min(width, height))
        return cls(
            width=float(width),
            slop=max(8.0, short * 0.015),
            flick_speed=max(300.0, width * 0.35),
            palm_size=short * 0.09,
        )


class Phase(Enum):
    IDLE = "idle"
    PENDING = "pending"
    """One contact down, not yet moved past the slop: could become a tap or a drag."""
    DRAGGING = "dragging"
    IGNORING = "ignoring"
    """Multi-finger, palm, vertical, aborted: nothing until every contact is up."""


class GestureListener:
    """What a recogniser reports; override what you need (the defaults do nothing)."""

    def gesture_contact(self) -> None:
        """A gesture began (first contact down): someone is here."""

    def gesture_drag_started(self) -> None: ...

    def gesture_dragged(self, dx: float) -> None:
        """The finger is ``dx`` px right of where it went down."""

    def gesture_swiped(self, direction: int) -> None:
        """Released as a swipe: +1 next (finger moved left), -1 previous."""

    def gesture_snapped_back(self) -> None:
        """Released too short and too slow: back to the slide."""

    def gesture_cancelled(self) -> None:
        """A second finger or a palm interrupted a drag."""

    def gesture_tapped(self, x: float, y: float) -> None:
        """A short press without movement at (x, y)."""


class GestureRecognizer:
    """Turns contact down/move/up streams into one action per gesture. No Qt."""

    def __init__(self, config: GestureConfig, listener: GestureListener) -> None:
        self.config = config
        self.listener = listener
        self.swipes_enabled = True
        """False: horizontal drags do nothing (a PIN pad is open); taps still work."""
        self.phase = Phase.IDLE
        self._contacts: set[int] = set()
        self._primary: int | None = None
        self._start = (0.0, 0.0)
        self._start_time = 0.0
        self._samples: list[tuple[float, float]] = []
        self._dx = 0.0

    @property
    def primary(self) -> int | None:
        """The contact a pending or dragging gesture follows."""
        return self._primary

    # ------------------------------------------------------------------ input

    def down(self, contact: int, x: float, y: float, t: float, size: float = 0.0) -> None:
        """Contact ``contact`` touched at (x, y) at time ``t`` (seconds); ``size`` its width."""
        self._contacts.add(contact)
        if self.phase is Phase.IDLE and len(self._contacts) == 1:
            if size > self.config.palm_size:
                self.phase = Phase.IGNORING
                return
            self.phase = Phase.PENDING
            self._primary = contact
            self._start = (x, y)
            self._start_time = t
            self._samples = [(t, x)]
            self._dx = 0.0
            self.listener.gesture_contact()  # may abort() this gesture
            return
        self._interrupt()

    def move(self, contact: int, x: float, y: float, t: float, size: float = 0.0) -> None:
        """Contact ``contact`` moved to (x, y)."""
        if contact != self._primary or self.phase not in (Phase.PENDING, Phase.DRAGGING):
            return
        if size > self.config.palm_size:
            self._interrupt()
            return
        dx, dy = x - self._start[0], y - self._start[1]
        self._samples.append((t, x))
        cutoff = t - self.config.velocity_window_s * 2
        while len(self._samples) > 2 and self._samples[0][0] < cutoff:
            self._samples.pop(0)
        if self.phase is Phase.PENDING:
            if max(abs(dx), abs(dy)) <= self.config.slop:
                return
            if abs(dx) < abs(dy) or not self.swipes_enabled:
                self.phase = Phase.IGNORING  # vertical (or swipes off): not ours
                return
            self.phase = Phase.DRAGGING
            self.listener.gesture_drag_started()
        self._dx = dx
        self.listener.gesture_dragged(dx)

    def up(self, contact: int, x: float, y: float, t: float) -> None:
        """Contact ``contact`` lifted at (x, y)."""
        self._contacts.discard(contact)
        if contact == self._primary:
            if self.phase is Phase.PENDING:
                self.phase = Phase.IDLE if not self._contacts else Phase.IGNORING
                if t - self._start_time <= self.config.long_press_s:
                    self.listener.gesture_tapped(*self._start)
            elif self.phase is Phase.DRAGGING:
                self._samples.append((t, x))
                self._dx = x - self._start[0]
                self.phase = Phase.IDLE if not self._contacts else Phase.IGNORING
                self._release()
            self._primary = None
        if not self._contacts and self.phase is Phase.IGNORING:
            self.phase = Phase.IDLE

    def cancel(self) -> None:
        """The system took the touches away (TouchCancel): snap back, forget everything."""
        if self.phase is Phase.DRAGGING:
            self.listener.gesture_cancelled()
        self._contacts.clear()
        self._primary = None
        self.phase = Phase.IDLE

    def abort(self) -> None:
        """Ignore the rest of the current gesture (e.g. the touch that dismissed a countdown)."""
        if self.phase is Phase.DRAGGING:
            self.listener.gesture_cancelled()
        if self._contacts:
            self.phase = Phase.IGNORING
        else:
            self.phase = Phase.IDLE

    # ------------------------------------------------------------------ decisions

    def velocity(self) -> float:
        """Horizontal speed over the last moments of the drag, px/s."""
        if len(self._samples) < 2:
            return 0.0
        t_end, x_end = self._samples[-1]
        window = self.config.velocity_window_s
        t0, x0 = self._samples[0]
        for t, x in self._samples:
            if t >= t_end - window:
                t0, x0 = t, x
                break
        if t_end - t0 < 1e-3:
            # One sample in the window: use the one just before it.
            earlier = [s for s in self._samples if s[0] < t_end - 1e-3]
            if not earlier:
                return 0.0
            t0, x0 = earlier[-1]
        # Timestamps come in whole milliseconds: never divide by less than a frame or so.
        return (x_end - x0) / max(t_end - t0, 0.008)

    def _release(self) -> None:
        dx = self._dx
        speed = self.velocity()
        far = abs(dx) > self.config.commit_fraction * self.config.width
        flick = abs(speed) > self.config.flick_speed
        if flick and (speed > 0) != (dx > 0):
            # Flung back the other way: the visitor changed their mind.
            self.listener.gesture_snapped_back()
        elif far or (flick and abs(dx) > self.config.slop):
            self.listener.gesture_swiped(1 if dx < 0 else -1)
        else:
            self.listener.gesture_snapped_back()

    def _interrupt(self) -> None:
        """A second contact or a palm: a drag snaps back; the gesture is over."""
        if self.phase is Phase.DRAGGING:
            self.listener.gesture_cancelled()
        self.phase = Phase.IGNORING


# ---------------------------------------------------------------------------------- Qt part


def _contact_size(point: QEventPoint) -> float:
    diameters = point.ellipseDiameters()
    return max(diameters.width(), diameters.height())


class TouchInput(QObject, GestureListener):
    """Watches every touch and mouse event of one window; reports gestures as signals.

    Installed as an application event filter, so it sees touches before any widget and
    mouse presses on any child. Taps reach widgets as a click (press + release) at the tap's
    position; drags and everything else never reach them.
    """

    contact = Signal()
    """A gesture began: the input choke point."""
    drag_started = Signal()
    dragged = Signal(float)
    swiped = Signal(int)
    drag_cancelled = Signal()
    """Snap back: released short, or a second finger/palm interrupted."""
    tapped = Signal(QPoint)
    pressed = Signal(QPoint)
    """A gesture's first contact went down at this window position (for the staff gesture)."""
    moved = Signal(QPoint)
    released = Signal()
    mouse_moved = Signal()
    """A real mouse moved (show the cursor)."""

    def __init__(self, window: QWidget, config: GestureConfig | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.recognizer = GestureRecognizer(
            config or GestureConfig.for_size(window.width(), window.height()), self)
        self._delivering = False
        self._mouse_down = False
        # Touch is ours alone: no mouse events made up from touches, so no double handling.
        QCoreApplication.setAttribute(
            Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, False)
        event_router().add(_INPUT_TYPES, self.eventFilter, self)

    def detach(self) -> None:
        """Stop watching events."""
        event_router().remove(self.eventFilter)

    # ------------------------------------------------------------------ listener

    def gesture_contact(self) -> None:
        self.contact.emit()

    def gesture_drag_started(self) -> None:
        self.drag_started.emit()

    def gesture_dragged(self, dx: float) -> None:
        self.dragged.emit(dx)

    def gesture_swiped(self, direction: int) -> None:
        self.swiped.emit(direction)

    def gesture_snapped_back(self) -> None:
        self.drag_cancelled.emit()

    def gesture_cancelled(self) -> None:
        self.drag_cancelled.emit()

    def gesture_tapped(self, x: float, y: float) -> None:
        point = QPoint(round(x), round(y))
        self.tapped.emit(point)
        self.click_at(point)

    # ------------------------------------------------------------------ delivery

    def click_at(self, point: QPoint) -> None:
        """Deliver a left click at window position ``point`` to the widget there."""
        target = self.window.childAt(point) or self.window
        if not target.isEnabled():
            return
        local = QPointF(target.mapFrom(self.window, point))
        scene = QPointF(point)
        global_pos = QPointF(self.window.mapToGlobal(point))
        self._delivering = True
        try:
            for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                                  (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
                event = QMouseEvent(kind, local, scene, global_pos, Qt.MouseButton.LeftButton,
                                    buttons, Qt.KeyboardModifier.NoModifier)
                QApplication.sendEvent(target, event)
        finally:
            self._delivering = False

    # ------------------------------------------------------------------ filtering

    def _ours(self, obj: QObject) -> bool:
        return isinstance(obj, QWidget) and obj.window() is self.window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        try:
            if kind in _TOUCH_TYPES:
                if isinstance(event, QTouchEvent) and obj.isWindowType() \
                        and obj is self.window.windowHandle():
                    self._touch(event)
                    return True
                return self._ours(obj)  # a touch that reached a widget anyway: swallow
            if kind == QEvent.Type.MouseMove and obj.isWindowType() \
                    and obj is self.window.windowHandle():
                # Hover moves reach the window whether or not a widget tracks the mouse.
                if not (isinstance(event, QMouseEvent) and self._from_touch(event)):
                    self.mouse_moved.emit()
                return False
            if kind in _MOUSE_TYPES:
                if self._delivering or not isinstance(obj, QWidget) \
                        or not isinstance(event, QMouseEvent) or not self._ours(obj):
                    return False
                return self._mouse(obj, event)
            if kind in (QEvent.Type.ContextMenu, QEvent.Type.Wheel) and self._ours(obj):
                return True
        except Exception:  # input must never take the kiosk down
            log.exception("input handling failed for %s", kind)
            return True
        return False

    @staticmethod
    def _from_touch(event: QMouseEvent) -> bool:
        if event.source() != Qt.MouseEventSource.MouseEventNotSynthesized:
            return True
        device = event.device()
        return device is not None and device.type() == QInputDevice.DeviceType.TouchScreen

    def _now(self, event: QInputEvent) -> float:
        return event.timestamp() / 1000.0

    def _touch(self, event: QTouchEvent) -> None:
        if event.type() == QEvent.Type.TouchCancel:
            self.recognizer.cancel()
            self.released.emit()
            return
        t = self._now(event)
        for point in event.points():
            state = point.state()
            pos = point.scenePosition()
            contact = point.id()
            if state == QEventPoint.State.Pressed:
                if self.recognizer.phase is Phase.IDLE:
                    self.pressed.emit(pos.toPoint())
                else:
                    self.released.emit()  # a second finger ends a corner hold too
                self.recognizer.down(contact, pos.x(), pos.y(), t, _contact_size(point))
            elif state == QEventPoint.State.Released:
                self.recognizer.up(contact, pos.x(), pos.y(), t)
                self.released.emit()
            elif state == QEventPoint.State.Updated:
                if contact == self.recognizer.primary:
                    self.moved.emit(pos.toPoint())
                self.recognizer.move(contact, pos.x(), pos.y(), t, _contact_size(point))

    def _mouse(self, obj: QWidget, event: QMouseEvent) -> bool:
        if self._from_touch(event):
            return True  # made up from a touch we already handled
        kind = event.type()
        # Map from the receiver rather than trusting scenePosition(): events sent straight to
        # a widget (QTest, other filters) may carry the local position as the scene one.
        pos = obj.mapTo(self.window, event.position())
        t = self._now(event)
        if kind == QEvent.Type.MouseMove:
            self.mouse_moved.emit()
            if self._mouse_down:
                self.moved.emit(pos.toPoint())
                self.recognizer.move(MOUSE_ID, pos.x(), pos.y(), t)
            return True
        if event.button() != Qt.MouseButton.LeftButton:
            return True  # right-click and friends do nothing
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            if self._mouse_down:
                return True
            self._mouse_down = True
            self.pressed.emit(pos.toPoint())
            self.recognizer.down(MOUSE_ID, pos.x(), pos.y(), t)
        elif kind == QEvent.Type.MouseButtonRelease and self._mouse_down:
            self._mouse_down = False
            self.recognizer.up(MOUSE_ID, pos.x(), pos.y(), t)
            self.released.emit()
        return True


_TOUCH_TYPES = frozenset({QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
                          QEvent.Type.TouchEnd, QEvent.Type.TouchCancel})
_MOUSE_TYPES = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                          QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove})
_INPUT_TYPES = _TOUCH_TYPES | _MOUSE_TYPES | {QEvent.Type.ContextMenu, QEvent.Type.Wheel}
"""Every event type :class:`TouchInput` looks at (the router hands it no other)."""

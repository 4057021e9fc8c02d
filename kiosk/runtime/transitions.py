"""Transition building blocks: eased property animations and the cross-fade cover.

Push moves live slide views (an incoming view waits at the start of its entrance and plays
it when it lands; the still pictures that slide meanwhile are the stage's strip painters,
:mod:`kiosk.runtime.stage.painters`); a cross-fade lays a snapshot of what the stage showed
over the incoming view and fades it out, so a fade can start from any picture, even the
middle of another transition. ``reduce_motion`` turns
movement into short fades (:func:`plan`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Property, QByteArray, QEasingCurve, QObject, QPropertyAnimation
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

PUSH = "push"
FADE = "fade"
REDUCED_FADE_MS = 220
"""With reduce_motion every transition is a fade this long."""


@dataclass(frozen=True)
class Plan:
    """How one slide change animates."""

    kind: str
    """``push`` or ``fade``."""
    duration_ms: int


def plan(transition: str, duration_ms: int, *, reduce_motion: bool = False) -> Plan:
    """The animation for a change whose deck/slide transition is ``transition``."""
    if reduce_motion:
        return Plan(FADE, min(duration_ms, REDUCED_FADE_MS))
    return Plan(FADE if transition == FADE else PUSH, duration_ms)


def eased_animation(target: QObject, prop: bytes, duration_ms: int,
                    parent: QObject | None = None) -> QPropertyAnimation:
    """A QPropertyAnimation of ``target.prop`` eased with OutCubic (fast start, soft landing)."""
    animation = QPropertyAnimation(target, QByteArray(prop), parent)
    animation.setDuration(max(1, duration_ms))
    animation.setEasingCurve(QEasingCurve.Type.OutCubic)
    return animation


class FadeCover(QWidget):
    """A snapshot painted over the incoming slide at a decreasing opacity: a cross-fade.

    old·(1-t) over new at full opacity is exactly the cross-fade of two opaque slides, and
    costs one pixmap blend per frame on top of the live incoming view.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap()
        self._opacity = 1.0
        self.hide()

    def start(self, pixmap: QPixmap) -> None:
        """Cover the stage with ``pixmap`` at full opacity."""
        self._pixmap = pixmap
        self._opacity = 1.0
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def clear(self) -> None:
        """Hide and let the snapshot go."""
        self.hide()
        self._pixmap = QPixmap()

    def _get_opacity(self) -> float:
        return self._opacity

    def _set_opacity(self, value: float) -> None:
        if abs(value - self._opacity) < 1e-4:
            return
        self._opacity = value
        self.update()

    opacity = Property(float, _get_opacity, _set_opacity)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap.isNull() or self._opacity <= 0:
            return
        painter = QPainter(self)
        painter.setOpacity(self._opacity)
        # The snapshot has the stage's device pixel ratio; draw it in logical coordinates.
        painter.drawPixmap(self.rect(), self._pixmap)

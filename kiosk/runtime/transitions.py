"""Transition building blocks: eased property animations and the cross-fade cover.

Push moves live slide views (an incoming view waits at the start of its entrance and plays
it when it lands); a cross-fade lays a
snapshot of what the stage showed over the incoming view and fades it out, so a fade can
start from any picture, even the middle of another transition. ``reduce_motion`` turns
movement into short fades (:func:`plan`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import (
    Property,
    QByteArray,
    QEasingCurve,
    QObject,
    QPropertyAnimation,
    QRect,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

from kiosk.runtime.stage.strip import position_px

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


class StripPictures:
    """What both strips share (the raster one below, the OpenGL one in
    :mod:`kiosk.runtime.stage.gpu`): the still picture of each slot's view, the offset, and
    painting them with the stage's background in any gap. The widget class supplies the
    painting hook (``paintEvent`` or ``paintGL``), which calls :meth:`_paint_pictures`."""

    def _init_pictures(self, background: QColor) -> None:
        self._background = background
        self._pictures: dict[int, tuple[QWidget, QPixmap]] = {}
        self._offset = 0.0

    @property
    def active(self) -> bool:
        """Whether the pictures cover the stage (between :meth:`begin` and :meth:`end`)."""
        return not self.isHidden()

    def begin(self) -> None:
        """Cover the stage (pictures are added by :meth:`follow`)."""
        self._pictures.clear()
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()

    def end(self) -> None:
        """Hide and let the pictures go."""
        self.hide()
        self._pictures.clear()

    def follow(self, slots: Mapping[int, QWidget], offset: float) -> None:
        """Show ``slots`` at ``offset``: a view on screen that has no picture yet is grabbed
        once, so a frame only blits."""
        for slot, view in slots.items():
            picture = self._pictures.get(slot)
            if view.isVisible() and (picture is None or picture[0] is not view):
                self._pictures[slot] = (view, view.grab())
                self.update()
        if offset != self._offset:
            self._offset = offset
            self.update()

    def _paint_pictures(self, painter: QPainter) -> None:
        """Every picture at its place, and the background wherever none is."""
        width, height = self.width(), self.height()
        covered = QRegion()
        for slot, (_view, pixmap) in self._pictures.items():
            x = position_px(slot, self._offset, width)
            if x is None:
                continue
            painter.drawPixmap(x, 0, pixmap)
            covered += QRect(x, 0, width, height)
        for rect in QRegion(self.rect()) - covered:
            painter.fillRect(rect, self._background)


class SlideStrip(StripPictures, QWidget):
    """Still pictures of the slide views in their slots, slid by ``offset`` screen widths.

    Shown over the live views while a push or a drag moves them: it is opaque, so Qt does not
    paint the views under it, and a frame costs one blit per visible slot instead of a full
    software repaint of two slides. Each view is grabbed once, when it joins the strip.
    """

    def __init__(self, parent: QWidget, background: QColor) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._init_pictures(background)
        self.hide()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self._paint_pictures(painter)


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
        self.setGeometry(self.parentWidget().rect())
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

    def paintEvent(self, event) -> None:
        if self._pixmap.isNull() or self._opacity <= 0:
            return
        painter = QPainter(self)
        painter.setOpacity(self._opacity)
        # The snapshot has the stage's device pixel ratio; draw it in logical coordinates.
        painter.drawPixmap(self.rect(), self._pixmap)

"""The strip's painters: still pictures of the slide views, slid while a push or a drag moves.

During a push or a drag the stage covers its live views with a *strip painter*: an opaque
widget that paints a still picture of each view in its slot (where
:class:`~kiosk.runtime.stage.strip.Strip` says it sits) and the stage's background in any gap,
so a frame costs one blit per visible slot instead of a full software repaint of two slides.
Each view is grabbed once, when it joins the strip.

There are two painters with one interface, :class:`StripPainter`: :class:`SlideStrip` paints
with the CPU (a raster ``QWidget``), :class:`~kiosk.runtime.stage.gpu.GLSlideStrip` with
OpenGL. Both get their pictures and their painting from :class:`StripPictures`; each supplies
only its widget class and its painting hook. The stage picks one when it is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

from kiosk.runtime.stage.strip import position_px

if TYPE_CHECKING:
    # The mixin's methods run on a QWidget (the painters put it first in their bases); at run
    # time it stays a plain class, so Qt's own widget class is the only Qt base.
    _WidgetBase = QWidget
else:
    _WidgetBase = object


class StripPainter(Protocol):
    """What the stage drives on its strip painter, whichever it is."""

    @property
    def active(self) -> bool:
        """Whether the pictures cover the stage (between :meth:`begin` and :meth:`end`)."""
        ...

    def begin(self) -> None:
        """Cover the stage (pictures are added by :meth:`follow`)."""
        ...

    def end(self) -> None:
        """Hide and let the pictures go."""
        ...

    def follow(self, slots: Mapping[int, QWidget], offset: float) -> None:
        """Show ``slots`` at ``offset`` (in screen widths)."""
        ...

    def setGeometry(self, rect: QRect) -> None:
        """Cover ``rect`` of the stage (the stage resized)."""
        ...

    def raise_(self) -> None:
        """Go on top of the stage's other children (a view placed after :meth:`begin`)."""
        ...


class StripPictures(_WidgetBase):
    """What both painters share: the still picture of each slot's view, the offset, and
    painting them with the stage's background in any gap. The painter class puts this first in
    its bases, before its Qt widget class, and its painting hook (``paintEvent`` or
    ``paintGL``) calls :meth:`_paint_pictures`."""

    def __init__(self, parent: QWidget, background: QColor) -> None:
        super().__init__(parent)
        self._background = background
        self._pictures: dict[int, tuple[QWidget, QPixmap]] = {}
        self._offset = 0.0
        # Opaque: Qt paints no view under it; a stage's mouse events go to the stage.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    @property
    def active(self) -> bool:
        """Whether the pictures cover the stage (between :meth:`begin` and :meth:`end`)."""
        return not self.isHidden()

    def begin(self) -> None:
        """Cover the stage (pictures are added by :meth:`follow`)."""
        self._pictures.clear()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
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
        gaps = QRegion(self.rect()) - covered
        if not gaps.isEmpty():
            painter.setClipRegion(gaps)
            painter.fillRect(self.rect(), self._background)


class SlideStrip(StripPictures, QWidget):
    """The raster painter: the pictures blitted by the CPU in ``paintEvent``."""

    def __init__(self, parent: QWidget, background: QColor) -> None:
        super().__init__(parent, background)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._paint_pictures(painter)


"""The GPU path of a push or a drag: :class:`GLSlideStrip`, an OpenGL-backed
:class:`~kiosk.runtime.transitions.SlideStrip`.

Same interface and the same picture: still pictures of the slide views in their slots, slid
by ``offset`` screen widths, the stage's background in any gap. The difference is where a
frame is drawn. A ``QOpenGLWidget`` paints with QPainter on Qt's OpenGL paint engine, which
uploads each picture once as a texture (its texture cache is keyed by the pixmap), so a
frame is two textured quads drawn by the GPU instead of two full-window blits by the CPU.

How Qt composites it (Qt 6, widgets): a window holding a ``QOpenGLWidget`` flushes through
OpenGL (RHI) — the widget's texture is drawn first, then the raster backing store over it,
with a transparent hole where the widget is. So raster widgets *above* the strip (the
chrome: progress bar, buttons, dots) stay visible on top of it, exactly as over the raster
strip; widgets below it are hidden by it (it is opaque, so Qt does not even paint them).
The first ``QOpenGLWidget`` in a window that is already on screen makes Qt recreate the
native window with an OpenGL surface (a visible flicker), so the stage creates the strip
with itself, before the window is first shown, and keeps it for the whole run.

Only the strip is on the GPU. The cross-fade cover stays a raster widget: to be seen over
the live incoming view it would need ``WA_AlwaysStackOnTop``, and then it would also cover
the chrome above the stage (Qt draws such a widget over every raster widget).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap, QRegion
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget

from kiosk.runtime.stage.strip import position_px

log = logging.getLogger(__name__)


class GLSlideStrip(QOpenGLWidget):
    """Still pictures of the slide views in their slots, slid by ``offset`` screen widths,
    drawn by OpenGL (see the module's docstring); the interface of
    :class:`~kiosk.runtime.transitions.SlideStrip`."""

    def __init__(self, parent: QWidget, background: QColor) -> None:
        super().__init__(parent)
        # Opaque: Qt paints no view under it, exactly as under the raster strip.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # Every frame repaints the whole strip, so nothing needs keeping between frames.
        self.setUpdateBehavior(QOpenGLWidget.UpdateBehavior.NoPartialUpdate)
        self._background = background
        self._pictures: dict[int, tuple[QWidget, QPixmap]] = {}
        self._offset = 0.0
        self.setGeometry(parent.rect())
        self.hide()

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
        """Hide and let the pictures go (their textures go with them)."""
        self.hide()
        self._pictures.clear()

    def follow(self, slots: Mapping[int, QWidget], offset: float) -> None:
        """Show ``slots`` at ``offset``: a view on screen that has no picture yet is grabbed
        once (and uploaded once, at its first frame), so a frame only draws textures."""
        for slot, view in slots.items():
            picture = self._pictures.get(slot)
            if view.isVisible() and (picture is None or picture[0] is not view):
                self._pictures[slot] = (view, view.grab())
                self.update()
        if offset != self._offset:
            self._offset = offset
            self.update()

    def initializeGL(self) -> None:
        version = self.format().version()
        log.debug("GPU strip: OpenGL %d.%d context ready", *version)

    def paintGL(self) -> None:
        painter = QPainter(self)
        width, height = self.width(), self.height()
        covered = QRegion()
        for slot, (_view, pixmap) in self._pictures.items():
            x = position_px(slot, self._offset, width)
            if x is None:
                continue
            # A texture from the paint engine's cache after the first frame: no upload.
            painter.drawPixmap(x, 0, pixmap)
            covered += QRect(x, 0, width, height)
        # The framebuffer is not kept between frames (NoPartialUpdate): fill every gap.
        for rect in QRegion(self.rect()) - covered:
            painter.fillRect(rect, self._background)
        painter.end()

"""The GPU path of a push or a drag: :class:`GLSlideStrip`, the OpenGL
:class:`~kiosk.runtime.stage.painters.StripPainter`.

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

from PySide6.QtGui import QColor, QPainter
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget

from kiosk.runtime.stage.painters import StripPictures

log = logging.getLogger(__name__)


class GLSlideStrip(StripPictures, QOpenGLWidget):
    """Still pictures of the slide views in their slots, slid by ``offset`` screen widths,
    drawn by OpenGL (see the module's docstring); the pictures, the interface and the opaque,
    click-through widget come from :class:`~kiosk.runtime.stage.painters.StripPictures`, as
    for the raster :class:`~kiosk.runtime.stage.painters.SlideStrip`."""

    def __init__(self, parent: QWidget, background: QColor) -> None:
        super().__init__(parent, background)
        # Every frame repaints the whole strip, so nothing needs keeping between frames.
        self.setUpdateBehavior(QOpenGLWidget.UpdateBehavior.NoPartialUpdate)
        self.setGeometry(parent.rect())
        self.hide()

    def initializeGL(self) -> None:
        version = self.format().version()
        log.debug("GPU strip: OpenGL %d.%d context ready", *version)

    def paintGL(self) -> None:
        # Each picture is a texture from the paint engine's cache after its first frame (no
        # upload), and the framebuffer is not kept between frames (NoPartialUpdate): the
        # shared painting fills every gap anyway.
        painter = QPainter(self)
        self._paint_pictures(painter)
        painter.end()

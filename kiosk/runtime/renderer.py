"""Choosing the stage's renderer at start-up: asking Qt what OpenGL this machine has.

:func:`choose_renderer` is called once, after the application exists and before the window
is built (the GPU strip must exist before the window is first shown). It creates a
throw-away OpenGL context on an offscreen surface, reads ``GL_RENDERER`` and leaves the
decision to :func:`kiosk.core.renderer.decide_renderer`. ``raster`` and ``auto`` (which is
raster until the GPU path is measured faster) ask nothing of OpenGL, and neither does a
platform that shows nothing (``offscreen``, the tests' and benchmark's).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

from kiosk.core.renderer import (
    AUTO,
    GPU,
    RASTER,
    RendererDecision,
    decide_renderer,
)

log = logging.getLogger(__name__)

GL_RENDERER = 0x1F01
"""The ``glGetString`` name of the renderer string (from the OpenGL specification)."""

HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
"""Qt platforms that draw into memory only: nothing to composite on a GPU."""


def _headless() -> str:
    """Why this platform has nothing for a GPU to composite ("" when it has a screen)."""
    platform = QGuiApplication.platformName()
    if platform in HEADLESS_PLATFORMS:
        return f"the {platform} platform has no screen to composite on"
    return ""


def probe_gl_renderer() -> tuple[str | None, str]:
    """``(GL_RENDERER, "")`` of a context Qt can create on this platform, or
    ``(None, why not)``. Needs the QGuiApplication; touches no window."""
    if headless := _headless():
        return None, headless
    context = QOpenGLContext()
    if not context.create():
        return None, ("no OpenGL context could be created on the "
                      f"{QGuiApplication.platformName()} platform")
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        # Never call a GL function without a current context: that crashes, not raises.
        if not surface.isValid() or not context.makeCurrent(surface):
            return None, "an OpenGL context was created but could not be made current"
        name = context.functions().glGetString(GL_RENDERER)
        context.doneCurrent()
    finally:
        surface.destroy()
    if not name:
        return None, "OpenGL gave no renderer string"
    return str(name), ""


def choose_renderer(requested: str) -> RendererDecision:
    """The renderer of this run (``requested`` is ``--renderer``: auto, gpu or raster),
    logged once: what was asked, what is used, why, and the OpenGL renderer string."""
    if requested in (RASTER, AUTO):  # neither needs OpenGL looked for (see AUTO_REASON)
        decision = decide_renderer(requested, None)
    elif headless := _headless():
        decision = decide_renderer(requested, None, headless)
    else:
        try:
            gl_renderer, why_not = probe_gl_renderer()
        except Exception:  # a broken driver must cost the GPU path, never the kiosk
            log.warning("looking for OpenGL failed; using the raster renderer", exc_info=True)
            gl_renderer, why_not = None, "looking for OpenGL failed"
        decision = decide_renderer(requested, gl_renderer, why_not)
    level = logging.WARNING if requested == GPU and not decision.gpu else logging.INFO
    log.log(level, "renderer: %s (%s); OpenGL renderer: %s", decision.path, decision.reason,
            decision.gl_renderer or "none")
    return decision

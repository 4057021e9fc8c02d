"""Which renderer composites the stage's pushes and drags: the GPU (OpenGL) or Qt's raster
engine — decided once at start-up, from ``--renderer`` and what OpenGL the machine offers.

No Qt here: the runtime finds out the OpenGL renderer string (``GL_RENDERER`` of a context it
could create, or None), and :func:`decide_renderer` turns it and the request into a
:class:`RendererDecision`. A software OpenGL (Mesa's llvmpipe, say) composites on the CPU,
slower than the raster path it would replace. And on real graphics hardware the GPU path
has not yet been measured faster either: on an NVIDIA H200 under Xvfb it used more CPU than
raster at 1080p and missed most frames at 4K (issue 25, ``bench/RESULTS.md``), because a
``QOpenGLWidget`` makes Qt compose the whole window through OpenGL. So ``auto`` is raster
until the GPU path is measured faster; ``gpu`` stays available to measure it.
"""

from __future__ import annotations

from dataclasses import dataclass

AUTO, GPU, RASTER = "auto", "gpu", "raster"
RENDERERS = (AUTO, GPU, RASTER)
"""What ``star-kiosk run --renderer`` accepts (``auto`` is the default)."""

SOFTWARE_RENDERERS = (
    "llvmpipe",  # Mesa's LLVM rasteriser: what a machine without a GPU driver gets
    "softpipe",  # Mesa's reference rasteriser
    "swrast",  # Mesa's classic software driver
    "swiftshader",  # Google's CPU renderer (Chromium, Android emulators)
    "software",  # e.g. "Software Rasterizer", ANGLE's and others' spelling
    "microsoft basic",  # Windows' "Microsoft Basic Render Driver" (WARP)
    "gdi generic",  # Windows' OpenGL 1.1 fallback
)
"""Lower-case fragments of ``GL_RENDERER`` strings that mean the CPU does the drawing."""


@dataclass(frozen=True)
class RendererDecision:
    """How this run composites, and why."""

    requested: str
    """What was asked for: auto, gpu or raster."""
    path: str
    """What is used: ``gpu`` (an OpenGL surface for pushes and drags) or ``raster``."""
    reason: str
    """Why, in words, for the log."""
    gl_renderer: str | None = None
    """The OpenGL renderer string, when a context could be created (None: none, or not
    looked for)."""

    @property
    def gpu(self) -> bool:
        """Whether the stage composites on an OpenGL surface."""
        return self.path == GPU


AUTO_REASON = ("auto: raster, the faster path measured so far (the GPU path cost more CPU "
               "than raster on real GPUs; --renderer gpu uses it anyway)")
"""Why ``auto`` is raster, for the log, the ``started`` event and the staff panel."""

RASTER_DEFAULT = RendererDecision(RASTER, RASTER, "asked for raster")
"""The decision of a kiosk assembled without one (tests, harnesses): the raster path."""


def is_software_renderer(gl_renderer: str) -> bool:
    """Whether ``gl_renderer`` (a ``GL_RENDERER`` string) draws on the CPU, not a GPU."""
    name = gl_renderer.casefold()
    return any(fragment in name for fragment in SOFTWARE_RENDERERS)


def decide_renderer(requested: str, gl_renderer: str | None,
                    no_gl_reason: str = "no OpenGL context could be created") -> RendererDecision:
    """The renderer for a run that asked for ``requested`` on a machine whose OpenGL renderer
    is ``gl_renderer`` (None when there is no usable OpenGL, ``no_gl_reason`` saying why).

    ``raster`` is always raster; ``gpu`` is the GPU path whenever there is a context, even a
    software one (to measure it, or where the driver is known good); ``auto`` is raster (see
    :data:`AUTO_REASON`).
    """
    if requested not in RENDERERS:
        raise ValueError(f"unknown renderer {requested!r}; use one of {', '.join(RENDERERS)}")
    if requested == RASTER:
        return RendererDecision(requested, RASTER, "asked for raster", gl_renderer)
    if requested == AUTO:
        return RendererDecision(requested, RASTER, AUTO_REASON, gl_renderer)
    if gl_renderer is None:
        return RendererDecision(requested, RASTER, f"asked for gpu, but {no_gl_reason}")
    note = "; OpenGL here is software rendering (the CPU still draws every frame)" \
        if is_software_renderer(gl_renderer) else ""
    return RendererDecision(requested, GPU, f"asked for gpu{note}", gl_renderer)

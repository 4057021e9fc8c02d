"""The renderer choice in the runtime, headless: offscreen (the tests' and the benchmark's
platform) is always the raster path and never creates an OpenGL widget; the GPU strip offers
exactly the raster strip's interface. The GPU path itself is exercised on a real X server by
``tests/test_xvfb_gpu.py``."""

from __future__ import annotations

import inspect
import logging

from PySide6.QtOpenGLWidgets import QOpenGLWidget

from kiosk.core.renderer import AUTO_REASON
from kiosk.runtime.renderer import choose_renderer
from kiosk.runtime.stage import painters
from kiosk.runtime.stage.gpu import GLSlideStrip
from tests.runtime.input.kiosk_helpers import events, make_kiosk

# What the stage drives on whichever strip it made (``stage.py``), besides QWidget's own.
STAGE_USES = {"active", "begin", "end", "follow"}
# Each strip's painting hook: it must define it itself, or Qt's default paints nothing.
RASTER_HOOKS = {"paintEvent"}
GPU_HOOKS = {"initializeGL", "paintGL"}


def _own(cls: type) -> dict[str, object]:
    """The public methods and properties ``cls`` defines in its own body (what it overrides or
    adds), not what it inherits."""
    return {name: member for name, member in vars(cls).items()
            if not name.startswith("_") and (inspect.isfunction(member)
                                             or isinstance(member, property))}


def _kiosk_public(cls: type) -> set[str]:
    """The public members ``cls`` gets from kiosk classes (itself and its kiosk bases)."""
    return {name for klass in cls.__mro__ if klass.__module__.startswith("kiosk.")
            for name in _own(klass)}


def test_each_strip_paints_itself() -> None:
    """The hooks that draw a frame are each class's own: without them Qt's default paints
    nothing and a push shows a blank stage."""
    assert RASTER_HOOKS <= set(_own(painters.SlideStrip))
    assert GPU_HOOKS <= set(_own(GLSlideStrip))


def test_the_gpu_strip_has_the_raster_strips_interface() -> None:
    """The stage drives either without knowing which: the members it uses exist on both, and
    whatever either class defines or overrides besides its painting hook, the other offers
    with the same kind and signature."""
    raster, gpu = painters.SlideStrip, GLSlideStrip
    assert STAGE_USES <= _kiosk_public(raster) & _kiosk_public(gpu)
    overridden = (set(_own(raster)) - RASTER_HOOKS) | (set(_own(gpu)) - GPU_HOOKS)
    for name in STAGE_USES | overridden:
        assert hasattr(raster, name) and hasattr(gpu, name), f"{name} is not on both strips"
        ours, theirs = inspect.getattr_static(raster, name), inspect.getattr_static(gpu, name)
        if isinstance(ours, property) or isinstance(theirs, property):
            assert isinstance(ours, property) and isinstance(theirs, property), name
        else:
            assert inspect.signature(getattr(raster, name)) == \
                inspect.signature(getattr(gpu, name)), name


def test_offscreen_every_request_is_raster_without_looking_for_opengl(qapp, caplog) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.runtime.renderer")
    auto = choose_renderer("auto")
    assert auto.path == "raster" and auto.gl_renderer is None
    assert auto.reason == AUTO_REASON
    assert choose_renderer("raster").path == "raster"
    forced = choose_renderer("gpu")
    assert forced.path == "raster" and "offscreen platform" in forced.reason
    records = [r for r in caplog.records if r.name == "kiosk.runtime.renderer"]
    # Logged once per decision; a GPU asked for and not given is a warning for staff.
    assert [r.levelno for r in records] == [logging.INFO, logging.INFO, logging.WARNING]
    assert all("renderer: raster" in r.getMessage() for r in records)


def test_a_kiosk_is_raster_unless_told_otherwise_and_says_so_when_it_starts(qtbot,
                                                                           tmp_path) -> None:
    kiosk = make_kiosk(qtbot, tmp_path)
    assert not kiosk.renderer.gpu
    assert kiosk.window.findChildren(QOpenGLWidget) == []  # the window stays raster
    started = events(kiosk)[0]
    assert started["event"] == "started" and started["renderer"] == "raster"
    assert started["renderer_reason"]  # staff can read why in the event log
    assert "gl_renderer" not in started
    kiosk.shutdown()


def test_gpu_asked_for_on_an_opengl_1_1_context_is_raster_with_a_warning(
        qapp, caplog, monkeypatch) -> None:
    """The decision as a machine with only OpenGL 1.1 gets it (the real context, made by
    Mesa under Xvfb, is in tests/test_xvfb_gpu.py)."""
    from kiosk.runtime import renderer

    monkeypatch.setattr(renderer, "_headless", lambda: "")
    monkeypatch.setattr(renderer, "probe_gl", lambda: ("GDI Generic", (1, 1), ""))
    caplog.set_level(logging.INFO, logger="kiosk.runtime.renderer")
    decision = choose_renderer("gpu")
    assert decision.path == "raster" and decision.gl_renderer == "GDI Generic"
    (record,) = [r for r in caplog.records if r.name == "kiosk.runtime.renderer"]
    assert record.levelno == logging.WARNING
    assert "version 1.1" in record.getMessage() and "renderer: raster" in record.getMessage()

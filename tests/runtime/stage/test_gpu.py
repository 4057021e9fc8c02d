"""The renderer choice in the runtime, headless: offscreen (the tests' and the benchmark's
platform) is always the raster path and never creates an OpenGL widget; the GPU strip offers
exactly the raster strip's interface. The GPU path itself is exercised on a real X server by
``tests/test_xvfb_gpu.py``."""

from __future__ import annotations

import inspect
import logging

from PySide6.QtOpenGLWidgets import QOpenGLWidget

from kiosk.core.renderer import AUTO_REASON
from kiosk.runtime import transitions
from kiosk.runtime.renderer import choose_renderer
from kiosk.runtime.stage.gpu import GLSlideStrip
from tests.runtime.input.kiosk_helpers import events, make_kiosk


def _public(cls: type) -> dict[str, object]:
    """The methods and properties ``cls`` and its kiosk bases define (not Qt's, not private)."""
    found: dict = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("kiosk."):
            found.update({name: member for name, member in vars(klass).items()
                          if not name.startswith("_") and (inspect.isfunction(member)
                                                           or isinstance(member, property))})
    return found


def test_the_gpu_strip_has_the_raster_strips_interface() -> None:
    """The stage drives either without knowing which: same public members, same signatures
    (the painting hook differs: paintGL draws on OpenGL, paintEvent on the raster engine)."""
    raster = _public(transitions.SlideStrip)
    gpu = _public(GLSlideStrip)
    assert set(raster) - {"paintEvent"} == set(gpu) - {"paintGL", "initializeGL"}
    for name, member in raster.items():
        if name == "paintEvent":
            continue
        other = gpu[name]
        if isinstance(member, property):
            assert isinstance(other, property), name
        else:
            assert inspect.signature(member) == inspect.signature(other), name


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

"""The renderer decision (issue 11's GPU point): ``--renderer`` and the machine's OpenGL
renderer string → the GPU path or the raster path. Pure: no Qt, no display."""

from __future__ import annotations

import pytest

from kiosk.core.renderer import (
    AUTO_REASON,
    RASTER_DEFAULT,
    RENDERERS,
    decide_renderer,
    is_software_renderer,
)

HARDWARE = [
    "NVIDIA GeForce RTX 3060/PCIe/SSE2",
    "Mesa Intel(R) UHD Graphics 620 (KBL GT2)",
    "AMD Radeon Graphics (radeonsi, renoir, LLVM 15.0.7, DRM 3.49, 6.1.0-18-amd64)",
    "Mali-G52 (Panfrost)",
    "V3D 4.2",  # a Raspberry Pi 4
    "virgl (Intel(R) UHD Graphics 630)",  # a VM's guest driver handing work to a host GPU
]
SOFTWARE = [
    "llvmpipe (LLVM 15.0.6, 256 bits)",  # what this machine's Xvfb gives
    "softpipe",
    "Software Rasterizer",
    "Mesa DRI swrast",
    "Google SwiftShader",
    "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)",
    "Microsoft Basic Render Driver",
    "GDI Generic",
]


@pytest.mark.parametrize("name", SOFTWARE)
def test_software_renderers_are_recognised(name: str) -> None:
    assert is_software_renderer(name)
    assert is_software_renderer(name.upper())


@pytest.mark.parametrize("name", HARDWARE)
def test_graphics_hardware_is_not_taken_for_software(name: str) -> None:
    assert not is_software_renderer(name)


@pytest.mark.parametrize("name", [*HARDWARE, *SOFTWARE])
def test_auto_is_raster_even_on_graphics_hardware(name: str) -> None:
    """On a real GPU (an NVIDIA H200) the GPU path cost more CPU than raster and missed most
    frames at 4K (issue 25): ``auto`` must never pick a path that was measured slower."""
    decision = decide_renderer("auto", name)
    assert not decision.gpu and decision.path == "raster"
    assert decision.reason == AUTO_REASON and "measured" in decision.reason
    assert decision.requested == "auto"


def test_auto_stays_raster_without_opengl_and_says_why() -> None:
    decision = decide_renderer("auto", None, "the offscreen platform has no screen")
    assert decision.path == "raster" and decision.reason == AUTO_REASON
    assert decision.gl_renderer is None


def test_gpu_asked_for_is_the_gpu_even_on_software_opengl_but_says_so() -> None:
    """Forcing the GPU path is how it is tested and measured on a machine without a GPU."""
    software = decide_renderer("gpu", "llvmpipe (LLVM 15.0.6, 256 bits)")
    assert software.gpu and "software" in software.reason
    hardware = decide_renderer("gpu", HARDWARE[0])
    assert hardware.gpu and "software" not in hardware.reason


def test_gpu_asked_for_without_opengl_falls_back_to_raster() -> None:
    decision = decide_renderer("gpu", None)
    assert decision.path == "raster" and "no OpenGL context" in decision.reason


@pytest.mark.parametrize("name", [None, *HARDWARE, *SOFTWARE])
def test_raster_asked_for_is_always_raster(name: str | None) -> None:
    assert decide_renderer("raster", name).path == "raster"


def test_an_unknown_request_is_refused() -> None:
    with pytest.raises(ValueError, match="auto, gpu, raster"):
        decide_renderer("vulkan", HARDWARE[0])


def test_the_default_for_harnesses_is_raster() -> None:
    assert RASTER_DEFAULT.path == "raster" and not RASTER_DEFAULT.gpu
    assert RENDERERS == ("auto", "gpu", "raster")

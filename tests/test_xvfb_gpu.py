"""The GPU renderer end to end on a real X server: ``run --renderer gpu`` under Xvfb, whose
OpenGL is Mesa's llvmpipe (software, but the same OpenGL code path a GPU takes).

What a visitor would notice: the slide changes on "next"; mid-push the screen shows the
outgoing slide on the left and the incoming one on the right (and never a black frame);
after landing the screen is the same picture as the raster renderer's; a finger (the mouse)
dragging right pulls the previous slide in beside the current one, and a swipe brings it
back. The same run with
``--renderer raster`` is the reference. Skipped without Xvfb/xdotool, or when Qt cannot
create an OpenGL context on Xvfb (the reason is given).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from tests.displays import XDisplay
from tests.e2e_support import read_events, wait_for

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

WIDTH, HEIGHT = 1920, 1080
SECOND = "#4A0E22"
"""The second slide's background: dark red, where the theme's background is navy blue."""
DECK = f"""\
# Two slides told apart by colour: navy (the theme's) and dark red. Made up for this test.
settings:
  title:
    en: Renderer check
    zh: 渲染检查
  languages: [en, zh]
  default_language: en
  slide_duration: 60
  transition_ms: 2000
slides:
  - type: title
    id: first
    title:
      en: The first slide
      zh: 第一张
    subtitle:
      en: On the theme's own background
      zh: 主题背景
  - type: title
    id: second
    background_color: "{SECOND}"
    title:
      en: The second slide
      zh: 第二张
    subtitle:
      en: On a dark red background
      zh: 深红背景
"""
PROBE = ("from PySide6.QtGui import QGuiApplication\n"
         "from kiosk.runtime.renderer import probe_gl_renderer\n"
         "app = QGuiApplication([])\n"
         "name, why = probe_gl_renderer()\n"
         "print(name or 'NONE: ' + why)\n")

def _pixels(path: Path) -> np.ndarray:
    """An RGB picture as a height × width × 3 array of ints."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    assert not image.isNull(), path
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(
        image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


def _shares(picture: np.ndarray) -> tuple[float, float, float, float]:
    """(share of the first slide's columns, share of the second's, mean x of each): a column
    of the middle band is the navy slide's when blue outweighs red, the red slide's when red
    outweighs blue (white text and the chrome's grey discs count for neither)."""
    band = picture[HEIGHT * 3 // 10: HEIGHT * 7 // 10].mean(axis=0)
    tint = band[:, 0] - band[:, 2]
    first, second = np.flatnonzero(tint < -10), np.flatnonzero(tint > 10)
    width = picture.shape[1]
    return (len(first) / width, len(second) / width,
            float(first.mean()) if len(first) else -1.0,
            float(second.mean()) if len(second) else -1.0)


@dataclass
class Run:
    started: dict
    shown: list[dict]
    before: np.ndarray
    during: list[Path]
    after: np.ndarray
    dragging: np.ndarray
    log: str


def _run(screen: XDisplay, renderer: str, content: Path, folder: Path) -> Run:
    """Start the kiosk, grab the first slide once its entrance is over, press "next" while
    grabbing the screen, grab the second slide once it has landed and its entrance is over;
    drag it right half-way and grab that once the strip has caught up with the finger, swipe
    on to the first slide; stop the kiosk."""
    env = screen.env()
    data, frames = folder / "data", folder / "frames"
    grab = [sys.executable, "-m", "tests.xvfb_grab"]
    # The slide, not the chrome below it: its countdown moves all the time.
    still = [*grab, "--still", "60", "--above", str(HEIGHT * 9 // 10)]
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--no-supervise", "--content", str(content),
         "--data-dir", str(data), "--renderer", renderer],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = ""
    try:
        window = screen.visible_kiosk_window()
        events = data / "events.jsonl"
        assert wait_for(lambda: any(e["event"] == "slide_shown" for e in read_events(events)),
                        60)
        subprocess.run([*still, str(folder / "before.png")], env=env, check=True, timeout=90)
        subprocess.run([*grab, "--burst", "3", "--key", "Right", "--window", window,
                        str(frames)], env=env, check=True, timeout=60)
        assert wait_for(lambda: len([e for e in read_events(events)
                                     if e["event"] == "slide_shown"]) >= 2, 60)
        subprocess.run([*still, str(folder / "after.png")], env=env, check=True, timeout=90)
        # A finger moving right: held half-way, then on until the swipe counts.
        y = HEIGHT // 2
        screen.drag([(x, y) for x in range(400, 1001, 50)], 0.02, lift=False)
        subprocess.run([*still, str(folder / "dragging.png")], env=env, check=True,
                       timeout=90)
        screen.drag([(x, y) for x in range(1050, 1601, 50)], 0.02)
        assert wait_for(lambda: len([e for e in read_events(events)
                                     if e["event"] == "slide_shown"]) >= 3, 60)
        assert kiosk.poll() is None, "the kiosk died"
        log = read_events(events)
    finally:
        kiosk.kill()
        output = kiosk.communicate(timeout=10)[0]
    return Run(started=next(e for e in log if e["event"] == "started"),
               shown=[e for e in log if e["event"] == "slide_shown"],
               before=_pixels(folder / "before.png"), during=sorted(frames.glob("*.png")),
               after=_pixels(folder / "after.png"), dragging=_pixels(folder / "dragging.png"),
               log=output)


@pytest.fixture
def display(xvfb) -> XDisplay:
    """A private 1920×1080 Xvfb (the ``xvfb`` fixture)."""
    return xvfb(WIDTH, HEIGHT)


def test_the_gpu_renderer_pushes_like_the_raster_one(display: XDisplay, tmp_path) -> None:
    probe = subprocess.run([sys.executable, "-c", PROBE], env=display.env(),
                           capture_output=True, text=True, timeout=60)
    gl_renderer = probe.stdout.strip()
    if probe.returncode != 0 or not gl_renderer or gl_renderer.startswith("NONE"):
        pytest.skip(f"no OpenGL context on Xvfb ({gl_renderer or probe.stderr[-300:]}); "
                    "apt-get install libgl1-mesa-dri")
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text(DECK, encoding="utf-8")

    gpu = _run(display, "gpu", content, tmp_path / "gpu")
    assert gpu.started["renderer"] == "gpu", gpu.log[-2000:]
    assert gpu.started["gl_renderer"] == gl_renderer
    assert [(e["slide"], e["trigger"]) for e in gpu.shown] == [
        ("first", "start"), ("second", "key"), ("first", "swipe")]

    # Before: all the first slide; after: all the second.
    first, second, _, _ = _shares(gpu.before)
    assert first > 0.8 and second == 0, (first, second)
    first, second, _, _ = _shares(gpu.after)
    assert second > 0.8 and first == 0, (first, second)

    # Mid-push: parts of both — the outgoing slide on the left, the incoming on the right —
    # and never a black (or blank) frame from the OpenGL surface.
    both = []
    for frame in gpu.during:
        picture = _pixels(frame)
        assert picture.mean() > 15, f"{frame.name}: a black frame"
        first, second, first_x, second_x = _shares(picture)
        if first > 0.1 and second > 0.1:
            assert first_x < second_x, (frame.name, first_x, second_x)
            both.append(frame.name)
    assert both, f"no frame of {len(gpu.during)} showed both slides mid-push"

    # Mid-drag: the previous slide pulled in on the left, about as far as the finger moved
    # (600 of 1920 pixels), the current one pushed aside on the right.
    first, second, first_x, second_x = _shares(gpu.dragging)
    assert 0.15 < first < 0.5 and second > 0.4 and first_x < second_x, (first, second)

    # Landed, the GPU path leaves exactly the raster path's picture on screen.
    raster = _run(display, "raster", content, tmp_path / "raster")
    assert raster.started["renderer"] == "raster" and "gl_renderer" not in raster.started
    assert [e["slide"] for e in raster.shown] == ["first", "second", "first"]
    difference = np.abs(gpu.after - raster.after).max(axis=2)
    differing = float((difference > 16).mean())
    assert differing <= 0.002, f"{differing:.2%} of the pixels differ by more than 16 levels"
    assert float(difference.mean()) < 1.0


def test_gpu_on_an_opengl_1_1_context_falls_back_to_raster_with_a_warning(display: XDisplay,
                                                                          tmp_path) -> None:
    """Mesa made to offer only OpenGL 1.1 (as Windows' "GDI Generic" or an ancient driver
    does): ``--renderer gpu`` used to push black frames at every slide change, silently."""
    env = {**display.env(), "MESA_GL_VERSION_OVERRIDE": "1.1"}
    probe = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                           text=True, timeout=60)
    if probe.returncode != 0 or probe.stdout.startswith("NONE") or not probe.stdout.strip():
        pytest.skip(f"no OpenGL context on Xvfb ({probe.stdout or probe.stderr[-300:]})")
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text(DECK, encoding="utf-8")
    data = tmp_path / "data"
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--no-supervise", "--content", str(content),
         "--data-dir", str(data), "--renderer", "gpu"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        events = data / "events.jsonl"
        assert wait_for(lambda: any(e["event"] == "started" for e in read_events(events)), 90)
    finally:
        kiosk.kill()
        output = kiosk.communicate(timeout=10)[0]
    started = next(e for e in read_events(events) if e["event"] == "started")
    assert started["renderer"] == "raster", output[-2000:]
    assert "warning: renderer: raster" in output and "version 1.1" in output

"""What ``star-kiosk bench`` runs in each measuring child process.

``python -m kiosk.tools.bench_support.child bare --seconds S``: a bare PySide6 window with one
label, its idle CPU over S seconds and its peak RSS — the baseline.

``python -m kiosk.tools.bench_support.child kiosk --transitions N --swipes M --static S --loop
L``: the real kiosk (``kiosk.runtime.app``) full screen on the offscreen screen the parent
configured, then in order: N transitions with their entrance animations (frame intervals and
paint costs), M swipe moves (latency to the frame that shows them), S seconds on a paused slide
(CPU, frames drawn), L seconds of the attract loop (CPU, transitions, frames), and the peak RSS
of it all.

Each prints one line ``BENCH-RESULT {json}`` on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractAnimation, QEvent, QPointF, Qt, QVariantAnimation
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.tools.bench_support import RESULT_PREFIX, probe

if TYPE_CHECKING:  # the bare child must not load the kiosk
    from kiosk.runtime.app import KioskApp
    from kiosk.runtime.stage.stage import Stage


def _emit(result: dict[str, object]) -> None:
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()


# ------------------------------------------------------------------------------ baseline


def bare(seconds: float) -> dict[str, object]:
    """The floor: a label the size of the screen, shown, then left alone."""
    from kiosk.runtime.application import make_application

    app = make_application(sys.argv)
    label = QLabel("STAR Market · 科创板 · six years")
    label.resize(app.primaryScreen().size())
    frames = probe.FrameProbe(label)
    label.show()
    probe.spin(1000)
    frames.clear()
    cpu = probe.measure_cpu(seconds) if seconds > 0 else None
    return {"idle_cpu_percent": _round(cpu), "idle_paints": len(frames.frames),
            "peak_rss_mb": _round(probe.peak_rss_mb())}


# ------------------------------------------------------------------------------ the kiosk


def run_with_kiosk(work: Callable[[KioskApp], None], content: str | None = None, *,
                   data_dir: str | None = None, kiosk_mode: bool = True) -> None:
    """Run the real kiosk through ``run_kiosk`` (as ``star-kiosk run`` does) and call
    ``work(kiosk)`` once it is up, inside its event loop; never returns."""
    from PySide6.QtCore import QTimer

    from kiosk.core.config import RunConfig
    from kiosk.core.paths import BUNDLED_CONTENT
    from kiosk.runtime.app import run_kiosk  # only here: the bare child must not load the kiosk

    data_dir = data_dir or os.environ.get("STAR_BENCH_DATA") or tempfile.mkdtemp(
        prefix="star-bench-data-")
    config = RunConfig(content=Path(content) if content else BUNDLED_CONTENT,
                       data_dir=Path(data_dir), windowed=not kiosk_mode, supervised=False)

    def ready(kiosk: KioskApp) -> None:
        QTimer.singleShot(0, lambda: _finish(work, kiosk))

    run_kiosk(config, on_ready=ready)
    raise SystemExit("the kiosk's event loop ended before the measurements")


def _finish(work: Callable[[KioskApp], None], kiosk: KioskApp) -> None:
    try:
        work(kiosk)
    except BaseException:
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        os._exit(3)
    sys.stdout.flush()
    os._exit(0)


class Animating:
    """Whether the stage is moving or any entrance animation is playing right now.

    A frame interval only means something while something moves: a staggered entrance pauses
    between items and an idle slide draws nothing, and neither is a late frame.
    """

    def __init__(self, stage: Stage) -> None:
        self.stage = stage

    def __call__(self) -> bool:
        if self.stage.busy:
            return True
        for animation in self.stage.findChildren(QVariantAnimation):
            if animation.state() == QAbstractAnimation.State.Running:
                return True
        return False


def measure_transitions(kiosk: KioskApp, count: int) -> dict[str, object]:
    """``count`` transitions (NEXT, as a visitor's key press), each followed until all is still.

    Returns the frame statistics over intervals that started while something was animating.
    """
    from kiosk.core.deck.commands import next_slide, prev_slide

    window, stage = kiosk.window, kiosk.stage
    animating = Animating(stage)
    frames = probe.FrameProbe(window)
    marks: list[tuple[float, float, bool]] = []

    def on_frame(end: float) -> None:
        start = frames.frames[-1][0]
        marks.append((start, end, animating()))

    frames.on_frame = on_frame
    for number in range(count):
        command = prev_slide("key") if number % 4 == 3 else next_slide("key")
        kiosk.dispatch(command)
        probe.spin(100)
        probe.spin_until(lambda: not animating(), 8000)
        # Neighbours are pre-built a moment after landing; let that happen before the next one
        # as it would between a visitor's swipes.
        probe.spin(1400)
    frames.detach()
    intervals = [(b_end - a_end) * 1000.0 for (_, a_end, moving), (_, b_end, _) in
                 zip(marks, marks[1:], strict=False) if moving]
    costs = [(end - start) * 1000.0 for start, end, _ in marks]
    stats = probe.frame_stats(intervals, costs)
    stats["transitions"] = count
    return {key: _round(value) for key, value in stats.items()}


def measure_swipe(kiosk: KioskApp, moves: int) -> dict[str, object]:
    """Press on the window, move in steps; each move's time to the frame that shows it."""
    window, stage = kiosk.window, kiosk.stage
    frames = probe.FrameProbe(window)
    latencies: list[float] = []
    width, height = window.width(), window.height()
    y = height * 0.55
    x = width * 0.75
    step = width * 0.25 / max(1, moves + 4)
    _mouse(window, QEvent.Type.MouseButtonPress, x, y)
    probe.spin(30)
    for number in range(moves + 4):
        x -= step
        frames.clear()
        before = _offset(stage)
        sent = time.perf_counter()
        _mouse(window, QEvent.Type.MouseMove, x, y)
        seen = probe.spin_until(lambda: bool(frames.frames), 500, step_ms=1)
        if number >= 4 and seen and _offset(stage) != before:  # the first moves pass the slop
            latencies.append((frames.frames[0][1] - sent) * 1000.0)
        probe.spin(12)
    _mouse(window, QEvent.Type.MouseButtonRelease, x, y)
    probe.spin_until(lambda: not stage.busy, 3000)
    frames.detach()
    return {"moves": len(latencies),
            "latency_p50_ms": _round(probe.percentile(latencies, 0.5)),
            "latency_p95_ms": _round(probe.percentile(latencies, 0.95)),
            "latency_max_ms": _round(max(latencies) if latencies else None)}


def _offset(stage: Stage) -> float:
    return float(stage.property("offset"))  # the strip's position: a Qt property


def _mouse(window: QWidget, kind: QEvent.Type, x: float, y: float) -> None:
    """A mouse event delivered as the platform would (through the window handle)."""
    point = QPointF(x, y)
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease \
        else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, point, point, window.mapToGlobal(point), Qt.MouseButton.LeftButton,
                        buttons, Qt.KeyboardModifier.NoModifier)
    target = window.windowHandle() or window
    QApplication.sendEvent(target, event)


def measure_static(kiosk: KioskApp, seconds: float) -> dict[str, object]:
    """CPU and frames on a slide a visitor is reading: interactive mode (no auto-advance, no
    attract hint), entrance settled, nobody touching — nothing on screen should move."""
    from kiosk.core.deck.commands import Command, Kind

    kiosk.dispatch(Command(Kind.USER_INPUT, "tap"))
    probe.spin_until(lambda: not Animating(kiosk.stage)(), 8000)
    probe.spin(1500)
    frames = probe.FrameProbe(kiosk.window)
    cpu = probe.measure_cpu(seconds)
    frames.detach()
    return {"static_cpu_percent": _round(cpu), "static_paints": len(frames.frames),
            "static_seconds": seconds}


def measure_loop(kiosk: KioskApp, seconds: float) -> dict[str, object]:
    """CPU over the attract loop as deployed (the deck's own slide durations)."""
    transitions: list[str] = []
    kiosk.slide_changed.connect(transitions.append)
    frames = probe.FrameProbe(kiosk.window)
    cpu = probe.measure_cpu(seconds)
    frames.detach()
    kiosk.slide_changed.disconnect(transitions.append)
    return {"loop_cpu_percent": _round(cpu), "loop_paints": len(frames.frames),
            "loop_transitions": len(transitions), "loop_seconds": seconds,
            "loop_slide_seconds": kiosk.state.deck.settings.slide_duration}


@dataclass(frozen=True)
class KioskPhase:
    """What the parent asked the kiosk child to measure (0: not that)."""

    transitions: int = 0
    swipes: int = 0
    static: float = 0.0
    """Seconds on a paused slide."""
    loop: float = 0.0
    """Seconds of the attract loop."""


def kiosk_phase(kiosk: KioskApp, arguments: KioskPhase, begun: float) -> dict[str, object]:
    """With the kiosk up, run each measurement the parent asked for."""
    probe.spin_until(lambda: kiosk.stage.current_view is not None, 10000)
    probe.spin(2000)  # first slide's entrance and its neighbours' pre-build
    result: dict[str, object] = {"size": [kiosk.window.width(), kiosk.window.height()],
                                 "started_in_s": _round(time.perf_counter() - begun)}
    # The attract loop first, while the kiosk is in it as it starts; visitors' input after.
    if arguments.loop:
        result.update(measure_loop(kiosk, arguments.loop))
    if arguments.static:
        result.update(measure_static(kiosk, arguments.static))
    if arguments.transitions:
        result["frames"] = measure_transitions(kiosk, arguments.transitions)
        result["transitions_measured"] = arguments.transitions
    if arguments.swipes:
        result["swipe"] = measure_swipe(kiosk, arguments.swipes)
    result["peak_rss_mb"] = _round(probe.peak_rss_mb())
    return result


def _round(value: object, digits: int = 2) -> object:
    if isinstance(value, float):
        return round(value, digits)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.tools.bench_support.child")
    parser.add_argument("phase", choices=("bare", "kiosk"))
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--transitions", type=int, default=0)
    parser.add_argument("--swipes", type=int, default=0)
    parser.add_argument("--static", type=float, default=0.0)
    parser.add_argument("--loop", type=float, default=0.0)
    arguments = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if arguments.phase == "bare":
        _emit(bare(arguments.seconds))
    else:
        begun = time.perf_counter()
        phase = KioskPhase(arguments.transitions, arguments.swipes, arguments.static,
                           arguments.loop)
        run_with_kiosk(lambda kiosk: _emit(kiosk_phase(kiosk, phase, begun)))
    sys.stdout.flush()
    os._exit(0)  # tearing down Qt is not what is measured, and must not hang the bench


if __name__ == "__main__":
    sys.exit(main())

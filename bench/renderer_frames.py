"""Frame intervals of pushes with one renderer, on the current display (run it on Xvfb).

The real kiosk assembled as ``star-kiosk run --renderer R`` assembles it, on the content
given (default: the bundled deck); after 3 s it pushes to the next slide eight times, 1.5 s
apart, as a visitor's key presses, and records the start of every window frame
(``UpdateRequest``: paint the dirty widgets, then flush — through OpenGL on the GPU path)
while a push runs. Prints one JSON line: the renderer used, frames, interval p50/p95/max.

Usage: ``DISPLAY=:N QT_QPA_PLATFORM=xcb .venv/bin/python bench/renderer_frames.py gpu``.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QAbstractAnimation, QEvent, QObject, QTimer

from kiosk.core.config import RunConfig
from kiosk.core.deck import commands as c
from kiosk.core.paths import BUNDLED_CONTENT
from kiosk.runtime.app import assemble_kiosk
from kiosk.runtime.application import make_application

PUSHES = 8


class _Frames(QObject):
    """Notes the time of every window frame while the stage's push animation runs."""

    def __init__(self, kiosk) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.times: list[float] = []

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.UpdateRequest and \
                self.kiosk.stage._push.state() == QAbstractAnimation.State.Running:
            self.times.append(time.perf_counter())
        return False


def main(argv: list[str]) -> int:
    renderer = argv[0] if argv else "gpu"
    content = Path(argv[1]) if len(argv) > 1 else BUNDLED_CONTENT
    config = RunConfig(content=content, data_dir=Path(tempfile.mkdtemp(prefix="star-frames-")),
                       supervised=False, renderer=renderer)
    kiosk = assemble_kiosk(config, operations_at_once=True)
    if kiosk is None:
        return 1
    app = make_application()
    frames = _Frames(kiosk)
    kiosk.window.installEventFilter(frames)
    intervals: list[float] = []
    done = [0]

    def push() -> None:
        frames.times.clear()
        kiosk.dispatch(c.next_slide("key"))
        QTimer.singleShot(1500, collect)

    def collect() -> None:
        times = frames.times
        intervals.extend(1000 * (b - a) for a, b in zip(times, times[1:], strict=False))
        done[0] += 1
        if done[0] < PUSHES:
            push()
            return
        ordered = sorted(intervals)
        decision = kiosk.renderer
        print(json.dumps({"renderer": decision.path, "gl_renderer": decision.gl_renderer,
                          "intervals": len(ordered),
                          "p50_ms": round(statistics.median(ordered), 1),
                          "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
                          "max_ms": round(ordered[-1], 1)}), flush=True)
        kiosk.request_exit(0)

    QTimer.singleShot(3000, push)
    app.exec()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

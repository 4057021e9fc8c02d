"""In-process measuring instruments: frame times, CPU time, resident memory, object counts.

Frames: a top-level QWidget is repainted when it handles ``QEvent.UpdateRequest`` (the
repaint manager posts one per dirty frame; handling it paints every dirty widget into the
backing store and flushes it to the platform window). :class:`FrameProbe` filters that event on
the window, runs it itself and records when it started and ended: the end is the moment the
frame was handed to the platform — on the offscreen platform, copied into a QImage. There is no
vsync offscreen, so what this measures is when frames are *produced* (animation-timer pacing
plus the cost of painting in software), not when a monitor would show them.
"""

from __future__ import annotations

import ctypes
import gc
import math
import os
import resource
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

FRAME_60HZ_MS = 1000.0 / 60.0
"""One frame at 60 Hz."""
LATE_FACTOR = 1.5
"""A frame interval over this many 60 Hz periods counts as late (a visible stutter)."""


class FrameProbe(QObject):
    """Records the start and end (``perf_counter`` seconds) of every frame of ``window``."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.frames: list[tuple[float, float]] = []
        """(start, end) of each frame, oldest first."""
        self.on_frame: Callable[[float], None] | None = None
        """Called with the end time right after each frame."""
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.UpdateRequest:
            start = time.perf_counter()
            self.window.event(event)  # paint + flush now, so the end time is the real end
            end = time.perf_counter()
            self.frames.append((start, end))
            if self.on_frame is not None:
                self.on_frame(end)
            return True
        return False

    def clear(self) -> None:
        self.frames.clear()

    def detach(self) -> None:
        self.window.removeEventFilter(self)


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` (0..1) percentile by nearest rank; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def frame_stats(intervals_ms: list[float], costs_ms: list[float]) -> dict[str, float]:
    """p50/p95/p99 of frame intervals and of paint costs, and the late-frame count."""
    late = sum(1 for value in intervals_ms if value > LATE_FACTOR * FRAME_60HZ_MS)
    return {
        "frames": len(costs_ms),
        "intervals": len(intervals_ms),
        "interval_p50_ms": percentile(intervals_ms, 0.50),
        "interval_p95_ms": percentile(intervals_ms, 0.95),
        "interval_p99_ms": percentile(intervals_ms, 0.99),
        "interval_max_ms": max(intervals_ms) if intervals_ms else math.nan,
        "late_frames": late,
        "paint_p50_ms": percentile(costs_ms, 0.50),
        "paint_p95_ms": percentile(costs_ms, 0.95),
        "paint_max_ms": max(costs_ms) if costs_ms else math.nan,
    }


def spin(milliseconds: float) -> None:
    """Run the Qt event loop for ``milliseconds`` (timers, animations and paints all run)."""
    loop = QEventLoop()
    QTimer.singleShot(max(0, round(milliseconds)), loop.quit)
    loop.exec()


def spin_until(condition: Callable[[], bool], timeout_ms: float, step_ms: int = 5) -> bool:
    """Run the event loop until ``condition()`` holds or ``timeout_ms`` passes."""
    deadline = time.perf_counter() + timeout_ms / 1000.0
    while not condition():
        if time.perf_counter() >= deadline:
            return False
        spin(step_ms)
    return True


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure_cpu(seconds: float) -> float:
    """Percent of one core the process uses while its event loop runs for ``seconds``."""
    cpu_before, wall_before = cpu_seconds(), time.perf_counter()
    spin(seconds * 1000.0)
    cpu_after, wall_after = cpu_seconds(), time.perf_counter()
    return 100.0 * (cpu_after - cpu_before) / max(1e-9, wall_after - wall_before)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (ru_maxrss)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def release_free_memory() -> None:
    """Hand memory the allocator holds but no longer uses back to the system (glibc only).

    Without it RSS is the allocator's high-water mark, which swings by tens of MB with what
    the last slides painted; a leak census should count memory in use.
    """
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: RSS stays a high-water mark


def current_rss_mb() -> float:
    """Resident set size now, in MiB (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()


def live_objects() -> dict[str, int]:
    """Counts that must stay flat in a long run: widgets, QObjects under the app, timers."""
    app = QApplication.instance()
    gc.collect()
    counts = {"widgets": len(QApplication.allWidgets())}
    if app is not None:
        children = app.findChildren(QObject)
        counts["app_children"] = len(children)
        counts["timers"] = len(app.findChildren(QTimer))
    windows = QApplication.topLevelWidgets()
    counts["objects_under_windows"] = sum(len(w.findChildren(QObject)) for w in windows)
    counts["timers_under_windows"] = sum(len(w.findChildren(QTimer)) for w in windows)
    counts["top_level_widgets"] = len(windows)
    counts["python_objects"] = len(gc.get_objects())
    return counts

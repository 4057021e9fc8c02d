"""``star-kiosk bench``: start-up, load, frame pacing, swipe latency, CPU and memory.

Every figure that has a natural floor is printed beside a baseline measured in the same run —
a bare PySide6 window showing one label — and the ratio, so the numbers read against what Qt
itself costs on this machine rather than as absolute times (the machine may be shared and
noisy). Each measurement runs in a fresh child process on Qt's offscreen platform, with a
virtual screen of the size being measured:

* start-up: from just before spawning the process to its first frame painted (the label; the
  first slide), median of N runs, the two programs alternating so noise hits both alike;
* load: ``load_deck`` on the bundled content and on a generated 200-slide deck (in-process,
  median of warm runs);
* frames: the real kiosk driven through a series of transitions; each frame's start and end
  are recorded on the window, and the intervals between frames *while something animates*
  give p50/p95/p99 and the late ones (> 1.5 × 16.7 ms). Offscreen there is no vsync and
  painting is software rasterisation into a QImage: this measures how fast frames are
  produced, which bounds what a real screen would show;
* swipe latency: a mouse press and moves on the window; time from each move event to the end
  of the first frame in which the slide has moved;
* CPU: percent of one core over a static (paused) slide and over the attract loop, from
  ``getrusage`` in the child; the bare window's idle CPU alongside;
* memory: peak RSS (``ru_maxrss``) of the kiosk child that ran the loop vs the bare window.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.tools.bench_support import RESULT_PREFIX
from kiosk.tools.bench_support.startup import BARE_WINDOW, KIOSK, PAINTED
from kiosk.tools.options import BenchOptions

KEYS = (
    "startup_ms", "baseline_startup_ms", "load_ms", "load_200_ms", "frame_p95_ms_1080p",
    "late_frames_1080p", "frame_p95_ms_2160p", "swipe_latency_ms", "static_cpu_percent",
    "loop_cpu_percent", "peak_rss_mb", "baseline_rss_mb",
)
"""The keys the issue asks for, always present in the JSON (more follow them)."""

Json = dict[str, Any]
"""What a measuring child printed (a JSON object)."""

SIZES = {"1080p": (1920, 1080), "2160p": (3840, 2160)}


def bench_command(options: BenchOptions) -> int:
    """Run every measurement and print a table (or, with ``--json``, one JSON object)."""
    results = run_benchmark(quick=options.quick, progress=_progress)
    if options.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print(format_table(results))
    return 0 if not results.get("errors") else 1


def _progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------ orchestration


def run_benchmark(*, quick: bool = False,
                  progress: Callable[[str], None] = _progress) -> dict[str, object]:
    """Every measurement; returns the figures (the issue's keys first, then details)."""
    started = time.perf_counter()
    runs = 3 if quick else 5
    results: dict[str, object] = {key: None for key in KEYS}
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="star-bench-") as scratch:
        work = Path(scratch)
        configs = {name: _screen_config(work, name, size) for name, size in SIZES.items()}

        progress(f"start-up, {runs} runs each of the bare window and the kiosk")
        bare, kiosk = _startup_runs(runs, configs["1080p"], work, errors)
        results["startup_ms"] = _median(kiosk)
        results["baseline_startup_ms"] = _median(bare)
        results["startup_runs_ms"] = kiosk
        results["baseline_startup_runs_ms"] = bare

        progress("loading the bundled deck and a generated 200-slide deck")
        results.update(_load_times(work, repeats=runs))

        seconds = {"static": 5.0 if quick else 10.0, "loop": 20.0 if quick else 60.0}
        progress(f"bare window idle CPU and memory ({seconds['static']:.0f} s)")
        bare_run = _child("bare", configs["1080p"], work, errors,
                          ["--seconds", str(seconds["static"])])
        results["baseline_idle_cpu_percent"] = bare_run.get("idle_cpu_percent")
        results["baseline_rss_mb"] = bare_run.get("peak_rss_mb")

        progress("kiosk at 1920x1080: transitions, swipe, static slide "
                 f"({seconds['static']:.0f} s), attract loop ({seconds['loop']:.0f} s)")
        run = _child("kiosk", configs["1080p"], work, errors, [
            "--transitions", str(6 if quick else 12), "--static", str(seconds["static"]),
            "--loop", str(seconds["loop"]), "--swipes", str(10 if quick else 20)])
        frames = run.get("frames", {})
        results["frame_p95_ms_1080p"] = frames.get("interval_p95_ms")
        results["late_frames_1080p"] = frames.get("late_frames")
        swipe = run.get("swipe", {})
        results["swipe_latency_ms"] = swipe.get("latency_p50_ms")
        results["static_cpu_percent"] = run.get("static_cpu_percent")
        results["loop_cpu_percent"] = run.get("loop_cpu_percent")
        results["peak_rss_mb"] = run.get("peak_rss_mb")

        progress("kiosk at 3840x2160: transitions")
        big = _child("kiosk", configs["2160p"], work, errors, [
            "--transitions", str(4 if quick else 8), "--static", "0", "--loop", "0",
            "--swipes", "0"])
        big_frames = big.get("frames", {})
        results["frame_p95_ms_2160p"] = big_frames.get("interval_p95_ms")

        results.update(_details(results, frames, big_frames, swipe, run, big))
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    results["quick"] = quick
    results["machine"] = machine()
    if errors:
        results["errors"] = errors
    return results


def _details(results: dict[str, object], frames: Json, big_frames: Json, swipe: Json,
             run: Json, big: Json) -> dict[str, object]:
    """The supporting figures: ratios, other percentiles, paint costs, what was done."""
    details: dict[str, object] = {
        "startup_ratio": _ratio(results["startup_ms"], results["baseline_startup_ms"]),
        "rss_ratio": _ratio(results["peak_rss_mb"], results["baseline_rss_mb"]),
        "static_cpu_ratio": _ratio(results["static_cpu_percent"],
                                   results["baseline_idle_cpu_percent"]),
        "load_200_ratio": _ratio(results["load_200_ms"], results["load_ms"]),
    }
    for suffix, data in (("1080p", frames), ("2160p", big_frames)):
        for name in ("interval_p50_ms", "interval_p99_ms", "interval_max_ms", "paint_p50_ms",
                     "paint_p95_ms", "paint_max_ms", "frames", "intervals", "late_frames"):
            details[f"frame_{name}_{suffix}"] = data.get(name)
    details["swipe_latency_p95_ms"] = swipe.get("latency_p95_ms")
    details["swipe_moves"] = swipe.get("moves")
    for name in ("static_paints", "static_seconds", "loop_paints", "loop_transitions",
                 "loop_seconds", "loop_slide_seconds", "transitions_measured", "startup_note"):
        if name in run:
            details[name] = run[name]
    details["peak_rss_mb_2160p"] = big.get("peak_rss_mb")
    return details


def _screen_config(work: Path, name: str, size: tuple[int, int]) -> str:
    """A QT_QPA_PLATFORM value for an offscreen screen of ``size`` pixels."""
    config = work / f"screen-{name}.json"
    config.write_text(json.dumps({"screens": [{
        "name": f"bench-{name}", "x": 0, "y": 0, "width": size[0], "height": size[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={config}"


def _env(platform_spec: str, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = platform_spec
    env["STAR_BENCH_DATA"] = str(work / "data")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def _startup_runs(runs: int, platform_spec: str, work: Path,
                  errors: list[str]) -> tuple[list[float], list[float]]:
    bare: list[float] = []
    kiosk: list[float] = []
    _spawn_painted(BARE_WINDOW, platform_spec, work, errors)  # warm the disk cache for both
    _spawn_painted(KIOSK, platform_spec, work, errors)
    for _ in range(runs):
        for code, out in ((BARE_WINDOW, bare), (KIOSK, kiosk)):
            value = _spawn_painted(code, platform_spec, work, errors)
            if value is not None:
                out.append(round(value * 1000.0, 1))
    return bare, kiosk


def _spawn_painted(code: str, platform_spec: str, work: Path, errors: list[str]) -> float | None:
    env = _env(platform_spec, work)
    env["STAR_BENCH_T0"] = repr(time.time())
    try:
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, timeout=60)
    except subprocess.TimeoutExpired:
        errors.append("start-up child did not paint within 60 s")
        return None
    for line in done.stdout.splitlines():
        if line.startswith(PAINTED):
            return float(line.split()[1])
    errors.append(f"start-up child exited {done.returncode} without painting: "
                  f"{done.stderr.strip()[-400:]}")
    return None


def _child(phase: str, platform_spec: str, work: Path, errors: list[str],
           arguments: list[str]) -> Json:
    """Run ``kiosk.tools.bench_support.child`` for ``phase``; its JSON result (empty on failure)."""
    command = [sys.executable, "-m", "kiosk.tools.bench_support.child", phase, *arguments]
    try:
        done = subprocess.run(command, env=_env(platform_spec, work), capture_output=True,
                              text=True, timeout=600)
    except subprocess.TimeoutExpired:
        errors.append(f"{phase} child timed out")
        return {}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            result: Json = json.loads(line[len(RESULT_PREFIX):])
            return result
    errors.append(f"{phase} child exited {done.returncode}: {done.stderr.strip()[-800:]}")
    return {}


def _load_times(work: Path, repeats: int) -> dict[str, object]:
    from kiosk.core.content.loader import load_deck
    from kiosk.tools.bench_support.decks import write_large_deck

    large = write_large_deck(work / "deck-200")
    figures: dict[str, object] = {}
    for key, folder in (("load_ms", None), ("load_200_ms", large)):
        first = None
        times = []
        for attempt in range(repeats + 1):
            begun = time.perf_counter()
            result = load_deck(folder)
            elapsed = (time.perf_counter() - begun) * 1000.0
            if result.deck is None:
                figures[f"{key}_problems"] = [str(p) for p in result.errors[:5]]
            if attempt == 0:
                first = elapsed
            else:
                times.append(elapsed)
        figures[key] = round(statistics.median(times), 1)
        figures[f"{key}_first"] = round(first or math.nan, 1)
    return figures


# ------------------------------------------------------------------------------ reporting


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    import PySide6

    info: dict[str, object] = {
        "cpu": _cpu_model(), "cores": os.cpu_count(), "ram_gb": _ram_gb(),
        "os": platform.platform(), "python": platform.python_version(),
        "pyside6": PySide6.__version__, "qpa": "offscreen (software raster)",
    }
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _ratio(value: object, base: object) -> float | None:
    if not isinstance(value, (int, float)) or not isinstance(base, (int, float)) or base <= 0:
        return None
    return round(value / base, 2)


TARGETS = {
    "startup_ms": "≤ 1.5 × baseline",
    "frame_p95_ms_1080p": "≤ 16.7 ms",
    "late_frames_1080p": "0",
    "swipe_latency_ms": "≤ 16.7 ms",
    "static_cpu_percent": "≤ 1 %",
    "loop_cpu_percent": "≤ 10 %",
    "peak_rss_mb": "≤ 200 MB",
}


def format_table(results: dict[str, object]) -> str:
    """The figures as a plain-text table: figure, value, baseline, ratio, target."""
    def fmt(value: object, unit: str = "") -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        if isinstance(value, float):
            return f"{value:,.1f}{unit}"
        return f"{value}{unit}"

    rows = [
        ("start-up to first slide", fmt(results["startup_ms"], " ms"),
         fmt(results["baseline_startup_ms"], " ms"), fmt(results.get("startup_ratio"), "×"),
         "startup_ms"),
        ("load bundled deck", fmt(results["load_ms"], " ms"), "", "", ""),
        ("load 200-slide deck", fmt(results["load_200_ms"], " ms"), "", "", ""),
        ("frame interval p50 / p95 / p99, 1080p",
         f"{fmt(results.get('frame_interval_p50_ms_1080p'))} / "
         f"{fmt(results['frame_p95_ms_1080p'])} / "
         f"{fmt(results.get('frame_interval_p99_ms_1080p'))} ms", "", "", "frame_p95_ms_1080p"),
        ("late frames (> 25 ms), 1080p",
         f"{fmt(results['late_frames_1080p'])} of {fmt(results.get('frame_intervals_1080p'))}",
         "", "", "late_frames_1080p"),
        ("paint cost p50 / p95, 1080p",
         f"{fmt(results.get('frame_paint_p50_ms_1080p'))} / "
         f"{fmt(results.get('frame_paint_p95_ms_1080p'))} ms", "", "", ""),
        ("frame interval p50 / p95 / p99, 2160p",
         f"{fmt(results.get('frame_interval_p50_ms_2160p'))} / "
         f"{fmt(results['frame_p95_ms_2160p'])} / "
         f"{fmt(results.get('frame_interval_p99_ms_2160p'))} ms", "", "", ""),
        ("late frames (> 25 ms), 2160p",
         f"{fmt(results.get('frame_late_frames_2160p'))} of "
         f"{fmt(results.get('frame_intervals_2160p'))}", "", "", ""),
        ("paint cost p50 / p95, 2160p",
         f"{fmt(results.get('frame_paint_p50_ms_2160p'))} / "
         f"{fmt(results.get('frame_paint_p95_ms_2160p'))} ms", "", "", ""),
        ("swipe latency p50 / p95", f"{fmt(results['swipe_latency_ms'])} / "
         f"{fmt(results.get('swipe_latency_p95_ms'))} ms", "", "", "swipe_latency_ms"),
        ("CPU, static slide", fmt(results["static_cpu_percent"], " %"),
         fmt(results.get("baseline_idle_cpu_percent"), " %"),
         fmt(results.get("static_cpu_ratio"), "×"), "static_cpu_percent"),
        ("CPU, attract loop", fmt(results["loop_cpu_percent"], " %"), "", "",
         "loop_cpu_percent"),
        ("peak RSS", fmt(results["peak_rss_mb"], " MB"), fmt(results["baseline_rss_mb"], " MB"),
         fmt(results.get("rss_ratio"), "×"), "peak_rss_mb"),
    ]
    header = ("figure", "kiosk", "bare window", "ratio", "target")
    table = [header] + [(a, b, c, d, TARGETS.get(key, "")) for a, b, c, d, key in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
             for row in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    box = typing.cast(Json, results.get("machine", {}))
    notes = [
        "",
        f"machine: {box.get('cpu')}, {box.get('cores')} cores, {box.get('ram_gb')} GB; "
        f"{box.get('os')}; Python {box.get('python')}, PySide6 {box.get('pyside6')}",
        "offscreen platform, software rendering, no vsync: frame figures say how fast frames "
        "are produced.",
    ]
    if "loop_transitions" in results:
        notes.append(f"attract loop: {results.get('loop_seconds')} s, "
                     f"{results.get('loop_transitions')} transitions, "
                     f"{results.get('loop_paints')} frames; static slide: "
                     f"{results.get('static_paints')} frames in {results.get('static_seconds')} s")
    notes.append(f"bench took {results.get('bench_seconds')} s"
                 + (" (--quick)" if results.get("quick") else ""))
    for error in typing.cast(list[str], results.get("errors", []) or []):
        notes.append(f"error: {error}")
    return "\n".join(lines + notes)

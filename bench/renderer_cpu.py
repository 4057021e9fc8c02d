"""CPU of the attract loop with each renderer (``--renderer gpu`` vs ``raster``) on a real
X server: the kiosk on Xvfb, the bundled deck at a fixed cadence, alternating renderers.

For each run: ``python -m kiosk run --no-supervise --renderer R`` on one Xvfb (GLX on, so
Mesa gives OpenGL — on a machine without a GPU that is llvmpipe, software), a warm-up, then
user+system CPU time of the kiosk and of the X server from ``/proc/PID/stat`` over a window,
as % of one core; the slides shown in the window, peak RSS (VmHWM), and the renderer the
kiosk logged in its ``started`` event (so a run that fell back to raster is seen).

Usage: ``.venv/bin/python bench/renderer_cpu.py [--rounds 3] [--seconds 20] [--slide 2 12]``
(from the repository root). Prints one JSON line per run, then a median table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14, 15)


def peak_rss_mb(pid: int) -> float:
    match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(match.group(1)) / 1024 if match else float("nan")


def free_display() -> int:
    for number in range(140, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and \
                not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


def content_at(folder: Path, seconds: float) -> Path:
    """A copy of the bundled content where every slide shows ``seconds``."""
    shutil.copytree(ROOT / "content", folder)
    for path in folder.glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        out = []
        for line in lines:
            if re.match(r"^\s*duration:", line):
                continue  # a slide's own duration would override the cadence
            line = re.sub(r"^(\s*slide_duration:).*", rf"\g<1> {seconds:g}", line)
            out.append(line)
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


def events(path: Path) -> list[dict]:
    try:
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    except OSError:
        return []


def one_run(display: str, xvfb_pid: int, content: Path, renderer: str, warmup: float,
            seconds: float) -> dict:
    data = Path(tempfile.mkdtemp(prefix="star-renderer-"))
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "PYTHONPATH": str(ROOT)}
    env.pop("WAYLAND_DISPLAY", None)
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--no-supervise", "--content", str(content),
         "--data-dir", str(data), "--renderer", renderer],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        time.sleep(warmup)
        shown_before = sum(e["event"] == "slide_shown" for e in events(data / "events.jsonl"))
        app0, x0, t0 = cpu_seconds(kiosk.pid), cpu_seconds(xvfb_pid), time.monotonic()
        time.sleep(seconds)
        app1, x1, t1 = cpu_seconds(kiosk.pid), cpu_seconds(xvfb_pid), time.monotonic()
        log = events(data / "events.jsonl")
        started = next((e for e in log if e["event"] == "started"), {})
        return {
            "asked": renderer,
            "renderer": started.get("renderer"),
            "gl_renderer": started.get("gl_renderer"),
            "app_cpu_percent": round(100 * (app1 - app0) / (t1 - t0), 1),
            "x_cpu_percent": round(100 * (x1 - x0) / (t1 - t0), 1),
            "slides_shown": sum(e["event"] == "slide_shown" for e in log) - shown_before,
            "peak_rss_mb": round(peak_rss_mb(kiosk.pid), 1),
            "alive": kiosk.poll() is None,
        }
    finally:
        kiosk.kill()
        kiosk.wait(10)
        shutil.rmtree(data, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20.0, help="measuring window")
    parser.add_argument("--warmup", type=float, default=8.0)
    parser.add_argument("--slide", type=float, nargs="+", default=[2.0],
                        help="seconds per slide (one series per value)")
    parser.add_argument("--renderers", nargs="+", default=["gpu", "raster"])
    parser.add_argument("--size", default="1920x1080")
    options = parser.parse_args(argv)
    number = free_display()
    display = f":{number}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{options.size}x24",
                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    work = Path(tempfile.mkdtemp(prefix="star-renderer-content-"))
    rows: list[dict] = []
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.1)
        for cadence in options.slide:
            content = content_at(work / f"at-{cadence:g}s", cadence)
            for round_number in range(options.rounds):
                for renderer in options.renderers:
                    row = one_run(display, xvfb.pid, content, renderer, options.warmup,
                                  options.seconds)
                    row.update(slide_seconds=cadence, round=round_number,
                               load=os.getloadavg()[0])
                    print(json.dumps(row), flush=True)
                    rows.append(row)
    finally:
        xvfb.kill()
        xvfb.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nmedians of {options.rounds} ({options.size}, {options.seconds:g} s windows):")
    print("| s/slide | asked | used | CPU app % | CPU X % | slides | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for cadence in options.slide:
        for renderer in options.renderers:
            mine = [r for r in rows if r["slide_seconds"] == cadence and r["asked"] == renderer]
            used = {str(r["renderer"]) for r in mine}
            print(f"| {cadence:g} | {renderer} | {', '.join(sorted(used))} | "
                  f"{statistics.median(r['app_cpu_percent'] for r in mine):.1f} | "
                  f"{statistics.median(r['x_cpu_percent'] for r in mine):.1f} | "
                  f"{statistics.median(r['slides_shown'] for r in mine):g} | "
                  f"{statistics.median(r['peak_rss_mb'] for r in mine):.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

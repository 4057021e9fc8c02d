"""Input floods: ``.venv/bin/python bench/input_flood.py [--rate 180] [--seconds 5]``.

The real kiosk (bundled content, offscreen, windowed) gets taps at ``--rate`` a second on one
control for ``--seconds``, as a ghost-touching panel or a hammering visitor would: the
language toggle, the next button, the progress dots. A 10-ms timer stands in for the
heartbeat; the longest gap between its ticks is how long the GUI thread was stalled (the
supervisor kills the kiosk as hung after 5 s without a heartbeat). Prints, per control, the
taps delivered, the longest stall, CPU seconds, and the lines the event log got.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def flood(kiosk, target: str, rate: float, seconds: float) -> dict[str, float]:
    from PySide6.QtCore import QPoint, Qt, QTimer
    from PySide6.QtTest import QTest

    from kiosk.tools.bench_support import probe

    chrome = kiosk.chrome
    lines_before = _lines(kiosk)
    ticks: list[float] = []
    beat = QTimer()
    beat.setInterval(10)
    beat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    taps = 0

    def tap() -> None:
        nonlocal taps
        taps += 1
        if target == "language":
            QTest.mouseClick(chrome.language_button, Qt.MouseButton.LeftButton)
        elif target == "next":
            QTest.mouseClick(chrome.next_button, Qt.MouseButton.LeftButton)
        else:  # dots: jump to the slide after the current one
            dots = chrome.dots
            cell = dots.cell_rect((dots.current + 1) % kiosk.state.count).center().toPoint()
            QTest.mouseClick(dots, Qt.MouseButton.LeftButton, pos=QPoint(cell))

    tapper = QTimer()
    tapper.setInterval(max(1, round(1000 / rate)))
    tapper.timeout.connect(tap)
    cpu = probe.cpu_seconds()
    started = time.perf_counter()
    ticks.append(started)
    beat.start()
    tapper.start()
    probe.spin(seconds * 1000)
    tapper.stop()
    probe.spin(500)  # what the taps left to do
    beat.stop()
    ticks.append(time.perf_counter())
    stall = max(b - a for a, b in zip(ticks, ticks[1:], strict=False))
    return {"taps": taps, "taps_per_s": taps / seconds, "longest_stall_ms": stall * 1000,
            "cpu_s": probe.cpu_seconds() - cpu, "event_lines": _lines(kiosk) - lines_before}


def _lines(kiosk) -> int:
    path = kiosk.events.path
    if not path.exists():
        return 0
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines()
               if json.loads(line)["event"] != "started")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=180.0, help="taps a second")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--targets", default="language,next,dots")
    options = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from kiosk.tools.bench_support.endurance import build_kiosk, settle

    app = QApplication.instance() or QApplication([])
    kiosk = build_kiosk(data_dir=tempfile.mkdtemp(prefix="star-flood-"), kiosk_mode=False)
    settle(kiosk)
    print(f"input flood: {options.rate:g} taps/s for {options.seconds:g} s per control")
    for target in options.targets.split(","):
        result = flood(kiosk, target, options.rate, options.seconds)
        settle(kiosk)
        print(f"  {target:9} {result['taps']:5.0f} taps ({result['taps_per_s']:5.1f}/s)  "
              f"longest stall {result['longest_stall_ms']:7.1f} ms  "
              f"CPU {result['cpu_s']:5.2f} s  event lines {result['event_lines']:5.0f}")
    kiosk.shutdown()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

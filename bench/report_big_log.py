"""How long ``star-kiosk report`` takes, and how much memory, on a large event log.

Writes a made-up log of about ``--megabytes`` MB (the simulated opening days of
``tests/tools/report_events.py``, with hostile lines mixed in: a line nested 100,000 deep,
a 1 MB line, a line cut mid-write), then runs ``python -m kiosk report --out report.png`` on
it in a child process and prints the wall time and the child's peak resident memory.

    python bench/report_big_log.py --megabytes 200 [--keep DIR [--reuse]]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.tools.report_events import lines, simulated_log  # noqa: E402

HOSTILE = ["[" * 100_000 + "]" * 100_000, "x" * 1_000_000, '{"time": "2025-06-0']


def write_log(folder: Path, megabytes: float) -> tuple[int, int]:
    """A log of about ``megabytes`` MB in ``folder``; returns (bytes, lines)."""
    target = megabytes * 1024 * 1024
    written = count = 0
    start = datetime(2025, 1, 6, 9, tzinfo=timezone(timedelta(hours=8)))
    with open(folder / "events.jsonl", "w", encoding="utf-8") as stream:
        block = 0
        while written < target:
            # 30 days at a time, 60 visitors a day; a fresh seed per block.
            for line in lines(simulated_log(start + timedelta(days=30 * block), 30, 60,
                                            seed=block)):
                stream.write(line)
                written += len(line.encode())
                count += 1
            for line in HOSTILE:
                stream.write(line + "\n")
                written += len(line) + 1
                count += 1
            block += 1
    return written, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=200.0)
    parser.add_argument("--keep", metavar="DIR", help="write the log and report here")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the log already in --keep DIR instead of writing one")
    options = parser.parse_args()
    folder = Path(options.keep or tempfile.mkdtemp(prefix="report-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "events.jsonl"
    if options.reuse and log.exists():
        size, count = log.stat().st_size, sum(1 for _ in open(log, "rb"))
    else:
        size, count = write_log(folder, options.megabytes)
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "report", "--data-dir", str(folder),
         "--out", str(folder / "report.png"), "--name", "bench"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"log_mb": round(size / 2**20, 1), "lines": count,
                      "seconds": round(elapsed, 1),
                      "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                      "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                      "exit": result.returncode}))
    print(result.stdout.splitlines()[2] if result.stdout else result.stderr[-2000:])
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())

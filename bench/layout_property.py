"""Many generated decks through the layout audit: the suite's property test
(tests/tools/test_layout_property.py) with more examples and a fresh random seed.

    .venv/bin/python bench/layout_property.py --examples 500

Prints the examples run, the time they took, and pytest's verdict; exits as pytest does.
A failure prints the smallest deck Hypothesis found whose fault ``check`` did not report.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument("--seed", default=str(int(time.time())))
    options = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LAYOUT_EXAMPLES=str(options.examples),
               LAYOUT_SEED=options.seed)
    started = time.monotonic()
    status = subprocess.call(
        [sys.executable, "-m", "pytest", "tests/tools/test_layout_property.py", "-q",
         "-p", "no:cacheprovider", "--hypothesis-show-statistics",
         f"--hypothesis-seed={options.seed}"], cwd=ROOT, env=env)
    took = time.monotonic() - started
    print(f"layout property: {options.examples} examples, seed {options.seed}, "
          f"{took:.0f} s ({took / max(1, options.examples) * 1000:.0f} ms per example), "
          f"{'held' if status == 0 else 'FAILED'}")
    return status


if __name__ == "__main__":
    sys.exit(main())

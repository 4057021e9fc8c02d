"""Memory by deck size: ``.venv/bin/python bench/deck_memory.py [--slides 100 1000]``.

Generates decks of N slides (the test deck ``tests/decks/harbour`` repeated, every slide with
its own id, so every slide type and picture is in it) and runs ``star-kiosk check`` and
``star-kiosk export`` on each as a separate process, printing each one's peak resident memory
(``ru_maxrss`` of the child) and wall time. ``check`` runs at one screen and one language so
the 1,000-slide figure takes minutes, not an hour; memory per slide is what is measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests" / "decks" / "harbour"


def make_deck(folder: Path, slides: int) -> Path:
    """A content folder of ``slides`` slides: the harbour deck's slides over and over."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SOURCE / "images", folder / "images", dirs_exist_ok=True)
    pattern = yaml.safe_load((SOURCE / "slides.yaml").read_text(encoding="utf-8"))
    out = []
    for number in range(slides):
        slide = dict(pattern[number % len(pattern)])
        slide["id"] = f"{slide['id']}-{number:04d}"
        out.append(slide)
    (folder / "slides.yaml").write_text(yaml.safe_dump(out, allow_unicode=True),
                                        encoding="utf-8")
    shutil.copy(SOURCE / "deck.yaml", folder / "deck.yaml")
    return folder


def measure(command: list[str]) -> tuple[int, float, float]:
    """Run ``command``; its exit status, peak RSS in MB (its own ``ru_maxrss``, from
    ``wait4``) and wall seconds."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err,
                                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - start
        if process.returncode not in (0, 1):
            err.seek(0)
            print(err.read().decode(errors="replace")[-2000:], file=sys.stderr)
    return process.returncode, usage.ru_maxrss / 1024, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--only", choices=("check", "export"))
    options = parser.parse_args()
    kiosk = [sys.executable, "-m", "kiosk"]
    with tempfile.TemporaryDirectory(prefix="deck-memory-") as temporary:
        for slides in sorted(options.slides):
            deck = make_deck(Path(temporary) / f"deck-{slides}", slides)
            runs = {"check": [*kiosk, "check", str(deck), "--size", "1920x1080", "--lang", "en"],
                    "export": [*kiosk, "export", str(deck), "--out",
                               str(Path(temporary) / f"out-{slides}")]}
            for name, command in runs.items():
                if options.only and name != options.only:
                    continue
                status, peak, wall = measure(command)
                print(f"{name:6} {slides:5} slides: peak RSS {peak:7.0f} MB, "
                      f"{wall:6.1f} s, exit {status}", flush=True)
            shutil.rmtree(Path(temporary) / f"out-{slides}", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

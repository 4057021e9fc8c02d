"""Compare two folders of PNGs pixel by pixel: the look must not change with the rendering.

For each file present in both folders, prints the largest channel difference and how many
pixels differ by more than ``--tolerance`` (anti-aliasing noise is at most a few levels).
Exit status 1 if any file differs beyond the tolerance or is missing. Usage::

    python bench/compare_png.py BEFORE_DIR AFTER_DIR [--tolerance 8] [--max-pixels 0]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Print one line per PNG and a verdict; return 0 when every pair matches."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--tolerance", type=int, default=8,
                        help="channel difference still counted as anti-aliasing noise")
    parser.add_argument("--max-pixels", type=int, default=0,
                        help="pixels allowed beyond the tolerance per image")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import numpy as np
    from PySide6.QtGui import QImage

    def pixels(path: Path) -> np.ndarray:
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
        data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
        # Copied: the array must outlive the QImage whose memory it reads.
        return data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4].copy()

    before, after = Path(args.before), Path(args.after)
    failed = 0
    names = sorted(p.name for p in before.glob("*.png"))
    for name in names:
        if not (after / name).exists():
            print(f"{name}: missing in {after}")
            failed += 1
            continue
        a, b = pixels(before / name), pixels(after / name)
        if a.shape != b.shape:
            print(f"{name}: size differs {a.shape} vs {b.shape}")
            failed += 1
            continue
        diff = np.abs(a.astype(np.int16) - b.astype(np.int16)).reshape(a.shape[0], -1, 4)
        worst = int(diff.max())
        beyond = int((diff.max(axis=2) > args.tolerance).sum())
        verdict = "ok" if beyond <= args.max_pixels else "DIFFERS"
        failed += verdict != "ok"
        print(f"{name}: max channel diff {worst}, {beyond} px beyond {args.tolerance}: {verdict}")
    print(f"{len(names)} images, {failed} differ")
    return 1 if failed or not names else 0


if __name__ == "__main__":
    sys.exit(main())

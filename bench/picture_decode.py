"""Pictures decoded once: ``.venv/bin/python bench/picture_decode.py [--posters 20]``.

Writes a deck of N picture slides, each with its own poster-size PNG (6000×6000, a few hundred
KB), and times ``validate`` (``load_deck``) with an empty picture cache (every poster decoded
in a limited child and kept) and again with the cache filled (a hash and a look-up each), then
prints the size of the kept copies. A fresh cache folder is used; the user's own is untouched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posters", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="picture-decode-") as temporary:
        os.environ["XDG_CACHE_HOME"] = str(Path(temporary) / "cache")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QColor, QImage, QImageWriter

        from kiosk.core.content.loader import load_deck
        from kiosk.core.content.picture_cache import cache_folder

        content = Path(temporary) / "content"
        (content / "images").mkdir(parents=True)
        slides = []
        for number in range(options.posters):
            image = QImage(6000, 6000, QImage.Format.Format_RGB32)
            image.fill(QColor.fromHsv(number * 17 % 360, 160, 200))
            for y in range(0, 6000, 250):
                image.setPixel(3000, y, 0xFFFFFFFF)
            writer = QImageWriter(str(content / "images" / f"poster-{number}.png"), b"png")
            writer.setQuality(0)  # zlib level 9: a flat poster is a small file
            writer.write(image)
            slides.append(f"  - {{id: poster-{number}, type: picture, fit: full-bleed, "
                          f"image: images/poster-{number}.png}}\n")
        (content / "deck.yaml").write_text(
            'settings:\n  title: {en: "Posters", zh: "海报"}\nslides:\n' + "".join(slides),
            encoding="utf-8")
        size = sum(p.stat().st_size for p in (content / "images").iterdir())
        print(f"{options.posters} posters of 6000×6000, {size / options.posters / 1e3:.0f} KB "
              "each on average")
        for run in ("cold cache", "warm cache"):
            start = time.monotonic()
            result = load_deck(content)
            took = time.monotonic() - start
            assert result.deck is not None, [str(p) for p in result.problems]
            print(f"validate, {run}: {took:6.2f} s ({took / options.posters * 1000:.0f} ms "
                  "a poster)")
            if run == "cold cache":
                # A restart: the hashes are worked out again, nothing is decoded.
                from kiosk.core.content import picture_cache

                picture_cache._hash_version.cache_clear()
        kept = [p for p in cache_folder().rglob("*.png")]
        print(f"kept copies: {len(kept)}, {sum(p.stat().st_size for p in kept) / 1e6:.1f} MB "
              "in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())

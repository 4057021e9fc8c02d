"""Render every slide of a deck part-way through its entrance, as PNGs, for before/after checks.

The entrance is driven by its animation clock, not by time passing, so two checkouts render
exactly the same instants and their PNGs can be compared pixel by pixel
(``bench/compare_png.py``). Usage, from the repository root::

    QT_QPA_PLATFORM=offscreen python bench/entrance_frames.py --out DIR [--content content]
        [--size 1920x1080] [--lang en] [--times 0,120,300,500,800,1200,3000]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Write OUT/NN-<id>-tTTTT.png for each slide and each time; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--content", default="content")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--lang", default=None)
    parser.add_argument("--times", default="0,120,300,500,800,1200,3000")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QPoint, QSize, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from kiosk.core.content.loader import load_deck
    from kiosk.runtime.fonts import load_bundled_fonts
    from kiosk.runtime.slides import create_slide_view
    from kiosk.runtime.theme import Look

    result = load_deck(args.content)
    if result.deck is None:
        print("\n".join(str(p) for p in result.errors), file=sys.stderr)
        return 1
    deck = result.deck
    app = QApplication.instance() or QApplication(["entrance-frames"])
    load_bundled_fonts()
    width, height = (int(v) for v in args.size.split("x"))
    look = Look(deck.settings.theme, QSize(width, height))
    language = args.lang or deck.settings.default_language
    times = [int(t) for t in args.times.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for number, slide in enumerate(deck.slides, start=1):
        view = create_slide_view(slide, look, language)
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        view.show()
        app.processEvents()
        view.enter()
        view.entrance.pause()
        for t in times:
            view.entrance.setCurrentTime(min(t, view.entrance.duration()))
            app.processEvents()
            image = QImage(look.size, QImage.Format.Format_RGB32)
            image.fill(look.color("background"))
            painter = QPainter(image)
            view.render(painter, QPoint(0, 0))
            painter.end()
            image.save(str(out / f"{number:02d}-{slide.id}-t{t:04d}.png"), "PNG")
        view.close()
        view.deleteLater()
        app.processEvents()
    print(f"wrote {len(deck.slides) * len(times)} frames to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

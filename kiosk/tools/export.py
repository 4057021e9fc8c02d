"""``star-kiosk export``: every slide in its settled state as PNG, plus a PDF handout.

Curators sign content off from these files without a touchscreen; it runs headless (Qt's
offscreen platform is chosen when there is no display).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

PDF_LONG_SIDE_MM = 297.0
"""The handout's pages are A4-wide on their long side, shaped like the screen."""


class ExportOptions(Protocol):
    """What :func:`export_deck` reads from the parsed command line."""

    content: str
    out: str
    size: tuple[int, int]
    lang: str | None


def export_deck(options: ExportOptions) -> int:
    """Write OUT/NN-<id>.png for every slide and OUT/handout.pdf; return the exit status."""
    from kiosk.core.content.validate import load_deck

    result = load_deck(options.content)
    if result.deck is None:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        print(f"{options.content}: {len(result.errors)} error(s); nothing exported",
              file=sys.stderr)
        return 1
    deck = result.deck
    language = options.lang or deck.settings.default_language
    width, height = options.size
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)

    app = application()
    from PySide6.QtCore import QSize

    from kiosk.runtime.fonts import check_families, load_bundled_fonts
    from kiosk.runtime.theme import Look

    load_bundled_fonts()
    fonts = deck.settings.theme.fonts
    check_families(fonts.display, fonts.body)
    look = Look(deck.settings.theme, QSize(width, height))
    images = []
    for number, slide in enumerate(deck.slides, start=1):
        image = render_slide(slide, look, language)
        path = out / f"{number:02d}-{slide.id}.png"
        if not image.save(str(path), "PNG"):
            print(f"could not write {path}", file=sys.stderr)
            return 1
        images.append(image)
    pdf = out / "handout.pdf"
    write_handout(images, pdf)
    del app
    print(f"exported {len(images)} slides at {width}x{height} in {language} to {out} "
          f"(PNG per slide, {pdf.name})")
    return 0


def application():
    """The running QApplication, or a new one (offscreen when there is no display)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["star-kiosk-export"])


def render_slide(slide, look, language: str):
    """``slide`` drawn at ``look``'s size in its settled state, as a QImage."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from kiosk.runtime.slides import create_slide_view

    view = create_slide_view(slide, look, language)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.show()  # lays out children exactly as on screen
    QApplication.processEvents()
    view.settle()
    QApplication.processEvents()
    image = QImage(look.size, QImage.Format.Format_RGB32)
    image.fill(look.color("background"))
    painter = QPainter(image)
    view.render(painter, QPoint(0, 0))
    painter.end()
    view.close()
    view.deleteLater()
    return image


def write_handout(images: list, path: Path) -> None:
    """One page per image, shaped like the images (landscape or portrait), no margins."""
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    if not images:
        return
    first = images[0]
    ratio = first.height() / first.width()
    if ratio <= 1:
        page_mm = QSizeF(PDF_LONG_SIDE_MM, PDF_LONG_SIDE_MM * ratio)
    else:
        page_mm = QSizeF(PDF_LONG_SIDE_MM / ratio, PDF_LONG_SIDE_MM)
    writer = QPdfWriter(str(path))
    writer.setTitle("STAR Kiosk handout")
    writer.setCreator("star-kiosk export")
    writer.setResolution(150)
    writer.setPageLayout(QPageLayout(QPageSize(page_mm, QPageSize.Unit.Millimeter),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    for index, image in enumerate(images):
        if index:
            writer.newPage()
        target = QRectF(painter.viewport())
        painter.drawImage(target, image)
    painter.end()

"""``star-kiosk export``: every slide in its settled state as PNG, plus a PDF handout.

Curators sign content off from these files without a touchscreen; it runs headless (Qt's
offscreen platform is chosen when there is no display).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)



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
    from kiosk.runtime.wordbreak import segment_in_process

    load_bundled_fonts()
    segment_in_process()  # Chinese word breaks, as the kiosk lays text out once started
    fonts = deck.settings.theme.fonts
    check_families(fonts.display, fonts.body, fonts.latin)
    from kiosk.runtime import pictures

    # Pictures as sharp as this size needs (decoded again if larger than the deck's screens).
    pictures.set_screens([*deck.settings.screens, f"{width}x{height}"])
    look = Look(deck.settings.theme, QSize(width, height))
    # One slide at a time, each written and let go before the next: memory is that of one
    # slide, whatever the deck's length (the handout reads the PNGs back one by one).
    written: list[Path] = []
    gc.freeze()  # what is loaded so far stays: the per-slide collection skips it (fast)
    for number, slide in enumerate(deck.slides, start=1):
        image = render_slide(slide, look, language)
        path = out / f"{number:02d}-{slide.id}.png"
        saved = image.save(str(path), "PNG")
        del image
        pictures.forget_all()
        collect_released()
        if not saved:
            gc.unfreeze()
            print(f"could not write {path}", file=sys.stderr)
            return 1
        written.append(path)
    gc.unfreeze()
    # The fit check at this size, for every language of the deck: the handout says, slide by
    # slide, what does not fit, and the console lists it as check does.
    from kiosk.tools.fitcheck import Screen, check_deck

    problems = check_deck(deck, result.places, [Screen(width, height)])
    for problem in problems:
        print(problem, file=sys.stderr)
    pdf = out / "handout.pdf"
    write_handout(deck, written, problems, pdf)
    del app
    cut = sum(p.severity == "error" for p in problems)
    print(f"exported {len(written)} slides at {width}x{height} in {language} to {out} "
          f"(PNG per slide, {pdf.name}); fit check: "
          + (f"{cut} text(s) do not fit, listed above and in the handout" if cut
             else f"every text fits ({len(problems)} warning(s))"))
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
    release(view)
    return image


def release(view) -> None:
    """Close ``view`` and delete it now, with its children and pictures: ``check`` and
    ``export`` run no event loop, so a plain ``deleteLater`` would keep every slide's views
    until the end (tens of megabytes a slide). A chart's plot holds itself in a reference
    cycle (pyqtgraph's menus), which only the cycle collector frees (cheap after
    ``gc.freeze()``, which the callers do before their loop)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    global _cycles_left
    _cycles_left = _cycles_left or getattr(view, "plot", None) is not None
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


_cycles_left = False


def collect_released() -> None:
    """Free the reference cycles of released views (after the caller let go of them too):
    about 30 ms, so only when a chart was released since the last time."""
    global _cycles_left
    if _cycles_left:
        _cycles_left = False
        gc.collect()


def handout_document(deck, images: list, problems: list, page_width: float = 680):
    """The handout as one QTextDocument: per slide its picture (a QImage, or the path of the
    exported PNG), then every text a visitor can reach (tap-only details included) in every
    language, notes, full sources, the QR code's address and the fit check's findings. Text
    is real text: it flows onto as many pages as it needs and is never cut. ``page_width`` is
    in the document's pixels, 96 per inch (an A4 page inside its margins is about 680).

    :func:`write_handout` prints the same, one slide's document at a time."""
    document = _new_document()
    parts = [_handout_heading(deck)]
    for number, (slide, image) in enumerate(zip(deck.slides, images, strict=True), start=1):
        name = f"slide-{number}"
        document.addResource(_IMAGE_RESOURCE(), _url(name), _as_image(image))
        parts.append(_slide_html(slide, number, name, problems, deck.settings.languages,
                                 page_width))
    document.setHtml("".join(parts))
    return document


def _new_document():
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setDefaultStyleSheet(
        "h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 12pt; }"
        " td { padding: 2pt 6pt; vertical-align: top; } .muted { color: #555; }"
        " .error { color: #B00020; } .warning { color: #8A5A00; }")
    return document


def _IMAGE_RESOURCE():  # noqa: N802 (reads as the constant it stands for)
    from PySide6.QtGui import QTextDocument

    return QTextDocument.ResourceType.ImageResource


def _url(name: str):
    from PySide6.QtCore import QUrl

    return QUrl(name)


def _as_image(image):
    from PySide6.QtGui import QImage

    return image if isinstance(image, QImage) else QImage(str(image))


def _handout_heading(deck) -> str:
    languages = deck.settings.languages
    return (f"<h1>{_e(deck.settings.title.get(languages[0]))}</h1>"
            f"<p class='muted'>{len(deck.slides)} slides · languages {', '.join(languages)}"
            f" · screens {', '.join(deck.settings.screens)}</p>")


def _slide_html(slide, number: int, image_name: str, problems: list, languages,
                page_width: float, *, break_before: bool = True) -> str:
    """One slide's part of the handout."""
    from kiosk.core.content.model import slide_sources
    from kiosk.tools.fitcheck import named_texts

    parts = []
    width = round(page_width * 0.9)
    # Each slide starts a page: a curator signs off slide by slide.
    breaking = "always" if number > 1 and break_before else "auto"
    parts.append(f"<h2 style='page-break-before: {breaking}'>"
                 f"{number}. {_e(slide.id)} <span class='muted'>({slide.type})</span>"
                 "</h2>"
                 f"<p><img src='{image_name}' width='{width}'></p>")
    rows = []
    for label, text in named_texts(slide):
        cells = "".join(f"<td>{_e(text.get(lang))}</td>" for lang in languages)
        rows.append(f"<tr><td class='muted'>{_e(label)}</td>{cells}</tr>")
    parts.append("<table>" + "".join(rows) + "</table>")
    pictures = [a.path for a in _assets(slide)]
    if pictures:
        parts.append("<p><b>Pictures:</b> " + _e(", ".join(pictures)) + "</p>")
    if slide.qr:
        parts.append(f"<p><b>QR code:</b> {_e(slide.qr)}</p>")
    sources = slide_sources(slide)
    if sources:
        parts.append("<p><b>Sources:</b></p><ul>"
                     + "".join(f"<li>{_e(s)}</li>" for s in sources) + "</ul>")
    if slide.notes:
        parts.append(f"<p><b>Notes:</b> {_e(slide.notes)}</p>")
    found = [p for p in problems if f"slide {slide.id}:" in p.message]
    if found:
        parts.append("<p><b>Fit check:</b></p><ul>" + "".join(
            f"<li class='{p.severity}'>{_e(str(p))}</li>" for p in found) + "</ul>")
    else:
        parts.append("<p><b>Fit check:</b> every text fits.</p>")
    return "".join(parts)


def _e(text: str) -> str:
    import html

    return html.escape(text, quote=True).replace("\n", "<br>")


def _assets(value) -> list:
    import dataclasses

    from kiosk.core.content.model import Asset, Text

    if isinstance(value, Asset):
        return [value]
    if isinstance(value, tuple):
        return [a for item in value for a in _assets(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, Text):
        return [a for f in dataclasses.fields(value) for a in _assets(getattr(value, f.name))]
    return []


def write_handout(deck, images: list, problems: list, path: Path) -> None:
    """The sign-off handout: an A4 PDF a curator can approve the exhibition from alone.

    ``images`` are the slides' pictures (exported PNG paths, or QImages). Each slide is laid
    out as its own document on fresh pages and let go before the next, so a 1,000-slide deck
    needs the memory of one slide, not of all of them."""
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    if not images:
        return
    writer = QPdfWriter(str(path))
    writer.setTitle(f"{deck.settings.title.get(deck.settings.languages[0])} — sign-off handout")
    writer.setCreator("star-kiosk export")
    writer.setResolution(150)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(page.width()), float(page.height())
    painter = QPainter(writer)
    first = True
    for number, (slide, image) in enumerate(zip(deck.slides, images, strict=True), start=1):
        document = _new_document()
        document.documentLayout().setPaintDevice(writer)  # fonts measured as printed
        document.setPageSize(QSizeF(width, height))
        document.addResource(_IMAGE_RESOURCE(), _url("slide"), _as_image(image))
        heading = _handout_heading(deck) if number == 1 else ""
        document.setHtml(heading + _slide_html(slide, number, "slide", problems,
                                               deck.settings.languages,
                                               width * 96 / writer.resolution(),
                                               break_before=False))
        for index in range(document.pageCount()):
            if not first:
                writer.newPage()
            first = False
            painter.save()
            painter.translate(0, -index * height)
            document.drawContents(painter, QRectF(0, index * height, width, height))
            painter.restore()
        del document
    painter.end()

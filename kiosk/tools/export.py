"""``star-kiosk export``: every slide in its settled state as PNG, plus a PDF handout.

Curators sign content off from these files without a touchscreen; it runs headless (Qt's
offscreen platform is chosen when there is no display).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.tools.options import ExportOptions

if TYPE_CHECKING:  # Qt and the views load when a command runs, not when the CLI starts
    from PySide6.QtCore import QSize, QSizeF, QUrl
    from PySide6.QtGui import QImage, QTextDocument

    from kiosk.core.content.model import Asset, Deck, Slide
    from kiosk.core.content.problems import Problem

log = logging.getLogger(__name__)



def export_deck(options: ExportOptions) -> int:
    """Write OUT/NN-<id>.png for every slide and OUT/handout.pdf; return the exit status."""
    from kiosk.core.content.loader import load_deck

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

    from kiosk.runtime.application import make_application

    app = make_application(["star-kiosk-export"], offscreen_without_display=True)
    from PySide6.QtCore import QSize

    from kiosk.runtime import offscreen
    from kiosk.runtime.fonts import check_families
    from kiosk.runtime.theme import Look

    # Pictures as sharp as this size needs (decoded again if larger than the deck's screens).
    offscreen.prepare(deck, [*deck.settings.screens, f"{width}x{height}"])
    fonts = deck.settings.theme.fonts
    check_families(fonts.display, fonts.body, fonts.latin)
    look = Look(deck.settings.theme, QSize(width, height))
    # One slide at a time, each written and let go before the next: memory is that of one
    # slide, whatever the deck's length (the handout reads the PNGs back one by one).
    written: list[Path] = []
    with offscreen.one_slide_at_a_time():
        for number, slide in enumerate(deck.slides, start=1):
            image = offscreen.render_slide(slide, look, language)
            path = out / f"{number:02d}-{slide.id}.png"
            saved = image.save(str(path))  # PNG, from the name
            del image
            offscreen.let_go()
            if not saved:
                print(f"could not write {path}", file=sys.stderr)
                return 1
            written.append(path)
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
    from kiosk.core.showing import schedule_lines

    for line in schedule_lines(deck):
        print(f"{out}: {line}")
    # The files are written either way (a curator reviews them), but a script or CI that
    # exports a deck must notice that visitors would see cut text: as `check` does.
    return 1 if cut else 0


PAGE_MM = (210.0, 297.0)
"""The handout's paper: A4 portrait."""
MARGIN_MM = 15.0
PICTURE_SHARE = 0.62
"""How much of a page's height a slide's picture may take: the rest keeps the heading above
it (and the page number below) on the same page, in either orientation."""


NUMBER_STRIP = 30.0
"""The strip at the foot of each page, below the text, that holds the page number (in the
document's pixels)."""


def handout_page_size() -> QSizeF:
    """The handout's page inside its margins and above its page number, in the document's
    pixels (96 per inch)."""
    from PySide6.QtCore import QSizeF

    return QSizeF((PAGE_MM[0] - 2 * MARGIN_MM) / 25.4 * 96,
                  (PAGE_MM[1] - 2 * MARGIN_MM) / 25.4 * 96 - NUMBER_STRIP)


def handout_document(deck: Deck, images: Sequence[QImage | Path],
                     problems: Sequence[Problem], page_width: float | None = None
                     ) -> QTextDocument:
    """The handout as a QTextDocument: per slide its picture, then every text a visitor can
    reach (tap-only details included) in every language, notes, full sources, the QR code's
    address and the fit check's findings. Text is real text: it flows onto as many pages as
    it needs and is never cut. Each slide starts a page, and its picture is sized to fit that
    page whole with its heading, landscape or portrait. ``page_width`` is in the document's
    pixels, 96 per inch (default: an A4 page inside its margins, about 680). ``images`` are
    QImages or the paths of the exported PNGs.

    :func:`write_handout` prints the same, one slide's document at a time."""
    from PySide6.QtCore import Qt

    page = handout_page_size()
    if page_width is not None:
        page.scale(page_width, page_width * page.height() / page.width(),
                   Qt.AspectRatioMode.IgnoreAspectRatio)
    document = _handout_page_document(page)
    parts = [_handout_heading(deck)]
    for number, (slide, image) in enumerate(zip(deck.slides, images, strict=True), start=1):
        picture = _as_image(image)
        name = f"slide-{number}"
        document.addResource(_IMAGE_RESOURCE(), _url(name), picture)
        parts.append(_slide_html(deck, number, slide, name, picture.size(), problems, page,
                                 break_before=number > 1))
    document.setHtml("".join(parts))
    return document


def _handout_page_document(page: QSizeF) -> QTextDocument:
    """An empty handout document of ``page`` size, its fonts and styles set."""
    from PySide6.QtGui import QFont, QTextDocument

    document = QTextDocument()
    document.setPageSize(page)
    # No ligatures in the handout's text: a PDF reader finds "figure" only if "fi" stays
    # two letters in the text layer (Qt writes a ligature glyph as "f" alone).
    font = QFont(document.defaultFont())
    font.setFeature(QFont.Tag("liga"), 0)
    font.setFeature(QFont.Tag("clig"), 0)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(
        "h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 12pt; }"
        " td { padding: 2pt 6pt; vertical-align: top; } .muted { color: #555; }"
        " .error { color: #B00020; } .warning { color: #8A5A00; }")
    return document


def _IMAGE_RESOURCE() -> int:  # noqa: N802 (reads as the constant it stands for)
    from PySide6.QtGui import QTextDocument

    return QTextDocument.ResourceType.ImageResource


def _url(name: str) -> QUrl:
    from PySide6.QtCore import QUrl

    return QUrl(name)


def _as_image(image: QImage | Path) -> QImage:
    from PySide6.QtGui import QImage

    return image if isinstance(image, QImage) else QImage(str(image))


def _picture_size(image: QImage | Path) -> QSize:
    """The pixel size of a QImage, or of a picture file without decoding it."""
    from PySide6.QtGui import QImage, QImageReader

    return image.size() if isinstance(image, QImage) else QImageReader(str(image)).size()


def _handout_heading(deck: Deck) -> str:
    languages = deck.settings.languages
    return (f"<h1>{_e(deck.settings.title.get(languages[0]))}</h1>"
            f"<p class='muted'>{len(deck.slides)} slides · languages {', '.join(languages)}"
            f" · screens {', '.join(deck.settings.screens)}</p>")


def _slide_html(deck: Deck, number: int, slide: Slide, image_name: str, image_size: QSize,
                problems: Sequence[Problem], page: QSizeF, *, break_before: bool) -> str:
    """One slide's part of the handout: heading, picture, texts, pictures, QR, sources,
    notes, fit check."""
    from kiosk.core.content.model import slide_sources
    from kiosk.core.showing import describe as describe_show
    from kiosk.tools.fitcheck import named_texts

    languages = deck.settings.languages
    parts = []
    # The whole picture on the page, below its heading: width-bound in landscape,
    # height-bound in portrait.
    scale = min(page.width() * 0.9 / max(1, image_size.width()),
                page.height() * PICTURE_SHARE / max(1, image_size.height()))
    width, height = round(image_size.width() * scale), round(image_size.height() * scale)
    # Each slide starts a page: a curator signs off slide by slide.
    parts.append(f"<h2 style='page-break-before: {'always' if break_before else 'auto'}'>"
                 f"{number}. {_e(slide.id)} <span class='muted'>({slide.type})</span>"
                 "</h2>"
                 f"<p><img src='{image_name}' width='{width}' height='{height}'></p>")
    rows = []
    for label, text in named_texts(slide):
        cells = "".join(f"<td style=\"{_faces(deck, text.get(lang))}\">"
                        f"{_e(text.get(lang))}</td>" for lang in languages)
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
    parts.append(f"<p><b>Shows:</b> {_e(describe_show(slide.show))}</p>")
    found = [p for p in problems if f"slide {slide.id}:" in p.message]
    if found:
        parts.append("<p><b>Fit check:</b></p><ul>" + "".join(
            f"<li class='{p.severity}'>{_e(str(p))}</li>" for p in found) + "</ul>")
    else:
        parts.append("<p><b>Fit check:</b> every text fits.</p>")
    return "".join(parts)


def _slide_document(deck: Deck, number: int, slide: Slide, image: QImage | Path,
                    problems: Sequence[Problem], page: QSizeF, *,
                    with_picture: bool) -> QTextDocument:
    """One slide's handout pages as their own document (the deck's heading on the first);
    ``with_picture=False`` lays it out without reading the picture (for counting pages)."""
    document = _handout_page_document(page)
    if with_picture:
        document.addResource(_IMAGE_RESOURCE(), _url("slide"), _as_image(image))
    heading = _handout_heading(deck) if number == 1 else ""
    document.setHtml(heading + _slide_html(deck, number, slide, "slide", _picture_size(image),
                                           problems, page, break_before=False))
    return document


def _faces(deck: Deck, text: str) -> str:
    """The CSS font families that set ``text`` as the kiosk does (see ``Look.font``): Latin
    runs in the Latin face, Chinese in the CJK face, a Chinese text's quotes full-width."""
    from kiosk.runtime.theme import MARKS_FAMILY, is_chinese_text

    fonts = deck.settings.theme.fonts
    families = [fonts.latin, fonts.body]
    if is_chinese_text(text):
        families.insert(0, MARKS_FAMILY)
    return "font-family: " + ", ".join(f"'{family}'" for family in families)


def _e(text: str) -> str:
    import html

    return html.escape(text, quote=True).replace("\n", "<br>")


def _assets(value: object) -> list[Asset]:
    import dataclasses

    from kiosk.core.content.model import Asset, Text

    if isinstance(value, Asset):
        return [value]
    if isinstance(value, tuple):
        return [a for item in value for a in _assets(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, Text):
        return [a for f in dataclasses.fields(value) for a in _assets(getattr(value, f.name))]
    return []


def write_handout(deck: Deck, images: Sequence[QImage | Path], problems: Sequence[Problem],
                  path: Path) -> None:
    """The sign-off handout: an A4 PDF a curator can approve the exhibition from alone.

    ``images`` are the exported PNGs' paths (or QImages). Each slide is laid out as its own
    document on fresh pages and let go before the next, so a 1,000-slide deck takes the
    memory of one slide: a first pass counts the pages (without reading the pictures: their
    size is in the tag), the second draws them, "page / pages" in the strip below."""
    from PySide6.QtCore import QMarginsF, QRectF, Qt
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    if not images:
        return
    writer = QPdfWriter(str(path))
    writer.setTitle(f"{deck.settings.title.get(deck.settings.languages[0])} — sign-off handout")
    writer.setCreator("star-kiosk export")
    writer.setResolution(150)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                     QPageLayout.Unit.Millimeter))
    page = handout_page_size()
    slides = list(enumerate(zip(deck.slides, images, strict=True), start=1))
    total = sum(_slide_document(deck, number, slide, image, problems, page,
                                with_picture=False).pageCount()
                for number, (slide, image) in slides)
    # Paged here rather than by QTextDocument.print_, which would lay the text out on pages
    # of its own size (a picture sized for ours could straddle two) and draw its page numbers
    # inside the text area: each page is the document's page, its number in the strip below.
    painter = QPainter(writer)
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    scale = area.width() / page.width()
    printed = 0
    for number, (slide, image) in slides:
        document = _slide_document(deck, number, slide, image, problems, page,
                                   with_picture=True)
        painter.setFont(document.defaultFont())
        number_font = painter.font()
        number_font.setPixelSize(round(NUMBER_STRIP * scale * 0.45))
        for index in range(document.pageCount()):
            if printed:
                writer.newPage()
            printed += 1
            painter.save()
            painter.scale(scale, scale)
            painter.translate(0, -index * page.height())
            document.drawContents(painter, QRectF(0, index * page.height(),
                                                  page.width(), page.height()))
            painter.restore()
            painter.setFont(number_font)
            painter.drawText(QRectF(0, page.height() * scale, area.width(),
                                    NUMBER_STRIP * scale),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{printed} / {max(total, printed)}")
        del document
    painter.end()

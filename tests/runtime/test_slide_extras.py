"""What any slide may carry: a QR code, a sources line, a background colour, no rings."""

from __future__ import annotations

import segno
from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QColor

from kiosk.core.content.model import (
    ClosingSlide,
    Figure,
    MetricsSlide,
    Text,
    Theme,
    compact_source,
)
from kiosk.runtime.offscreen import lay_out, render_slide
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.qr import QUIET_ZONE

T = Text.of
LOOK = Theme()
CITATION = Text.plain('Made-up Daily, "A long article title, with a comma", 3 March 2024')


def _metrics(**extra) -> MetricsSlide:
    return MetricsSlide(id="m", title=T(en="Numbers", zh="数字"), metrics=(
        Figure(value=12, label=T(en="tanks", zh="展缸"), source=CITATION),
        Figure(value=212, label=T(en="species", zh="物种"), source=CITATION),
    ), **extra)


def test_a_slides_sources_show_once_compact_in_the_visitors_language(qtbot):
    look = Look(LOOK, QSize(1920, 1080))
    for language, label in (("en", "Source: "), ("zh", "资料来源：")):
        view = lay_out(_metrics(), look, language)
        qtbot.addWidget(view)
        shown = view.sources_label.text().replace("\u2060", "")  # Chinese word joiners
        assert shown == label + "Made-up Daily, 3 March 2024"
        assert view.sources_label.isVisible()
        # Legible from a metre: the caption size, never smaller.
        assert view.sources_label.font().pixelSize() >= look.px(LOOK.type_scale.caption)


def test_no_second_sources_line_when_the_slide_already_cites_its_source(qtbot):
    slide = _metrics(footnote=T(en="Source: Made-up Daily", zh="资料来源：虚构日报"))
    view = lay_out(slide, Look(LOOK, QSize(1920, 1080)), "zh")
    qtbot.addWidget(view)
    assert view.sources_text() == "" and view.sources_label is None


def test_compact_source_keeps_publisher_and_date():
    assert compact_source(CITATION.get("en")) == "Made-up Daily, 3 March 2024"
    assert compact_source("Keepers' log") == "Keepers' log"
    assert compact_source("新华社，《加快创新》，2025年7月") == "新华社，2025年7月"


def test_a_source_given_per_language_is_cited_in_the_visitors_language(qtbot):
    cited = T(en="Xinhua, “Accelerating Innovation”, July 2025", zh="新华社，2025年7月")
    slide = MetricsSlide(id="m", title=T(en="Tanks", zh="展缸"), metrics=(
        Figure(value=12, label=T(en="tanks", zh="展缸"), source=cited),
        Figure(value=212, label=T(en="species", zh="物种"), source=cited)))
    look = Look(LOOK, QSize(1920, 1080))
    shown = {}
    for language in ("en", "zh"):
        view = lay_out(slide, look, language)
        qtbot.addWidget(view)
        shown[language] = view.sources_label.text().replace("\u2060", "")
    assert shown == {"en": "Source: Xinhua, July 2025", "zh": "资料来源：新华社，2025年7月"}


def test_a_qr_code_is_drawn_crisp_and_reads_as_segno_encodes_it(qtbot):
    url = "https://example.org/read-more"
    slide = _metrics(qr=url, qr_caption=T(en="Read more", zh="了解更多"))
    look = Look(LOOK, QSize(1920, 1080))
    view = lay_out(slide, look, "en")
    qtbot.addWidget(view)
    image = render_slide(slide, look, "en")
    code = view.qr_block.code
    matrix = [list(row) for row in segno.make(url, error="m", micro=False).matrix_iter(border=0)]
    count = len(matrix) + 2 * QUIET_ZONE
    module = code.width() // count
    assert module >= 3, "each module several whole pixels wide"
    origin = code.mapTo(view, QPoint((code.width() - module * count) // 2,
                                     (code.height() - module * count) // 2))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            centre = origin + QPoint((x + QUIET_ZONE) * module + module // 2,
                                     (y + QUIET_ZONE) * module + module // 2)
            assert image.pixelColor(centre) == QColor("#000000" if dark else "#FFFFFF")
    assert view.qr_block.caption.text() == "Read more"
    # The slide's content keeps clear of the code.
    assert not view.safe_rect().intersects(view.qr_block.geometry())


def test_background_colour_and_switched_off_rings(qtbot):
    look = Look(LOOK, QSize(1280, 720))
    plain = ClosingSlide(id="c", title=T(en="Bye", zh="再见"), background_color="#402040",
                         decorations=False)
    image = render_slide(plain, look, "en")
    # (Away from the faint glow in the top-left corner.)
    assert image.pixelColor(1275, 620) == QColor("#402040")
    ringed = render_slide(ClosingSlide(id="c", title=T(en="Bye", zh="再见")), look, "en")
    bare = render_slide(ClosingSlide(id="c", title=T(en="Bye", zh="再见"), decorations=False),
                        look, "en")
    # The text is the same; only the arcs differ.
    differing = sum(1 for x in range(0, 1280, 2) for y in range(0, 720, 2)
                    if ringed.pixel(x, y) != bare.pixel(x, y))
    assert differing > 500


def test_several_sources_are_separated_in_each_languages_way(qtbot):
    slide = MetricsSlide(id="m", title=T(en="Tanks", zh="展缸"), metrics=(
        Figure(value=12, label=T(en="tanks", zh="展缸"),
               source=T(en="Xinhua, July 2025", zh="新华社，2025年7月")),
        Figure(value=212, label=T(en="species", zh="物种"),
               source=T(en="Beijing News, 14 July 2025", zh="新京报，2025年7月14日"))))
    look = Look(LOOK, QSize(1920, 1080))
    shown = {}
    for language in ("en", "zh"):
        view = lay_out(slide, look, language)
        qtbot.addWidget(view)
        shown[language] = view.sources_text()
    assert shown == {"en": "Sources: Xinhua, July 2025; Beijing News, 14 July 2025",
                     "zh": "资料来源：新华社，2025年7月；新京报，2025年7月14日"}

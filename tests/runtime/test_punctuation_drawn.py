"""Chinese punctuation as a visitor sees it: （QFII）、 has no double gap, “ has no indent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.content.model import Theme
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.theme import Look, make_label


@pytest.fixture
def look(qapp):
    load_bundled_fonts()
    return Look(Theme(), QSize(1920, 1080))


def ink_columns(label: QLabel) -> list[bool]:
    """For each pixel column of the label's first line: whether any glyph ink is in it."""
    label.setWordWrap(False)
    label.setContentsMargins(0, 0, 0, 0)
    label.resize(label.sizeHint())
    image = QImage(label.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    label.render(image, renderFlags=QWidget.RenderFlag.DrawChildren)
    return [any(image.pixelColor(x, y).lightness() > 100 for y in range(image.height()))
            for x in range(image.width())]


def gaps(columns: list[bool]) -> list[int]:
    """The widths of the blank runs between inked runs."""
    runs, run, seen_ink = [], 0, False
    for inked in columns:
        if inked:
            if seen_ink and run:
                runs.append(run)
            run, seen_ink = 0, True
        else:
            run += 1
    return runs


def unsqueezed(look: Look, text: str) -> QLabel:
    """The same text, font and colour as make_label gives it, without the squeeze."""
    label = make_label(look, text, "title")
    plain = QLabel(text.replace("\u2060", ""))
    plain.setTextFormat(Qt.TextFormat.PlainText)
    plain.setFont(label.font())
    plain.setPalette(label.palette())
    return plain


def test_closing_bracket_and_comma_leave_no_double_gap(look):
    text = "者（QFII）、创"
    squeezed = make_label(look, text, "title")
    em = squeezed.font().pixelSize()
    assert squeezed.textFormat() == Qt.TextFormat.RichText
    before, after = gaps(ink_columns(unsqueezed(look, text))), gaps(ink_columns(squeezed))
    assert len(before) == len(after)
    # One gap shrinks, the one between ）and 、: unsqueezed, a blank half em plus their side
    # bearings; squeezed, the ink nearly touches. Every other gap (、 before 创) is kept.
    shrunk = [n for n, (b, a) in enumerate(zip(before, after, strict=True)) if abs(b - a) > 2]
    assert len(shrunk) == 1
    assert before[shrunk[0]] > 0.5 * em
    assert after[shrunk[0]] < before[shrunk[0]] - 0.4 * em


def test_an_opening_quote_starting_a_label_has_no_half_em_indent(look):
    text = "\u201c试验田\u201d"
    before = ink_columns(unsqueezed(look, text)).index(True)
    label = make_label(look, text, "title")
    after = ink_columns(label).index(True)
    em = label.font().pixelSize()
    assert before > 0.4 * em
    assert after < 0.15 * em


def test_english_quotes_are_not_squeezed(look):
    label = make_label(look, "The \u201c1+6\u201d reforms\u2019 \u201cmeasures\u201d", "title")
    assert label.textFormat() == Qt.TextFormat.PlainText

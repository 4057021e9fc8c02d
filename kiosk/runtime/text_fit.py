"""The text-fitting engine: how big a content text is drawn, where it breaks, and what is cut.

Given a label made by :func:`kiosk.runtime.theme.make_label` (the look: font, colour, the text
as written) and the box a layout gave it, this module decides, in this order:

- :func:`avoid_orphan`: a wrapping title shrinks a little (at most to 84 %) if that spares a
  last line of one or two words;
- :func:`fit_label`: the largest whole pixel size, never below the legible floor the caller
  gives (the caption size), at which the text fits its box;
- :func:`elide_label`: a text that still does not fit at the floor is cut after its last whole
  line, ending in "…"; the label records how many lines were dropped (:data:`CUT_PROPERTY`)
  and whether the cause was a word wider than the box (:data:`TOO_WIDE_PROPERTY`);
- :func:`balance_lines`: a text on several lines wraps as narrowly as its line count allows,
  so its lines are even and no word stands alone on the last one.

:func:`overflows`, :func:`lines_needed`, :func:`widest_line` and :func:`plain_text` are the
measurements these decisions rest on; the fit pass of a slide
(:mod:`kiosk.runtime.slides.fitting`) and the box report the layout audit reads
(:mod:`kiosk.runtime.slides.boxes`, judged by :mod:`kiosk.core.layout_audit`) use them too,
so what the audit measures is what was drawn.
"""

from __future__ import annotations

import html
import math
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel

from kiosk.runtime.theme import CONTENT_PROPERTY, without_emphasis
from kiosk.runtime.wordbreak import keep_words_together

FITTED_PROPERTY = "fitted_px"
"""Label property: the size it shrank to on its own to fit (before its group's sharing)."""
TOO_WIDE_PROPERTY = "too_wide"
"""Label property, set by :func:`elide_label`: a word of it was wider than the label."""
CUT_PROPERTY = "cut_lines"
"""Label property, set by :func:`elide_label`: how many lines of its text did not fit."""
ELLIPSIS = "\u2026"


def fit_label(label: QLabel, width: int, height: int, min_pixel_size: int) -> None:
    """Shrink ``label``'s font (never below ``min_pixel_size``) until its text fits the box."""
    font = label.font()
    size = font.pixelSize()
    if size <= min_pixel_size or _fits(label, width, height):
        return
    # The largest whole pixel size that fits, found by halving the range: as large as the
    # box allows, so a text that only just overflows shrinks only a little.
    low, high = min_pixel_size, size - 1
    while low < high:
        middle = (low + high + 1) // 2
        font.setPixelSize(middle)
        label.setFont(font)
        if _fits(label, width, height):
            low = middle
        else:
            high = middle - 1
    font.setPixelSize(low)
    label.setFont(font)


def _fits(label: QLabel, width: int, height: int) -> bool:
    return not overflows(label, width, height)


def avoid_orphan(label: QLabel, width: int, *, shrink_limit: float = 0.84) -> None:
    """Shrink a wrapping label a little if that spares a last line of one or two words.

    A title that runs just past the line ("…, 已经开" / "始") reads badly from across a
    room; up to ``shrink_limit`` of its size it is made to fit one line fewer.
    """
    text = label.text()
    if not text or width <= 0 or label.textFormat() != Qt.TextFormat.PlainText:
        return
    font = label.font()
    natural = QFontMetricsF(font).horizontalAdvance(text)
    lines = math.ceil(natural / width)
    if lines < 2:
        return
    last_line = natural - (lines - 1) * width
    if last_line > width * 0.25:
        return
    factor = (lines - 1) * width / natural * 0.97
    if factor >= shrink_limit:
        font.setPixelSize(max(1, int(font.pixelSize() * factor)))
        label.setFont(font)


def balance_lines(label: QLabel) -> None:
    """Wrap a multi-line label as narrowly as its line count allows: even lines, no orphan.

    A caption that breaks as "截至2025年7月在科创板上市的科技企" / "业" leaves one character
    alone on its last line; wrapped at the narrowest width that still needs the same number
    of lines it reads "…上市的" / "科技企业". The label keeps its size (the spare width becomes
    margin on the side its alignment leaves free), so no layout moves.
    """
    width = label.width()
    if not label.wordWrap() or width <= 0 or not label.text():
        return
    height = label.heightForWidth(width)
    if height <= 0 or height <= label.heightForWidth(width * 8):
        return  # one line already
    # Never narrower than the longest unbreakable word (CJK breaks between characters), or
    # that word would run past the edge: the line count alone does not show it.
    plain = label.text()
    if label.textFormat() == Qt.TextFormat.RichText:
        plain = re.sub(r"<[^>]+>", "", plain.replace("<br>", " "))
        plain = html.unescape(plain)
    bold = QFont(label.font())
    bold.setBold(True)  # emphasis is bold: measure the widest case
    metrics = QFontMetricsF(bold)
    # A Chinese word held together by word joiners counts as one unbreakable word.
    words = re.findall(r"(?:[\u2e80-\u9fff\uff00-\uffef]\u2060)*[\u2e80-\u9fff\uff00-\uffef]"
                       r"|[^\s\u2060\u2e80-\u9fff\uff00-\uffef]+", plain)
    margins = label.contentsMargins()
    longest = max((metrics.horizontalAdvance(word) for word in words), default=0.0)
    floor = math.ceil(longest * 1.04) + margins.left() + margins.right() + 2
    low, high = max(width // 2, floor), width
    if low >= high:
        return
    while high - low > 2:
        middle = (low + high) // 2
        if label.heightForWidth(middle) <= height:
            high = middle
        else:
            low = middle
    # A narrower wrap may split a hyphenated word ("IPO pre-" / "review pilot"): widen
    # until it no longer does, unless the full width splits it too.
    inner = margins.left() + margins.right()
    if _hyphen_break(plain, label.font(), width - inner):
        high = width
    while high < width and _hyphen_break(plain, label.font(), high - inner):
        high = min(width, high + max(2, width // 50))
    spare = width - high
    if spare <= 2:
        return
    horizontal = label.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
    if horizontal & Qt.AlignmentFlag.AlignHCenter:
        margins.setLeft(margins.left() + spare // 2)
        margins.setRight(margins.right() + spare - spare // 2)
    elif horizontal & Qt.AlignmentFlag.AlignRight:
        margins.setLeft(margins.left() + spare)
    else:
        margins.setRight(margins.right() + spare)
    before = label.contentsMargins()
    label.setContentsMargins(margins)
    if label.heightForWidth(width) > height:
        label.setContentsMargins(before)  # never wrap onto a line the label cannot show


def _hyphen_break(text: str, font: QFont, width: int) -> bool:
    """Whether ``text`` wrapped at ``width`` ends a line inside a hyphenated word."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    ends = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        ends.append(line.textStart() + line.textLength())
    layout.endLayout()
    return any(0 < end < len(text) and text[end - 1] == "-" and text[end] != " "
               for end in ends[:-1])


def lines_needed(label: QLabel, width: int) -> list[tuple[int, int]]:
    """``label``'s plain text wrapped at ``width`` (inside its margins), as (start, length)
    of each line, the way the label breaks it."""
    margins = label.contentsMargins()
    inner = max(1, width - margins.left() - margins.right())
    layout = QTextLayout(plain_text(label), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap if label.wordWrap()
                       else QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(inner)
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    return lines


def plain_text(label: QLabel) -> str:
    """The words ``label`` shows, without the emphasis markup."""
    text = label.property(CONTENT_PROPERTY)
    if not isinstance(text, str):
        return label.text()
    return without_emphasis(keep_words_together(text))


def overflows(label: QLabel, width: int, height: int) -> bool:
    """Whether ``label``'s text needs more than ``width`` × ``height`` (a part would be cut):
    too many lines, or a word too long for the width ("Electromagnetic" in a small disc)."""
    if label.wordWrap():
        if label.heightForWidth(width) > height + 1:
            return True
        margins = label.contentsMargins()
        return widest_line(label, width) > width - margins.left() - margins.right() + 1
    hint = label.sizeHint()
    return hint.width() > width + 1 or hint.height() > height + 1


def widest_line(label: QLabel, width: int) -> float:
    """The natural width of ``label``'s widest line wrapped at ``width``: wider than the box
    when one word alone does not fit."""
    margins = label.contentsMargins()
    inner = max(1, width - margins.left() - margins.right())
    layout = QTextLayout(label.text() if label.textFormat() == Qt.TextFormat.PlainText
                         else plain_text(label), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    widest = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(inner)
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    return widest


def elide_label(label: QLabel, width: int, height: int) -> int:
    """Cut ``label``'s text after the last whole line that fits ``height``, ending it in "…".

    Never leaves a half-visible line: the label shows only whole lines, the last one ending
    in an ellipsis. Returns (and stores as the :data:`CUT_PROPERTY`) how many lines were
    dropped; 0 when everything fitted.
    """
    if not overflows(label, width, height):
        return 0
    text = plain_text(label)
    metrics = QFontMetricsF(label.font())
    margins = label.contentsMargins()
    inner = max(1, width - margins.left() - margins.right())
    line_height = metrics.lineSpacing()
    room = max(1, int((height - margins.top() - margins.bottom() + 1) // line_height))
    lines = lines_needed(label, width)
    keep = min(room, len(lines))
    label.setTextFormat(Qt.TextFormat.PlainText)
    while True:
        start, _length = lines[keep - 1]
        rest = text[start:].replace("\n", " ")
        last = metrics.elidedText(rest + ELLIPSIS * (keep < len(lines)),
                                  Qt.TextElideMode.ElideRight, inner)
        if not last.endswith(ELLIPSIS):  # the last line fitted whole: mark what follows
            last = metrics.elidedText(rest.rstrip() + " " + ELLIPSIS,
                                      Qt.TextElideMode.ElideRight, inner)
        # The kept lines are set with hard breaks exactly where the layout broke them, so
        # the ellipsis line cannot re-wrap onto a line that does not fit.
        pieces = [metrics.elidedText(text[s:s + n].rstrip(), Qt.TextElideMode.ElideRight,
                                     inner) for s, n in lines[:keep - 1]]
        label.setText("\n".join([*pieces, last]))
        # Fallback fonts can make a line taller than the font's own spacing: measure the
        # result as the label lays it out, and keep one line fewer until it fits.
        if keep == 1 or not overflows(label, width, height):
            break
        keep -= 1
    dropped = max(1, len(lines) - keep)
    label.setProperty(CUT_PROPERTY, dropped)
    # Every line was kept: what did not fit was a word wider than the box.
    label.setProperty(TOO_WIDE_PROPERTY, len(lines) <= keep)
    return dropped

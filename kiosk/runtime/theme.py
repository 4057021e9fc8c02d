"""The deck's theme applied to one screen size: pixel sizes, fonts and colours for views.

Sizes are fractions of the screen's shorter side (so a layout reads the same at 1280×720,
3840×2160 and on a portrait 1080×1920 screen); this module turns them into pixels.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.content.model import Theme

_EMPHASIS = re.compile(r"\*([^*\n]+)\*")


@dataclass(frozen=True)
class Look:
    """A :class:`Theme` at a given screen size."""

    theme: Theme
    size: QSize

    @property
    def unit(self) -> float:
        """The screen's shorter side in pixels: what every theme fraction multiplies."""
        return float(min(self.size.width(), self.size.height()))

    @property
    def portrait(self) -> bool:
        return self.size.height() > self.size.width()

    def px(self, fraction: float) -> int:
        """``fraction`` of the shorter side, in whole pixels (at least 1)."""
        return max(1, round(fraction * self.unit))

    def grid(self, steps: float = 1.0) -> int:
        """``steps`` units of the theme's spacing grid, in pixels."""
        return self.px(self.theme.spacing * steps)

    def color(self, name: str) -> QColor:
        """A palette colour by name: background, surface, text, muted, accent, accent_2..."""
        return QColor(getattr(self.theme.colors, name))

    def font(self, role: str, *, bold: bool = False, display: bool | None = None) -> QFont:
        """The font for a type-scale role: hero, title, number, body or caption."""
        fonts = self.theme.fonts
        use_display = role in ("hero", "title", "number") if display is None else display
        font = QFont(fonts.display if use_display else fonts.body)
        font.setPixelSize(self.px(getattr(self.theme.type_scale, role)))
        font.setBold(bold)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return font


def emphasis_html(text: str, accent: QColor) -> str:
    """Plain content text as safe rich text: everything escaped, ``*words*`` in the accent.

    Content never reaches Qt as markup of its own (the validator refuses tags); this is the
    one documented piece of markup a curator may use.
    """
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return _EMPHASIS.sub(
        lambda m: f'<span style="color:{accent.name()}; font-weight:700">{m.group(1)}</span>',
        escaped,
    )


def without_emphasis(text: str) -> str:
    """``text`` with its ``*emphasis*`` markers dropped, for places that draw plain text only
    (a chart's value labels): a visitor never sees the asterisks."""
    return _EMPHASIS.sub(lambda m: m.group(1), text)


def has_emphasis(text: str) -> bool:
    """Whether ``text`` uses the ``*emphasis*`` markup."""
    return bool(_EMPHASIS.search(text))


def make_label(
    look: Look,
    text: str,
    role: str,
    *,
    color: str = "text",
    bold: bool = False,
    wrap: bool = True,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    display: bool | None = None,
    parent: QWidget | None = None,
) -> QLabel:
    """A label for content text in a type-scale role and palette colour.

    Plain text stays ``Qt.PlainText``; only text using ``*emphasis*`` becomes rich text, and
    then only through :func:`emphasis_html`, which escapes everything else.
    """
    label = QLabel(parent)
    label.setFont(look.font(role, bold=bold, display=display))
    if has_emphasis(text):
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setText(emphasis_html(text, look.color("accent")))
    else:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(text)
    set_text_color(label, look.color(color))
    label.setWordWrap(wrap)
    label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setOpenExternalLinks(False)
    # Taps go to the card or milestone underneath, never to the text.
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


def set_text_color(widget: QWidget, color: QColor) -> None:
    """Give ``widget`` (a label) ``color`` as its text colour, through the palette."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, color)
    palette.setColor(QPalette.ColorRole.Text, color)
    widget.setPalette(palette)


def fit_label(label: QLabel, width: int, height: int, min_pixel_size: int) -> None:
    """Shrink ``label``'s font (never below ``min_pixel_size``) until its text fits the box."""
    font = label.font()
    size = font.pixelSize()
    while size > min_pixel_size and not _fits(label, width, height):
        size = max(min_pixel_size, int(size * 0.92))
        font.setPixelSize(size)
        label.setFont(font)


def _fits(label: QLabel, width: int, height: int) -> bool:
    if label.wordWrap():
        return label.heightForWidth(width) <= height
    hint = label.sizeHint()
    return hint.width() <= width and hint.height() <= height


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
    words = re.findall(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+", plain)
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
    label.setContentsMargins(margins)


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

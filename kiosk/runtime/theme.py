"""The deck's theme applied to one screen size: pixel sizes, fonts and colours for views.

Sizes are fractions of the screen's shorter side (so a layout reads the same at 1280×720,
3840×2160 and on a portrait 1080×1920 screen); this module turns them into pixels.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.content.model import Theme
from kiosk.core.punctuation import needs_squeeze, squeeze_markup
from kiosk.runtime.wordbreak import keep_words_together

_EMPHASIS = re.compile(r"\*([^*\n]+)\*")

_HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
"""Chinese characters and CJK punctuation."""
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")

MARKS_FAMILY = "Noto Sans SC Marks"
"""The bundled face holding only the punctuation both faces have (‘ ’ “ ” … · —), drawn
full-width: Chinese text takes its quotes and ellipsis from it (see :meth:`Look.font`)."""


def is_chinese_text(text: str) -> bool:
    """Whether ``text`` reads as Chinese (its shared punctuation then is full-width): it holds
    Chinese, and its Chinese characters take at least as much room as its Latin letters (a
    Chinese character is about two Latin letters wide). "Gongchen Bridge (拱宸桥) is the
    canal’s end" is English with a Chinese name in it; "科创板 STAR Market 开市" is Chinese."""
    han = len(_HAN.findall(text))
    return han > 0 and 2 * han >= len(_LATIN_LETTER.findall(text))

CONTENT_PROPERTY = "content_text"
"""Label property: the content text it shows, as written (see :func:`make_label`)."""
DESIGNED_PROPERTY = "designed_px"
"""Label property: its font's pixel size before any shrinking to fit."""


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

    def font(self, role: str, *, bold: bool = False, display: bool | None = None,
             text: str = "") -> QFont:
        """The font for a type-scale role: hero, title, number, body or caption.

        Qt picks each character's face from the family list in order, so every label sets
        its Latin runs (letters, digits, ASCII signs) in the theme's ``latin`` family and its
        Chinese runs in the CJK family, one label mixing both. What differs is the
        punctuation both faces have (‘ ’ “ ” … ·): in English (``text`` without Chinese, or
        with a Chinese name inside, see :func:`is_chinese_text`) it is narrow Latin
        punctuation ("canal’s", not "canal’ s"); in Chinese the full-width marks of
        :data:`MARKS_FAMILY` come first, so “科创板” keeps its full-width quotes.
        """
        fonts = self.theme.fonts
        use_display = role in ("hero", "title", "number") if display is None else display
        cjk = fonts.display if use_display else fonts.body
        font = QFont(cjk)
        families = [fonts.latin, cjk]
        if is_chinese_text(text):
            families.insert(0, MARKS_FAMILY)
        font.setFamilies(list(dict.fromkeys(families)))
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

    Plain text stays ``Qt.PlainText``; only text using ``*emphasis*`` (or Chinese whose
    punctuation needs squeezing) becomes rich text, and then only through
    :func:`emphasis_html`, which escapes everything else.
    """
    label = QLabel(parent)
    label.setFont(look.font(role, bold=bold, display=display, text=text))
    # What the curator wrote, before any markup or eliding: the fit check traces a label
    # back to its content field by it; the designed size is what "shrunk" is measured from.
    label.setProperty(CONTENT_PROPERTY, text)
    label.setProperty(DESIGNED_PROPERTY, label.font().pixelSize())
    shown = keep_words_together(text)  # Chinese breaks between words, not inside them
    chinese = is_chinese_text(text)  # then its punctuation is squeezed (kiosk/core/punctuation)
    if has_emphasis(shown) or (chinese and needs_squeeze(shown)):
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setText(squeeze_markup(emphasis_html(shown, look.color("accent")), chinese))
    else:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(shown)
    set_text_color(label, look.color(color))
    label.setWordWrap(wrap)
    label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setOpenExternalLinks(False)
    # Taps go to the card or milestone underneath, never to the text.
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


def set_designed_size(label: QLabel, pixel_size: int) -> None:
    """Draw ``label`` at ``pixel_size`` as its designed size, for a text set bigger or smaller
    than its role: the fit shrinks it from there and the fit check measures "shrunk" by it."""
    font = label.font()
    font.setPixelSize(pixel_size)
    label.setFont(font)
    label.setProperty(DESIGNED_PROPERTY, pixel_size)


def set_text_color(widget: QWidget, color: QColor) -> None:
    """Give ``widget`` (a label) ``color`` as its text colour, through the palette."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, color)
    palette.setColor(QPalette.ColorRole.Text, color)
    widget.setPalette(palette)

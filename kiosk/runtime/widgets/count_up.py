"""CountUpLabel: a big number that counts up with easing and lands exactly on its value.

Every intermediate value is written with the format of the *final* value
(:func:`kiosk.core.numbers.number_format`), so "RMB 1.1 trillion" climbs through
"RMB 0.4 trillion", never through "RMB 400 billion", and the unit never jumps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.core.content.model import Figure, Text
from kiosk.core.numbers import number_format
from kiosk.runtime.theme import Look, without_emphasis
from kiosk.runtime.widgets.drawn import ProgressDrawn


@dataclass(frozen=True)
class _Drawing:
    number: QFont
    unit: QFont
    number_metrics: QFontMetricsF
    unit_metrics: QFontMetricsF
    start_x: float


class CountUpLabel(ProgressDrawn):
    """``lead`` + number + unit word + ``trail``; the number big, the words smaller.

    ``progress`` (0 → 1, eased by the animation driving it) scales the shown value; at 1 the
    label shows exactly the final value. The text shrinks to fit the width it is given.
    """

    def __init__(
        self,
        value: float,
        language: str,
        *,
        number_font: QFont,
        unit_font: QFont,
        color: QColor,
        unit_color: QColor,
        decimals: int | None = None,
        compact: bool = False,
        lead: str = "",
        trail: str = "",
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.value = value
        self.format = number_format(value, language, decimals=decimals, compact=compact)
        self.lead = lead
        self.trail = trail
        self._designed_fonts = (QFont(number_font), QFont(unit_font))
        """The fonts as designed, before :meth:`set_growth` enlarges them."""
        self._number_font = QFont(number_font)
        self._unit_font = QFont(unit_font)
        self._color = QColor(color)
        self._unit_color = QColor(unit_color)
        self._align = align
        self._scale = 1.0
        self._drawing: _Drawing | None = None
        """Fonts, metrics and where the text starts at the current size (made on demand)."""
        self._shown_digits: str | None = None
        """The number as last shown: a counting step that does not change it repaints nothing."""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    # ------------------------------------------------------------------ text

    def shown_value(self) -> float:
        """The value on screen now: exactly :attr:`value` once the count has finished."""
        if self._progress >= 1.0:
            return self.value
        return self.value * max(0.0, self._progress)

    def parts(self) -> tuple[str, str, str]:
        """(small leading text, the number, small trailing text) as shown now."""
        written = self.format.format(self.shown_value())
        word = self.format.word
        digits = written[: -len(word)] if word and written.endswith(word) else written
        return self.lead, digits, word + self.trail

    def text(self) -> str:
        """Everything shown, as one string (e.g. "over RMB 1.1 trillion")."""
        return "".join(self.parts())

    def final_text(self) -> str:
        """What the label shows when the count has finished."""
        written = self.format.format(self.value)
        return self.lead + written + self.trail

    # ---------------------------------------------------------------- layout

    def _fonts(self) -> tuple[QFont, QFont]:
        number, unit = QFont(self._number_font), QFont(self._unit_font)
        if self._scale < 1.0:
            number.setPixelSize(max(1, int(number.pixelSize() * self._scale)))
            unit.setPixelSize(max(1, int(unit.pixelSize() * self._scale)))
        return number, unit

    def number_pixel_size(self) -> int:
        """The pixel size the number is drawn at now (after shrinking to fit its width)."""
        return self._fonts()[0].pixelSize()

    def _natural_width(self, number: QFont, unit: QFont, parts: tuple[str, str, str]) -> float:
        lead, digits, trail = parts
        unit_metrics = QFontMetricsF(unit)
        return (
            unit_metrics.horizontalAdvance(lead)
            + QFontMetricsF(number).horizontalAdvance(digits)
            + unit_metrics.horizontalAdvance(trail)
        )

    def _final_parts(self) -> tuple[str, str, str]:
        written = self.format.format(self.value)
        word = self.format.word
        digits = written[: -len(word)] if word and written.endswith(word) else written
        return self.lead, digits, word + self.trail

    def sizeHint(self) -> QSize:
        number = QFont(self._number_font)
        width = self._natural_width(number, self._unit_font, self._final_parts())
        return QSize(int(width) + 2, self._line_height(number))

    @staticmethod
    def _line_height(font: QFont) -> int:
        # Digits need only their cap height and a little air, not the font's full line
        # (CJK fonts reserve a tall line), so tiles stay compact.
        return int(QFontMetricsF(font).capHeight() * 1.45) + 2

    def minimumSizeHint(self) -> QSize:
        return QSize(10, self.sizeHint().height())

    def set_growth(self, factor: float) -> None:
        """Draw the number and its words ``factor`` times their designed size (1: as
        designed), for a slide with room to spare; the label still shrinks to its width."""
        number, unit = (QFont(font) for font in self._designed_fonts)
        for font in (number, unit):
            font.setPixelSize(max(1, round(font.pixelSize() * factor)))
        self._number_font, self._unit_font = number, unit
        self._fit_width()
        self.updateGeometry()
        self.update()

    def clipped(self) -> bool:
        """Whether the digits are cut: a layout squeezed the label below their cap height
        (the air the size hint adds above and below them may go, the digits may not)."""
        drawing = self._layout()
        return self.height() + 1 < drawing.number_metrics.capHeight()

    def fits_its_width(self) -> bool:
        """Whether the final text fits the label's width at its full size (not shrunk)."""
        natural = self._natural_width(self._number_font, self._unit_font, self._final_parts())
        return natural <= self.width() - 2

    def _fit_width(self) -> None:
        natural = self._natural_width(self._number_font, self._unit_font, self._final_parts())
        self._scale = min(1.0, (self.width() - 2) / natural) if natural > 0 else 1.0
        self._drawing = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_width()

    def _layout(self) -> _Drawing:
        """The fonts and metrics of the current size, measured once per size (not per step)."""
        if self._drawing is None:
            number, unit = self._fonts()
            self._drawing = _Drawing(number, unit, QFontMetricsF(number), QFontMetricsF(unit),
                                     self._start_x(number, unit))
        return self._drawing

    # --------------------------------------------------------------- drawing

    def _start_x(self, number: QFont, unit: QFont) -> float:
        """Where the text starts: placed by its final width, so it never shifts while counting."""
        final_width = self._natural_width(number, unit, self._final_parts())
        if self._align & Qt.AlignmentFlag.AlignHCenter:
            return (self.width() - final_width) / 2
        if self._align & Qt.AlignmentFlag.AlignRight:
            return self.width() - final_width
        return 0.0

    def number_rect(self) -> QRect:
        """What a counting step can change: from the number's left edge to the right end
        (the unit word after the number moves with the number's width)."""
        drawing = self._layout()
        left = drawing.start_x + drawing.unit_metrics.horizontalAdvance(self.lead)
        left = max(0, math.floor(left) - 2)
        return QRect(left, 0, self.width() - left, self.height())

    def changed(self) -> None:
        # Eased counts spend many frames on the same figure ("1.1 trillion" has twelve
        # steps in ninety frames): only a new figure is a new frame.
        digits = self.parts()[1]
        if digits == self._shown_digits:
            return
        self._shown_digits = digits
        # Only the number and what follows it change: the lead words stay unpainted.
        if self._compositor is not None:
            super().changed()
        else:
            self.update(self.number_rect())

    def paintEvent(self, event: QPaintEvent) -> None:
        drawing = self._layout()
        number, unit = drawing.number, drawing.unit
        number_metrics, unit_metrics = drawing.number_metrics, drawing.unit_metrics
        x = drawing.start_x
        baseline = (self.height() + number_metrics.capHeight()) / 2
        lead, digits, trail = self.parts()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for text, font, metrics, color in (
            (lead, unit, unit_metrics, self._unit_color),
            (digits, number, number_metrics, self._color),
            (trail, unit, unit_metrics, self._unit_color),
        ):
            if not text:
                continue
            painter.setFont(font)
            painter.setPen(color)
            painter.drawText(QPointF(x, baseline), text)
            x += metrics.horizontalAdvance(text)
        painter.end()

    # ------------------------------------------------------------- animation


def figure_counter(figure: Figure, look: Look, language: str,
                   number_font: QFont) -> CountUpLabel:
    """``figure``'s count-up as every slide writes it: qualifier, prefix, the number in
    ``number_font``, its unit word and suffix at 0.42 of that size, all in the accent colour.
    The figure is all accent already, so *emphasis* in its words just loses its asterisks."""

    def words(text: Text | None) -> str:
        return without_emphasis(text.get(language)) if text is not None else ""

    qualifier, prefix = words(figure.qualifier), words(figure.prefix)
    joiner = " " if qualifier and language == "en" and not qualifier.endswith(" ") else ""
    unit_font = look.font("number", bold=True)
    unit_font.setPixelSize(round(number_font.pixelSize() * 0.42))
    return CountUpLabel(
        figure.value, language, decimals=figure.decimals, compact=figure.compact,
        lead=qualifier + joiner + prefix, trail=words(figure.suffix),
        number_font=number_font, unit_font=unit_font,
        color=look.color("accent"), unit_color=look.color("accent"))

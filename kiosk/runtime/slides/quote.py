"""A quotation: the words large beside a gold rule, then who said them."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.content.model import QuoteSlide
from kiosk.runtime.screen_regions import LANGUAGE_CORNER
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.theme import Look, make_label
from kiosk.runtime.widgets.picture_box import PictureBox


class Ruled(QWidget):
    """A block with a gold rule down its left edge: the quote's frame."""

    def __init__(self, look: Look, parent: QWidget | None = None):
        super().__init__(parent)
        self._look = look
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(look.grid(2.5), look.grid(0.5), 0, look.grid(0.5))
        self.column.setSpacing(look.grid(1))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(0, 0, max(4, self._look.px(0.008)), self.height(),
                         self._look.color("accent"))
        painter.end()


class QuoteMark(QWidget):
    """A large opening quotation mark in the accent colour, above the words.

    Curators write only the words; the mark is decoration. It is the bundled font's own
    "“" (Noto Sans SC has it), drawn as an outline scaled to the widget's height and set
    flush left, so the full-width CJK glyph's side bearings never shift it.
    """

    MARK = "\u201c"

    def __init__(self, look: Look, parent: QWidget | None = None):
        super().__init__(parent)
        self._look = look
        self.setFixedHeight(look.px(0.075))
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:
        look = self._look
        path = QPainterPath()
        font = look.font("hero", bold=True)
        font.setFamilies([look.theme.fonts.display])  # the CJK face's full, round mark
        path.addText(QPointF(0, 0), font, self.MARK)
        bounds = path.boundingRect()
        if bounds.isEmpty():
            return
        scale = self.height() / bounds.height()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-bounds.left(), -bounds.top())
        painter.fillPath(path, look.color("accent"))
        painter.end()


class View(SlideView):
    """The quote slide."""

    slide: QuoteSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        root, column = self.content_column()
        right = 0 if look.portrait else round(root.width() * 0.12)
        column.addStretch(1)
        block = Ruled(look)
        block.column.addWidget(QuoteMark(look))
        text = make_label(look, self.text(slide.text), "title")
        font = text.font()
        font.setPixelSize(round(look.px(look.theme.type_scale.title) * 0.85))
        text.setFont(font)
        text.setContentsMargins(0, 0, max(right, round(self.width() * LANGUAGE_CORNER * 0.5)), 0)
        block.column.addWidget(text)
        block.column.addSpacing(look.grid(1))
        speaker = make_label(look, self.text(slide.speaker), "body", color="accent", bold=True)
        who = QVBoxLayout()
        who.setSpacing(look.grid(0.3))
        who.addWidget(speaker)
        if slide.role is not None:
            role = make_label(look, self.text(slide.role), "body", color="muted")
            role.setContentsMargins(0, 0, right, 0)
            who.addWidget(role)
        if slide.portrait is not None and slide.portrait.resolved:
            # The speaker's portrait, round, beside their name (cropped centrally to a square).
            row = QHBoxLayout()
            row.setSpacing(look.grid(1.2))
            side = look.px(0.11)
            portrait = PictureBox(slide.portrait.resolved, round=True)
            portrait.setObjectName("portrait")
            portrait.setFixedSize(side, side)
            row.addWidget(portrait, 0, Qt.AlignmentFlag.AlignVCenter)
            row.addLayout(who, 1)
            block.column.addLayout(row)
        else:
            block.column.addLayout(who)
        column.addWidget(self.rise(block, 150, distance=2))
        column.addStretch(1)


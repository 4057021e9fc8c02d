"""A quotation as an exhibition piece: the words at display size filling the space, an opening
mark hanging in the margin, then who said them, set apart under a short rule."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.content.model import QuoteSlide
from kiosk.runtime.screen_regions import LANGUAGE_CORNER
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.slides.fitting import settle_layouts
from kiosk.runtime.theme import Look, make_label, set_designed_size
from kiosk.runtime.widgets.drawn import ProgressDrawn
from kiosk.runtime.widgets.picture_box import PictureBox

OPENING_MARKS = {"en": "\u201c", "zh": "\u201c"}
"""The opening mark by language: “ in English, and “ in Chinese too, the mainland convention
the deck writes its Chinese quotations in (“试验田”), where Taiwan, Hong Kong and Japan would
use 「. A language missing here takes the English one."""
MARK_FAMILY = "Noto Sans SC"
"""The round, comma-shaped form of the mark (the bundled display face's): Noto Sans draws its
Latin “ as two slanted wedges, which read as a ditto sign at display size."""
DISPLAY = {False: 0.11, True: 0.13}
"""The words' designed size (landscape, portrait), a share of the screen's shorter side: the
size a short quotation is shown at. Longer ones shrink until they fit the space."""
HANG = 0.11
"""The margin the mark hangs in, left of the words, as a share of the shorter side."""


class QuoteMark(ProgressDrawn):
    """The opening quotation mark in the accent colour, fading in with the words.

    Curators write only the words; the mark is decoration. It is drawn as the outline of the
    glyph, scaled to the widget's height, so a full-width glyph's side bearings never shift
    it.
    """

    def __init__(self, look: Look, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._look = look
        self.mark = OPENING_MARKS.get(language, OPENING_MARKS["en"])
        font = QFont(MARK_FAMILY)
        font.setFamilies([MARK_FAMILY, look.theme.fonts.display])
        font.setPixelSize(look.px(look.theme.type_scale.hero))
        font.setBold(True)
        self._path = QPainterPath()
        self._path.addText(QPointF(0, 0), font, self.mark)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def aspect(self) -> float:
        """The mark's width over its height."""
        bounds = self._path.boundingRect()
        return bounds.width() / bounds.height() if bounds.height() > 0 else 1.0

    def paintEvent(self, event: QPaintEvent) -> None:
        bounds = self._path.boundingRect()
        if bounds.isEmpty():
            return
        scale = self.height() / bounds.height()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setOpacity(max(0.0, min(1.0, self._progress)))
        painter.scale(scale, scale)
        painter.translate(-bounds.left(), -bounds.top())
        painter.fillPath(self._path, self._look.color("accent"))
        painter.end()


class View(SlideView):
    """The quote slide."""

    slide: QuoteSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        words_text = self.text(slide.text)
        self.hang = look.px(HANG)
        root, column = self.content_column()
        # Text at the top right runs under the language toggle: keep a little of it free.
        right = round(self.width() * LANGUAGE_CORNER * 0.5)
        column.setContentsMargins(self.hang, 0, right, 0)
        column.setSpacing(0)
        column.addStretch(1)

        # The words: designed at display size and shrunk by the fitting until they fit the
        # space the slide leaves them (after_fit then gives them just the height they need,
        # so the block stays centred).
        words = make_label(look, words_text, "title", align=Qt.AlignmentFlag.AlignLeft)
        set_designed_size(words, look.px(DISPLAY[look.portrait]))
        words.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        words.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.words = words
        self.words_holder = self.rise(words, 150, distance=2)
        """What the words rise in: after_fit trims its height to the words' lines."""
        column.addWidget(self.words_holder, 12)
        self.fit_group([words])
        column.addSpacing(look.grid(2.5))
        column.addWidget(self.rise(self._attribution(), 150 + STAGGER_MS * 4))
        column.addStretch(1)

        self.mark = QuoteMark(look, self.language, self)
        self.animate(self.mark, b"progress", delay=100, movement=False)
        self._place_mark()

    def _attribution(self) -> QWidget:
        """Who said it: a short accent rule, the name, the role, and the portrait if given."""
        slide, look = self.slide, self.look
        block = QWidget()
        row = QHBoxLayout(block)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(look.grid(1.2))
        if slide.portrait is not None and slide.portrait.resolved:
            # The speaker's portrait, round, beside their name (cropped centrally to a square).
            side = look.px(0.11)
            portrait = PictureBox(slide.portrait.resolved, round=True)
            portrait.setObjectName("portrait")
            portrait.setFixedSize(side, side)
            row.addWidget(portrait, 0, Qt.AlignmentFlag.AlignVCenter)
        who = QVBoxLayout()
        who.setSpacing(look.grid(0.3))
        rule = QWidget()
        rule.setObjectName("rule")
        rule.setFixedSize(look.grid(3), max(3, look.px(0.005)))
        rule.setAutoFillBackground(True)
        palette = rule.palette()
        palette.setColor(rule.backgroundRole(), look.color("accent"))
        rule.setPalette(palette)
        who.addWidget(rule)
        who.addSpacing(look.grid(0.6))
        speaker = make_label(look, self.text(slide.speaker), "body", bold=True)
        set_designed_size(speaker, round(speaker.font().pixelSize() * 1.25))
        speaker.setObjectName("speaker")
        who.addWidget(speaker)
        if slide.role is not None:
            role = make_label(look, self.text(slide.role), "body", color="muted")
            role.setObjectName("role")
            who.addWidget(role)
        row.addLayout(who, 1)
        return block

    def after_fit(self) -> None:
        # The words keep just the height their lines need, so the stretches centre the whole
        # quotation instead of leaving the space below the last line empty.
        words = self.words
        needed = words.heightForWidth(words.width())
        if 0 < needed < words.height():
            self.words_holder.setFixedHeight(needed)
            settle_layouts(self)
        self._place_mark()

    def _place_mark(self) -> None:
        """Hang the mark in the margin: its top on the first line's capitals, its right edge
        a little left of the words, which keep one straight left edge."""
        settle_layouts(self)
        words = self.words
        metrics = words.fontMetrics()
        size = words.font().pixelSize()
        gap = max(2, round(size * 0.18))
        height = min(round(size * 0.8), round((self.hang - gap) / self.mark.aspect()))
        width = round(height * self.mark.aspect())
        top_left = words.mapTo(self, QPoint(0, 0))
        cap_top = top_left.y() + words.contentsRect().top() + metrics.ascent() \
            - metrics.capHeight()
        self.mark.setGeometry(QRect(QPoint(top_left.x() - gap - width, round(cap_top)),
                                    QSize(width, height)))

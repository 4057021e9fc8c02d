"""The slide-wide extras any slide type may carry: its sources line and its QR code.

Both sit at the bottom of the slide's outer area (:meth:`SlideLayout.outer_rect
<kiosk.runtime.slides.layout.SlideLayout.outer_rect>`), the QR code at the right and the
sources line left of it; the layout keeps content clear of what they take
(:meth:`Extras.reserved`).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.content.model import Slide, compact_source, slide_sources, slide_texts
from kiosk.core.strings import SOURCE, SOURCES, cites_a_source
from kiosk.runtime.theme import Look, make_label
from kiosk.runtime.widgets.qr import QrBlock, qr_block_size


def sources_text(slide: Slide, language: str) -> str:
    """The slide's sources line: each source once, compact (publisher and date), after
    "Source:" in the visitor's language; empty when the slide has no source, or when its
    own words already cite one (a text holding "Source" or "来源")."""
    written = " ".join(text.get(language) for text in slide_texts(slide))
    if cites_a_source(written):
        return ""
    cited = slide_sources(slide, language)
    sources = list(dict.fromkeys(compact_source(s) for s in cited))
    if not sources:
        return ""
    label = SOURCES if len(sources) > 1 else SOURCE
    prefix: str = getattr(label, language)
    # Chinese separates its citations with the full-width semicolon.
    return prefix + ("；" if language == "zh" else "; ").join(sources)


class Extras:
    """The sources line and QR code of one slide in one language."""

    def __init__(self, slide: Slide, look: Look, language: str) -> None:
        self.slide = slide
        self.look = look
        self.language = language
        self.sources_text = sources_text(slide, language)
        """The sources line as shown ('' when the slide shows none)."""
        self._sources_height: int | None = None

    def qr_size(self) -> QSize | None:
        """The QR code's block (code and caption), or None when the slide has none."""
        return qr_block_size(self.look) if self.slide.qr else None

    def _qr_width(self) -> int:
        """What the QR code takes from the width of the bottom row, its gap included."""
        size = self.qr_size()
        return size.width() + self.look.grid(2) if size is not None else 0

    def sources_height(self, outer: QRect) -> int:
        """The sources line's height, wrapped left of the QR code in ``outer`` (0 if none)."""
        # The safe area asks often while a slide is built: measure once.
        if self._sources_height is None:
            if not self.sources_text:
                self._sources_height = 0
            else:
                probe = make_label(self.look, self.sources_text, "caption", color="muted")
                self._sources_height = probe.heightForWidth(outer.width() - self._qr_width())
        return self._sources_height

    def reserved(self, outer: QRect) -> tuple[int, int]:
        """(height kept free at the bottom of ``outer``, width kept free at its right) for
        content to stay clear of the sources line and the QR code: in portrait the QR code
        takes a row of its own, in landscape a column beside the content."""
        bottom = self.sources_height(outer)
        right = 0
        size = self.qr_size()
        if size is not None:
            if self.look.portrait:
                bottom = max(bottom, size.height()) + self.look.grid(1)
            else:
                right = size.width() + self.look.grid(2)
        return bottom + (self.look.grid(1) if bottom else 0), right

    def place(self, view: QWidget, outer: QRect) -> tuple[QrBlock | None, QLabel | None]:
        """Create the QR code and the sources line on ``view``, at the bottom of ``outer``."""
        block = None
        size = self.qr_size()
        if size is not None:
            caption = self.slide.qr_caption
            block = QrBlock(self.look, self.slide.qr,
                            caption.get(self.language) if caption is not None else "",
                            self.language, view)
            block.setGeometry(outer.right() - size.width() + 1,
                              outer.bottom() - size.height() + 1, size.width(), size.height())
        label = None
        if self.sources_text:
            label = make_label(self.look, self.sources_text, "caption", color="muted",
                               parent=view)
            label.setObjectName("sources")
            width = outer.width() - self._qr_width()  # left of the QR code, if there is one
            height = label.heightForWidth(width)
            label.setGeometry(outer.left(), outer.bottom() - height + 1, width, height)
        return block, label

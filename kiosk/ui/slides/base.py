"""What every slide view offers the stage: entrance, settling, language, details."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.content.model import Slide
from kiosk.ui.theme import Look


class SlideView(QWidget):
    """A slide drawn from the model. Views show; they never change the deck.

    Subclasses build their widgets in :meth:`build` and animate them in :meth:`enter`.
    """

    detail_opened = Signal(bool)
    """True while a detail (a card, a milestone, a reform) is open: auto-advance pauses."""
    touched = Signal()
    """A visitor interacted with something inside the slide (counts as input)."""

    def __init__(self, slide: Slide, look: Look, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.slide = slide
        self.look = look
        self.language = language
        self.resize(look.size)
        self.setAutoFillBackground(False)
        self.build()

    def text(self, value) -> str:  # noqa: ANN001 - a model Text or None
        """A model :class:`~kiosk.content.model.Text` in this view's language ('' for None)."""
        return value.get(self.language) if value is not None else ""

    def build(self) -> None:
        """Create the child widgets for :attr:`slide` in :attr:`language`."""

    def set_language(self, language: str) -> None:
        """Show the slide in another language, in its settled state."""
        if language == self.language:
            return
        self.language = language
        for child in self.findChildren(QWidget):
            child.deleteLater()
        self.build()
        for child in self.findChildren(QWidget):
            child.show()
        self.settle()

    def enter(self) -> None:
        """Play the entrance animation from the start (each time the slide comes on)."""

    def settle(self) -> None:
        """Jump to the end of the entrance: counters at their values, everything in place."""

    def close_detail(self) -> bool:
        """Close an open detail; True if one was open."""
        return False

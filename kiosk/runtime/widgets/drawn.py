"""A base for widgets that paint themselves part-way through their entrance."""

from __future__ import annotations

from PySide6.QtCore import Property
from PySide6.QtWidgets import QWidget


class ProgressDrawn(QWidget):
    """A widget drawn at ``progress`` 0 → 1; animating the property animates the drawing.

    Subclasses read ``self._progress`` in ``paintEvent``. It starts at 1 (fully drawn), so a
    view shown without its entrance (an export, a language switch) is never blank.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._progress = 1.0

    def _get_progress(self) -> float:
        return self._progress

    def _set_progress(self, value: float) -> None:
        self._progress = float(value)
        self.update()

    progress = Property(float, _get_progress, _set_progress)
    """0 → 1: how much of the drawing shows (1 is the settled state)."""

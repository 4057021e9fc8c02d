"""A base for widgets that paint themselves part-way through their entrance."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Property
from PySide6.QtWidgets import QWidget


class Compositor(Protocol):
    """Something that shows a drawn widget in its own frames (a :class:`Rise` mid-entrance)."""

    def live_changed(self, live: QWidget) -> None:
        """``live`` has a new look: repaint where it is shown."""


class ProgressDrawn(QWidget):
    """A widget drawn at ``progress`` 0 → 1; animating the property animates the drawing.

    Subclasses read ``self._progress`` in ``paintEvent``. It starts at 1 (fully drawn), so a
    view shown without its entrance (an export, a language switch) is never blank.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._progress = 1.0
        self._compositor: Compositor | None = None

    def set_compositor(self, compositor: Compositor | None) -> None:
        """While an ancestor composites this widget's frames (it is parked out of sight inside a
        :class:`~kiosk.runtime.widgets.reveal.Rise`), tell it of each change instead."""
        self._compositor = compositor

    def _get_progress(self) -> float:
        return self._progress

    def _set_progress(self, value: float) -> None:
        self._progress = float(value)
        self.changed()

    def changed(self) -> None:
        """Repaint for a new progress: the whole widget (subclasses may narrow it)."""
        if self._compositor is not None:
            self._compositor.live_changed(self)
        else:
            self.update()

    progress = Property(float, _get_progress, _set_progress)
    """0 → 1: how much of the drawing shows (1 is the settled state)."""

"""Rise: a holder that lets one widget rise into place and fade in, for slide entrances.

The holder takes the child's place in a layout; the child moves inside it, so the layout
never fights the animation, and the holder clips it (the text rises out of a mask).
"""

from __future__ import annotations

from PySide6.QtCore import Property, QSize
from PySide6.QtWidgets import QGraphicsOpacityEffect, QWidget


class Rise(QWidget):
    """Shows ``child`` at ``progress`` of its entrance: 0 hidden and lowered, 1 in place."""

    def __init__(self, child: QWidget, distance: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.child = child
        child.setParent(self)
        self.setSizePolicy(child.sizePolicy())
        self._distance = distance
        self._progress = 1.0
        self._effect: QGraphicsOpacityEffect | None = None

    # The holder stands in for the child in layouts.
    def sizeHint(self) -> QSize:
        return self.child.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.child.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return self.child.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        return self.child.heightForWidth(width)

    def resizeEvent(self, event) -> None:
        self._place()

    def _place(self) -> None:
        offset = round(self._distance * (1.0 - self._progress))
        self.child.setGeometry(0, offset, self.width(), self.height())

    def _get_progress(self) -> float:
        return self._progress

    def _set_progress(self, value: float) -> None:
        self._progress = float(value)
        self._place()
        if self._progress < 1.0:
            # The opacity effect renders through an offscreen buffer: keep it only while fading.
            if self._effect is None:
                self._effect = QGraphicsOpacityEffect(self.child)
                self.child.setGraphicsEffect(self._effect)
            self._effect.setEnabled(True)
            self._effect.setOpacity(max(0.0, min(1.0, self._progress)))
        elif self._effect is not None:
            self._effect.setEnabled(False)

    progress = Property(float, _get_progress, _set_progress)
    """0 → 1: how far the entrance has come."""

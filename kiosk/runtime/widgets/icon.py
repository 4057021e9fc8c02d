"""An icon from the curator's content (``icon: fa6s.microchip``), drawn by qtawesome.

qtawesome renders the icon fonts it ships (Font Awesome 6 Free, Material Design Icons 6: see
:mod:`kiosk.core.content.icons` for the names and licences) at any size, so an icon is as
sharp at 4K as at 1080p. The name was checked when the content was loaded.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

# qtawesome draws through QtPy, which would pick any Qt binding it finds first: ours is PySide6.
os.environ.setdefault("QT_API", "pyside6")
import qtawesome  # noqa: E402  (after QT_API is set)


class IconLabel(QLabel):
    """The icon ``name`` in ``color``, ``side`` pixels square."""

    def __init__(self, name: str, color: QColor, side: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        icon = qtawesome.icon(name, color=QColor(color))
        ratio = self.devicePixelRatioF()
        pixmap = icon.pixmap(QSize(side, side), ratio)
        self.setPixmap(pixmap)
        self.setFixedSize(side, side)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

"""The Qt back end of the report: text measured and figures painted with QPainter into a PNG.

Offscreen, with the bundled Noto Sans SC registered, so Chinese (中文) never draws as boxes
on a machine without a CJK font.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from kiosk.tools.report.charts import (
    BACKGROUND,
    FONT_FAMILY,
    Box,
    Figure,
    Label,
    Line,
    Measure,
)


def ensure_app() -> Any:
    """A QGuiApplication (offscreen unless a display is there) with the bundled fonts."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from kiosk.runtime.fonts import load_bundled_fonts

    app = QGuiApplication.instance() or QGuiApplication([])
    load_bundled_fonts()
    return app


def _font(size: float, bold: bool) -> Any:
    from PySide6.QtGui import QFont

    font = QFont(FONT_FAMILY)
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    return font


@lru_cache(maxsize=64)
def _metrics(size: float, bold: bool) -> Any:
    from PySide6.QtGui import QFontMetricsF

    return QFontMetricsF(_font(size, bold))


def qt_measure() -> Measure:
    """Text widths as Qt draws them (needs :func:`ensure_app` first)."""
    ensure_app()

    def measure(text: str, size: float, bold: bool) -> float:
        return float(_metrics(size, bold).horizontalAdvance(text))

    return measure


def paint(figure: Figure, painter: Any, x: float = 0.0, y: float = 0.0) -> None:
    """Draw ``figure`` with its top-left corner at (x, y)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QPen

    for item in figure.items:
        if isinstance(item, Box):
            painter.fillRect(QRectF(x + item.x, y + item.y, item.w, item.h), QColor(item.fill))
        elif isinstance(item, Line):
            painter.setPen(QPen(QColor(item.stroke), item.width, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.FlatCap))
            painter.drawLine(QPointF(x + item.x1, y + item.y1), QPointF(x + item.x2, y + item.y2))
        elif isinstance(item, Label):
            painter.setFont(_font(item.size, item.bold))
            painter.setPen(QColor(item.fill))
            width = _metrics(item.size, item.bold).horizontalAdvance(item.text)
            left = {"start": 0.0, "middle": width / 2, "end": width}[item.anchor]
            painter.drawText(QPointF(x + item.x - left, y + item.y), item.text)


def save_png(placed: Sequence[tuple[float, float, Figure]], width: float, height: float,
             out: Path) -> None:
    """Paint the placed figures onto one white image and save it; OSError if it can't be."""
    from PySide6.QtGui import QColor, QImage, QPainter

    ensure_app()
    image = QImage(round(width), round(height), QImage.Format.Format_RGB32)
    image.fill(QColor(BACKGROUND))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        for x, y, figure in placed:
            paint(figure, painter, x, y)
    finally:
        painter.end()
    if not image.save(str(out)):  # PNG, from the suffix
        raise OSError(f"cannot write {out}")

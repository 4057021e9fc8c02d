"""Draws the made-up pictures of the test deck ``tests/decks/harbour`` (run once; committed).

Each picture is a flat, distinctive scene in colours a test can look for on screen: the card
pictures are mostly one saturated colour that the theme never uses.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

FOLDER = Path(__file__).parent / "harbour" / "images"

PICTURES = {
    # name: (width, height, ground colour, shape colour)
    "jellyfish.jpg": (800, 600, "#C2185B", "#FFD1E3"),
    "turtle.jpg": (800, 600, "#2E7D32", "#C8E6C9"),
    "octopus.png": (600, 600, "#EF6C00", "#FFE0B2"),
    "harbour.jpg": (1600, 900, "#1B4F72", "#F7DC6F"),
    "tank.jpg": (900, 1200, "#006064", "#B2EBF2"),
    "keeper.jpg": (400, 500, "#6D4C41", "#FFCCBC"),
    "night.jpg": (1920, 1080, "#0B0F2A", "#3949AB"),
}


def draw(width: int, height: int, ground: str, shape: str) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(ground))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(shape))
    side = min(width, height)
    painter.drawEllipse(QPointF(width * 0.5, height * 0.45), side * 0.22, side * 0.18)
    for i in range(5):
        painter.drawRect(QRectF(width * (0.36 + i * 0.06), height * 0.55, side * 0.02,
                                height * 0.25))
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841 (QPainter on images needs one for fonts)
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, (width, height, ground, shape) in PICTURES.items():
        draw(width, height, ground, shape).save(str(FOLDER / name), quality=80)
    return 0


if __name__ == "__main__":
    sys.exit(main())

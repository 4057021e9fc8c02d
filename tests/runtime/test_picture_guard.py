"""Hostile pictures at runtime: over the pixel budget never decoded, SVG never drawn (the
runtime's guard for a picture replaced after validation)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from kiosk.runtime.pictures import picture


def _png_declaring(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims ``width``×``height`` (with one tiny, truncated row)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    return path


def test_a_picture_within_the_budget_is_drawn(qapp, tmp_path: Path) -> None:
    image = QImage(64, 32, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    image.save(str(tmp_path / "ok.png"))
    drawn = picture(str(tmp_path / "ok.png"), QSize(64, 32), "cover")
    assert drawn is not None and (drawn.width(), drawn.height()) == (64, 32)


def test_a_picture_declaring_too_many_pixels_is_never_decoded(qapp, tmp_path: Path,
                                                              caplog) -> None:
    huge = _png_declaring(tmp_path / "huge.png", 50_000, 50_000)
    assert picture(str(huge), QSize(640, 360)) is None
    assert "could not show the picture" in caplog.text


def test_an_svg_is_refused_even_under_another_name(qapp, tmp_path: Path, caplog) -> None:
    """Nested <use> elements hang the SVG renderer; external hrefs read other files."""
    nested = ['<svg xmlns="http://www.w3.org/2000/svg" '
              'xmlns:xlink="http://www.w3.org/1999/xlink"><g id="a0"><rect width="1" '
              'height="1"/></g>']
    nested += [f'<g id="a{n}"><use xlink:href="#a{n - 1}"/><use xlink:href="#a{n - 1}"/></g>'
               for n in range(1, 40)]
    (tmp_path / "bomb.png").write_text("".join(nested) + "</svg>")
    assert picture(str(tmp_path / "bomb.png"), QSize(640, 360)) is None
    assert "is an SVG" in caplog.text

"""Hostile and broken pictures, made in the test (never committed): JPEG scan and comment
bombs, cut and patched JPEGs, strips, 12-bit and hierarchical JPEGs, lying WebPs, 64-bit BMPs.
"""

from __future__ import annotations

import struct

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage, QImageWriter


def encoded(image: QImage, kind: bytes, *, progressive: bool = False,
            quality: int = 90) -> bytes:
    """``image`` written by Qt as ``kind`` (b"jpeg", b"png", b"webp"...)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, kind)
    writer.setQuality(quality)
    writer.setProgressiveScanWrite(progressive)
    assert writer.write(image), writer.errorString()
    return bytes(buffer.data())


def scene(width: int, height: int, colour: str = "#C2185B") -> QImage:
    """A flat picture with a grid of white dots (so a JPEG has some detail to code)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    for y in range(0, height, 37):
        for x in range(0, width, 53):
            image.setPixel(x, y, 0xFFFFFFFF)
    return image


def jpeg(width: int, height: int, colour: str = "#C2185B", *,
         progressive: bool = False) -> bytes:
    return encoded(scene(width, height, colour), b"jpeg", progressive=progressive)


def segments(data: bytes) -> list[tuple[int, bytes]]:
    """A JPEG's marker segments in order (a scan with its coded data), SOI left out."""
    position, out = 2, []
    while position < len(data):
        marker = data[position + 1]
        if marker == 0xD9:
            out.append((marker, data[position:position + 2]))
            break
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        end = position + 2 + length
        if marker == 0xDA:
            while True:
                end = data.index(b"\xff", end)
                if data[end + 1] == 0 or 0xD0 <= data[end + 1] <= 0xD7:
                    end += 2
                    continue
                break
        out.append((marker, data[position:end]))
        position = end
    return out


def repeated_scans(width: int, height: int, times: int) -> bytes:
    """A progressive JPEG whose whole scan script (tables and scans) is repeated ``times``:
    each scan is a pass over every block of the picture."""
    parts = segments(jpeg(width, height, progressive=True))
    head = b"".join(body for marker, body in parts if marker not in (0xC4, 0xDA, 0xD9))
    script = b"".join(body for marker, body in parts if marker in (0xC4, 0xDA))
    return b"\xff\xd8" + head + script * times + b"\xff\xd9"


def comment_bomb(comments: int) -> bytes:
    """A small JPEG with ``comments`` empty comment segments after its start marker."""
    data = jpeg(64, 48)
    return data[:2] + b"\xff\xfe\x00\x02" * comments + data[2:]


def fill_padded(fill: int) -> bytes:
    """A JPEG with ``fill`` 0xFF fill bytes before its first marker (legal, if odd)."""
    data = jpeg(64, 48)
    return data[:2] + b"\xff" * fill + data[2:]


def with_frame(data: bytes, *, marker: int | None = None, precision: int | None = None) -> bytes:
    """``data`` with its frame header's marker (0xC5: hierarchical) or precision changed."""
    start = data.index(b"\xff\xc0")
    out = bytearray(data)
    if marker is not None:
        out[start + 1] = marker
    if precision is not None:
        out[start + 4] = precision
    return bytes(out)


def cut_with_end_marker(data: bytes) -> bytes:
    """The first half of a JPEG with its end marker put back: structurally whole."""
    return data[:len(data) // 2] + b"\xff\xd9"


def one_pixel_lossless_webp() -> bytes:
    """A valid 1×1 lossless WebP as Qt writes it (38 bytes)."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(QColor("#C2185B"))
    return encoded(image, b"webp", quality=100)


def lying_webp() -> bytes:
    """A lossless WebP whose header claims 1000×1000 over the data of a 1×1 picture."""
    data = bytearray(one_pixel_lossless_webp())
    assert data[12:16] == b"VP8L"
    bits = int.from_bytes(data[21:25], "little")
    bits = (bits & ~((1 << 28) - 1)) | 999 | (999 << 14)
    data[21:25] = bits.to_bytes(4, "little")
    return bytes(data)


def bmp(bits: int, width: int = 4, height: int = 4) -> bytes:
    """An uncompressed BMP of ``bits`` per pixel (64 is a kind Qt cannot read)."""
    row = ((bits * width + 31) // 32) * 4
    pixels = b"\x80" * (row * height)
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, 0, len(pixels), 2835,
                         2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + len(header) + len(pixels), 0, 0,
                               14 + len(header)) + header + pixels


def strip_png(width: int, height: int) -> bytes:
    return encoded(scene(width, height), b"png")

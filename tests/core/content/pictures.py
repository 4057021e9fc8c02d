"""Small real picture files for content tests, written in pure Python (no Qt, no Pillow).

Each is a complete, decodable file, so the validator's decoding checks pass; the tests that
break pictures start from these and cut or corrupt them.
"""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))


def png_bytes(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 40, 40),
              declared: tuple[int, int] | None = None, interlaced: bool = False) -> bytes:
    """An RGB PNG of one colour; ``declared`` writes another size in its header."""
    def rows(w: int, h: int) -> bytes:
        return b"".join(b"\x00" + bytes(rgb) * w for _ in range(h)) if w and h else b""

    if interlaced:  # Adam7: seven sub-images, each row filtered on its own
        stream = b"".join(rows((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
                          for x0, y0, dx, dy in _ADAM7)
    else:
        stream = rows(width, height)
    header_w, header_h = declared or (width, height)
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", header_w, header_h, 8, 2, 0, 0,
                                          int(interlaced)))
            + _chunk(b"IDAT", zlib.compress(stream))
            + _chunk(b"IEND", b""))


def jpeg_bytes() -> bytes:
    """A baseline 8×8 greyscale JPEG (one flat block), the smallest complete one."""
    quant = _segment(0xDB, b"\x00" + bytes([1] * 64))
    frame = _segment(0xC0, struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00")
    # Huffman tables with one code each: DC category 0, AC end-of-block.
    dc = _segment(0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00")
    ac = _segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")
    scan = _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    return (b"\xff\xd8" + _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + quant + frame + dc + ac + scan + b"\x00" + b"\xff\xd9")


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<image href="/etc/hostname" width="10" height="10"/></svg>')

"""The picture-decoding child: ``python -m kiosk.runtime.decode_worker SOURCE OUT W H
MAX_PIXELS MEMORY_MB CPU_SECONDS``.

Started by :mod:`kiosk.core.content.picture_proof`, one picture per child. It limits its own
address space and CPU time before loading Qt, decodes ``SOURCE`` with ``QImageReader`` under
the pixel budget, turned upright by its EXIF orientation and scaled (by the decoder itself
where it can, as JPEG can) to cover the ``W``×``H`` box at most, and writes the result to
``OUT`` as a PNG. The last line of its output is a JSON answer: ``{"ok": true, ...}`` or
``{"ok": false, "problem": ..., "hint": ...}``. When the limits are hit, the OS ends it and
the parent words the reason.

Decoders that meet damage often still return a picture (libjpeg fills a cut-off JPEG with
grey), reporting it only as a warning: every warning during the decode is collected, and one
that says the data is damaged refuses the picture.
"""

from __future__ import annotations

import json
import math
import re
import resource
import sys

DAMAGE = re.compile(r"corrupt|premature|truncat|invalid|bad huffman|error|unsupported|"
                    r"not a jpeg|damaged|too (?:large|big)|unexpected|failed|inconsistent|"
                    r"bogus", re.IGNORECASE)
"""Warnings that mean the decoded picture is not the whole, sound picture."""
MEMORY = re.compile(r"out of memory|allocation limit|cannot allocate|bad_alloc", re.IGNORECASE)
"""Warnings that mean the decode ran out of its memory limit."""
HARMLESS = re.compile(r"iccp|icc|colou?r ?profile|srgb|extraneous bytes|exif", re.IGNORECASE)
"""Warnings about metadata only: the pixels are drawn right."""

_NAMES = {"jpeg": "JPEG", "jpg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP",
          "bmp": "BMP"}
_SMALLER = "scale it down to about 1920×1080 and save it again"
_RESAVE = "open it in an image editor and save it again as PNG or JPEG"


def target_size(width: int, height: int, box: tuple[int, int], max_pixels: int) -> tuple[int,
                                                                                          int]:
    """The size to decode a ``width``×``height`` picture at: scaled, keeping its proportions,
    just enough to cover ``box`` (never enlarged), and to at most ``max_pixels``."""
    scale = min(1.0, max(box[0] / width, box[1] / height))
    if width * height * scale * scale > max_pixels:
        scale = math.sqrt(max_pixels / (width * height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def decode(source: str, out: str, box: tuple[int, int], max_pixels: int) -> dict[str, object]:
    """Decode ``source`` into ``out`` (PNG); the answer for the parent."""
    from PySide6.QtCore import QSize, Qt, QtMsgType, qInstallMessageHandler
    from PySide6.QtGui import QImage, QImageReader, QImageWriter

    from kiosk.core.content.images import IMAGE_ALLOCATION_LIMIT_MB

    warnings: list[str] = []

    def collect(kind: QtMsgType, _context: object, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg:
            warnings.append(message)

    qInstallMessageHandler(collect)
    reader = QImageReader(source)
    reader.setAllocationLimit(IMAGE_ALLOCATION_LIMIT_MB)
    reader.setAutoTransform(True)
    kind = bytes(reader.format().data()).decode("ascii", "replace").lower()
    if kind in ("svg", "svgz"):
        return refuse("is an SVG drawing, which content may not use", "export it as a PNG")
    size = reader.size()
    source_size = (size.width(), size.height())
    if size.isValid() and not size.isEmpty():
        width, height = target_size(size.width(), size.height(), box, max_pixels)
        if (width, height) != (size.width(), size.height()):
            # JPEG decodes straight at about this size (far less memory and time); other
            # formats are decoded whole, under the allocation limit, and scaled by the reader.
            reader.setScaledSize(QSize(width, height))
    image = reader.read()  # a reader that cannot tell the size first is still tried
    damage = [w for w in warnings if DAMAGE.search(w) and not HARMLESS.search(w)]
    if image.isNull() and any(MEMORY.search(w) for w in warnings):
        return refuse("needs more memory to decode than a picture may use", _SMALLER)
    if image.isNull():
        reason = damage[0] if damage else reader.errorString()
        return refuse(f"could not be decoded by the kiosk's {_NAMES.get(kind, 'picture')} "
                      f"reader ('{reason.strip()}')", _RESAVE)
    if damage:
        return refuse(f"is damaged: the decoder reports '{damage[0].strip()}' (it would be "
                      "drawn incomplete)", _RESAVE)
    if not size.isValid() or size.isEmpty():
        source_size = (image.width(), image.height())
    if image.width() * image.height() > max_pixels:
        image = image.scaled(*target_size(image.width(), image.height(), box, max_pixels),
                             mode=Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_ARGB32 if image.hasAlphaChannel()
                                  else QImage.Format.Format_RGB32)
    writer = QImageWriter(out, b"png")
    writer.setQuality(80)  # zlib level 1: the cache is written once and read often
    if not writer.write(image):
        return {"ok": False, "problem": f"was decoded but could not be kept "
                                        f"({writer.errorString()})",
                "hint": "check the space in the cache folder", "transient": True}
    return {"ok": True, "width": image.width(), "height": image.height(), "source": source_size}


def refuse(problem: str, hint: str) -> dict[str, object]:
    return {"ok": False, "problem": problem, "hint": hint}


def main(argv: list[str]) -> int:
    source, out, box_w, box_h, max_pixels, memory_mb, cpu_seconds = argv
    memory = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(cpu_seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file behind
    try:
        answer = decode(source, out, (int(box_w), int(box_h)), int(max_pixels))
    except MemoryError:
        answer = refuse("needs more memory to decode than a picture may use", _SMALLER)
    print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

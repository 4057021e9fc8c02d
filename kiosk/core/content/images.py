"""The one pixel budget for content pictures, and the check that a picture will draw.

A picture is decoded at most once per screen size; a file declaring more pixels than this is
refused by ``validate`` (with its file and line) and never decoded by the runtime, so one
hostile or careless picture cannot take hundreds of megabytes or stall the screen.

:func:`inspect_picture` is what ``validate`` runs on every picture, in pure Python (the core
imports no Qt): it reads the file's structure the way a decoder would and refuses what would
not draw — a cut-off PNG or JPEG, a broken chunk, a declared size beyond the budget — without
ever holding the decoded pixels (a PNG's pixel stream is inflated in bounded pieces and only
counted). SVG is refused outright: an SVG can pull in any file on the machine through
``<image href>`` and can hang its renderer with nested ``<use>`` elements, and no check short
of rendering it can rule that out.
"""

from __future__ import annotations

import functools
import os
import re
import struct
import zlib
from dataclasses import dataclass

IMAGE_PIXEL_BUDGET = 36_000_000
"""Most pixels a content picture may declare (a 24-megapixel camera photo fits, with room)."""

IMAGE_ALLOCATION_LIMIT_MB = IMAGE_PIXEL_BUDGET * 4 // 1_000_000 + 1
"""The same budget as Qt's ``QImageReader.setAllocationLimit`` takes it (32-bit pixels, MB)."""

MAX_ASPECT_RATIO = 20
"""Most times a picture may be wider than tall, or taller than wide (a wide panorama fits):
a strip of 1×100000 pixels is no picture, and covering a screen with it would take
gigabytes."""

MAX_JPEG_SCANS = 100
"""Most scans a JPEG may have. A progressive JPEG has about 10; each scan is a pass over the
whole picture, so one with its scans repeated thousands of times takes minutes to decode."""

MAX_JPEG_SEGMENTS = 2000
"""Most marker segments (comments, tables, metadata) a JPEG may have; a camera writes a few
dozen. Millions of empty comments crash decoders."""

MAX_PICTURE_BYTES = 64 * 1024 * 1024
"""Largest picture file read at all (a 24-megapixel JPEG is about 10 MB)."""

_INFLATE_STEP = 1 << 20
"""Bytes of a PNG's pixel stream inflated at a time: bounds memory whatever the file claims."""


@dataclass(frozen=True)
class PictureCheck:
    """What :func:`inspect_picture` found: the format, and a problem when it will not draw."""

    kind: str | None
    """PNG, JPEG, GIF, WebP, BMP or SVG; None when the file is no picture we know."""
    problem: str = ""
    """Empty when the picture will draw; else what is wrong, in a curator's words."""
    hint: str = ""
    width: int = 0
    height: int = 0

    @property
    def ok(self) -> bool:
        return self.kind is not None and not self.problem


class _Bad(Exception):
    def __init__(self, problem: str, hint: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint


_RESAVE = "open it in an image editor and save it again (PNG or JPEG)"


def inspect_picture(path: str | os.PathLike[str]) -> PictureCheck:
    """Check that the picture at ``path`` is one the kiosk can draw. Raises only OSError.

    The answer is remembered per file version (path, size, inode, modification and change
    times, so a rewrite, a replacement or a chmod is a new version): a running kiosk
    re-validates its content on every save, and re-reading every unchanged photo each time
    would stall the screen for seconds. Errors are never remembered.
    """
    info = os.stat(path)
    version = (info.st_ino, info.st_mtime_ns, info.st_ctime_ns)
    return _inspect_version(os.fspath(path), info.st_size, version)


@functools.lru_cache(maxsize=256)
def _inspect_version(path: str, size: int, version: tuple[int, int, int]) -> PictureCheck:
    """:func:`inspect_picture` for one version of a file (``version`` is only a cache key)."""
    del version
    return _inspect(path, size)


def _inspect(path: str, size: int) -> PictureCheck:
    if size > MAX_PICTURE_BYTES:
        return PictureCheck(None, f"the file is {size / 1e6:.0f} MB, more than the "
                                  f"{MAX_PICTURE_BYTES // (1024 * 1024)} MB allowed",
                            "save it smaller: about 1920×1080 is enough for a full screen")
    with open(path, "rb") as handle:
        data = handle.read(MAX_PICTURE_BYTES + 1)
    kind = picture_kind(data[:512])
    if kind is None:
        return PictureCheck(None, "is not an image", "use a PNG, JPEG, GIF, WebP or BMP file")
    if kind == "SVG":
        return PictureCheck(kind, "is an SVG drawing, which content may not use",
                            "export it as a PNG: an SVG can pull in files from outside the "
                            "content folder and can take the screen minutes to draw")
    try:
        width, height = _CHECKS[kind](data)
    except _Bad as bad:
        return PictureCheck(kind, bad.problem, bad.hint or _RESAVE)
    except (struct.error, IndexError, ValueError, zlib.error):
        return PictureCheck(kind, f"is a damaged {kind} file (cut off or corrupt)", _RESAVE)
    if width <= 0 or height <= 0:
        return PictureCheck(kind, f"declares an empty picture ({width}×{height})", _RESAVE)
    if width * height > IMAGE_PIXEL_BUDGET:
        return PictureCheck(kind, f"is {width:,}×{height:,} pixels, more than the "
                                  f"{IMAGE_PIXEL_BUDGET / 1e6:.0f} million allowed",
                            "scale it down: about 1920×1080 is enough for a full screen",
                            width, height)
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        long, short = ("wide", "tall") if width > height else ("tall", "wide")
        return PictureCheck(kind, f"is {width:,}×{height:,} pixels, a strip more than "
                                  f"{MAX_ASPECT_RATIO} times as {long} as it is {short}",
                            "crop it to the part that should be seen, e.g. 1920×1080",
                            width, height)
    return PictureCheck(kind, "", "", width, height)


def picture_kind(head: bytes) -> str | None:
    """The format a file's first bytes announce (by content, never by name), or None."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in head):
        return "SVG"
    return None


_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
)

# ------------------------------------------------------------------------------------- PNG

_PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
"""Allowed bit depths per colour type (PNG spec, table 11.1)."""
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_PNG_KNOWN_CRITICAL = {b"IHDR", b"PLTE", b"IDAT", b"IEND"}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))
"""Interlace passes: (x start, y start, x step, y step)."""


def _check_png(data: bytes) -> tuple[int, int]:
    position = 8
    width = height = 0
    header = None
    has_palette = False
    inflater = zlib.decompressobj()
    inflated = 0
    expected = 0
    seen_idat = finished = False
    while True:
        if position + 12 > len(data):
            raise _Bad("is a PNG that is cut off (its end marker is missing)")
        length, chunk = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if length > len(data) or len(body) < length or position + 12 + length > len(data):
            raise _Bad("is a PNG that is cut off in the middle of its data")
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        if zlib.crc32(chunk + body) != crc:
            raise _Bad(f"is a damaged PNG (the checksum of its {_chunk_name(chunk)} "
                       "chunk is wrong)")
        position += 12 + length
        if header is None:
            if chunk != b"IHDR" or length != 13:
                raise _Bad("is a damaged PNG (it does not start with its header)")
            width, height, depth, colour, compression, filtering, interlace = struct.unpack(
                ">IIBBBBB", body)
            if depth not in _PNG_DEPTHS.get(colour, ()) or compression or filtering \
                    or interlace > 1:
                raise _Bad("is a PNG of a kind no decoder reads (bad header)")
            if width == 0 or height == 0 or width * height > IMAGE_PIXEL_BUDGET:
                return width, height  # the caller words the size problem
            if depth == 16 and colour != 0 and width * height * 2 > IMAGE_PIXEL_BUDGET:
                # Qt decodes 16-bit colour to 8 bytes a pixel, twice the budget's 4: such a
                # picture passes the pixel count but is refused by the runtime's allocation limit.
                raise _Bad(f"is a 16-bit PNG of {width:,}×{height:,} pixels; at 16 bits a "
                           f"picture may have at most {IMAGE_PIXEL_BUDGET // 2 / 1e6:.0f} "
                           "million", "save it as an 8-bit PNG, or as a JPEG")
            header = (depth, colour, interlace)
            expected = _png_stream_size(width, height, depth * _PNG_CHANNELS[colour], interlace)
            continue
        if chunk == b"PLTE":
            has_palette = True
        elif chunk == b"IDAT":
            if finished:
                raise _Bad("is a damaged PNG (pixel data after the end of its image)")
            seen_idat = True
            pending = body
            while pending and not inflater.eof:
                out = inflater.decompress(pending, _INFLATE_STEP)
                inflated += len(out)
                if inflated > expected:
                    raise _Bad("is a damaged PNG (more pixel data than its size allows)")
                pending = inflater.unconsumed_tail
            finished = inflater.eof
        elif chunk == b"IEND":
            break
        elif chunk not in _PNG_KNOWN_CRITICAL and chr(chunk[0]).isupper():
            raise _Bad(f"is a PNG with a part ({_chunk_name(chunk)}) no decoder knows")
    if header[1] == 3 and not has_palette:
        raise _Bad("is a damaged PNG (a palette picture without its palette)")
    while not inflater.eof and inflated <= expected:  # data buffered inside zlib
        out = inflater.decompress(b"", _INFLATE_STEP)
        if not out:
            break
        inflated += len(out)
    if not seen_idat or not inflater.eof or inflated != expected:
        raise _Bad("is a PNG whose pixel data is cut off or damaged")
    return width, height


def _png_stream_size(width: int, height: int, bits_per_pixel: int, interlace: int) -> int:
    """Bytes of the filtered pixel stream: each row is a filter byte plus its pixels."""
    def rows(w: int, h: int) -> int:
        return 0 if w == 0 or h == 0 else h * (1 + (w * bits_per_pixel + 7) // 8)

    if not interlace:
        return rows(width, height)
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        total += rows((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
    return total


def _chunk_name(chunk: bytes) -> str:
    return chunk.decode("latin-1").encode("ascii", "backslashreplace").decode("ascii")


# ------------------------------------------------------------------------------------ JPEG

_SOF_MARKERS = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD,
                          0xCE, 0xCF})
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_HIERARCHICAL = frozenset({0xC5, 0xC6, 0xC7, 0xCD, 0xCE, 0xCF})
"""Differential frames: a hierarchical JPEG, which libjpeg does not decode."""
_LOSSLESS = frozenset({0xC3, 0xCB})
"""Lossless frames, whose precision may be 2 to 16 bits (the decoder decides)."""
_NOT_FILL = re.compile(rb"[^\xff]")
_CUT_JPEG = "is a JPEG that is cut off (its end marker is missing)"


def _check_jpeg(data: bytes) -> tuple[int, int]:
    position = 2
    width = height = 0
    seen_frame = False
    end = len(data)
    segments = scans = 0
    while True:
        if position >= end:
            raise _Bad(_CUT_JPEG)
        if data[position] != 0xFF:
            raise _Bad("is a damaged JPEG (its structure is broken)")
        found = _NOT_FILL.search(data, position)  # fill bytes, skipped at C speed
        if found is None:
            raise _Bad(_CUT_JPEG)
        position = found.start()
        marker = data[position]
        position += 1
        if marker == 0xD9:
            break
        if marker in _STANDALONE:
            continue
        segments += 1
        if segments > MAX_JPEG_SEGMENTS:
            raise _Bad(f"is a JPEG with more than {MAX_JPEG_SEGMENTS:,} parts (comments, "
                       "tables or metadata); a camera writes a few dozen",
                       "save it again in an image editor, without its metadata")
        if position + 2 > end:
            raise _Bad(_CUT_JPEG)
        (length,) = struct.unpack(">H", data[position:position + 2])
        if length < 2 or position + length > end:
            raise _Bad(_CUT_JPEG)
        segment = data[position + 2:position + length]
        position += length
        if marker in _SOF_MARKERS:
            if len(segment) < 6:
                raise _Bad("is a damaged JPEG (bad frame header)")
            precision, height, width = struct.unpack(">BHH", segment[:5])
            if seen_frame:
                raise _Bad("is a damaged JPEG (two frame headers)")
            if marker in _HIERARCHICAL:
                raise _Bad("is a hierarchical JPEG, a kind the kiosk cannot draw",
                           "save it again as an ordinary (baseline) JPEG or PNG")
            if precision != 8 and marker not in _LOSSLESS:
                raise _Bad(f"is a {precision}-bit JPEG; the kiosk draws 8-bit JPEGs only",
                           "save it again as an ordinary 8-bit JPEG or PNG")
            if height == 0 or width == 0 or width * height > IMAGE_PIXEL_BUDGET:
                return width, height
            seen_frame = True
        elif marker == 0xDA:
            if not seen_frame:
                raise _Bad("is a damaged JPEG (image data before its frame header)")
            scans += 1
            if scans > MAX_JPEG_SCANS:
                raise _Bad(f"is a JPEG with more than {MAX_JPEG_SCANS} scans (a progressive "
                           "JPEG has about 10), which would take minutes to decode",
                           "save it again as a plain (baseline) JPEG or PNG")
            position = _skip_entropy_data(data, position)
    if not seen_frame:
        raise _Bad("is a damaged JPEG (no frame header)")
    return width, height


def _skip_entropy_data(data: bytes, position: int) -> int:
    """Where the marker after a scan's compressed data starts (stuffed FF00 and RSTn skipped)."""
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            raise _Bad(_CUT_JPEG)
        found = _NOT_FILL.search(data, position + 1)  # a run of 0xFF is one marker prefix
        if found is None:
            raise _Bad(_CUT_JPEG)
        following = data[found.start()]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            position = found.start() + 1
            continue
        return found.start() - 1


# ------------------------------------------------------------------------------------- GIF


def _check_gif(data: bytes) -> tuple[int, int]:
    width, height, flags = struct.unpack("<HHB", data[6:11])
    position = 13
    if flags & 0x80:
        position += 3 << ((flags & 7) + 1)
    frames = 0
    while True:
        if position >= len(data):
            raise _Bad("is a GIF that is cut off (its end marker is missing)")
        block = data[position]
        position += 1
        if block == 0x3B:
            break
        if block == 0x21:
            position = _skip_sub_blocks(data, position + 1)
        elif block == 0x2C:
            flags = data[position + 8]
            position += 9
            if flags & 0x80:
                position += 3 << ((flags & 7) + 1)
            position = _skip_sub_blocks(data, position + 1)  # after the LZW code size
            frames += 1
        else:
            raise _Bad("is a damaged GIF (its structure is broken)")
    if not frames:
        raise _Bad("is a GIF without a picture in it")
    return width, height


def _skip_sub_blocks(data: bytes, position: int) -> int:
    while True:
        if position >= len(data):
            raise _Bad("is a GIF that is cut off (its end marker is missing)")
        size = data[position]
        position += 1 + size
        if size == 0:
            return position


# ------------------------------------------------------------------------------------ WebP


def _check_webp(data: bytes) -> tuple[int, int]:
    (riff_size,) = struct.unpack("<I", data[4:8])
    if riff_size + 8 > len(data):
        raise _Bad("is a WebP that is cut off")
    chunk, size = data[12:16], struct.unpack("<I", data[16:20])[0]
    body = data[20:20 + size]
    if len(body) < size:
        raise _Bad("is a WebP that is cut off")
    if chunk == b"VP8 ":
        if body[3:6] != b"\x9d\x01\x2a":
            raise _Bad("is a damaged WebP (bad frame header)")
        width, height = struct.unpack("<HH", body[6:10])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        if body[0] != 0x2F:
            raise _Bad("is a damaged WebP (bad lossless header)")
        bits = int.from_bytes(body[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        width = int.from_bytes(body[4:7], "little") + 1
        height = int.from_bytes(body[7:10], "little") + 1
        return width, height
    raise _Bad("is a WebP of a kind the kiosk cannot read")


# ------------------------------------------------------------------------------------- BMP


def _check_bmp(data: bytes) -> tuple[int, int]:
    (offset,) = struct.unpack("<I", data[10:14])
    (header_size,) = struct.unpack("<I", data[14:18])
    if header_size < 40:
        raise _Bad("is a BMP of an old kind; save it as PNG")
    width, height, _planes, bits, compression = struct.unpack("<iiHHI", data[18:34])
    width, height = abs(width), abs(height)
    if width * height > IMAGE_PIXEL_BUDGET:
        return width, height
    if bits not in (1, 2, 4, 8, 16, 24, 32):
        raise _Bad(f"is a {bits}-bit BMP, a kind the kiosk cannot draw",
                   "save it again as PNG")
    if compression in (0, 3, 6) and bits in (1, 4, 8, 16, 24, 32):
        row = ((bits * width + 31) // 32) * 4
        if offset + row * height > len(data):
            raise _Bad("is a BMP that is cut off")
    return width, height


_CHECKS = {"PNG": _check_png, "JPEG": _check_jpeg, "GIF": _check_gif, "WebP": _check_webp,
           "BMP": _check_bmp}

"""The picture check ``validate`` runs: what a decoder would draw passes, what it would not
(cut off, damaged, over the pixel budget, SVG) is refused with a reason. Pure Python, no Qt."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from kiosk.core.content.images import IMAGE_PIXEL_BUDGET, inspect_picture
from tests.core.content.pictures import SVG, jpeg_bytes, png_bytes

_written = iter(range(1_000_000))


def _check(tmp_path: Path, data: bytes):
    # A new file each time: the check remembers answers per file version, and a rewrite
    # within one timestamp tick of a coarse file system could look like the same version.
    path = tmp_path / f"picture-{next(_written)}"
    path.write_bytes(data)
    return inspect_picture(path)


def test_a_rewritten_picture_is_checked_again(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(png_bytes(8, 8))
    assert inspect_picture(path).ok
    path.write_bytes(png_bytes(8, 8)[:-20])  # cut off in place: same name, new contents
    assert not inspect_picture(path).ok


@pytest.mark.parametrize("size", [(1, 1), (13, 7), (9, 17), (60, 3)])
def test_interlaced_and_plain_pngs_pass(tmp_path, size):
    for interlaced in (False, True):
        check = _check(tmp_path, png_bytes(*size, interlaced=interlaced))
        assert check.ok and (check.width, check.height) == size, check


def test_a_png_one_row_over_the_pixel_budget_is_refused_unread(tmp_path):
    width = 6000
    height = IMAGE_PIXEL_BUDGET // width
    assert _check(tmp_path, png_bytes(1, 1, declared=(width, height + 1))).problem.startswith(
        "is 6,000×6,001 pixels")


def test_every_cut_of_a_png_is_refused(tmp_path):
    data = png_bytes(20, 20)
    for cut in range(8, len(data) - 1):
        check = _check(tmp_path, data[:cut])
        assert not check.ok, cut


def test_a_png_whose_pixel_stream_is_too_long_is_refused(tmp_path):
    data = png_bytes(4, 4)
    rows = b"".join(b"\x00" + b"\x10\x20\x30" * 4 for _ in range(5))  # a fifth row
    idat = zlib.compress(rows)
    start = data.index(b"IDAT") - 4
    (length,) = struct.unpack(">I", data[start:start + 4])
    chunk = struct.pack(">I", len(idat)) + b"IDAT" + idat + struct.pack(
        ">I", zlib.crc32(b"IDAT" + idat))
    longer = data[:start] + chunk + data[start + 12 + length:]
    assert "more pixel data than its size allows" in _check(tmp_path, longer).problem


def test_a_png_with_an_unknown_critical_chunk_is_refused(tmp_path):
    data = png_bytes()
    extra = struct.pack(">I", 0) + b"ABCD" + struct.pack(">I", zlib.crc32(b"ABCD"))
    at = data.index(b"IDAT") - 4
    assert "no decoder knows" in _check(tmp_path, data[:at] + extra + data[at:]).problem


def test_every_cut_of_a_jpeg_is_refused(tmp_path):
    data = jpeg_bytes()
    assert _check(tmp_path, data).ok
    for cut in range(3, len(data) - 1):
        assert not _check(tmp_path, data[:cut]).ok, cut


def test_svg_and_text_are_refused(tmp_path):
    assert _check(tmp_path, SVG).kind == "SVG" and not _check(tmp_path, SVG).ok
    assert _check(tmp_path, b"just words").kind is None


def test_a_16_bit_png_the_runtime_could_not_allocate_is_refused(tmp_path):
    """Qt decodes 16-bit colour to 8 bytes a pixel: 5000×4000 fits the pixel budget, not the
    runtime's allocation limit (checked against QImageReader when written)."""
    header = struct.pack(">IIBBBBB", 5000, 4000, 16, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + struct.pack(
        ">I", zlib.crc32(b"IHDR" + header))
    check = _check(tmp_path, data)
    assert "is a 16-bit PNG of 5,000×4,000 pixels" in check.problem
    assert "8-bit" in check.hint

"""How long the last good copy takes, with poster-size pictures — none of it on the GUI thread.

Builds a content folder of the bundled deck plus ``--posters`` 6000×6000 PNGs (one grey each,
~100 KB on disk, 36 million pixels to check), a link to ``/dev/zero`` and a FIFO, then times:

* the first copy (every picture checked once, by its bytes' hash);
* the same copy again (nothing changed: hashes compared, nothing written);
* a copy after a YAML edit (pictures known by hash: no picture checked again);
* a restart's start-up choice and a fallback's verified read of the copy.

Usage::

    python bench/last_good.py [--posters 20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import tempfile
import time
import zlib
from pathlib import Path


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def grey_png(size: int, level: int) -> bytes:
    """A ``size``×``size`` greyscale PNG of one level."""
    row = b"\x00" + bytes([level]) * size
    compressor = zlib.compressobj(9)
    stream = b"".join(compressor.compress(row) for _ in range(size)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0))
            + _chunk(b"IDAT", stream) + _chunk(b"IEND", b""))


def variant(png: bytes, number: int) -> bytes:
    """``png`` with a text chunk of its own before IEND: other bytes, another hash."""
    return png[:-12] + _chunk(b"tEXt", b"Comment\0poster %d" % number) + png[-12:]


def main(argv: list[str] | None = None) -> int:
    """Print one line per step with its time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posters", type=int, default=20)
    args = parser.parse_args(argv)
    from kiosk.core.content import lastgood
    from kiosk.core.paths import BUNDLED_CONTENT

    work = Path(tempfile.mkdtemp(prefix="star-kiosk-last-good-"))
    try:
        content, data = work / "content", work / "data"
        shutil.copytree(BUNDLED_CONTENT, content)
        data.mkdir()
        (content / "posters").mkdir()
        picture = grey_png(6000, 90)
        slides = []
        for number in range(args.posters):
            name = f"posters/p{number:02}.png"
            (content / name).write_bytes(variant(picture, number))
            slides.append(f"- type: picture\n  id: p{number}\n  image: {name}\n"
                          f"  title: {{en: Poster {number}, zh: 海报 {number}}}\n")
        (content / "posters.yaml").write_text("".join(slides), encoding="utf-8")
        deck = content / "deck.yaml"
        deck.write_text(deck.read_text(encoding="utf-8") + "  - include: posters.yaml\n",
                        encoding="utf-8")
        (content / "zero").symlink_to("/dev/zero")
        os.mkfifo(content / "pipe")
        size = sum(p.stat().st_size for p in (content / "posters").iterdir())
        print(f"{args.posters} posters of 6000x6000, {size / 1e6:.1f} MB on disk")

        def timed(label: str, action):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            outcome = action()
            print(f"{label:<48} {time.perf_counter() - started:7.2f} s  {outcome}")
            return outcome

        timed("first copy (each picture checked once)",
              lambda: lastgood.save_last_good(content, data))
        timed("same content again", lambda: lastgood.save_last_good(content, data))
        deck.write_text(deck.read_text(encoding="utf-8").replace("slide_duration: 12",
                                                                 "slide_duration: 13"),
                        encoding="utf-8")
        timed("after a YAML edit (pictures known by hash)",
              lambda: lastgood.save_last_good(content, data))
        lastgood._checked_by_hash.clear()  # a restart
        timed("restart: start-up choice (manifest read)",
              lambda: lastgood.choose_start_content(content, data).fallback)
        lastgood._checked_by_hash.clear()
        timed("fallback: verified read of the copy",
              lambda: lastgood.open_last_good(data).status)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

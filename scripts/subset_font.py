#!/usr/bin/env python3
"""Build the bundled CJK font subset: assets/fonts/NotoSansSC-{Regular,Bold}.otf.

Source: the Noto Sans CJK SC faces inside Debian's fonts-noto-cjk .ttc files
(SIL Open Font License 1.1). Output: two small OpenType/CFF fonts, family renamed
to "Noto Sans SC", containing

  * printable ASCII, Latin-1, common typographic punctuation and symbols,
  * CJK punctuation and the fullwidth forms block,
  * all 6,763 GB2312 hanzi: level 1 (3,755, a deterministic, offline stand-in
    for the 3,500 most common characters of the Tongyong Guifan Hanzi Biao) plus
    level 2 (3,008, for names); `--level1-only` keeps just level 1 (~1 MB/face),
  * every character found in content/**/*.yaml and kiosk/**/*.py.

Re-run it whenever the content gains characters outside that set:

    apt-get install fonts-noto-cjk            # source fonts (dev machine only)
    .venv/bin/pip install fonttools           # dev tool, not a runtime dependency
    .venv/bin/python scripts/subset_font.py   # rewrites assets/fonts/*.otf + OFL.txt

`--check` only reports whether the committed subset covers every character the
content and code use (exit 1 if not); it needs fontTools but not the source fonts.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "assets" / "fonts"
SRC_DIR = Path("/usr/share/fonts/opentype/noto")
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
SRC_FAMILY = "Noto Sans CJK SC"
FAMILY = "Noto Sans SC"
STYLES = ("Regular", "Bold")
MAX_BYTES = 2_500_000

# Typographic punctuation and symbols outside Latin-1 that presenters use.
PUNCTUATION = (
    "\u2013\u2014\u2015\u2018\u2019\u201a\u201c\u201d\u201e\u2026\u2022\u2027"  # –—―‘’‚“”„…•‧
    "\u2030\u2032\u2033\u203b\u2116\u2122\u20ac\uffe5"  # ‰ ′ ″ ※ № ™ € ￥
    "\u2212\u2248\u2260\u2264\u2265\u221e\u2103"  # − ≈ ≠ ≤ ≥ ∞ ℃  (× ÷ ± © ® ° · are Latin-1)
    "\u2190\u2191\u2192\u2193\u2194\u21d2"  # ← ↑ → ↓ ↔ ⇒
    "\u25b2\u25b3\u25bc\u25bd\u25b6\u25c0\u25cf\u25cb\u25a0\u25a1"  # ▲△▼▽▶◀●○■□
    "\u2605\u2606\u2713"  # ★ ☆ ✓
    "\u2460\u2461\u2462\u2463\u2464\u2465\u2466\u2467\u2468\u2469"  # ①–⑩
)


def cjk_punctuation() -> set[str]:
    chars = {chr(c) for c in range(0x3000, 0x3020)}  # 　、。〃〄々〆〇〈〉《》「」『』【】〒〓〔〕…
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # fullwidth ！…～ incl. digits, ％＋－
    chars |= set("\u30fb\uff5e\uffe0\uffe1\uffe5")  # ・ ～ ￠ ￡ ￥
    return chars


def gb2312_hanzi(level1_only: bool = False) -> set[str]:
    """GB2312 hanzi, decoded offline: level 1 (rows 0xB0-0xD7, 3,755 most common)
    and, unless level1_only, level 2 (rows 0xD8-0xF7, 3,008 more, many of them
    seen in company and person names)."""
    chars = set()
    for hi in range(0xB0, 0xD8 if level1_only else 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # unassigned cells, e.g. 0xD7FA-0xD7FE
    return chars


def project_chars() -> set[str]:
    """Every character used by the bundled content and the UI code."""
    chars: set[str] = set()
    files = sorted((REPO / "content").glob("**/*.yaml")) + sorted((REPO / "kiosk").glob("**/*.py"))
    for path in files:
        chars |= set(path.read_text(encoding="utf-8"))
    return chars


def wanted_chars(level1_only: bool = False) -> set[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)}  # printable ASCII
    chars |= {chr(c) for c in range(0xA0, 0x100)}  # Latin-1 supplement
    chars |= set(PUNCTUATION) | cjk_punctuation() | gb2312_hanzi(level1_only) | project_chars()
    # Control/format characters (newlines, BOM, ...) need no glyph.
    return {c for c in chars if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")}


def find_face(style: str, src_dir: Path):
    from fontTools.ttLib import TTCollection, TTFont

    path = src_dir / f"NotoSansCJK-{style}.ttc"
    if not path.exists():
        sys.exit(f"{path} not found: apt-get install fonts-noto-cjk (or pass --src-dir)")
    collection = TTCollection(str(path), lazy=True)
    for number, face in enumerate(collection.fonts):
        if face["name"].getDebugName(1) == SRC_FAMILY:
            font = TTFont(str(path), fontNumber=number, recalcTimestamp=False, lazy=False)
            return path, number, font
    sys.exit(f"{SRC_FAMILY!r} not found in {path}")


def rename(font, style: str) -> None:
    """Rename the family to "Noto Sans SC" (Noto has no Reserved Font Name)."""
    ps_name = f"NotoSansSC-{style}"
    full_name = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    name = font["name"]
    version = name.getDebugName(5) or ""
    for record in list(name.names):
        if record.nameID in (1, 4, 16, 17):
            name.removeNames(nameID=record.nameID, langID=record.langID)
    for lang in (0x409, 0x804):  # en-US and zh-CN, both carried by the source
        name.setName(FAMILY, 1, 3, 1, lang)
        name.setName(full_name, 4, 3, 1, lang)
        name.setName(style, 2, 3, 1, lang)
    name.setName(ps_name, 6, 3, 1, 0x409)
    unique = f"{version.split(';')[0].replace('Version ', '')};GOOG;{ps_name};ADOBE;subset"
    name.setName(unique, 3, 3, 1, 0x409)
    name.setName(f"{version}; subset for STAR Kiosk", 5, 3, 1, 0x409)
    name.removeNames(platformID=1)  # drop legacy Mac names so nothing says "CJK"

    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    cff.fontNames = [ps_name]
    top.FullName = full_name
    top.FamilyName = FAMILY


def subset_face(style: str, chars: set[str], src_dir: Path, out_dir: Path):
    from fontTools import subset

    path, number, font = find_face(style, src_dir)
    cmap = font.getBestCmap()
    missing = sorted(c for c in chars if ord(c) not in cmap)
    present = sorted(ord(c) for c in chars if ord(c) in cmap)

    options = subset.Options()
    options.name_IDs = ["*"]  # keep copyright, licence and URLs
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = True
    options.drop_tables += ["VORG", "vhea", "vmtx"]  # horizontal text only
    # Horizontal Chinese/Latin features only. Dropping 'locl' (JP/KR/TC variant
    # glyphs) and the vertical features roughly halves the glyph count.
    options.layout_features = ["ccmp", "liga", "calt", "kern", "mark", "mkmk", "halt", "palt"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    rename(font, style)

    out = out_dir / f"NotoSansSC-{style}.otf"
    font.save(str(out), reorderTables=True)
    print(
        f"{out}: {out.stat().st_size:,} bytes, {len(present):,} characters, "
        f"{font['maxp'].numGlyphs:,} glyphs (from {path.name} font #{number})"
    )
    if out.stat().st_size > MAX_BYTES:
        print(f"  warning: larger than {MAX_BYTES:,} bytes", file=sys.stderr)
    if missing:
        shown = " ".join(f"U+{ord(c):04X}" for c in missing[:40])
        print(f"  {len(missing)} requested characters not in the source: {shown}", file=sys.stderr)
    return font


def write_licence(font, out_dir: Path) -> None:
    """OFL.txt: the font's copyright line + the licence text from Debian's copyright file."""
    copyright_line = font["name"].getDebugName(0)
    lines = DEBIAN_COPYRIGHT.read_text(encoding="utf-8").splitlines()
    start = len(lines) - lines[::-1].index("License: SIL-1.1")  # the stanza with the text
    body = []
    for line in lines[start:]:
        if line and not line.startswith(" "):
            break  # next stanza
        body.append("" if line.strip() == "." else line[1:])
    text = (
        f"Copyright {copyright_line.removeprefix('©').strip()}\n"
        "Noto is a trademark of Google Inc.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n\n" + "\n".join(body).strip("\n") + "\n"
    )
    (out_dir / "OFL.txt").write_text(text, encoding="utf-8")


def check(out_dir: Path) -> int:
    from fontTools.ttLib import TTFont

    needed = {c for c in project_chars() if unicodedata.category(c)[0] not in "CZ"}
    status = 0
    for style in STYLES:
        path = out_dir / f"NotoSansSC-{style}.otf"
        cmap = TTFont(str(path), lazy=True).getBestCmap()
        missing = sorted(c for c in needed if ord(c) not in cmap)
        if missing:
            status = 1
            print(f"{path.name}: missing {len(missing)}: {''.join(missing)}")
        else:
            print(f"{path.name}: covers all {len(needed)} characters used in content/ and kiosk/")
    if status:
        print("run: python scripts/subset_font.py   (needs fonts-noto-cjk and fonttools)")
    return status


LATIN_SRC_DIR = Path("/usr/share/fonts/truetype/noto")
"""Debian's fonts-noto-core: Noto Sans, the Latin face that pairs with Noto Sans CJK."""
LATIN_FAMILY = "Noto Sans"


def latin_chars() -> set[str]:
    """What English (and Latin names) need: ASCII, Latin-1, Latin Extended-A, the general
    punctuation block (’ “ ” – — … and the spaces), currency signs and the symbols above."""
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x180)}
    chars |= {chr(c) for c in range(0x2000, 0x2070)} | {chr(c) for c in range(0x20A0, 0x20C1)}
    chars |= set(PUNCTUATION)
    return {c for c in chars if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")}


def subset_latin(src_dir: Path, out_dir: Path) -> None:
    """assets/fonts/NotoSans-{Regular,Bold}.ttf: Noto Sans cut to :func:`latin_chars`, its
    name kept (Noto declares no Reserved Font Name), plus OFL-NotoSans.txt."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    for style in STYLES:
        path = src_dir / f"NotoSans-{style}.ttf"
        if not path.exists():
            sys.exit(f"{path} not found: apt-get install fonts-noto-core (or pass --latin-src)")
        font = TTFont(str(path), recalcTimestamp=False)
        cmap = font.getBestCmap()
        present = sorted(ord(c) for c in latin_chars() if ord(c) in cmap)
        options = subset.Options()
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        options.hinting = False  # the kiosk sets PreferNoHinting: outlines only
        options.layout_features = ["ccmp", "liga", "calt", "kern", "mark", "mkmk", "locl"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=present)
        subsetter.subset(font)
        out = out_dir / f"NotoSans-{style}.ttf"
        font.save(str(out), reorderTables=True)
        print(f"{out}: {out.stat().st_size:,} bytes, {len(present):,} characters "
              f"(from {path})")
    copyright_line = font["name"].getDebugName(0) or "The Noto Project Authors"
    licence = (out_dir / "OFL.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    (out_dir / "OFL-NotoSans.txt").write_text(
        f"{copyright_line}\nNoto is a trademark of Google Inc.\n{licence}", encoding="utf-8")


MARKS_FAMILY = "Noto Sans SC Marks"
CHINESE_MARKS = "\u2018\u2019\u201c\u201d\u2026\u00b7\u2014\u2015"  # ‘’“”…·—―
"""Punctuation both faces have, full-width in Chinese and narrow in English."""


def subset_marks(out_dir: Path) -> None:
    """assets/fonts/NotoSansSCMarks-{Regular,Bold}.otf: only :data:`CHINESE_MARKS`, cut from
    the bundled Noto Sans SC and renamed "Noto Sans SC Marks". A Chinese text is set in this
    family first, then the Latin face, then the CJK face: its quotes, ellipsis and middle
    dot stay full-width while its Latin words and numbers are set in the Latin face."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    for style in STYLES:
        font = TTFont(str(out_dir / f"NotoSansSC-{style}.otf"), recalcTimestamp=False)
        options = subset.Options()
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        options.layout_features = ["kern"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in CHINESE_MARKS])
        subsetter.subset(font)
        ps_name = f"NotoSansSCMarks-{style}"
        full_name = MARKS_FAMILY if style == "Regular" else f"{MARKS_FAMILY} {style}"
        name = font["name"]
        for record in list(name.names):
            if record.nameID in (1, 3, 4, 6, 16, 17):
                name.removeNames(nameID=record.nameID, langID=record.langID)
        for lang in (0x409, 0x804):
            name.setName(MARKS_FAMILY, 1, 3, 1, lang)
            name.setName(full_name, 4, 3, 1, lang)
            name.setName(style, 2, 3, 1, lang)
        name.setName(ps_name, 6, 3, 1, 0x409)
        name.setName(f"{ps_name};STAR Kiosk marks", 3, 3, 1, 0x409)
        top = font["CFF "].cff.topDictIndex[0]
        font["CFF "].cff.fontNames = [ps_name]
        top.FullName = full_name
        top.FamilyName = MARKS_FAMILY
        out = out_dir / f"NotoSansSCMarks-{style}.otf"
        font.save(str(out), reorderTables=True)
        print(f"{out}: {out.stat().st_size:,} bytes, {len(CHINESE_MARKS)} characters")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src-dir", type=Path, default=SRC_DIR, help="dir with NotoSansCJK-*.ttc")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    parser.add_argument("--check", action="store_true", help="only verify coverage of the subset")
    parser.add_argument(
        "--level1-only", action="store_true", help="GB2312 level 1 only (smaller files)"
    )
    parser.add_argument("--latin-only", action="store_true",
                        help="only rebuild the Latin face (Noto Sans, from fonts-noto-core)")
    parser.add_argument("--latin-src", type=Path, default=LATIN_SRC_DIR,
                        help="dir with NotoSans-*.ttf")
    parser.add_argument("--marks-only", action="store_true",
                        help="only rebuild the Chinese marks face (from the bundled Noto Sans SC)")
    args = parser.parse_args(argv)
    try:
        import fontTools  # noqa: F401
    except ImportError:
        sys.exit("fontTools missing: .venv/bin/pip install fonttools")
    if args.check:
        return check(args.out_dir)
    if args.latin_only:
        subset_latin(args.latin_src, args.out_dir)
        return 0
    if args.marks_only:
        subset_marks(args.out_dir)
        return 0

    args.out_dir.mkdir(parents=True, exist_ok=True)
    chars = wanted_chars(args.level1_only)
    print(f"{len(chars):,} characters requested ({len(project_chars()):,} distinct in project)")
    font = None
    for style in STYLES:
        font = subset_face(style, chars, args.src_dir, args.out_dir)
    write_licence(font, args.out_dir)
    subset_latin(args.latin_src, args.out_dir)
    subset_marks(args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())

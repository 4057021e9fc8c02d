"""The bundled Noto Sans SC, cut down to the characters one HTML report uses, as CSS.

The report is mailed to managers whose PCs may have no Chinese font: without one, the
title 科创板开市六周年 and "中文" would show as boxes. The whole font is 1.8 MB per weight;
only the glyphs the page uses (a few hundred at most) are embedded, a few tens of kilobytes.
It is also the font the charts were measured with, so labels fit as laid out.
fontTools (pinned) does the subsetting; if it or the font is missing, the page falls back
to the reader's fonts and says so in the log.
"""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path

from kiosk.core.paths import ASSETS

log = logging.getLogger(__name__)

FAMILY = "STAR Kiosk Report"
"""The family name the embedded faces are declared under (first in the page's font list)."""
FACES = (("NotoSansSC-Regular.otf", 400), ("NotoSansSC-Bold.otf", 700))


def font_face_css(text: str, folder: Path | None = None) -> str:
    """``@font-face`` rules with the faces subset to the characters in ``text``; or ``""``."""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:
        log.warning("fontTools is not installed: the report's HTML uses the reader's fonts")
        return ""
    folder = folder or ASSETS / "fonts"
    characters = "".join(sorted(set(text) | set(" 0123456789")))
    rules = []
    for name, weight in FACES:
        try:
            font = TTFont(folder / name)
            options = subset.Options()
            options.flavor = "woff"
            subsetter = subset.Subsetter(options)
            subsetter.populate(text=characters)
            subsetter.subset(font)
            buffer = io.BytesIO()
            font.save(buffer)
        except Exception as error:  # a damaged font file must not cost the report
            log.warning("cannot embed %s in the report: %s", name, error)
            continue
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        rules.append(f"@font-face {{ font-family: '{FAMILY}'; font-weight: {weight}; "
                     f"src: url(data:font/woff;base64,{data}) format('woff'); }}")
    return "\n".join(rules)

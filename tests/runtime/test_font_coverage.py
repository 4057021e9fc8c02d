"""Every character the kiosk can show is in the bundled font, so no visitor sees tofu boxes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QRawFont

from kiosk.core.paths import ASSETS, BUNDLED_CONTENT, PACKAGE_ROOT

FONT_FILES = sorted((ASSETS / "fonts").glob("NotoSansSC-*.otf"))


def shown_characters() -> set[str]:
    """Characters of the bundled content and of the app's own strings (not whitespace)."""
    sources = [*BUNDLED_CONTENT.rglob("*.yaml"), *PACKAGE_ROOT.rglob("*.py")]
    text = "".join(path.read_text(encoding="utf-8") for path in sources)
    return {ch for ch in text if not ch.isspace() and ch.isprintable()}


@pytest.mark.parametrize("font_file", FONT_FILES, ids=lambda path: path.name)
def test_bundled_font_covers_every_character_shown(qapp, font_file):
    raw = QRawFont(str(font_file), 32, QFont.HintingPreference.PreferNoHinting)
    assert raw.isValid()
    # supportsCharacter needs the code point: given a str, PySide6 answers wrongly.
    missing = sorted(ch for ch in shown_characters() if not raw.supportsCharacter(ord(ch)))
    assert missing == [], f"re-run scripts/subset_font.py; missing: {''.join(missing)}"


def test_both_weights_are_bundled():
    assert [path.name for path in FONT_FILES] == ["NotoSansSC-Bold.otf", "NotoSansSC-Regular.otf"]

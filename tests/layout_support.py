"""Decks written by tests of the layouts: slides as plain dicts, pictures drawn on the spot."""

from __future__ import annotations

from pathlib import Path

import yaml
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from kiosk.core.content.validate import load_deck
from kiosk.core.layout_audit import Box, Screen, Violation, audit
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.slides.boxes import as_rect, slide_boxes
from kiosk.runtime.theme import Look
from kiosk.runtime.wordbreak import segment_in_process
from kiosk.tools.fitcheck import lay_out


def text(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def draw_picture(path: Path, width: int, height: int, color: str = "#C2185B") -> str:
    """A flat picture with a bright edge; returns its path relative to the deck folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    painter = QPainter(image)
    painter.fillRect(0, 0, width, max(1, height // 10), QColor("#FFEB3B"))
    painter.end()
    assert image.save(str(path))
    return f"images/{path.name}"


def write_deck(folder: Path, slides: list[dict], languages: tuple[str, ...] = ("en", "zh")):
    """``slides`` as a deck in ``folder``; returns load_deck's result (it must be valid)."""
    folder.mkdir(parents=True, exist_ok=True)
    deck = {"settings": {"title": text("Layout test", "版式测试"),
                         "languages": list(languages)},
            "slides": slides}
    (folder / "deck.yaml").write_text(yaml.safe_dump(deck, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    result = load_deck(str(folder))
    assert result.deck is not None, "\n".join(str(p) for p in result.problems)
    return result


def laid_out(result, width: int, height: int, language: str, index: int = 0) -> QWidget:
    """Slide ``index`` of a loaded deck laid out at ``width``×``height`` as on screen, with
    the kiosk's fonts and Chinese word breaks (as ``check`` lays it out)."""
    load_bundled_fonts()
    segment_in_process()
    look = Look(result.deck.settings.theme, QSize(width, height))
    return lay_out(result.deck.slides[index], look, language)


def audited(view, language: str) -> tuple[list[Box], list[Violation]]:
    """The boxes ``view`` reports and what the audit finds in them."""
    floor = view.look.px(view.look.theme.type_scale.caption)
    boxes = slide_boxes(view, language=language, floor_px=floor)
    screen = Screen(view.width(), view.height(), as_rect(view.outer_rect()))
    return boxes, audit(boxes, screen)

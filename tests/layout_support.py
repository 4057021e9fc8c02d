"""Decks written by tests of the layouts: slides as plain dicts, pictures drawn on the spot."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import yaml
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.content.loader import load_deck
from kiosk.core.layout_audit import CONTENT_KINDS, TEXT_KINDS, Box, Rect, Screen, Violation, audit
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.offscreen import lay_out
from kiosk.runtime.slides.boxes import as_rect, slide_boxes
from kiosk.runtime.text_fit import ELLIPSIS
from kiosk.runtime.theme import CONTENT_PROPERTY, Look
from kiosk.runtime.widgets.count_up import CountUpLabel
from kiosk.runtime.widgets.picture_box import PictureBox
from kiosk.runtime.widgets.qr import QrCode
from kiosk.runtime.widgets.rotated_text import RotatedText
from kiosk.runtime.wordbreak import segment_in_process
from kiosk.tools.fitcheck import Screen as FitScreen
from kiosk.tools.fitcheck import check_deck, named_texts


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


def drawn_leaves(view: QWidget) -> list[tuple[QWidget, QRect]]:
    """What the slide drew, straight from its widgets (not from the box report): texts (their
    text area), pictures, the QR code, figures, turned labels; each with where it is on the
    slide, as clipped by its parents."""
    found = []
    for widget in view.findChildren(QWidget):
        if not widget.isVisibleTo(view):
            continue
        if isinstance(widget, QLabel) and widget.property(CONTENT_PROPERTY) is not None:
            rect = widget.contentsRect()
        elif isinstance(widget, (PictureBox, QrCode, CountUpLabel)):
            rect = widget.rect()
        elif isinstance(widget, RotatedText):
            rect = widget.drawn_rect().toAlignedRect()
        else:
            continue
        room = QRect(widget.mapTo(view, rect.topLeft()), rect.size())
        parent = widget.parentWidget()
        while parent is not None and parent is not view:
            room &= QRect(parent.mapTo(view, QPoint(0, 0)), parent.size())
            parent = parent.parentWidget()
        if not room.isEmpty():
            found.append((widget, room))
    return found


def shows_less(widget: QWidget) -> bool:
    """Whether a text shows less than was written: an ellipsis it was not given, or more
    lines than its label has room for."""
    if isinstance(widget, RotatedText):
        return widget.cut
    if not isinstance(widget, QLabel):
        return False
    content = str(widget.property(CONTENT_PROPERTY))
    if ELLIPSIS in widget.text() and ELLIPSIS not in content:
        return True
    line = widget.fontMetrics().lineSpacing()
    return widget.wordWrap() and widget.heightForWidth(widget.width()) > widget.height() + line // 2


def unreported_faults(result, index: int, screen: tuple[int, int], language: str) -> list[str]:
    """Every fault of slide ``index`` at ``screen`` in ``language`` that ``check`` does not
    report: found on the drawn widgets (a text cut, two things on each other, one off the
    screen) and on the boxes the view reports (two content boxes colliding, one off the
    screen). Empty when the audit misses nothing."""
    deck = result.deck
    slide = deck.slides[index]
    problems = [p for p in check_deck(deck, result.places, [FitScreen(*screen)], [language])
                if f"slide {slide.id}:" in p.message]
    errors = [p for p in problems if p.severity == "error"]
    places = {(p.file, p.line, p.column) for p in errors}
    drawn_on = [p for p in errors if "drawn on" in p.message]
    missed: list[str] = []

    def reported_at(content: str) -> bool:
        # The place of the text written ``content``; for one the deck does not hold (a
        # default caption, the sources line), any error of the slide.
        written = [result.places.get(id(text)) for _, text in named_texts(slide)
                   if text.get(language) == content]
        if not written:
            return bool(errors)
        return any(place in places for place in written)

    load_bundled_fonts()
    segment_in_process()
    view = lay_out(slide, Look(deck.settings.theme, QSize(*screen)), language)
    leaves = drawn_leaves(view)
    whole = QRect(0, 0, *screen)
    for widget, rect in leaves:
        content = (str(widget.property(CONTENT_PROPERTY)) if isinstance(widget, QLabel)
                   else getattr(widget, "text", ""))
        if shows_less(widget) and not reported_at(content):
            missed.append(f"{content!r} is cut on screen")
        if not whole.contains(rect) and not errors:
            missed.append(f"{type(widget).__name__} {rect} runs off the screen")
    for (one, one_rect), (other, other_rect) in combinations(leaves, 2):
        if one.isAncestorOf(other) or other.isAncestorOf(one):
            continue
        shared = one_rect & other_rect
        if shared.width() > 1 and shared.height() > 1 and not drawn_on:
            missed.append(f"{type(one).__name__} {one_rect} and {type(other).__name__} "
                          f"{other_rect} overlap")
    # The same on the boxes the view reports: two content boxes that collide (neither drawn
    # in the other, neither on a scrim nor a tile on a full-bleed photo), or one off the
    # screen, must be reported.
    boxes = [b for b in slide_boxes(view, language=language) if b.kind in CONTENT_KINDS]
    family = {b.ident: b.owner for b in boxes}

    def holds(owner: int, box: Box) -> bool:
        current = box.owner
        while current is not None:
            if current == owner:
                return True
            current = family.get(current)
        return False

    def backdrop(photo: Box, other: Box) -> bool:
        return photo.kind == "picture" and photo.free and other.kind not in TEXT_KINDS

    for one, other in combinations(boxes, 2):
        if holds(one.ident, other) or holds(other.ident, one) or one.scrim or other.scrim \
                or backdrop(one, other) or backdrop(other, one) or one.round or other.round:
            continue
        if one.rect.meets(other.rect) and not drawn_on:
            missed.append(f"{one.name or one.kind} {one.rect} and {other.name or other.kind} "
                          f"{other.rect} collide")
    screen_rect = Rect(0, 0, *screen)
    for box in boxes:
        if not box.rect.inside(screen_rect) and not errors:
            missed.append(f"{box.kind} {box.rect} is off the screen")
    view.close()
    view.deleteLater()
    return [f"{slide.id} at {screen[0]}x{screen[1]} in {language}: {m} but not reported"
            for m in missed]

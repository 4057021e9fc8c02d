"""Pictures are drawn where curators put them: decoded under the budget, never distorted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QColor, QImage

from kiosk.core.content.loader import load_deck
from kiosk.runtime import pictures
from kiosk.runtime.offscreen import lay_out, render_slide
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.picture_box import PictureBox

HARBOUR = Path(__file__).resolve().parent.parent / "decks" / "harbour"


@pytest.fixture(scope="module")
def harbour():
    result = load_deck(HARBOUR)
    assert result.deck is not None, "\n".join(str(p) for p in result.problems)
    return result.deck


def _slide(deck, slide_id):
    return next(s for s in deck.slides if s.id == slide_id)


def _near(color: QColor, hex_color: str, tolerance: int = 40) -> bool:
    want = QColor(hex_color)
    return all(abs(a - b) <= tolerance for a, b in (
        (color.red(), want.red()), (color.green(), want.green()), (color.blue(), want.blue())))


@pytest.mark.slow
@pytest.mark.parametrize("size", [QSize(1920, 1080), QSize(1080, 1920)], ids=["land", "port"])
def test_a_card_pictures_pixels_appear_on_its_card(qtbot, harbour, size):
    slide = _slide(harbour, "residents")
    look = Look(harbour.settings.theme, size)
    view = lay_out(slide, look, "en")
    qtbot.addWidget(view)
    image = render_slide(slide, look, "en")
    # jellyfish.jpg is mostly #C2185B, turtle.jpg #2E7D32, octopus.png #EF6C00: sample each
    # card's picture near its left edge (the shapes sit in the middle) on the rendered slide.
    for card, ground in zip(view.cards, ("#C2185B", "#2E7D32", "#EF6C00"), strict=True):
        box = card.findChild(PictureBox, "card-picture")
        assert box is not None and box.pixmap is not None
        assert box.height() > 0 and box.width() > box.height()
        inside = box.mapTo(view, QPoint(box.width() // 12, box.height() // 2))
        card_rect = card.geometry().translated(card.parentWidget().mapTo(view, QPoint(0, 0)))
        assert card_rect.contains(inside)
        assert _near(image.pixelColor(inside), ground), image.pixelColor(inside).name()


def test_the_card_detail_shows_the_picture_above_the_story(qtbot, harbour):
    slide = _slide(harbour, "residents")
    view = lay_out(slide, Look(harbour.settings.theme, QSize(1920, 1080)), "en")
    qtbot.addWidget(view)
    view.cards[0].tap()
    picture = view.detail.findChild(PictureBox, "detail-picture")
    assert picture is not None and picture.isVisible()
    assert picture.pixmap is not None and not picture.pixmap.isNull()


def test_cover_crops_centrally_and_contain_keeps_the_whole_picture(qtbot, tmp_path):
    # A 400x100 picture: left quarter red, middle half green, right quarter blue.
    source = QImage(400, 100, QImage.Format.Format_RGB32)
    source.fill(QColor("#00FF00"))
    for x in range(100):
        for y in range(100):
            source.setPixelColor(x, y, QColor("#FF0000"))
            source.setPixelColor(399 - x, y, QColor("#0000FF"))
    path = tmp_path / "wide.png"
    source.save(str(path))
    cover = pictures.picture(str(path), QSize(100, 100), "cover")
    assert (cover.width(), cover.height()) == (100, 100)
    # Scaled to 400x100 with the middle 100 kept: all green, nothing squashed.
    assert _near(cover.toImage().pixelColor(5, 50), "#00FF00", 10)
    assert _near(cover.toImage().pixelColor(95, 50), "#00FF00", 10)
    contain = pictures.picture(str(path), QSize(100, 100), "contain")
    assert (contain.width(), contain.height()) == (100, 25)  # proportions kept: 4 to 1


def test_a_picture_the_decoder_finds_damaged_is_left_out(qtbot, tmp_path):
    # A JPEG cut in half with its end marker put back: Qt would draw its lower half grey.
    path = tmp_path / "cut.jpg"
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#123456"))
    image.save(str(path), "JPEG")
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2] + b"\xff\xd9")
    assert pictures.read_image(str(path)) is None
    assert pictures.picture(str(path), QSize(100, 100)) is None


def test_a_picture_is_decoded_once_per_size(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "once.png"
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("#654321"))
    image.save(str(path))
    reads = []
    original = pictures.read_image
    monkeypatch.setattr(pictures, "read_image", lambda p: reads.append(p) or original(p))
    first = pictures.picture(str(path), QSize(32, 32))
    again = pictures.picture(str(path), QSize(32, 32))
    assert first is again and len(reads) == 1


@pytest.mark.parametrize("slide_id", ["the-tank", "harbour-view"])
def test_picture_slides_show_their_photo(qtbot, harbour, slide_id):
    slide = _slide(harbour, slide_id)
    look = Look(harbour.settings.theme, QSize(1920, 1080))
    image = render_slide(slide, look, "en")
    # tank.jpg's ground is #006064, harbour.jpg's #1B4F72: some of it must be on screen.
    ground = "#006064" if slide_id == "the-tank" else "#1B4F72"
    hits = sum(_near(image.pixelColor(x, y), ground, 30)
               for x in range(0, 1920, 40) for y in range(0, 1080, 40))
    assert hits > 40, hits


def test_a_quote_shows_the_speakers_portrait(qtbot, harbour):
    slide = _slide(harbour, "keeper")
    view = lay_out(slide, Look(harbour.settings.theme, QSize(1920, 1080)), "zh")
    qtbot.addWidget(view)
    portrait = view.findChild(PictureBox, "portrait")
    assert portrait is not None and portrait.width() == portrait.height()
    assert portrait.pixmap is not None and not portrait.pixmap.isNull()

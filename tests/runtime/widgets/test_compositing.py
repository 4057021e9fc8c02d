"""Compositor economics: what does not change is drawn once and copied, entrances fade
pictures instead of repainting widgets, and only what changes is repainted — while every
frame looks the same as when each widget painted itself."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsOpacityEffect,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content.model import ClosingSlide, Figure, MetricsSlide, Text, Theme
from kiosk.runtime.slides import create_slide_view
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.buttons import ArrowButton, LanguageButton
from kiosk.runtime.widgets.count_up import CountUpLabel
from kiosk.runtime.widgets.panel import Panel
from kiosk.runtime.widgets.reveal import Rise
from kiosk.runtime.widgets.static_pixmaps import SHARED, PictureCache

T = Text.of
SIZE = QSize(960, 540)
METRICS = MetricsSlide(id="m", title=T(en="At a glance", zh="概览"), metrics=(
    Figure(value=589, label=T(en="companies", zh="家公司"),
           detail=T(en="Made-up test companies listed on an imaginary board by some year",
                    zh="在一个虚构的板块上市的测试公司，截至某一年")),
    Figure(value=1.1e12, compact=True, label=T(en="raised", zh="募资"),
           prefix=T(en="RMB ", zh="人民币"), qualifier=T(en="over", zh="超")),
))
CLOSING = ClosingSlide(id="z", title=T(en="Thank you", zh="谢谢"),
                       footer=T(en="Touch to start", zh="触摸开始"))


class PaintLog(QObject):
    """Records every paint event in the application: which widget, which rectangle."""

    def __init__(self) -> None:
        super().__init__()
        self.paints: list[tuple[QWidget, QRect]] = []
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            # Each rectangle of the region: its bounding rect would merge separate updates.
            for rect in event.region():
                self.paints.append((watched, QRect(rect)))
        return False

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    rows = data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]
    return rows.reshape(image.height(), image.width(), 4)[:, :, :3].astype(np.int16).copy()


def worst_difference(a: QImage, b: QImage) -> int:
    return int(np.abs(pixels(a) - pixels(b)).max())


def shown_view(qtbot, slide):
    view = create_slide_view(slide, Look(Theme(), SIZE), "en")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.settle()
    QApplication.processEvents()
    return view


def test_cached_background_equals_the_freshly_drawn_one(qtbot):
    view = shown_view(qtbot, CLOSING)
    fresh = QImage(SIZE, QImage.Format.Format_RGB32)
    painter = QPainter(fresh)
    view.background.paint(painter, SIZE)
    painter.end()
    # A part repainted alone (as when one element moves) comes from the right place.
    part = QRect(700, 20, 200, 120)  # the glow is top left: this area has no text on it
    for child in view.findChildren(QWidget):
        child.hide()
    assert worst_difference(view.grab(part).toImage(), fresh.copy(part)) <= 1
    assert worst_difference(view.grab().toImage(), fresh) <= 1


def test_the_background_is_drawn_once_for_every_view_of_a_size(qtbot):
    SHARED.clear()
    before = SHARED.draws
    for _ in range(3):
        view = shown_view(qtbot, CLOSING)
        view.grab()
    assert SHARED.draws - before == 1


def test_picture_cache_keeps_to_its_memory_budget(qtbot):
    cache = PictureCache(budget=100 * 100 * 4 * 2)
    for i in range(5):
        cache.picture(("square", i), QSize(100, 100), 1.0, lambda p, s: None)
    assert len(cache) == 2  # the two most recent; the others are drawn again if needed
    cache.picture(("square", 4), QSize(100, 100), 1.0, lambda p, s: None)
    assert cache.draws == 5


def test_a_settled_slide_paints_nothing(qtbot):
    shown_view(qtbot, METRICS)
    qtbot.wait(100)
    log = PaintLog()
    try:
        qtbot.wait(400)
    finally:
        log.stop()
    assert log.paints == []


def test_a_counting_step_repaints_only_the_number(qtbot):
    view = shown_view(qtbot, METRICS)
    counter = view.counters[1]  # "over RMB 1.1 trillion": the lead words stay put
    qtbot.wait(50)
    log = PaintLog()
    try:
        counter.progress = 0.5
        QApplication.processEvents()
    finally:
        log.stop()
    number = counter.number_rect()
    assert number.left() > 0 and number.width() < counter.width()
    assert log.paints, "the count must be repainted"
    allowed = QRect(counter.mapTo(view, number.topLeft()), number.size())
    for widget, rect in log.paints:
        on_view = QRect(widget.mapTo(view, rect.topLeft()), rect.size())
        assert allowed.contains(on_view), (type(widget).__name__, on_view, allowed)


def test_entrance_draws_each_rising_element_once_not_every_frame(qtbot):
    view = shown_view(qtbot, CLOSING)
    view.enter()
    view.entrance.pause()
    log = PaintLog()
    try:
        for t in range(0, 600, 40):
            view.entrance.setCurrentTime(t)
            QApplication.processEvents()
            view.repaint()
    finally:
        log.stop()
    rises = view.findChildren(Rise)
    assert rises
    texts = {rise.child for rise in rises}
    text_paints = [w for w, _ in log.paints if w in texts]
    assert len(text_paints) <= len(texts)  # once each, into its picture
    assert all(rise.pictures_drawn == 1 for rise in rises if rise.progress > 0)
    view.settle()
    assert all(rise.child.geometry() == rise.rect() and not rise.compositing for rise in rises)


def test_a_rising_title_repaints_where_its_words_are_not_the_whole_column(qtbot):
    look = Look(Theme(), SIZE)
    window = create_slide_view(CLOSING, look, "en")
    qtbot.addWidget(window)
    for child in window.findChildren(QWidget):
        child.hide()
    title = QLabel("Thank you")
    title.setFont(look.font("title", bold=True))
    holder = Rise(title, 30, window)
    holder.setGeometry(50, 100, 860, 90)  # as wide as a slide's column
    window.show()
    qtbot.waitExposed(window)
    holder.progress = 0.4
    qtbot.wait(50)  # the first frame draws the picture
    log = PaintLog()
    try:
        holder.progress = 0.5
        QApplication.processEvents()
    finally:
        log.stop()
    painted = [QRect(w.mapTo(window, r.topLeft()), r.size()) for w, r in log.paints]
    assert painted, "the rising title must be repainted"
    words = title.fontMetrics().horizontalAdvance("Thank you")
    assert words < holder.width() / 2
    assert max(rect.right() for rect in painted) <= holder.x() + words + 8


def _screen_and_fresh(view: QWidget) -> tuple[QImage, QImage]:
    QApplication.sendPostedEvents()
    view.repaint(QRect())  # flush pending partial updates, paint nothing extra
    return view.screen().grabWindow(view.winId()).toImage(), view.grab().toImage()


def test_a_rising_element_leaves_no_stale_pixels_on_screen(qtbot):
    """Repainting only where the picture was and is must leave nothing behind: the window's
    backing store after partial frames equals the whole window drawn afresh."""
    look = Look(Theme(), SIZE)
    window = create_slide_view(CLOSING, look, "en")
    qtbot.addWidget(window)
    for child in window.findChildren(QWidget):
        child.hide()
    title = QLabel("Thank you, everyone")
    title.setFont(look.font("hero", bold=True))
    holder = Rise(title, 60, window)
    holder.setGeometry(50, 100, 860, 200)
    window.show()
    qtbot.waitExposed(window)
    for step in range(1, 11):
        holder.progress = step / 12
        QApplication.processEvents()
        on_screen, fresh = _screen_and_fresh(window)
        assert worst_difference(on_screen, fresh) <= 2, f"stale pixels at {step / 12:.2f}"


@pytest.mark.parametrize("slide", [METRICS, CLOSING], ids=["metrics", "closing"])
def test_what_reaches_the_screen_frame_by_frame_equals_a_full_redraw(qtbot, slide):
    """The same over whole entrances, with counts and drawings animating as well."""
    view = shown_view(qtbot, slide)
    view.enter()
    view.entrance.pause()
    for t in range(0, 1400, 35):
        view.entrance.setCurrentTime(t)
        QApplication.processEvents()
        if t % 175 == 0:
            on_screen, fresh = _screen_and_fresh(view)
            assert worst_difference(on_screen, fresh) <= 2, f"stale pixels at {t} ms"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_slide_first_shown_mid_entrance_lays_out_its_texts_as_usual(qtbot, language):
    """The stage prepares a slide's entrance before it first shows it (it slides in
    waiting); once settled it must look exactly like a slide shown settled: same wrapping,
    same fitted sizes."""
    look = Look(Theme(), SIZE)
    images = []
    for prepared in (True, False):
        view = create_slide_view(METRICS, look, language)
        qtbot.addWidget(view)
        if prepared:
            view.prepare_entrance()
        view.show()
        qtbot.waitExposed(view)
        view.settle()
        QApplication.processEvents()
        images.append(view.grab().toImage())
    assert worst_difference(*images) == 0


def _tile(look: Look) -> tuple[Panel, CountUpLabel]:
    tile = Panel(look.color("surface"), look.grid(0.8), accent=look.color("accent"),
                 accent_height=4)
    box = QVBoxLayout(tile)
    counter = CountUpLabel(1.1e12, "en", compact=True, lead="over RMB ",
                           number_font=look.font("number", bold=True),
                           unit_font=look.font("body", bold=True),
                           color=look.color("accent"), unit_color=look.color("accent"))
    box.addWidget(counter)
    return tile, counter


@pytest.mark.parametrize("progress", [0.25, 0.6, 0.9])
def test_a_rising_tile_looks_as_it_did_with_the_opacity_effect(qtbot, progress):
    """The composited layer (picture + the live count) blends exactly like Qt's own
    opacity effect over the same widget, at the same offset."""
    look = Look(Theme(), SIZE)
    images = []
    for composited in (True, False):
        window = create_slide_view(CLOSING, look, "en")
        qtbot.addWidget(window)
        for child in window.findChildren(QWidget):
            child.hide()
        tile, counter = _tile(look)
        if composited:
            holder = Rise(tile, 30, window)
        else:
            holder = QWidget(window)
            tile.setParent(holder)
        holder.setGeometry(100, 100, 420, 260)
        window.show()
        qtbot.waitExposed(window)
        tile.setGeometry(0, 0, 420, 260)
        QApplication.processEvents()
        counter.progress = 0.3
        if composited:
            holder.progress = progress
        else:
            tile.setGeometry(0, round(30 * (1 - progress)), 420, 260)
            effect = QGraphicsOpacityEffect(tile)
            effect.setOpacity(progress)
            tile.setGraphicsEffect(effect)
        counter.progress = 0.7  # the number keeps counting while the tile rises
        QApplication.processEvents()
        images.append(window.grab().toImage())
    assert worst_difference(*images) <= 3


def test_a_count_inside_a_rising_tile_keeps_counting(qtbot):
    look = Look(Theme(), SIZE)
    window = create_slide_view(CLOSING, look, "en")
    qtbot.addWidget(window)
    tile, counter = _tile(look)
    holder = Rise(tile, 30, window)
    holder.setGeometry(100, 100, 420, 260)
    window.show()
    qtbot.waitExposed(window)
    holder.progress = 0.8
    counter.progress = 0.2
    QApplication.processEvents()
    early = window.grab(QRect(100, 100, 420, 260)).toImage()
    counter.progress = 0.9
    QApplication.processEvents()
    later = window.grab(QRect(100, 100, 420, 260)).toImage()
    assert worst_difference(early, later) > 50


@pytest.mark.parametrize("make", [
    lambda parent, look: ArrowButton(parent, 80, +1, look.color("text"), look.color("surface")),
    lambda parent, look: LanguageButton(parent, 80, look.font("caption", bold=True),
                                        look.color("text"), look.color("surface")),
], ids=["arrow", "language"])
def test_chrome_button_picture_equals_the_button_drawn_directly(qtbot, make):
    SHARED.clear()  # process-wide: earlier tests may have drawn with other fonts loaded
    look = Look(Theme(), SIZE)
    parent = QWidget()
    parent.resize(300, 200)
    parent.setStyleSheet(f"background: {look.color('background').name()}")
    qtbot.addWidget(parent)
    button = make(parent, look)
    button.move(40, 40)
    parent.show()
    qtbot.waitExposed(parent)
    cached = parent.grab(button.geometry()).toImage()
    direct = QImage(button.size(), QImage.Format.Format_RGB32)
    direct.fill(QColor(look.color("background")))
    painter = QPainter(direct)
    button._draw(painter, button.size())
    if isinstance(button, LanguageButton):  # the words are drawn live over the disc
        painter.setPen(look.color("text"))
        painter.setFont(button._font)
        painter.drawText(QRectF(button.rect()).adjusted(2, 2, -2, -2),
                         Qt.AlignmentFlag.AlignCenter, button.text())
    painter.end()
    assert worst_difference(cached, direct) <= 2
    # ...and the picture is shared: a second button of the same look draws nothing new.
    draws = SHARED.draws
    twin = make(parent, look)
    twin.move(160, 40)
    twin.show()
    twin.repaint()
    assert SHARED.draws == draws
    assert worst_difference(parent.grab(twin.geometry()).toImage(), cached) <= 0


@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_painted_bounds_find_every_visible_pixel_even_the_faintest(qapp, ratio):
    from PySide6.QtGui import QPixmap

    from kiosk.runtime.widgets.reveal import painted_bounds

    picture = QPixmap(round(400 * ratio), round(120 * ratio))
    picture.setDevicePixelRatio(ratio)
    picture.fill(Qt.GlobalColor.transparent)
    assert painted_bounds(picture).isEmpty()
    image = picture.toImage()
    # A solid block, and one faint pixel far from it (an anti-aliased edge).
    for x in range(round(50 * ratio), round(60 * ratio)):
        for y in range(round(20 * ratio), round(30 * ratio)):
            image.setPixelColor(x, y, QColor(255, 255, 255))
    image.setPixelColor(round(300 * ratio) + 1, round(90 * ratio) + 1, QColor(255, 255, 255, 1))
    bounds = painted_bounds(QPixmap.fromImage(image))
    # In logical pixels, rounded outwards: the faint pixel is device pixel (300r+1, 90r+1).
    expected = QRect(50, 20, 252, 72) if ratio == 1.0 else QRect(50, 20, 251, 71)
    assert bounds == expected

"""Metrics drawn as data: the ring, grid and bars grow with the count-up, land on the
figure's share, keep clear of the words, and bars compare to one scale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QLabel

from kiosk.core.content.model import Figure, MetricsSlide, Text, Theme
from kiosk.runtime.slides import create_slide_view
from kiosk.runtime.theme import Look

T = Text.of
YUAN = {"prefix": T(en="RMB ", zh=""), "suffix": T(en="", zh="元"), "compact": True}

SLIDE = MetricsSlide(id="m", title=T(en="Shares", zh="占比"), metrics=(
    Figure(value=30, suffix=T(en="%", zh="%"), graphic="ring",
           label=T(en="of the workforce works in R&D", zh="研发人员占比")),
    Figure(value=90, suffix=T(en="%", zh="%"), graphic="grid",
           label=T(en="were backed by venture capital", zh="获得创投机构投资")),
    Figure(value=21.1e9, graphic="bar", label=T(en="one offering", zh="单次募资"), **YUAN),
    Figure(value=1.796e9, graphic="bar", label=T(en="a placement", zh="定增"), **YUAN),
))


def make_view(qtbot, size, language="en"):
    view = create_slide_view(SLIDE, Look(Theme(), size), language)
    qtbot.addWidget(view)
    view.resize(size)
    view.show()
    return view


def rect_in(view, widget) -> QRect:
    return QRect(widget.mapTo(view, widget.rect().topLeft()), widget.size())


def test_graphics_grow_with_the_count_and_land_on_the_share(qtbot):
    view = make_view(qtbot, QSize(1920, 1080))
    ring, grid, first_bar, second_bar = view.graphics
    view.enter()
    assert [g.drawn_fraction() for g in view.graphics] == [0.0, 0.0, 0.0, 0.0]
    with qtbot.waitSignal(view.entrance.finished, timeout=5000):
        pass
    assert ring.drawn_fraction() == pytest.approx(0.30)
    assert grid.drawn_fraction() == pytest.approx(0.90)
    assert first_bar.drawn_fraction() == pytest.approx(1.0)
    assert second_bar.drawn_fraction() == pytest.approx(1.796 / 21.1)


@pytest.mark.parametrize("size", [QSize(1920, 1080), QSize(1080, 1920), QSize(1280, 800)],
                         ids=["landscape", "portrait", "small"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_graphics_keep_clear_of_the_words_and_share_one_size(qtbot, size, language):
    view = make_view(qtbot, size, language)
    view.settle()
    qtbot.waitUntil(lambda: view.fit_report is not None and len(view.fit_report) > 0)
    assert not [note for note in view.fit_report if note.cut_lines], "a text was cut"
    words = [rect_in(view, label) for label in view.findChildren(QLabel)
             if label.isVisibleTo(view) and label.text()]
    words += [rect_in(view, counter) for counter in view.counters]
    for graphic in view.graphics:
        drawn = rect_in(view, graphic)
        if graphic.kind != "bar":
            side = graphic.drawn_side()
            drawn.setSize(QSize(side, side))
            drawn.moveTop(drawn.top() + (graphic.height() - side) // 2)
            assert side >= view.look.px(0.05), "a ring or grid shrank to a speck"
        assert not any(drawn.intersects(text) for text in words)
    squares = {g.drawn_side() for g in view.graphics if g.kind != "bar"}
    assert len(squares) == 1, "the rings and grids of a slide are drawn at one size"


RINGS = MetricsSlide(id="r", title=T(en="Founding teams"), metrics=(
    Figure(value=60, suffix=T(en="%"), graphic="ring",
           label=T(en="of founding teams are scientists, engineers or other research and "
                      "industry experts, a long label that takes several lines")),
    Figure(value=30, suffix=T(en="%"), graphic="ring", label=T(en="short")),
    Figure(value=70, suffix=T(en="%"), graphic="grid", label=T(en="of them, in two lines of "
                                                                   "words or so")),
))


@pytest.mark.parametrize("size", [QSize(1920, 1080), QSize(1280, 800)])
def test_narrow_tiles_draw_below_the_words_all_at_one_size(qtbot, size):
    view = create_slide_view(RINGS, Look(Theme(), size), "en")
    qtbot.addWidget(view)
    view.resize(size)
    view.show()
    view.settle()
    for graphic, label in zip(view.graphics, view.labels, strict=True):
        assert rect_in(view, graphic).top() >= rect_in(view, label).bottom()
    assert len({graphic.drawn_side() for graphic in view.graphics}) == 1
    assert min(graphic.drawn_side() for graphic in view.graphics) >= view.look.px(0.08)


def test_portrait_puts_a_ring_beside_its_words(qtbot):
    slide = MetricsSlide(id="m", title=T(en="Shares"), metrics=SLIDE.metrics[:2])
    view = create_slide_view(slide, Look(Theme(), QSize(1080, 1920)), "en")
    qtbot.addWidget(view)
    view.resize(1080, 1920)
    view.show()
    view.settle()
    ring = view.graphics[0]
    counter = view.counters[0]
    assert rect_in(view, ring).left() > rect_in(view, counter).left() + counter.width() // 2


TALENT = MetricsSlide(id="t", title=T(en="Founding teams rooted in research"), metrics=tuple(
    Figure(value=value, suffix=T(en="%"), qualifier=T(en="over"), graphic="ring",
           label=T(en=words)) for value, words in (
        (60, "of founding teams are scientists, engineers or other research and industry "
             "experts"),
        (30, "of companies' actual controllers are also core technical staff"),
        (70, "run postdoctoral workstations, joint labs or other industry-university-"
             "research links"),
        (40, "of one company's workforce works in R&D"))))


@pytest.mark.parametrize("size", [QSize(1920, 1080), QSize(1280, 800), QSize(1024, 768)])
def test_words_come_first_rings_step_aside_on_a_small_screen(qtbot, size):
    def laid_out(slide):
        view = create_slide_view(slide, Look(Theme(), size), "en")
        qtbot.addWidget(view)
        view.resize(size)
        view.show()
        view.settle()
        qtbot.waitUntil(lambda: bool(view.fit_report))
        return view, sum(note.cut_lines for note in view.fit_report)

    plain = MetricsSlide(id="p", title=TALENT.title, metrics=tuple(
        Figure(value=f.value, suffix=f.suffix, qualifier=f.qualifier, label=f.label)
        for f in TALENT.metrics))
    with_rings, cut = laid_out(TALENT)
    _without, cut_without = laid_out(plain)
    assert cut <= cut_without, "a ring cost a visitor some words"
    shown = [g.isVisibleTo(with_rings) for g in with_rings.graphics]
    assert len(set(shown)) == 1, "the rings of a slide show together or not at all"
    if size == QSize(1920, 1080):
        assert all(shown), "on the screen the deck is made for, the rings are drawn"


def test_an_icon_is_drawn_above_its_number_and_keeps_the_row_level(qtbot):
    from kiosk.runtime.widgets.icon import IconLabel

    slide = MetricsSlide(id="i", title=T(en="Icons"), metrics=(
        Figure(value=589, icon="fa6s.building", label=T(en="companies listed")),
        Figure(value=216, label=T(en="patents per company")),
    ))
    view = make_view_for(qtbot, slide, QSize(1920, 1080))
    (icon,) = view.findChildren(IconLabel)
    image = icon.pixmap().toImage()
    assert any(image.pixelColor(x, y).alpha() > 0 for x in range(image.width())
               for y in range(image.height())), "the icon drew nothing"
    with_icon, without = view.counters
    assert rect_in(view, icon).bottom() < rect_in(view, with_icon).top()
    assert rect_in(view, with_icon).top() == rect_in(view, without).top()


def make_view_for(qtbot, slide, size):
    view = create_slide_view(slide, Look(Theme(), size), "en")
    qtbot.addWidget(view)
    view.resize(size)
    view.show()
    view.settle()
    return view


@pytest.mark.parametrize("size", [QSize(1920, 1080), QSize(1080, 1920)])
def test_the_hero_figure_is_the_biggest_and_has_its_own_row_or_column(qtbot, size):
    slide = MetricsSlide(id="h", title=T(en="Research"), metrics=(
        Figure(value=240000, label=T(en="R&D staff")),
        Figure(value=168.1e9, compact=True, hero=True, label=T(en="invested in R&D")),
        Figure(value=30, suffix=T(en="%"), label=T(en="of the workforce")),
    ))
    view = make_view_for(qtbot, slide, size)
    hero = next(c for c in view.counters if c.value == 168.1e9)
    others = [c for c in view.counters if c is not hero]
    assert all(hero.number_pixel_size() > other.number_pixel_size() for other in others)
    hero_box = rect_in(view, hero)
    for other in others:
        box = rect_in(view, other)
        if size.width() > size.height():
            assert box.left() > hero_box.right(), "others stand right of the hero"
        else:
            assert box.top() > hero_box.bottom(), "others stand under the hero"


def test_a_measure_with_an_icon_shows_it_in_place_of_its_badge(qtbot):
    from kiosk.core.content.model import ReformsSlide, Spoke
    from kiosk.runtime.widgets.icon import IconLabel

    slide = ReformsSlide(id="r", title=T(en="Reforms"), hub=Spoke(label=T(en="Growth Tier")),
                         measures=(Spoke(label=T(en="Seasoned investors"), icon="fa6s.user-tie"),
                                   Spoke(label=T(en="Pre-review pilot"))))
    view = make_view_for(qtbot, slide, QSize(1920, 1080))
    icons = view.findChildren(IconLabel)
    assert [icon.name for icon in icons] == ["fa6s.user-tie"]
    badges = [label.text() for label in view.findChildren(QLabel)
              if not isinstance(label, IconLabel)]
    assert "2" in badges and "1" not in badges, "the other measure keeps its number"


def test_a_card_with_an_icon_shows_it_at_its_name(qtbot):
    from kiosk.core.content.model import Card, CardsSlide
    from kiosk.runtime.widgets.icon import IconLabel

    slide = CardsSlide(id="c", title=T(en="Breakthroughs"), cards=(
        Card(name=T(en="AMEC"), headline=T(en="Etching"), icon="fa6s.microchip"),
        Card(name=T(en="Hygon"), headline=T(en="Processors"))))
    view = make_view_for(qtbot, slide, QSize(1920, 1080))
    (icon,) = view.findChildren(IconLabel)
    name = next(label for label in view.findChildren(QLabel) if label.text() == "AMEC")
    assert icon.name == "fa6s.microchip"
    assert rect_in(view, icon).right() < rect_in(view, name).left()
    assert abs(rect_in(view, icon).top() - rect_in(view, name).top()) < icon.height()


def test_a_drawing_short_of_room_draws_smaller_before_it_steps_aside(qtbot):
    """The bundled 'Research at the core' in English on a wide screen: the 30% grid beside
    'of the whole workforce works in R&D' leaves the words too little width at its designed
    size; a smaller grid leaves them enough, so the share is still drawn."""
    from kiosk.core.content.loader import load_deck
    from kiosk.runtime.fonts import load_bundled_fonts

    load_bundled_fonts()
    deck = load_deck().deck
    slide = next(s for s in deck.slides if s.id == "research-power")
    size = QSize(1920, 1080)
    look = Look(deck.settings.theme, size)
    view = create_slide_view(slide, look, "en")
    qtbot.addWidget(view)
    view.resize(size)
    view.show()
    view.settle()
    qtbot.waitUntil(lambda: view.fit_report is not None)
    (grid,) = [g for g in view.graphics if g.kind == "grid"]
    assert grid.isVisibleTo(view)
    assert 0 < grid.drawn_side() < look.px(0.16)
    assert not [note for note in view.fit_report if note.cut_lines], view.fit_report

"""The chart's frame as a visitor sees it: a share fills its 100 % track in proportion, every
bar starts at a drawn zero line, the caption is never larger than the bar labels, and on a
portrait screen the labels stand above full-width bars."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from kiosk.core.content.model import Bar, ChartSlide, Text, Theme
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.slides import create_slide_view
from kiosk.runtime.theme import Look

LANDSCAPE, PORTRAIT = QSize(1920, 1080), QSize(1080, 1920)


LABELS = [("Venture-backed pre-IPO", "上市前获创投机构投资"),
          ("Strategic emerging sectors", "战略性新兴产业"),
          ("Industry-first products", "行业首创产品")]


def chart(values, *, scale="percent") -> ChartSlide:
    """A chart of these values (the first ones labelled from LABELS)."""
    return ChartSlide(
        id="shares", title=Text.of(en="Shares of companies", zh="公司占比"), scale=scale,
        suffix=Text.of(en="%"),
        bars=tuple(Bar(label=Text.of(en=en, zh=zh), value=value)
                   for (en, zh), value in zip(LABELS, values, strict=False)),
        caption=Text.of(en="Each bar is drawn at the figure the article gives",
                        zh="柱长按报道所给数值绘制"))


def shown(qtbot, slide, size, language="en"):
    load_bundled_fonts()
    view = create_slide_view(slide, Look(Theme(), size), language)
    qtbot.addWidget(view)
    view.show()
    view.enter()
    view.settle()
    return view, view.grab().toImage()


def bar_rects(view):
    return [box.rect for box in view.drawn_boxes() if box.kind == "bar"]


def lighter(image: QImage, x: int, y: int, than_y: int) -> bool:
    """Whether the pixel at (x, y) is clearly lighter than the background at (x, than_y)."""
    return (QColor(image.pixel(x, y)).lightness()
            > QColor(image.pixel(x, than_y)).lightness() + 12)


def row_ends(image: QImage, rect, background_y: int) -> int:
    """The last drawn pixel of the continuous run (bar, then track) starting at the bar."""
    y = rect.y + rect.height // 2
    x = rect.x + rect.width // 2
    while x + 1 < image.width() and lighter(image, x + 1, y, background_y):
        x += 1
    return x


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_a_share_fills_its_track_in_proportion(qtbot, size):
    view, image = shown(qtbot, chart([100, 50, 25]), size)
    rects = bar_rects(view)
    # Each row is compared with the background just above its bar (clear of any text).
    ends = [row_ends(image, rect, rect.y - 3) for rect in rects]
    start = rects[0].x
    # Every row's track ends at the same place: the whole.
    assert max(ends) - min(ends) <= 2
    whole = ends[0] - start + 1
    assert rects[0].width == pytest.approx(whole, abs=2)  # 100 % fills the track
    assert rects[1].width == pytest.approx(whole / 2, abs=2)  # 50 % fills half of it
    assert rects[2].width == pytest.approx(whole / 4, abs=2)


def test_a_chart_of_plain_values_has_no_track(qtbot):
    view, image = shown(qtbot, chart([100, 50, 25], scale="value"), LANDSCAPE)
    rects = bar_rects(view)
    gap = (rects[0].y + rects[0].height + rects[1].y) // 2
    half = rects[1]
    assert row_ends(image, half, gap) <= half.x + half.width + 1  # nothing after the bar


@pytest.mark.parametrize("scale", ["percent", "value"])
def test_every_bar_starts_at_a_drawn_zero_line(qtbot, scale):
    view, image = shown(qtbot, chart([80, 40, 10], scale=scale), LANDSCAPE)
    rects = bar_rects(view)
    assert len({rect.x for rect in rects}) == 1
    zero = rects[0].x
    between = (rects[0].y + rects[0].height + rects[1].y) // 2
    # In the gap between two bars, a line is drawn where the bars start; a little to its
    # left and right there is only background.
    def lightness(x: int) -> int:
        return QColor(image.pixel(x, between)).lightness()

    assert max(lightness(x) for x in range(zero - 2, zero + 3)) > lightness(zero - 12) + 12
    assert abs(lightness(zero + 12) - lightness(zero - 12)) < 6


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_caption_is_never_larger_than_the_bar_labels(qtbot, size, language):
    # Long labels, so the group shrinks them below the body size.
    slide = chart([90, 80, 30])
    long = Text.of(en="Founders who are scientists, engineers or other research "
                      "professionals or industry experts",
                   zh="创始团队由科学家、工程师等科研人员或行业专家组成的公司")
    slide = dataclasses.replace(slide, bars=(*slide.bars, Bar(label=long, value=60)))
    view, _image = shown(qtbot, slide, size, language)
    caption = next(label for label in view.findChildren(type(view.category_labels[0]))
                   if label.property("content_text") == slide.caption.get(language))
    smallest_label = min(label.font().pixelSize() for label in view.category_labels)
    assert caption.font().pixelSize() <= smallest_label
    assert caption.font().pixelSize() <= view._value_font.pixelSize()


def test_portrait_bars_take_the_full_width_under_their_labels(qtbot):
    view, _image = shown(qtbot, chart([90, 60, 30]), PORTRAIT)
    content = view.safe_rect()
    for label, rect in zip(view.category_labels, bar_rects(view), strict=True):
        top_left = label.mapTo(view, label.rect().topLeft())
        text_bottom = top_left.y() + label.height() - label.contentsMargins().bottom()
        assert text_bottom <= rect.y  # the label reads above its bar
        assert abs(top_left.x() - content.x()) <= 2  # both start at the content's left edge
        assert abs(rect.x - content.x()) <= 3
    # The whole (the 100 % track) spans the content's width: the 90 % bar nearly all of it.
    assert bar_rects(view)[0].width >= 0.85 * content.width()


def test_six_portrait_bars_fill_the_tall_column_and_two_stay_a_pair(qtbot):
    """A tall screen is not a landscape chart with an empty half under it: six bars spread
    down the column; two bars are not pulled apart to fill it."""
    six = ChartSlide(id="six", title=Text.of(en="Shares", zh="占比"), scale="percent",
                     suffix=Text.of(en="%"), bars=tuple(
                         Bar(label=Text.of(en=f"Category {i}", zh=f"类别{i}"), value=10 * i)
                         for i in range(1, 7)))
    view, _image = shown(qtbot, six, PORTRAIT)
    content = view.safe_rect()
    rects = bar_rects(view)
    assert rects[-1].y + rects[-1].height - content.y() >= 0.7 * content.height()
    pair, _image = shown(qtbot, chart([90, 60]), PORTRAIT)
    first, second = bar_rects(pair)
    assert second.y - first.y <= 0.25 * pair.safe_rect().height()


def test_portrait_values_stand_by_their_bars(qtbot):
    """A share's value at the right end of its track, above it; any other value just after
    its bar, level with it."""
    for scale in ("percent", "value"):
        view, _image = shown(qtbot, chart([90, 40, 10], scale=scale), PORTRAIT)
        boxes = view.drawn_boxes()
        bars = [box.rect for box in boxes if box.kind == "bar"]
        values = [box.rect for box in boxes if box.kind == "value"]
        right = view.safe_rect().right()
        for bar, value in zip(bars, values, strict=True):
            if scale == "percent":
                assert value.y + value.height <= bar.y  # above the bar
                assert right - (value.x + value.width) <= view.look.grid(0.5)
            else:
                assert bar.x + bar.width < value.x <= bar.x + bar.width + view.look.grid(1)
                middle = bar.y + bar.height / 2
                assert value.y < middle < value.y + value.height


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT, QSize(1280, 800)],
                         ids=["landscape", "portrait", "small"])
def test_twelve_chinese_shares_keep_their_values_apart_and_off_the_labels(qtbot, size):
    """Chinese qualifiers (超) make a value's line taller and wider than the Latin face
    says: the values shrink to their rows and the labels leave them room."""
    bars = tuple(Bar(label=Text.of(en=f"Strategic emerging sector {n}",
                                   zh=f"战略性新兴产业公司{n}"),
                     value=value, value_label=Text.of(en=f"over {value}%", zh=f"超{value}%"))
                 for n, value in enumerate([95, 88, 81, 74, 67, 60, 52, 45, 33, 21, 9, 3], 1))
    slide = dataclasses.replace(chart([1]), bars=bars,
                                axis_label=Text.of(en="Share", zh="占科创板公司比例"))
    view, _image = shown(qtbot, slide, size, "zh")
    values = [box.rect for box in view.drawn_boxes() if box.kind == "value"]
    for upper, lower in zip(values, values[1:], strict=False):
        assert not upper.meets(lower)  # as the layout audit judges: within a pixel
    for label, value in zip(view.category_labels, values, strict=True):
        text = label.contentsRect().translated(label.mapTo(view, label.rect().topLeft()))
        assert text.right() < value.x or text.bottom() < value.y

"""The layouts hold at the limits the manual documents (issue 20's cases): measured on the
widgets as drawn, independently of the box report, and then through the audit."""

from __future__ import annotations

import re
from itertools import combinations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel

from kiosk.runtime.text_fit import ELLIPSIS
from kiosk.runtime.widgets.picture_box import PictureBox
from kiosk.tools.fitcheck import Screen, check_deck
from tests.layout_support import audited, draw_picture, laid_out, text, write_deck

SCREENS = [(1920, 1080), (1080, 1920)]
MEASURES = [text("IPO pre-review pilot", "IPO预先审阅机制"),
            text("Better refinancing", "完善再融资制度"),
            text("Stronger market-maker system", "优化做市商机制"),
            text("Eligible foreign investors", "引入境外投资者"),
            text("Index products broadened", "丰富指数产品"),
            text("Mergers and acquisitions made easier", "支持并购重组"),
            text("Listing standards for AI companies", "人工智能企业上市标准"),
            text("Share incentives made simpler", "优化股权激励")]


def on_slide(widget, view) -> QRect:
    return QRect(widget.mapTo(view, QPoint(0, 0)), widget.size())


@pytest.mark.slow
@pytest.mark.parametrize("size", SCREENS, ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("count", [2, 6, 7, 8])
def test_reforms_measures_never_cover_each_other_or_the_hub(qtbot, tmp_path, size, language,
                                                           count):
    result = write_deck(tmp_path, [{
        "type": "reforms", "id": "reforms", "title": text("Reforms", "改革"),
        "hub": {"label": text("Sci-Tech Growth Tier", "科创成长层")},
        "measures": [{"label": m} for m in MEASURES[:count]]}])
    view = laid_out(result, *size, language)
    nodes = [on_slide(node, view) for node in view.measures]
    for one, other in combinations(nodes, 2):
        assert not one.intersects(other), (one, other)
    hub = on_slide(view.hub, view)
    radius = hub.width() / 2
    for node in nodes:  # the nearest point of each measure lies outside the hub's disc
        nx = min(max(hub.center().x(), node.left()), node.right())
        ny = min(max(hub.center().y(), node.top()), node.bottom())
        assert (nx - hub.center().x()) ** 2 + (ny - hub.center().y()) ** 2 >= radius ** 2
    _boxes, violations = audited(view, language)
    assert not [v for v in violations if v.rule in ("overlap", "outside", "unsafe")]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh"])
def test_six_cards_with_pictures_keep_their_names_off_the_pictures(qtbot, tmp_path, language):
    # (2000, 100): 20:1, the widest strip validate accepts
    shapes = [(1600, 900), (1600, 120), (120, 1600), (600, 600), (1600, 900), (2000, 100)]
    cards = []
    for number, (width, height) in enumerate(shapes):
        image = draw_picture(tmp_path / "images" / f"p{number}.png", width, height)
        cards.append({"name": text("BeiGene", "百济神州"),
                      "headline": text("Its cancer drug is approved in 75 markets",
                                       "自研抗癌药在全球75个市场获批"),
                      "figure": text("RMB 21.1 billion raised", "募资211亿元"),
                      "image": image})
    result = write_deck(tmp_path, [{"type": "cards", "id": "cards", "title": text("Cards", "卡片"),
                                    "subtitle": text("Tap a card", "轻触卡片"),
                                    "cards": cards}])
    view = laid_out(result, 1920, 1080, language)
    for card in view.cards:
        picture = on_slide(card.findChild(PictureBox), view)
        for label in card.findChildren(QLabel):
            assert on_slide(label, view).top() >= picture.bottom(), label.text()
        name = card.findChildren(QLabel)[0]
        assert not name.text().endswith(ELLIPSIS), name.text()  # a short name shows whole
    _boxes, violations = audited(view, language)
    assert not [v for v in violations if v.rule in ("overlap", "on-picture")]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_twelve_columns_in_portrait_show_whole_years_and_values_clear_of_each_other(
        qtbot, tmp_path, language):
    years = range(1970, 2030, 5)
    result = write_deck(tmp_path, [{
        "type": "chart", "id": "chart", "orientation": "column",
        "title": text("Listings per year", "历年上市数量"),
        "bars": [{"label": str(year), "value": 1000 + (year - 1970) * 150} for year in years]}])
    view = laid_out(result, 1080, 1920, language)
    shown = [label.text() for label in view.category_labels] + [
        label.shown() for label in view.turned_labels]
    assert shown and not any(ELLIPSIS in t for t in shown), shown
    boxes, violations = audited(view, language)
    values = [box.rect for box in boxes if box.kind == "value"]
    assert len(values) == 12
    for one, other in combinations(values, 2):
        assert not one.meets(other), (one, other)
    assert all(v.inside(view_rect(view)) for v in values)
    assert violations == []


def view_rect(view):
    from kiosk.core.layout_audit import Rect

    return Rect(0, 0, view.width(), view.height())


def test_turned_category_labels_read_whole_or_are_reported(qtbot, tmp_path):
    result = write_deck(tmp_path, [{
        "type": "chart", "id": "chart", "orientation": "column",
        "title": text("Listings per year", "历年上市数量"),
        "bars": [{"label": text(f"Fiscal year {year}", f"{year}财年"), "value": 10 + i}
                 for i, year in enumerate(range(2014, 2026))]}])
    view = laid_out(result, 1024, 768, "en")
    assert view.turned_labels, "long labels under 12 narrow columns are turned upright"
    assert all(not label.cut for label in view.turned_labels)
    boxes, violations = audited(view, "en")
    assert [b for b in boxes if b.kind == "category"]
    assert violations == []


@pytest.mark.parametrize("size", SCREENS, ids=["landscape", "portrait"])
def test_a_long_qr_caption_stays_off_the_code_and_is_reported(qtbot, tmp_path, size):
    caption = text("Scan the code to read the full report on the STAR Market's six years",
                   "扫描二维码，阅读科创板六周年完整报告与全部数据来源")
    result = write_deck(tmp_path, [{
        "type": "metrics", "id": "numbers", "title": text("Six years", "六年"),
        "metrics": [{"value": 589, "label": text("companies", "家公司")},
                    {"value": 24, "label": text("months", "个月")}],
        "qr": "https://www.sse.com.cn/", "qr_caption": caption}])
    for language in ("en", "zh"):
        view = laid_out(result, *size, language)
        code = on_slide(view.qr_block.code, view)
        words = on_slide(view.qr_block.caption, view)
        assert words.top() > code.bottom()
    problems = check_deck(result.deck, result.places, [Screen(*size)])
    assert problems
    caption_place = result.places[id(result.deck.slides[0].qr_caption)]
    for problem in problems:
        assert re.fullmatch(r"slide numbers: the qr caption is \d lines? too long at .*",
                            problem.message), problem
        assert (problem.file, problem.line, problem.column) == caption_place


@pytest.mark.parametrize("size", SCREENS + [(1024, 768)], ids=["landscape", "portrait", "4:3"])
@pytest.mark.parametrize("qr", [None, "https://www.sse.com.cn/"], ids=["plain", "qr"])
def test_the_closing_slide_is_centred_with_or_without_a_qr_code(qtbot, tmp_path, size, qr):
    slide = {"type": "closing", "id": "bye", "title": text("Thank you", "谢谢"),
             "message": text("Come back soon.", "欢迎再来。")}
    if qr:
        slide["qr"] = qr
    view = laid_out(write_deck(tmp_path, [slide]), *size, "en")
    for label in view.findChildren(QLabel):
        if label.property("content_text") in ("Thank you", "Come back soon."):
            middle = on_slide(label, view).center().x()
            assert abs(middle - view.width() / 2) <= 2, (label.text(), middle)


def test_texts_on_a_full_bleed_photo_sit_on_its_scrims_or_are_reported(qtbot, tmp_path):
    image = draw_picture(tmp_path / "images" / "photo.png", 1600, 900, "#FFFFFF")
    slide = {"type": "picture", "id": "photo", "fit": "full-bleed", "image": image,
             "title": text("Listing day", "上市首日"),
             "caption": text("The STAR Market opened on 22 July 2019.",
                             "科创板于2019年7月22日开市。")}
    view = laid_out(write_deck(tmp_path, [slide]), 1920, 1080, "en")
    boxes, violations = audited(view, "en")
    assert [b.name for b in boxes if b.kind == "picture"] == ["the photo"]
    assert violations == []
    # A title long enough to run down into the photo's clear middle is text on the photo.
    slide["title"] = text(" ".join(["Listing day on the STAR Market"] * 8), "上市首日" * 8)
    view = laid_out(write_deck(tmp_path, [slide]), 1080, 1920, "en")
    _boxes, violations = audited(view, "en")
    assert [v.rule for v in violations if v.rule == "on-picture"], violations

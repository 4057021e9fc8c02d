"""The layout audit on hand-made boxes: each rule fires where a visitor would see a fault, and
stays quiet where the slide draws one thing on another on purpose."""

from __future__ import annotations

from kiosk.core.layout_audit import Box, Rect, Screen, audit

SCREEN = Screen(1920, 1080, Rect(100, 75, 1720, 870))


def text(ident: int, rect: Rect, **fields) -> Box:
    fields.setdefault("name", f"text {ident}")
    fields.setdefault("content", "Some words")
    fields.setdefault("px", 37)
    fields.setdefault("designed_px", 37)
    return Box(ident, "text", rect, **fields)


def rules(boxes: list[Box]) -> list[str]:
    return sorted(v.rule for v in audit(boxes, SCREEN))


def test_a_clean_layout_passes():
    card = Box(1, "panel", Rect(100, 200, 500, 300))
    picture = Box(2, "picture", Rect(120, 220, 460, 80), owner=1)
    name = text(3, Rect(120, 310, 460, 50), owner=1)
    other = Box(4, "panel", Rect(620, 200, 500, 300))
    assert audit([card, picture, name, other], SCREEN) == []


def test_two_measures_drawn_on_each_other_are_reported_by_name():
    first = Box(1, "panel", Rect(400, 200, 500, 150), name="the box of measure 1's label")
    eighth = Box(2, "panel", Rect(800, 200, 500, 150), name="the box of measure 8's label")
    found = audit([first, eighth], SCREEN)
    assert [v.rule for v in found] == ["overlap"]
    assert "measure 1" in found[0].message and "measure 8" in found[0].message


def test_a_text_inside_its_own_card_is_no_collision_but_inside_another_card_is():
    card = Box(1, "panel", Rect(100, 200, 500, 300))
    inside = text(2, Rect(120, 220, 400, 50), owner=1)
    neighbour = Box(3, "panel", Rect(500, 200, 400, 300))
    assert rules([card, inside]) == []
    assert rules([card, inside, neighbour]) == ["overlap", "overlap"]


def test_a_name_drawn_over_its_card_picture_is_text_on_a_picture():
    card = Box(1, "panel", Rect(100, 200, 500, 300))
    picture = Box(2, "picture", Rect(120, 220, 460, 100), owner=1, name="the picture")
    name = text(3, Rect(120, 300, 460, 50), owner=1, name="card 1's name")
    found = audit([card, picture, name], SCREEN)
    assert [v.rule for v in found] == ["on-picture"]
    assert found[0].message == "card 1's name is drawn on the picture"


def test_a_caption_on_the_qr_quiet_zone_is_reported_and_one_below_it_is_not():
    code = Box(1, "qr", Rect(1600, 700, 162, 162), name="the QR code")
    on_tile = text(2, Rect(1580, 850, 200, 60), name="the qr caption")
    below = text(3, Rect(1580, 875, 200, 60), name="the qr caption")
    found = audit([code, on_tile], SCREEN)
    assert [v.rule for v in found] == ["on-picture"]
    assert "quiet zone" in found[0].message
    assert audit([code, below], SCREEN) == []


def test_text_over_a_picture_on_a_scrim_is_on_purpose():
    photo = Box(1, "picture", Rect(100, 75, 1720, 870))
    caption = text(2, Rect(120, 800, 800, 60), scrim=True)
    assert audit([photo, caption], SCREEN) == []


def test_a_full_bleed_photo_carries_opaque_tiles_but_text_only_on_a_scrim():
    photo = Box(1, "picture", Rect(0, 0, 1920, 1080), free=True, name="the photo")
    code = Box(2, "qr", Rect(1600, 700, 162, 162))
    credit = text(3, Rect(120, 500, 400, 40), name="the credit")
    caption = text(4, Rect(120, 800, 400, 40), scrim=True)
    found = audit([photo, code, credit, caption], SCREEN)
    assert [(v.rule, v.message) for v in found] == [
        ("on-picture", "the credit is drawn on the photo")]


def test_boxes_off_the_screen_or_outside_the_safe_area_are_reported():
    off = text(1, Rect(1800, 100, 200, 50))
    in_chrome = Box(2, "bar", Rect(300, 900, 80, 100))
    motif = Box(4, "decoration", Rect(1400, -30, 1000, 1000))
    assert rules([off, in_chrome, motif]) == ["outside", "unsafe"]
    assert rules([Box(3, "picture", Rect(0, 0, 1920, 1080), free=True)]) == []


def test_a_disc_only_collides_where_it_is_round():
    hub = Box(1, "panel", Rect(800, 300, 300, 300), round=True)
    in_corner = Box(2, "panel", Rect(1060, 560, 200, 100))  # the disc's corner is empty
    across = Box(3, "panel", Rect(1050, 400, 200, 100))  # the disc reaches x = 1100 here
    assert rules([hub, in_corner]) == []
    assert rules([hub, across]) == ["overlap"]


def test_a_cut_text_says_the_real_cause_and_a_fix_for_its_language():
    too_wide_en = text(1, Rect(120, 200, 300, 50), cut_lines=1, too_wide=True,
                       content="Electromagnetic", language="en")
    too_wide_zh = text(2, Rect(120, 300, 300, 50), cut_lines=1, too_wide=True,
                       content="百济神州", language="zh")
    long = "word " * 30
    under_picture = text(3, Rect(120, 400, 300, 50), cut_lines=2, chars_per_line=20,
                         below_picture=True, name="card 1's headline", content=long)
    plain = text(4, Rect(120, 500, 300, 50), cut_lines=1, chars_per_line=30, content=long)
    short = text(5, Rect(120, 600, 300, 50), cut_lines=3, chars_per_line=10,
                 content="扫描二维码，阅读科创板六周年完整报告与全部数据来源", language="zh")
    found = {v.box.ident: v for v in audit([too_wide_en, too_wide_zh, under_picture, plain,
                                            short], SCREEN)}
    assert "hyphen" in found[1].hint
    assert "hyphen" not in found[2].hint and "line break" in found[2].hint
    assert found[3].message == "card 1's headline is 2 lines too long"
    assert found[3].hint.startswith("too little height under the picture")
    assert "drop the picture" in found[3].hint and "40 characters" in found[3].hint
    assert found[4].hint == "shorten it by about 30 characters"
    # Cutting more than half of it: say what to keep, never "by" more than it holds.
    assert found[5].hint == "shorten it to about 10 characters"
    assert all(v.severity == "error" for v in found.values())


def test_a_category_label_cut_mid_word_is_an_error_of_its_own():
    year = Box(1, "category", Rect(200, 800, 60, 40), content="1970", cut_lines=1, px=28,
               name="bar 1's label")
    found = audit([year], SCREEN)
    assert [v.rule for v in found] == ["category-cut"]


def test_text_below_the_legible_size_for_the_screen_is_reported():
    assert SCREEN.legible_px == 22
    small = text(1, Rect(200, 200, 300, 30), px=18)
    fine = text(2, Rect(200, 300, 300, 30), px=22)
    found = audit([small, fine], SCREEN)
    assert [(v.rule, v.box.ident) for v in found] == [("illegible", 1)]
    assert "2 m" in found[0].message


def test_a_text_shrunk_to_its_floor_is_a_warning():
    shrunk = text(1, Rect(200, 200, 300, 30), px=28, fitted_px=28, designed_px=37,
                  floor_px=28)
    found = audit([shrunk], SCREEN)
    assert [(v.rule, v.severity) for v in found] == [("shrunk", "warning")]


def test_a_decoration_drawn_across_a_text_is_reported_naming_the_text():
    motif = Box(1, "decoration", Rect(1400, 0, 600, 600), motif=True)
    title = text(2, Rect(200, 300, 1300, 100), name="the title")
    clear = text(3, Rect(200, 700, 1300, 100), name="the subtitle")
    found = audit([motif, title, clear], SCREEN)
    assert [(v.rule, v.box.name) for v in found] == [("decoration", "the title")]
    assert "decorations: false" in found[0].hint


def test_rings_cross_only_the_texts_their_strokes_reach():
    # Rings centred on (960, 540), strokes between radius 300 and 500.
    rings = Box(1, "decoration", Rect(460, 40, 1000, 1000), round=True, inner=300,
                motif=True)
    in_the_middle = text(2, Rect(800, 450, 300, 150))  # corners ~ 180 px from the centre
    across_a_stroke = text(3, Rect(600, 450, 300, 100))  # left end 360 px out
    outside = text(4, Rect(1500, 100, 300, 60))  # beyond the outer edge
    in_a_corner = text(5, Rect(1380, 900, 60, 40))  # inside the box, outside the disc
    assert rules([rings, in_the_middle, outside, in_a_corner]) == []
    assert rules([rings, across_a_stroke]) == ["decoration"]


def test_a_text_on_a_scrim_may_sit_on_a_decoration():
    motif = Box(1, "decoration", Rect(100, 100, 800, 800), motif=True)
    assert rules([motif, text(2, Rect(200, 300, 400, 60), scrim=True)]) == []


def test_a_diagrams_own_lines_under_its_texts_are_no_crossing():
    track = Box(1, "decoration", Rect(100, 100, 1700, 800))  # a timeline's track, drawn under
    assert rules([track, text(2, Rect(200, 300, 400, 60))]) == []

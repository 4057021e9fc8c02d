"""Writes a deck at the limits the manual (content/README.md) documents, in en and zh, with
generated pictures of extreme shapes: the deck issue 20 asks to be laid out without anything
overlapping or cut that ``star-kiosk check`` does not report.

    python bench/limits_deck.py OUT_FOLDER [--verify]
    star-kiosk check OUT_FOLDER --size 1080x1920
    star-kiosk export OUT_FOLDER --out review --size 1080x1920 --lang zh

``--verify`` then lays every slide out on the deck's five screens in both languages and
prints every fault seen on the drawn widgets that ``check`` does not report (there should be
none), with check's own count of errors and warnings.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

SOURCE = "Xinhua, \"Accelerating Innovation\", July 2025"
PICTURES = {
    # name: (width, height)
    "wide.png": (1600, 200),
    "tall.png": (200, 1600),
    "square.png": (600, 600),
    "photo.png": (1600, 900),
}


def text(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def draw_pictures(folder: Path) -> None:
    """Flat coloured pictures with a bright frame, so a cropped or covered edge shows."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["limits-deck"])  # noqa: F841
    folder.mkdir(parents=True, exist_ok=True)
    for number, (name, (width, height)) in enumerate(PICTURES.items()):
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor(["#C2185B", "#2E7D32", "#EF6C00", "#1B4F72"][number]))
        painter = QPainter(image)
        painter.fillRect(0, 0, width, max(2, height // 20), QColor("#FFEB3B"))
        painter.fillRect(0, height - max(2, height // 20), width, max(2, height // 20),
                         QColor("#FFEB3B"))
        painter.end()
        image.save(str(folder / name))


def slides() -> list[dict]:
    measures = [
        text("IPO pre-review pilot", "IPO预先审阅机制"),
        text("Better refinancing", "完善再融资制度"),
        text("Stronger market-maker system", "优化做市商机制"),
        text("Eligible foreign investors", "引入境外投资者"),
        text("Index products broadened", "丰富指数产品"),
        text("Mergers and acquisitions made easier", "支持并购重组"),
        text("Listing standards for AI companies", "人工智能企业上市标准"),
        text("Share incentives made simpler", "优化股权激励"),
    ]
    cards = []
    names = [("BeiGene", "百济神州"), ("AMEC", "中微公司"), ("Hygon", "海光信息"),
             ("Loongson Technology Corporation", "龙芯中科"), ("SMIC", "中芯国际"),
             ("Cambricon", "寒武纪")]
    pictures = ["photo.png", "wide.png", "tall.png", "square.png", "photo.png", "wide.png"]
    for (en, zh), image in zip(names, pictures, strict=True):
        cards.append({
            "name": text(en, zh),
            "headline": text("Its cancer drug is approved in 75 markets around the world",
                             "自研抗癌药在全球75个市场获批"),
            "figure": text("RMB 21.1 billion raised", "募资211亿元"),
            "detail": text("In December 2021 it raised RMB 21.1 billion in one offering.",
                           "2021年12月单次募资211亿元。"),
            "image": f"images/{image}",
            "source": SOURCE,
        })
    years = list(range(1970, 2030, 5))
    long_caption = text("Scan the code to read the full report on the STAR Market's six years",
                        "扫描二维码，阅读科创板六周年完整报告与全部数据来源")
    return [
        {"type": "reforms", "id": "reforms-8", "title": text("The \"1+8\" reforms",
                                                           "科创板“1+8”改革"),
         "hub": {"label": text("Sci-Tech Growth Tier", "科创成长层"),
                 "detail": text("A new tier.", "新设层级。")},
         "measures": [{"label": m, "detail": text("More about it.", "详情。"),
                       "source": SOURCE} for m in measures]},
        {"type": "reforms", "id": "reforms-8-safeguards",
         "title": text("The reforms and their safeguards", "改革与配套保障"),
         "hub": {"label": text("Sci-Tech Growth Tier", "科创成长层")},
         "measures": [{"label": m} for m in measures],
         "safeguards": {"title": text("Safeguards", "配套保障"),
                        "items": [text("Enhanced information disclosure", "强化信息披露"),
                                  text("Stronger accountability", "压实中介责任")]}},
        {"type": "cards", "id": "cards-6-pictures",
         "title": text("Breakthroughs from STAR Market companies", "科创板企业的突破"),
         "subtitle": text("Tap a card to read the story", "轻触卡片，查看详情"),
         "cards": cards},
        {"type": "cards", "id": "cards-8-mixed", "title": text("Eight stories", "八个故事"),
         "cards": [dict(card, image=None) if i % 2 else card
                   for i, card in enumerate(cards + cards[:2])]},
        {"type": "chart", "id": "chart-12-columns", "orientation": "column",
         "title": text("Listings per year", "历年上市数量"),
         "axis_label": text("Companies listed", "上市公司数量"),
         "bars": [{"label": str(year), "value": 1000 + (year - 1970) * 150,
                   "highlight": year == 2025, "source": SOURCE} for year in years],
         "caption": text("Made-up figures for a layout test.", "用于版式测试的虚构数字。")},
        {"type": "chart", "id": "chart-12-bars", "orientation": "bar",
         "title": text("Listings per year", "历年上市数量"),
         "bars": [{"label": text(f"The year {year}", f"{year}年"), "value": 10 + i * 7}
                  for i, year in enumerate(years)]},
        {"type": "timeline", "id": "timeline-10", "title": text("Ten milestones", "十个里程碑"),
         "milestones": [{"date": text(f"22 July {2016 + i}", f"{2016 + i}年7月22日"),
                         "label": text("The STAR Market opens for trading",
                                       "科创板正式开市交易"),
                         "detail": text("More.", "更多。")} for i in range(10)]},
        {"type": "picture", "id": "picture-qr", "image": "images/photo.png",
         "title": text("Listing day", "上市首日"),
         "caption": text("The STAR Market opened on 22 July 2019.", "科创板于2019年7月22日开市。"),
         "qr": "https://www.sse.com.cn/", "qr_caption": long_caption},
        {"type": "metrics", "id": "metrics-qr", "title": text("Six years", "六年"),
         "metrics": [{"value": 589, "label": text("companies listed", "家上市公司"),
                      "source": SOURCE},
                     {"value": 240000, "compact": True, "label": text("in R&D", "研发人员")}],
         "qr": "https://www.sse.com.cn/", "qr_caption": long_caption},
        {"type": "closing", "id": "closing-qr",
         "title": text("Six years are just the beginning", "六年，只是开始"),
         "message": text("Many expect the STAR Market to grow ever more inclusive.",
                         "市场普遍期待，科创板持续提升包容性。"),
         "footer": text("Touch to start again", "轻触屏幕，重新开始"),
         "qr": "https://www.sse.com.cn/"},
        {"type": "closing", "id": "closing",
         "title": text("Six years are just the beginning", "六年，只是开始"),
         "footer": text("Touch to start again", "轻触屏幕，重新开始")},
    ]


def write_deck(folder: Path) -> Path:
    """The deck at the manual's limits, written into ``folder`` (pictures included)."""
    folder.mkdir(parents=True, exist_ok=True)
    draw_pictures(folder / "images")
    deck = {"settings": {"title": text("Layout limits", "版式极限"),
                         "screens": ["1920x1080", "1080x1920", "3840x2160", "1280x800",
                                     "1024x768"]},
            "slides": slides()}

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    (folder / "deck.yaml").write_text(yaml.safe_dump(clean(deck), allow_unicode=True,
                                                     sort_keys=False), encoding="utf-8")
    return folder


def verify(folder: Path) -> int:
    """Lay every slide out on the five screens in both languages and list every fault seen
    on the drawn widgets that ``check`` does not report; returns how many there were."""
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kiosk.core.content.loader import load_deck
    from kiosk.runtime.application import make_application
    from kiosk.tools.fitcheck import check_deck
    from tests.layout_support import unreported_faults

    app = make_application(offscreen_without_display=True)  # noqa: F841 (the views need one)
    result = load_deck(str(folder))
    assert result.deck is not None, result.problems
    started = time.monotonic()
    missed: list[str] = []
    screens = [tuple(int(n) for n in size.split("x")) for size in result.deck.settings.screens]
    for width, height in screens:
        for language in result.deck.settings.languages:
            for index in range(len(result.deck.slides)):
                missed += unreported_faults(result, index, (width, height), language)
    problems = check_deck(result.deck, result.places)
    errors = sum(p.severity == "error" for p in problems)
    for line in missed:
        print("MISSED", line)
    print(f"{len(result.deck.slides)} slides × {len(screens)} screens × "
          f"{len(result.deck.settings.languages)} languages in "
          f"{time.monotonic() - started:.0f} s: check reports {errors} error(s) and "
          f"{len(problems) - errors} warning(s); {len(missed)} fault(s) it does not report")
    return len(missed)


if __name__ == "__main__":
    target = Path(next((a for a in sys.argv[1:] if not a.startswith("--")), "limits-deck"))
    print(write_deck(target))
    if "--verify" in sys.argv:
        sys.exit(1 if verify(target) else 0)

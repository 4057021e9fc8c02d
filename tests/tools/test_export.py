"""``star-kiosk export`` writes one PNG per slide at the requested size, and a PDF handout."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.tools.export import export_deck

DECK = """\
settings:
  title: {en: "Test", zh: "测试"}
slides:
  - id: hero
    type: title
    title: {en: "Six years", zh: "六年"}
  - id: glance
    type: metrics
    title: {en: "Glance", zh: "概览"}
    metrics:
      - {value: 589, label: {en: "companies", zh: "家公司"}}
      - {value: 240000, compact: true, label: {en: "staff", zh: "人员"}}
  - id: rnd
    type: chart
    title: {en: "R&D", zh: "研发"}
    bars:
      - {label: {en: "R&D", zh: "研发"}, value: 168}
  - id: end
    type: closing
    title: {en: "Thanks", zh: "谢谢"}
"""


def test_export_writes_pngs_and_handout(qtbot, tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text(DECK, encoding="utf-8")
    out = tmp_path / "out"
    status = export_deck(Namespace(content=str(content), out=str(out), size=(1280, 720),
                                   lang="zh"))
    assert status == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["01-hero.png", "02-glance.png", "03-rnd.png", "04-end.png", "handout.pdf"]
    for name in names[:-1]:
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1280, 720)
    assert (out / "handout.pdf").read_bytes().startswith(b"%PDF")
    assert "exported 4 slides" in capsys.readouterr().out


@pytest.mark.slow
def test_export_portrait(qtbot, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text(DECK, encoding="utf-8")
    out = tmp_path / "out"
    assert export_deck(Namespace(content=str(content), out=str(out), size=(1080, 1920),
                                 lang=None)) == 0
    image = QImage(str(out / "01-hero.png"))
    assert (image.width(), image.height()) == (1080, 1920)


def test_export_reports_content_errors(qtbot, tmp_path: Path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text("settings: {}\nslides: []\n", encoding="utf-8")
    status = export_deck(Namespace(content=str(content), out=str(tmp_path / "out"),
                                   size=(1920, 1080), lang=None))
    assert status == 1
    assert capsys.readouterr().err


def test_export_and_check_say_which_slides_show_when(qtbot, tmp_path, capsys):
    from kiosk.core.content.loader import load_deck
    from kiosk.tools.export import handout_document
    from kiosk.tools.fitcheck import check_command

    content = tmp_path / "content"
    content.mkdir()
    deck_text = DECK.replace('''    title: {en: "R&D", zh: "研发"}
''', '''    title: {en: "R&D", zh: "研发"}
    show: {weekdays: [saturday, sunday], hours: {start: "10:00", end: "16:00"}}
''')
    (content / "deck.yaml").write_text(deck_text, encoding="utf-8")
    out = tmp_path / "out"
    assert export_deck(Namespace(content=str(content), out=str(out), size=(1280, 720),
                                 lang="en")) == 0
    printed = capsys.readouterr().out
    assert "slide 3 rnd: shows Sat Sun, 10:00–16:00" in printed
    assert "the other 3 slide(s) always show" in printed
    deck = load_deck(content).deck
    images = [QImage(str(p)) for p in sorted(out.glob("*.png"))]
    handout = handout_document(deck, images, []).toPlainText()
    assert "Shows: Sat Sun, 10:00–16:00" in handout and handout.count("Shows: always") == 3
    assert check_command(Namespace(content=str(content), size=[(640, 360)], lang="en")) in (0, 1)
    assert "slide 3 rnd: shows Sat Sun, 10:00–16:00" in capsys.readouterr().out

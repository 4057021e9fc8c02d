"""The curator's tools tell the truth: the handout keeps each slide on one page in either
orientation and its text can be searched, export and check fail when text is cut, and a
picture blown up past its pixels is reported."""

from __future__ import annotations

import shutil
import subprocess
from argparse import Namespace
from pathlib import Path

import pytest

from kiosk.core.content.loader import load_deck
from kiosk.tools.export import export_deck, handout_document, handout_page_size
from kiosk.tools.fitcheck import Screen, check_deck

HARBOUR = Path(__file__).resolve().parent.parent / "decks" / "harbour"

DECK = """\
settings:
  title: Truth test
  languages: [en]
slides:
  - type: title
    id: hello
    title: The figure of the year
  - type: cards
    id: firms
    title: Firms
    cards:
      - name: One
        headline: "{headline}"
        image: images/tiny.png
      - name: Two
        headline: Short
"""


def write_deck(folder: Path, headline: str = "A first figure", picture=(120, 80)) -> Path:
    from PySide6.QtGui import QColor, QImage

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "images").mkdir(exist_ok=True)
    image = QImage(*picture, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(folder / "images" / "tiny.png"))
    (folder / "deck.yaml").write_text(DECK.format(headline=headline), encoding="utf-8")
    return folder


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_each_slide_picture_lies_whole_on_one_page(qtbot, size):
    from PySide6.QtGui import QColor, QImage

    result = load_deck(HARBOUR)
    images = []
    for _slide in result.deck.slides:
        image = QImage(*size, QImage.Format.Format_RGB32)
        image.fill(QColor("#07162C"))
        images.append(image)
    document = handout_document(result.deck, images, [])
    page = handout_page_size().height()
    layout = document.documentLayout()
    pictures = 0
    block = document.begin()
    while block.isValid():
        fragment_iter = block.begin()
        while not fragment_iter.atEnd():
            if fragment_iter.fragment().charFormat().isImageFormat():
                pictures += 1
                box = layout.blockBoundingRect(block)
                first, last = int(box.top() // page), int((box.bottom() - 1) // page)
                assert first == last, f"a slide picture straddles pages {first + 1}-{last + 1}"
            fragment_iter += 1
        block = block.next()
    assert pictures == len(result.deck.slides)


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils, installed by scripts/bootstrap.sh) is missing")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_export_fails_when_text_is_cut_and_the_handout_text_is_searchable(qtbot, tmp_path,
                                                                          capsys):
    # Long enough to be cut even where the card gives its picture's height to the text.
    long = "A headline about every first figure the firm ever filed, " * 40
    content = write_deck(tmp_path / "content", headline=long.strip())
    out = tmp_path / "out"
    status = export_deck(Namespace(content=str(content), out=str(out), size=(1080, 1920),
                                   lang=None))
    assert status == 1  # files written, but a script must notice the cut headline
    assert "do not fit" in capsys.readouterr().out
    text = pdf_text(out / "handout.pdf")
    # "fi" stays two letters in the text layer: a search for "figure" finds it.
    assert "The figure of the year" in text
    assert text.count("first figure") >= 2


@pytest.mark.slow
def test_export_succeeds_when_everything_fits(qtbot, tmp_path):
    content = write_deck(tmp_path / "content", picture=(1600, 900))
    status = export_deck(Namespace(content=str(content), out=str(tmp_path / "out"),
                                   size=(1920, 1080), lang=None))
    assert status == 0


def test_a_small_picture_blown_up_is_a_warning_in_check(qtbot, tmp_path):
    content = write_deck(tmp_path / "content")  # 120×80 in a card across a third of 1920
    result = load_deck(content)
    problems = check_deck(result.deck, result.places, [Screen(1920, 1080)])
    blurred = [p for p in problems if "blurred" in p.message]
    assert blurred, problems
    first = blurred[0]
    assert first.severity == "warning"
    assert (Path(first.file).name, first.line) == ("deck.yaml", 14)  # the card's image line
    assert "'images/tiny.png' is 120×80 pixels" in first.message
    assert "use a picture of at least" in first.hint


def test_a_sharp_picture_is_not_reported(qtbot, tmp_path):
    content = write_deck(tmp_path / "content", picture=(1600, 900))
    result = load_deck(content)
    problems = check_deck(result.deck, result.places, [Screen(1920, 1080)])
    assert not [p for p in problems if "blurred" in p.message], problems


def test_a_small_background_is_a_warning_in_validate(tmp_path):
    content = write_deck(tmp_path / "content")
    deck = (content / "deck.yaml").read_text(encoding="utf-8")
    (content / "deck.yaml").write_text(
        deck.replace("    id: hello\n", "    id: hello\n    background: images/tiny.png\n"),
        encoding="utf-8")
    result = load_deck(content)
    assert result.deck is not None
    warning, = [p for p in result.problems if "blurred" in p.message]
    assert warning.severity == "warning" and warning.line == 7
    assert "about 16.0× larger as slide hello's background at 1920×1080" in warning.message


def test_a_small_full_bleed_picture_is_a_warning_at_a_screen_checked_with_size(qtbot, tmp_path):
    content = write_deck(tmp_path / "content", picture=(640, 360))
    deck = (content / "deck.yaml").read_text(encoding="utf-8")
    (content / "deck.yaml").write_text(
        deck + "  - type: picture\n    id: photo\n    image: images/tiny.png\n"
               "    fit: full-bleed\n", encoding="utf-8")
    result = load_deck(content)
    # 640×360 over 1920×1080 is 3×: validate warns for the deck's own screen...
    assert [p.line for p in result.problems if "full-bleed picture" in p.message] == [19]
    # ...and check for a screen it is asked about (4K: 6×), once per screen, not per language.
    problems = check_deck(result.deck, result.places, [Screen(3840, 2160)])
    full = [p for p in problems if "full-bleed picture" in p.message]
    assert len(full) == 1 and "at 3840×2160" in full[0].message and full[0].line == 19


def test_check_exits_non_zero_when_text_is_cut_and_zero_when_it_fits(qtbot, tmp_path, capsys):
    from kiosk import cli

    cut = write_deck(tmp_path / "cut", headline=("A very long first figure. " * 40).strip(),
                     picture=(1600, 900))
    assert cli.main(["check", str(cut), "--size", "1920x1080"]) == 1
    assert "does not fit" in capsys.readouterr().out
    fits = write_deck(tmp_path / "fits", picture=(1600, 900))
    assert cli.main(["check", str(fits), "--size", "1920x1080"]) == 0

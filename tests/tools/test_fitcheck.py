"""The fit check lays out every slide with the real views and tells a curator exactly what
to shorten; on screen, text that does not fit ends in an ellipsis on a whole line."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel

from kiosk.core.content.loader import load_deck
from kiosk.runtime.offscreen import lay_out
from kiosk.runtime.slides.fitting import visible_room
from kiosk.runtime.text_fit import ELLIPSIS
from kiosk.runtime.theme import Look
from kiosk.tools.export import export_deck, handout_document
from kiosk.tools.fitcheck import Screen, check_deck, describe

HARBOUR = Path(__file__).resolve().parent.parent / "decks" / "harbour"
BUNDLED = Path(__file__).resolve().parents[2] / "content"

LONG_HEADLINE = ("A headline that goes on and on about everything the company ever did, "
                 "in every market, with every product, for every customer, in every year, "
                 "until nobody can read it from across the room any more at all; ") * 3

DECK = f"""\
settings:
  title: Fit test
  languages: [en]
slides:
  - type: cards
    id: crowded
    title: Cards
    cards:
      - name: One
        headline: Short
      - name: Two
        headline: Short too
      - name: Three
        headline: "{LONG_HEADLINE.strip()}"
"""


@pytest.mark.slow
@pytest.mark.parametrize("folder", [BUNDLED, HARBOUR], ids=["bundled", "harbour"])
def test_decks_fit_clean_in_every_language_and_orientation(qtbot, folder):
    result = load_deck(folder)
    assert result.deck is not None
    problems = check_deck(result.deck, result.places)
    assert problems == [], "\n".join(str(p) for p in problems)


def test_an_overlong_headline_is_an_error_naming_the_card_and_how_much_to_cut(qtbot,
                                                                              tmp_path):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    result = load_deck(tmp_path)
    problems = check_deck(result.deck, result.places, [Screen(1920, 1080)])
    errors = [p for p in problems if p.severity == "error"]
    assert errors, problems
    first = errors[0]
    assert (Path(first.file).name, first.line) == ("deck.yaml", 14)  # the headline
    assert "card 3's headline is" in first.message and "too long at 1920×1080 in en" \
        in first.message
    assert "shorten it by about" in first.hint
    cut = int(first.hint.split("about ")[1].split()[0])
    assert 10 <= cut < len(LONG_HEADLINE)


def test_text_that_does_not_fit_ends_in_an_ellipsis_on_a_whole_line(qtbot, tmp_path):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    deck = load_deck(tmp_path).deck
    view = lay_out(deck.slides[0], Look(deck.settings.theme, QSize(1920, 1080)), "en")
    qtbot.addWidget(view)
    label = next(lb for lb in view.findChildren(QLabel)
                 if lb.property("content_text") == LONG_HEADLINE.strip())
    room = visible_room(label, view)
    assert label.text().endswith(ELLIPSIS)
    # Every line it shows is whole: the text needs no more height than the label has.
    assert label.heightForWidth(label.width()) <= room.height() + 1
    # ...and each line it was cut into lays out as one line (no re-wrap of a kept line).
    shown_lines = label.text().split("\n")
    spacing = QFontMetricsF(label.font()).lineSpacing()
    assert abs(label.heightForWidth(label.width()) - len(shown_lines) * spacing) < spacing / 2


@pytest.mark.slow
def test_every_exported_text_fits_and_the_handout_has_every_detail(qtbot, tmp_path, capsys):
    status = export_deck(Namespace(content=str(HARBOUR), out=str(tmp_path), size=(1080, 1920),
                                   lang="zh"))
    assert status == 0
    output = capsys.readouterr()
    assert "every text fits" in output.out, output
    result = load_deck(HARBOUR)
    deck = result.deck
    from PySide6.QtGui import QImage

    images = [QImage(str(p)) for p in sorted(tmp_path.glob("*.png"))]
    text = handout_document(deck, images, []).toPlainText()
    cards = next(s for s in deck.slides if s.id == "residents")
    assert cards.cards[0].detail.get("en") in text and cards.cards[0].detail.get("zh") in text
    history = next(s for s in deck.slides if s.id == "history")
    assert history.milestones[0].detail.get("zh") in text
    assert "https://example.org/harbour-lights" in text  # the QR code's address
    assert "Harbour Lights annual report, 2024 (made up for tests)" in text
    assert (tmp_path / "handout.pdf").read_bytes().startswith(b"%PDF")


def test_names_say_what_a_curator_calls_the_text():
    assert describe(("cards", 3, "headline")) == "card 3's headline"
    assert describe(("title",)) == "the title"
    assert describe(("metrics", 2, "label")) == "figure 2's label"
    assert describe(("safeguards", "items", 2)) == "safeguards's item 2"


WIDE_WORD_DECK = """\
settings:
  title: Fit test
  languages: [en]
slides:
  - type: reforms
    id: maglev
    title: How it floats
    hub:
      label: Electromagneticsuspensionsystems
    measures:
      - label: Magnets
      - label: Rails
      - label: Power
"""


def test_a_word_too_wide_for_its_box_is_cut_with_an_ellipsis_and_reported(qtbot, tmp_path):
    (tmp_path / "deck.yaml").write_text(WIDE_WORD_DECK, encoding="utf-8")
    result = load_deck(tmp_path)
    look = Look(result.deck.settings.theme, QSize(1080, 1920))
    view = lay_out(result.deck.slides[0], look, "en")
    qtbot.addWidget(view)
    label = view.hub.label
    from kiosk.runtime.text_fit import widest_line

    margins = label.contentsMargins()
    assert label.text().endswith(ELLIPSIS)
    assert widest_line(label, label.width()) <= label.width() - margins.left() \
        - margins.right() + 1
    problems = check_deck(result.deck, result.places, [Screen(1080, 1920)])
    assert any("slide maglev: hub's label has a word too wide for its box at 1080×1920 in en"
               in p.message and p.line == 9 and "(\\n)" in p.hint for p in problems), problems


def test_a_chart_value_label_running_off_the_chart_is_an_error(qtbot, tmp_path):
    (tmp_path / "deck.yaml").write_text("""\
settings:
  title: Chart test
  languages: [en]
slides:
  - type: chart
    id: long-values
    title: Values
    bars:
      - label: One
        value: 100
        value_label: "an extremely long value label that cannot possibly fit beside its bar"
      - label: Two
        value: 50
""", encoding="utf-8")
    result = load_deck(tmp_path)
    problems = check_deck(result.deck, result.places, [Screen(1920, 1080)])
    assert [(p.line, p.severity) for p in problems] == [(11, "error")], problems
    assert "bar 1's value label runs off the chart at 1920×1080 in en" in problems[0].message


def test_one_fault_found_twice_is_reported_once_with_the_hint_naming_its_cause():
    from kiosk.core.content.problems import Problem
    from kiosk.tools.fitcheck import one_hint_each

    message = "slide cards: card 1's headline is 1 line too long at 1920×1080 in en"
    plain = Problem("deck.yaml", 7, 5, message, "shorten it by about 15 characters")
    cause = Problem("deck.yaml", 7, 5, message, "too little height under the picture: "
                                                "shorten it by about 15 characters, or drop "
                                                "the picture")
    other = Problem("deck.yaml", 9, 5, message.replace("card 1", "card 2"), "shorten it")
    assert sorted(one_hint_each({plain, cause, other})) == sorted([cause, other])


CROWDED_FIGURES = """\
settings:
  title: Fit test
  languages: [en]
  theme:
    type_scale: {hero: 0.085, title: 0.058, number: 0.085, body: 0.034, caption: 0.026}
    spacing: 0.02
slides:
  - type: metrics
    id: crowded-figures
    title: Research at the core
    subtitle: What STAR Market companies put into research
    metrics:
      - value: 168.1e9
        compact: true
        prefix: "RMB "
        icon: fa6s.flask
        label: invested in R&D in 2024
        source: Xinhua, “Accelerating Innovation—Six Years of the STAR Market”, July 2025
        detail: More than three times their combined net profit attributable to shareholders
      - value: 240000
        qualifier: about
        icon: fa6s.user-graduate
        label: R&D staff in 2024
      - value: 30
        graphic: grid
        suffix: "%"
        qualifier: nearly
        label: of the whole workforce worked in R&D in 2024
      - value: 10
        graphic: ring
        suffix: "%"
        qualifier: over
        label: of revenue goes to R&D, on average
        detail: Consistently, over the market's six years
"""


def test_a_number_squeezed_by_its_tile_is_reported_cut(qtbot, tmp_path):
    """Qt clips a figure whose tile leaves it less than its height: the check must say so,
    not report the slide as fitting while the digits are cut off."""
    (tmp_path / "deck.yaml").write_text(CROWDED_FIGURES, encoding="utf-8")
    result = load_deck(tmp_path)
    problems = check_deck(result.deck, result.places, [Screen(1920, 1080)])
    cut = [p for p in problems if "a figure is cut" in p.message]
    assert cut and all(p.severity == "error" for p in cut), problems
    assert "too short for the number" in cut[0].message

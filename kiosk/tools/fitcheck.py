"""The fit check: every slide laid out by the real views, offscreen, at each screen the
exhibition uses and in every language; each text that does not fit is reported.

A text that would be cut (it ends in an ellipsis on screen) is an error; a text that fits only
shrunk to the smallest legible size is a warning. Each is a
``file:line:column: problem — hint`` pointing at the text in the content files, saying by
about how much to shorten it. Tap-only texts (card, milestone and reform details) are checked
in their detail panel too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.content.model import Asset, ChartSlide, Deck, Slide, Text
from kiosk.core.content.problems import Problem
from kiosk.tools.options import CheckOptions

if TYPE_CHECKING:  # Qt and the views load when a command runs, not when the CLI starts
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QWidget

    from kiosk.core.layout_audit import Box
    from kiosk.core.layout_audit import Screen as AuditScreen
    from kiosk.runtime.slides.base import SlideView
    from kiosk.runtime.theme import Look

Places = dict[int, tuple[str, int, int]]
"""Where each text and picture of the deck is written: ``LoadResult.places``."""

_SINGULAR = {"cards": "card", "metrics": "figure", "milestones": "milestone", "bars": "bar",
             "measures": "measure", "items": "item"}


@dataclass(frozen=True)
class Screen:
    width: int
    height: int

    @classmethod
    def parse(cls, text: str) -> Screen:
        width, height = text.lower().split("x")
        return cls(int(width), int(height))

    def __str__(self) -> str:
        return f"{self.width}×{self.height}"


def named_texts(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[str, Text]]:
    """Every :class:`Text` inside ``value`` with a curator's name for it: "card 3's headline"."""
    if isinstance(value, Text):
        yield describe(path), value
    elif isinstance(value, tuple):
        for index, item in enumerate(value, start=1):
            yield from named_texts(item, (*path, index))
    elif dataclasses.is_dataclass(value) and not isinstance(value, Asset):
        for spec in dataclasses.fields(value):
            yield from named_texts(getattr(value, spec.name), (*path, spec.name))


def describe(path: tuple[object, ...]) -> str:
    """("cards", 3, "headline") → "card 3's headline"; ("title",) → "the title"."""
    words: list[str] = []
    steps = list(path)
    while steps:
        step = steps.pop(0)
        if steps and isinstance(steps[0], int):
            words.append(f"{_SINGULAR.get(str(step), str(step))} {steps.pop(0)}")
        else:
            words.append(str(step).replace("_", " "))
    if len(words) == 1:
        return f"the {words[0]}"
    return "'s ".join(words[:-1]) + "'s " + words[-1]


def check_deck(deck: Deck, places: dict[int, tuple[str, int, int]],
               screens: list[Screen] | None = None,
               languages: list[str] | None = None) -> list[Problem]:
    """Lay out every slide of ``deck`` and return every text that does not fit, as problems.

    Needs a QApplication (offscreen is fine). ``places`` is ``LoadResult.places``.
    """

    from kiosk.runtime import offscreen

    offscreen.prepare(deck, deck.settings.screens)
    screens = screens or [Screen.parse(s) for s in deck.settings.screens]
    languages = languages or list(deck.settings.languages)
    problems: set[Problem] = set()
    with offscreen.one_slide_at_a_time():
        _check_all(deck, places, screens, languages, problems)
    return sorted(one_hint_each(problems))


def one_hint_each(problems: set[Problem]) -> list[Problem]:
    """One problem per place and message: where two checks found the same fault and gave
    different hints (a cut text, and the picture that took its height), the curator reads it
    once, with the hint that names its cause (the longer one)."""
    kept: dict[tuple[str, int, int, str, str], Problem] = {}
    for problem in problems:
        key = (problem.file, problem.line, problem.column, problem.severity, problem.message)
        if key not in kept or len(problem.hint) > len(kept[key].hint):
            kept[key] = problem
    return list(kept.values())


def _check_all(deck: Deck, places: dict[int, tuple[str, int, int]], screens: list[Screen],
               languages: list[str], problems: set[Problem]) -> None:
    from PySide6.QtCore import QSize

    from kiosk.runtime import offscreen
    from kiosk.runtime.theme import Look

    for screen in screens:
        look = Look(deck.settings.theme, QSize(screen.width, screen.height))
        for language in languages:
            for slide in deck.slides:
                problems.update(_check_slide(slide, look, language, screen, places,
                                             deck.settings.screens))
                offscreen.let_go()  # memory stays that of one slide, whatever the deck


def _check_slide(slide: Slide, look: Look, language: str, screen: Screen, places: Places,
                 deck_screens: tuple[str, ...] = ()) -> list[Problem]:
    """Lay ``slide`` out, open each of its details, and audit every box drawn."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    from kiosk.core.layout_audit import Screen as AuditScreen
    from kiosk.runtime.offscreen import lay_out, release
    from kiosk.runtime.slides.boxes import as_rect, slide_boxes
    from kiosk.runtime.widgets.panel import Panel

    view = lay_out(slide, look, language)
    floor = look.px(look.theme.type_scale.caption)
    problems = audit_view(view, slide, language, screen, places, floor)
    problems += _blank_texts(view, slide, language, screen, places)
    # A chart's value labels are drawn in the plot, not as labels: each must lie inside it.
    # One that runs off it is reported as that, not again as leaving the screen.
    off_chart = _value_labels(view, slide, language, screen, places)
    said = {p.message.split(" runs off")[0] for p in off_chart}
    problems = [p for p in problems if not (p.message.split(" runs off")[0] in said or
                                            p.message.split(" leaves")[0] in said)]
    problems.extend(off_chart)
    where = f"at {screen} in {language}"
    problems += blurry_pictures(view, slide, where, places)
    if f"{screen.width}x{screen.height}" not in deck_screens:  # validate did the deck's own
        problems += blurry_screen_pictures(slide, screen, places)
    # Tap-only texts: open every detail the slide offers and audit its panel.
    whole = AuditScreen(screen.width, screen.height,
                        as_rect(QRect(0, 0, screen.width, round(screen.height * 0.9))))
    for panel in view.findChildren(Panel):
        if not panel.tappable:
            continue
        panel.tap()
        QApplication.processEvents()
        if view.detail is None:
            continue
        problems += blurry_pictures(view.detail, slide, f"in a detail {where}", places)
        boxes = slide_boxes(view, view.detail.card, language=language)
        problems.extend(_as_problems(_named(boxes, slide, language, places, view), whole,
                                     slide, language, screen, places, details=True))
        view.close_detail()
    release(view)
    return problems


def _blank_texts(view: SlideView, slide: Slide, language: str, screen: Screen,
                 places: Places) -> list[Problem]:
    """Texts whose every character the real fonts draw as blank: they would show nothing."""
    from kiosk.runtime.text_fit import plain_text

    fallback = _fallback(slide, places)
    problems = []
    for note in view.fit_report:
        if not draws_no_ink(plain_text(note.label), note.label.font()):
            continue
        name, place = f"a text of slide {slide.id}", fallback
        for text_name, text in named_texts(slide):
            if text.get(language) == note.content:
                name, place = text_name, places.get(id(text), fallback)
                break
        problems.append(Problem(*place, f"slide {slide.id}: {name} draws nothing with the "
                                        "fonts of this computer (every character is blank in "
                                        f"them), so it would show blank at {screen} in "
                                        f"{language}",
                                "write the text with letters the fonts draw", "error"))
    return problems


def audit_view(view: SlideView, slide: Slide, language: str, screen: Screen,
               places: Places, floor_px: int = 0) -> list[Problem]:
    """The layout audit of a laid-out ``view`` (its detail closed), as problems."""
    from kiosk.core.layout_audit import Screen as AuditScreen
    from kiosk.runtime.slides.boxes import as_rect, slide_boxes

    boxes = _named(slide_boxes(view, language=language, floor_px=floor_px), slide, language,
                   places, view)
    target = AuditScreen(screen.width, screen.height, as_rect(view.outer_rect()))
    return _as_problems(boxes, target, slide, language, screen, places)


def _named(boxes: Sequence[Box], slide: Slide, language: str, places: Places,
           view: SlideView) -> list[Box]:
    """The boxes with a curator's name and a place in the files, found by their text."""
    texts = list(named_texts(slide))
    fallback = _fallback(slide, places)
    named = []
    for box in boxes:
        name, where = box.name, box.where
        if box.content:
            for text_name, text in texts:
                if text.get(language) == box.content:
                    name = name or text_name
                    where = where or places.get(id(text), fallback)
                    break
            else:
                if box.content == view.sources_text():
                    name = name or "the sources line"
        if box.kind == "panel" and not box.name:
            name = f"the box of {name}" if name else "a box"
        named.append(dataclasses.replace(box, name=name or f"a {box.kind} of slide {slide.id}",
                                         where=where))
    return named


def _fallback(slide: Slide, places: Places) -> tuple[str, int, int]:
    return next((places[id(t)] for _, t in named_texts(slide) if id(t) in places),
                ("?", 1, 1))


def _as_problems(boxes: list[Box], target: AuditScreen, slide: Slide, language: str,
                 screen: Screen, places: Places, *, details: bool = False) -> list[Problem]:
    from kiosk.core.layout_audit import audit

    fallback = _fallback(slide, places)
    where = f"at {screen} in {language}"
    problems = []
    for violation in audit(boxes, target):
        if details and violation.rule == "shrunk":
            continue  # a detail is read up close: a shrunk text there is no fault
        place = violation.box.where or fallback
        problems.append(Problem(*place, f"slide {slide.id}: {violation.message} {where}",
                                violation.hint, violation.severity))
    return problems


def _value_labels(view: SlideView, slide: Slide, language: str, screen: Screen,
                  places: Places) -> list[Problem]:
    from PySide6.QtCore import QRectF

    from kiosk.runtime.slides import chart

    if not isinstance(view, chart.View) or not isinstance(slide, ChartSlide):
        return []  # only a chart draws value labels in its plot
    fallback = _fallback(slide, places)
    problems = []
    for number, item in enumerate(view.value_items, start=1):
        # The item's rectangle includes its text document's empty margin around the glyphs.
        margin = item.textItem.document().documentMargin() + 1
        inside = QRectF(view.plot.rect()).adjusted(-margin, -margin, margin, margin)
        if not inside.contains(item.sceneBoundingRect()):
            bar = slide.bars[number - 1]
            text = bar.value_label or bar.label
            problems.append(Problem(*places.get(id(text), fallback),
                                    f"slide {slide.id}: bar {number}'s value label runs off "
                                    f"the chart at {screen} in {language}",
                                    "shorten the value label, or give the chart a higher "
                                    "'maximum'", "error"))
    return problems


def draws_no_ink(text: str, font: QFont) -> bool:
    """Whether ``text`` set in ``font`` (and the fonts Qt falls back to) has no outline at
    all: a non-empty text of glyphs that are blank in the fonts really drawn with. The
    validator's Unicode rule (characters.draws_nothing) cannot know the fonts."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainterPath

    if not text.strip():
        return False  # an empty field shows nothing by design; blanks are refused earlier
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, text)
    return path.isEmpty()


def blurry_screen_pictures(slide: Slide, screen: Screen, places: Places) -> list[Problem]:
    """A warning for each picture filling ``screen`` (a background, a full-bleed photo)
    that is drawn larger than about twice its pixels, as ``validate`` gives for the deck's
    own screens."""
    from kiosk.core.content.images import inspect_picture
    from kiosk.core.content.sharpness import screen_pictures, upscale_message

    problems = []
    for asset, role in screen_pictures(slide):
        try:
            check = inspect_picture(asset.resolved)
        except OSError:
            continue
        problem = upscale_message(asset.path, (check.width, check.height),
                                  (screen.width, screen.height), "cover",
                                  f"as slide {slide.id}'s {role} at {screen}")
        if problem is not None:
            problems.append(Problem(*places.get(id(asset), ("?", 1, 1)), *problem, "warning"))
    return problems


def blurry_pictures(widget: QWidget, slide: Slide, where: str,
                    places: Places) -> list[Problem]:
    """A warning for each picture shown in ``widget`` that is drawn larger than about twice
    its pixels (it looks blurred on the kiosk's screen), placed at its file path in the
    content."""
    from kiosk.core.content.images import inspect_picture
    from kiosk.core.content.sharpness import upscale_message
    from kiosk.runtime.widgets.picture_box import PictureBox

    assets = {asset.resolved: asset for asset in slide_assets(slide)}
    problems = []
    for box in widget.findChildren(PictureBox):
        asset = assets.get(box.path)
        if asset is None or not box.isVisibleTo(widget) or box.size().isEmpty():
            continue
        try:
            check = inspect_picture(box.path)
        except OSError:
            continue  # gone since validation: the kiosk shows nothing there, nothing blurred
        problem = upscale_message(asset.path, (check.width, check.height),
                                  (box.width(), box.height()), box.fit,
                                  f"on slide {slide.id} {where}")
        if problem is not None:
            file, line, column = places.get(id(asset), ("?", 1, 1))
            problems.append(Problem(file, line, column, *problem, "warning"))
    return problems


def slide_assets(value: object) -> list[Asset]:
    """Every picture (:class:`Asset`) inside ``value``, a slide or a part of one."""
    if isinstance(value, Asset):
        return [value]
    if isinstance(value, tuple):
        return [asset for item in value for asset in slide_assets(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, Text):
        return [asset for spec in dataclasses.fields(value)
                for asset in slide_assets(getattr(value, spec.name))]
    return []


def check_command(options: CheckOptions) -> int:
    """``star-kiosk check``: validate, then the fit check; exit 1 on any error."""
    import sys

    from kiosk.core.content.loader import load_deck
    from kiosk.runtime.application import make_application

    result = load_deck(options.content)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.deck is None:
        print(f"{options.content}: {len(result.errors)} error(s); not valid, so not laid out",
              file=sys.stderr)
        return 1
    app = make_application(["star-kiosk-check"], offscreen_without_display=True)
    screens = [Screen(*size) for size in options.size] if options.size else None
    languages = [options.lang] if options.lang else None
    problems = check_deck(result.deck, result.places, screens, languages)
    del app
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors + len(result.warnings)
    shown = ", ".join(str(s) for s in screens) if screens else ", ".join(
        result.deck.settings.screens)
    print(f"{options.content}: {'does not fit' if errors else 'fits'} — "
          f"{len(result.deck.slides)} slides at {shown} in "
          f"{', '.join(languages or result.deck.settings.languages)}: "
          f"{errors} error(s), {warnings} warning(s)")
    from kiosk.core.showing import schedule_lines

    for line in schedule_lines(result.deck):
        print(f"{options.content}: {line}")
    return 1 if errors else 0

"""The deck's own rules, beyond what each field's type says, and the reader that applies them.

:class:`DeckReader` reads a content folder: its files through :class:`~.includes.DeckFiles`,
every value through the generic :class:`~.schema.SchemaReader`, and checks what only a deck
knows: a visitor-facing text is plain, visible and closes its emphasis; a picture is found and
draws, and is not blown up past its pixels on a screen of the deck; text colours keep their
contrast; a slide stands still between its transitions; slide ids are unique; a figure or a
bar never reads as 0; every text is given in every language of the deck.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Callable
from pathlib import Path

from kiosk.core.content import model
from kiosk.core.content.characters import (
    forbidden_character,
    is_invisible,
    name_blanks,
    visible,
)
from kiosk.core.content.images import PictureCheck
from kiosk.core.content.includes import ENTRY_FILE, MAX_SLIDES, DeckFiles
from kiosk.core.content.model import (
    LANGUAGES,
    SLIDE_TYPES,
    WEEKDAYS,
    Asset,
    ChartSlide,
    Colors,
    Deck,
    MetricsSlide,
    Settings,
    Slide,
    Text,
)
from kiosk.core.content.picture_checks import DeckPictures
from kiosk.core.content.problems import Problem
from kiosk.core.content.schema import Invalid, SchemaReader, at, character_hint, suggest
from kiosk.core.content.sharpness import screen_pictures, upscale_message
from kiosk.core.content.show_checks import check_deck_windows, check_show
from kiosk.core.content.typography import straight_quotes
from kiosk.core.content.yaml_tree import Node
from kiosk.core.numbers import number_format, rounded, shared_decimals

# Written so that no input backtracks: "<\s*/?\s*" and "[^>]*" made a title of one '<' and
# 4,000 spaces cost 0.25 s, i.e. seconds per hostile file.
# A tag, a numeric character reference, or a named entity Qt's HTML parser knows (HTML 4's:
# so 'R&D;' stays plain text).
_ENTITY_NAMES = "|".join(sorted(html.entities.name2codepoint, key=len, reverse=True))
_RICH_TEXT = re.compile(
    rf"<\s*(?:/\s*)?[A-Za-z!?][^<>]*>|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|(?:{_ENTITY_NAMES}));"
)
_EMPHASIS = re.compile(r"\*([^*\n]+)\*")
"""The one markup: ``*words*`` on one line, as the runtime's theme draws it."""
MIN_STILL_SECONDS = 1.0
"""Least time a slide stands still between its transitions before a warning."""
MIN_QUIET_SECONDS = 15
"""Least time between a touch and the "Still there?" countdown before a warning: a visitor
may read a slide this long without touching it."""
MIN_CONTRAST = 4.5
"""WCAG AA contrast for text: every text colour against background and surface."""
TEXT_COLORS = ("text", "muted", "accent", "accent_2")
"""The palette colours text is drawn in (positive only fills the progress bar)."""

PictureChecker = Callable[[str], PictureCheck]
"""Checks one picture file (absolute path) will draw; raises only OSError."""

Places = dict[int, tuple[str, int, int]]
"""Where each text and picture of a deck was written, by ``id()``: file, line, column."""


class DeckReader:
    """Reads one content folder; collects problems as it goes."""

    def __init__(self, root: Path, picture_check: PictureChecker | None = None) -> None:
        self.root = root
        self.picture_check = picture_check
        """Replaces the picture check (None: the validator's own)."""
        self.problems: list[Problem] = []
        self.files = DeckFiles(root, self.problems)
        self.schema = SchemaReader(self.problems, {Text: self._read_text,
                                                   Asset: self._read_asset})
        self.texts: list[tuple[Text, Node]] = []
        self.assets: list[tuple[Asset, Node, tuple[int, int]]] = []
        """Every picture read, where it was written, and its size in pixels."""
        self.colors: Colors | None = None
        """The theme's palette once the settings are read (valid), for slide colour checks."""
        self.pictures = DeckPictures()
        """Every picture accepted so far: decoded (proven to draw) once the screens are known."""
        self.transition_ms: int | None = None
        """The deck's transition time once the settings are read, for slide durations."""

    # ------------------------------------------------------------------ the folder

    def read(self) -> Deck | None:
        """The deck, or None when there was an error (every problem is in ``problems``)."""
        entry = self.root / ENTRY_FILE
        if not entry.is_file():
            self.problems.append(Problem(
                str(entry), 1, 1, f"no {ENTRY_FILE} in this folder",
                "point at a content folder (the one holding deck.yaml), e.g. 'content'"))
            return None
        tree = self.files.read_file(entry)
        if tree is None:
            return None
        if tree.kind != "map":
            self._error(tree, f"{ENTRY_FILE} must be a mapping with 'settings' and 'slides'",
                        "see content/README.md for the layout")
            return None
        for key, (key_node, _) in tree.entries.items():
            if key not in ("settings", "slides"):
                self._error(key_node, f"unknown top-level key '{key}'",
                            suggest(key, ("settings", "slides")))
        settings = self._read_settings(tree)
        if settings is not None:
            self.colors = settings.theme.colors
            self.pictures.screens = settings.screens
            self.transition_ms = settings.transition_ms
        slides = self._read_slide_list(tree)
        if settings is not None:
            self._check_languages(settings)
        self.problems.extend(self.pictures.prove())
        if self._has_errors() or settings is None or slides is None:
            return None
        self._check_backgrounds(settings, slides)
        return Deck(settings=settings, slides=tuple(slides), folder=str(self.root))

    def places(self) -> Places:
        """Where each text and picture read was written (what the fit check points at)."""
        places = {id(text): (node.file, node.line, node.column) for text, node in self.texts}
        places.update({id(asset): (node.file, node.line, node.column)
                       for asset, node, _size in self.assets})
        return places

    def _check_backgrounds(self, settings: Settings, slides: list[Slide]) -> None:
        """A picture that fills the screen (a background, a full-bleed photo) blown up past
        its pixels on a screen of the deck is a warning, reported for the first such screen
        (``check`` measures the other pictures as laid out)."""
        found = {id(asset): (node, size) for asset, node, size in self.assets}
        for slide in slides:
            for asset, role in screen_pictures(slide):
                if id(asset) not in found:
                    continue
                node, size = found[id(asset)]
                for screen in settings.screens:
                    width, height = (int(n) for n in screen.split("x"))
                    problem = upscale_message(asset.path, size, (width, height), "cover",
                                              f"as slide {slide.id}'s {role} at "
                                              f"{width}×{height}")
                    if problem is not None:
                        self.problems.append(node.problem(*problem, severity="warning"))
                        break

    def _error(self, node: Node, message: str, hint: str = "") -> None:
        self.problems.append(node.problem(message, hint))

    def _has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    # ---------------------------------------------------------------- settings

    def _read_settings(self, tree: Node) -> Settings | None:
        if "settings" not in tree.entries:
            self._error(tree, "missing 'settings'",
                        "add a 'settings:' block with at least 'title:'")
            return None
        node = tree.entries["settings"][1]
        try:
            settings = self.schema.read_dataclass(node, Settings, "settings")
        except Invalid:
            return None
        if settings.default_language not in settings.languages:
            self._error(node.entries["default_language"][1] if "default_language" in node.entries
                        else node,
                        f"default_language '{settings.default_language}' is not in languages",
                        "add it to 'languages' or choose one listed there")
        if settings.idle_warning >= settings.idle_timeout:
            self._error(node.entries.get("idle_warning", (node, node))[1],
                        "idle_warning must be shorter than idle_timeout",
                        "e.g. idle_timeout: 90 with idle_warning: 10")
        elif settings.idle_timeout - settings.idle_warning < MIN_QUIET_SECONDS:
            self.problems.append(at(node, "idle_warning").problem(
                f"the \"Still there?\" countdown would start "
                f"{settings.idle_timeout - settings.idle_warning:g} s after a touch "
                f"(idle_timeout {settings.idle_timeout:g} minus idle_warning "
                f"{settings.idle_warning:g}): a visitor reading a slide would be interrupted",
                f"leave at least {MIN_QUIET_SECONDS} s between them, e.g. idle_timeout: 90 "
                "with idle_warning: 10", severity="warning"))
        self._check_duration(settings.slide_duration, settings.transition_ms,
                             at(node, "slide_duration"), "settings.slide_duration")
        self._check_contrast(settings.theme.colors, at(node, "theme", "colors"))
        schedule = settings.schedule
        if schedule is not None and not any(getattr(schedule, day) for day in WEEKDAYS):
            self._error(at(node, "schedule"), "the schedule opens on no day, so the kiosk "
                        "would stay closed for good",
                        "give the hours of at least one day, e.g. monday: {open: \"09:30\", "
                        "close: \"17:30\"}, or remove 'schedule' to keep it always on")
        return settings

    def _check_duration(self, seconds: float, transition_ms: int, node: Node,
                        where: str) -> None:
        """A slide must stand still a moment between its transitions: one of 2 s with a
        3-s transition would be gone before it had arrived."""
        still = seconds - transition_ms / 1000
        if still < MIN_STILL_SECONDS:
            self.problems.append(node.problem(
                f"{where} is {seconds:g} s but the transition takes {transition_ms / 1000:g} s "
                f"(transition_ms: {transition_ms}): the slide would hardly stand still",
                f"make it at least {transition_ms / 1000 + MIN_STILL_SECONDS:g} s, or shorten "
                "transition_ms", severity="warning"))

    def _check_contrast(self, colors: Colors, node: Node) -> None:
        for name in TEXT_COLORS:
            for ground in ("background", "surface"):
                color, ground_color = getattr(colors, name), getattr(colors, ground)
                ratio = contrast_ratio(color, ground_color)
                if ratio < MIN_CONTRAST:
                    where = at(node, name) if name in node.entries else at(node, ground)
                    self._error(where, f"theme colour '{name}' {color} on "
                                       f"'{ground}' {ground_color} has a contrast "
                                       f"of {ratio:.1f}:1, less than the {MIN_CONTRAST}:1 "
                                       "text needs",
                                f"make '{name}' lighter or '{ground}' darker (or the other "
                                "way round) until a contrast checker says 4.5:1 or more")

    # ------------------------------------------------------------------ slides

    def _read_slide_list(self, tree: Node) -> list[Slide] | None:
        if "slides" not in tree.entries:
            self._error(tree, "missing 'slides'", "add a 'slides:' list")
            return None
        slides: list[tuple[Slide | None, Node]] = []
        self.files.collect_slides(tree.entries["slides"][1], self._read_slide, slides,
                                  including=[])
        seen: dict[str, Node] = {}
        for _, node in slides:
            id_node = node.entries.get("id", (None, None))[1] if node.kind == "map" else None
            if id_node is None or id_node.kind != "scalar":
                continue
            if id_node.text in seen:
                first = seen[id_node.text]
                self._error(id_node, f"duplicate slide id '{id_node.text}' "
                                     f"(first used at {first.file}:{first.line})",
                            "give every slide its own id")
            else:
                seen[id_node.text] = id_node
        self.problems.extend(check_deck_windows(slides))
        if not slides and not self._has_errors():
            self._error(tree.entries["slides"][1], "the deck has no slides",
                        "add at least one slide")
            return None
        if len(slides) > MAX_SLIDES:
            self._error(tree.entries["slides"][1],
                        f"{len(slides)} slides; at most {MAX_SLIDES} are allowed")
            return None
        read = [slide for slide, _ in slides if slide is not None]
        return read if len(read) == len(slides) else None

    def _read_slide(self, node: Node) -> Slide | None:
        """The slide item ``node`` (not an include), or None when it could not be read."""
        if node.kind != "map":
            self._error(node, f"a slide must be a mapping, not {node.describe()}",
                        "start it with '- type: title' and its fields below")
            return None
        if "type" not in node.entries:
            self._error(node, "slide has no 'type'", "add a type: " + ", ".join(SLIDE_TYPES))
            return None
        type_node = node.entries["type"][1]
        slide_class = SLIDE_TYPES.get(str(type_node.value))
        if slide_class is None:
            self._error(type_node, f"unknown slide type '{type_node.text}'",
                        suggest(type_node.text, SLIDE_TYPES))
            return None
        where = node.entries["id"][1].text if "id" in node.entries else f"line {node.line}"
        named = f"slide {visible(where, 64)}"
        try:
            slide: Slide = self.schema.read_dataclass(node, slide_class, named, skip=("type",))
        except Invalid:
            return None
        if isinstance(slide, ChartSlide):
            self._check_bar_labels(slide, node)
        if isinstance(slide, MetricsSlide):
            self._check_figures(slide, node)
        duration = slide.duration
        if duration is not None and self.transition_ms is not None:
            self._check_duration(duration, self.transition_ms, at(node, "duration"),
                                 f"{named}.duration")
        if slide.show is not None:
            self.problems.extend(check_show(slide.show, at(node, "show"), f"{named}.show"))
        ground = slide.background_color
        if ground and self.colors is not None:
            self._check_slide_contrast(ground, at(node, "background_color"))
        return slide

    def _check_slide_contrast(self, ground: str, node: Node) -> None:
        """A slide's own background colour must keep the theme's text colours readable."""
        assert self.colors is not None
        for name in TEXT_COLORS:
            color = getattr(self.colors, name)
            ratio = contrast_ratio(color, ground)
            if ratio < MIN_CONTRAST:
                self._error(node, f"background_color {ground} under the theme colour '{name}' "
                                  f"{color} has a contrast of "
                                  f"{ratio:.1f}:1, less than the {MIN_CONTRAST}:1 text needs",
                            "choose a darker (or, with dark text, lighter) colour; the "
                            "theme's background is a safe start")

    def _check_figures(self, slide: MetricsSlide, node: Node) -> None:
        """A figure must not read as 0: 0.4 with decimals: 0, or 0.0004 with the default
        (at most 3) decimals, would be written "0" and "0.000"."""
        figure_nodes = node.entries["metrics"][1].items
        for index, (figure, figure_node) in enumerate(
                zip(slide.metrics, figure_nodes, strict=True)):
            written = number_format(figure.value, "en", decimals=figure.decimals,
                                    compact=figure.compact)
            if not written.reads_as_zero(figure.value):
                continue
            shown = written.format(figure.value)
            if figure.decimals is None:
                self._error(at(figure_node, "value"),
                            f"slide {slide.id}.metrics[{index + 1}] {figure.value:g} would be "
                            f"written '{shown}' (at most 3 decimals by default)",
                            f"give decimals: {min(4, _decimals_needed(figure.value))}, or "
                            "write the figure in a larger unit (e.g. 0.4 ‰ instead of 0.0004)")
            else:
                self._error(at(figure_node, "decimals"),
                            f"slide {slide.id}.metrics[{index + 1}] {figure.value:g} would be "
                            f"written '{shown}' with decimals: {figure.decimals}",
                            "raise 'decimals', or leave it out for the fewest that write "
                            "the value exactly")

    def _check_bar_labels(self, slide: ChartSlide, node: Node) -> None:
        """A bar written with too few decimals must not read as another number ("0.5" → "0"):
        with the slide's 'decimals', or with the default (at most 3), as the chart writes it."""
        decimals = slide.decimals
        if decimals is None:
            decimals = shared_decimals(bar.value for bar in slide.bars)
        bar_nodes = node.entries["bars"][1].items
        for index, (bar, bar_node) in enumerate(zip(slide.bars, bar_nodes, strict=True)):
            if bar.value_label is not None:
                continue
            written = number_format(bar.value, "en", decimals=decimals)
            if written.reads_as_zero(bar.value):
                how = (f"with decimals: {slide.decimals}" if slide.decimals is not None
                       else "(at most 3 decimals by default)")
                self._error(at(bar_node, "value"),
                            f"slide {slide.id}.bars[{index + 1}].value {bar.value:g} would be "
                            f"written '{written.format(bar.value)}' {how}",
                            f"raise the slide's 'decimals' (e.g. decimals: "
                            f"{min(4, _decimals_needed(bar.value))}), leave it out, or give "
                            "this bar a value_label")

    # ---------------------------------------------------------- text and assets

    def _read_text(self, node: Node, where: str) -> Text:
        """A visitor-facing text: one for every language, or one per language."""
        if node.kind == "scalar" and node.value is None and node.comment:
            raise self.schema.comment_swallowed(node, where)
        if node.kind == "scalar" and node.value is not None:
            text = Text.plain(self._visitor_string(node, node.text, where))
        elif node.kind == "map":
            by_language = []
            for language, (key_node, value_node) in node.entries.items():
                if language not in LANGUAGES:
                    self._error(key_node, f"{where}: unknown language '{language}'",
                                suggest(language, LANGUAGES))
                    continue
                if value_node.kind == "scalar" and value_node.value is None:
                    # Counted as given, so no "missing translation" warning follows the error.
                    by_language.append((language, ""))
                    if value_node.comment:
                        self.schema.comment_swallowed(value_node, f"{where}.{language}")
                    else:
                        self._error(value_node, f"{where}.{language} is empty",
                                    f"write the {model.LANGUAGE_NAMES[language]} text after "
                                    f"'{language}:', or write {language}: \"\" for nothing "
                                    "in this language")
                    continue
                if value_node.kind != "scalar":
                    self._error(value_node, f"{where}.{language} must be text, "
                                            f"not {value_node.describe()}",
                                "write the text on the same line, after the colon")
                    continue
                # An explicit "" says "nothing in this language" (e.g. the 'RMB ' prefix that
                # Chinese writes as a 元 suffix instead); anything else must be real text.
                text_value = value_node.text
                if text_value != "":
                    self._visitor_string(value_node, text_value, where)
                by_language.append((language, text_value))
            if not node.entries:
                raise self.schema.error(node, f"{where} is empty",
                                        "give the text, e.g. en: ... zh: ...")
            text = Text(tuple(by_language))
        else:
            raise self.schema.error(node, f"{where} must be text, or text per language, "
                                          f"not {node.describe()}",
                                    "write 'title: Six years' or 'en: ...' and 'zh: ...' "
                                    "below it")
        self.texts.append((text, node))
        self.problems.extend(straight_quotes(text, node, where))
        return text

    def _visitor_string(self, node: Node, value: str, where: str) -> str:
        """``value``, with an error recorded when visitors could not read it as written."""
        match = _RICH_TEXT.search(value)
        if match:
            self._error(node, f"{where}: '{visible(match.group(0))}' would be shown as markup, "
                              "but content is plain text",
                        "remove HTML tags and entities; write *words* to emphasise them")
        bad = forbidden_character(value, allow_newline=True)
        if bad is not None:
            self._error(node, f"{where} contains {bad[1]} at character {bad[0] + 1}",
                        character_hint(bad[1]))
        elif not value.strip():
            self._error(node, f"{where} is blank", "write the text, or remove the field")
        elif is_invisible(_EMPHASIS.sub(lambda m: m.group(1), value)):
            # Also "* *": emphasis markers are not shown, so that would show blank.
            self._error(node, f"{where} holds only invisible characters "
                              f"({name_blanks(value.replace('*', ''))}), so it would show blank",
                        "write the text visitors should read, or remove the field")
        else:
            stray = _stray_asterisk(value)
            if stray is not None:
                self._error(node, f"{where}: the '*' at character {stray + 1} opens emphasis "
                                  "that is not closed",
                            "close it on the same line, *like this*; an asterisk cannot be "
                            "shown on its own")
        return value

    def _read_asset(self, node: Node, where: str) -> Asset:
        """A picture inside the content folder that is proven to draw."""
        if node.kind != "scalar" or not isinstance(node.value, str):
            raise self.schema.error(node, f"{where} must be a file path, not {node.describe()}",
                                    "e.g. images/hero.jpg, relative to the content folder")
        path = self.files.inside(node, node.value)
        if path is None:
            raise Invalid(where)
        shown = visible(node.value)
        try:
            check = (self.picture_check or self.pictures.inspect)(str(path))
        except OSError as error:
            raise self.schema.error(node, f"{where}: cannot read '{shown}': {error.strerror}",
                                    "check the file's permissions") from None
        if not check.ok:
            raise self.schema.error(node, f"{where}: '{shown}' {check.problem}", check.hint)
        self.pictures.add(str(path), node, where, shown)
        asset = Asset(node.value, str(path))
        self.assets.append((asset, node, (check.width, check.height)))
        return asset

    # --------------------------------------------------------------- languages

    def _check_languages(self, settings: Settings) -> None:
        for text, node in self.texts:
            if text.is_plain:
                continue
            for language in settings.languages:
                if language not in text.languages():
                    self.problems.append(node.problem(
                        f"missing the '{language}' translation",
                        f"add '{language}: ...' here; visitors will see "
                        f"'{visible(text.get(settings.default_language), 30)}' instead",
                        severity="warning"))


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``#RRGGBB`` colours, from 1 to 21."""
    def luminance(color: str) -> float:
        channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _decimals_needed(value: float) -> int:
    """The fewest decimals (up to 4) that do not write ``value`` as 0."""
    for decimals in range(5):
        if rounded(value, decimals) != 0:
            return decimals
    return 4


def _stray_asterisk(text: str) -> int | None:
    """Where an ``*`` sits that does not open or close emphasis, or None (each line apart)."""
    offset = 0
    for line in text.split("\n"):
        remainder = _EMPHASIS.sub(lambda m: " " * len(m.group(0)), line)
        stray = remainder.find("*")
        if stray >= 0:
            return offset + stray
        offset += len(line) + 1
    return None

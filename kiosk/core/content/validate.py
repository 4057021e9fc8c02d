"""Read a content folder into a :class:`~kiosk.core.content.model.Deck`, reporting every problem.

The schema is the model itself: each dataclass's fields, their types, defaults and ``meta``
constraints. Reading never stops at the first problem; it collects all of them, each as
``file:line:column: problem — hint``, and returns a deck only when there are no errors.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import html.entities
import logging
import math
import os
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath

from kiosk.core.content import model
from kiosk.core.content.characters import (
    forbidden_character,
    is_invisible,
    name_blanks,
    visible,
)
from kiosk.core.content.images import PictureCheck
from kiosk.core.content.loader import Node, read_yaml
from kiosk.core.content.model import (
    LANGUAGES,
    SLIDE_TYPES,
    Asset,
    ChartSlide,
    Colors,
    Deck,
    MetricsSlide,
    Settings,
    Slide,
    SlideBase,
    Text,
)
from kiosk.core.content.picture_checks import DeckPictures
from kiosk.core.content.problems import Problem
from kiosk.core.content.shares import share_problems
from kiosk.core.content.sharpness import screen_pictures, upscale_message
from kiosk.core.content.typography import straight_quotes
from kiosk.core.numbers import exact, number_format, rounded, shared_decimals
from kiosk.core.paths import BUNDLED_CONTENT
from kiosk.core.schedule import WEEKDAYS
from kiosk.core.showing import check_deck_windows, check_show

log = logging.getLogger(__name__)

ENTRY_FILE = "deck.yaml"
"""The file a content folder starts from."""
MAX_INCLUDE_DEPTH = 8
MAX_SLIDES = 1000
MAX_TOTAL_BYTES = 4 * 1024 * 1024
"""All the YAML files of one deck together: bounds what a folder of includes can cost."""


_INVALID = object()
"""Stands for a value that could not be read; its problem is already recorded."""

# Written so that no input backtracks: "<\s*/?\s*" and "[^>]*" made a title of one '<' and
# 4,000 spaces cost 0.25 s, i.e. seconds per hostile file.
# A tag, a numeric character reference, or a named entity Qt's HTML parser knows (HTML 4's:
# so 'R&D;' stays plain text).
_ENTITY_NAMES = "|".join(sorted(html.entities.name2codepoint, key=len, reverse=True))
_RICH_TEXT = re.compile(
    rf"<\s*(?:/\s*)?[A-Za-z!?][^<>]*>|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|(?:{_ENTITY_NAMES}));"
)
# Always matched whole (fullmatch): '$' would also accept a trailing newline.
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]{1,400}")
# Digits are written [0-9], never \d: in Python \d is any script's decimal digit, so a "1"
# and U+09EA (a Bengali four, which looks like an 8) passed as 14, and the same digits in
# "HH:MM" closed the kiosk at 14:00.
_SIZE = re.compile(r"[1-9][0-9]{2,4}x[1-9][0-9]{2,4}")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_TERM = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,6}")
"""A term for the Chinese line breaker: 2 to 6 Chinese characters (its longest kept word)."""
_FONT_FAMILY = re.compile(r"[^\W_](?:[\w .'&+-]{0,62}[^\W_])?")
"""A font family name: letters (any script) and digits, with spaces and . ' & + - _ inside."""
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
"""A number as a curator writes it: plain decimal digits, an optional fraction and exponent."""
_WHOLE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
MAX_MAGNITUDE = 1e15
"""Largest number a field may hold (a thousand trillion): beyond it a figure is a typo, and a
chart axis or a count-up could not be drawn."""
MIN_STILL_SECONDS = 1.0
"""Least time a slide stands still between its transitions before a warning."""
MIN_QUIET_SECONDS = 15
"""Least time between a touch and the "Still there?" countdown before a warning: a visitor
may read a slide this long without touching it."""
MAX_PATH_CHARS = 255
"""Longest file path (inside the content folder) an image or include may name."""
MIN_CONTRAST = 4.5
"""WCAG AA contrast for text: every text colour against background and surface."""
TEXT_COLORS = ("text", "muted", "accent", "accent_2")
"""The palette colours text is drawn in (positive only fills the progress bar)."""


@dataclass(frozen=True)
class LoadResult:
    """What reading a content folder gave: a deck when there were no errors, and all problems."""

    deck: Deck | None
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    """Every YAML file read, absolute paths: what a reload should watch."""
    places: dict[int, tuple[str, int, int]] = dataclasses.field(default_factory=dict,
                                                                compare=False)
    """Where each text of the deck was written, by ``id()`` of its Text: file, line, column
    (what the fit check points a curator at)."""
    named: tuple[str, ...] = dataclasses.field(default=(), compare=False)
    """Every YAML file read, as the deck names it (folder / relative path, links not
    resolved): what a copy of the deck must hold under the same names."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


PictureChecker = typing.Callable[[str], PictureCheck]
"""Checks one picture file (absolute path) will draw; raises only OSError."""


def load_deck(folder: str | os.PathLike[str] | None = None, *,
              picture_check: PictureChecker | None = None) -> LoadResult:
    """Read and check the content folder (the bundled one by default). Never raises.

    ``picture_check`` replaces :func:`~kiosk.core.content.images.inspect_picture` for every
    picture (the last-good copy passes one that trusts pictures by their content hash)."""
    root = Path(folder) if folder is not None else BUNDLED_CONTENT
    try:
        return _DeckReader(root, picture_check).read()
    except Exception as error:  # a bug of ours must never reach a curator as a traceback
        # The traceback goes to the log at debug level only; the warning is one line.
        log.warning("internal error while reading content from %s: %s: %s", visible(root),
                    type(error).__name__, visible(error))
        log.debug("internal error details", exc_info=True)
        problem = Problem(str(root / ENTRY_FILE), 1, 1, "internal error while reading content",
                          "this is a bug in STAR Kiosk, not in your files; details are in the log")
        return LoadResult(None, (problem,), ())


def _suggest(word: str, choices: typing.Iterable[str]) -> str:
    """A hint naming the closest choice, or listing them all."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + ", ".join(choices)


@functools.cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls, vars(model))


def _is_required(f: dataclasses.Field[object]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


class _DeckReader:
    """Reads one content folder; collects problems as it goes."""

    def __init__(self, root: Path, picture_check: PictureChecker | None = None) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.picture_check = picture_check
        """Replaces the picture check (None: the validator's own)."""
        self.problems: list[Problem] = []
        self.files: list[str] = []
        self.named: list[str] = []
        self.texts: list[tuple[Text, Node]] = []
        self.assets: list[tuple[Asset, Node, tuple[int, int]]] = []
        """Every picture read, where it was written, and its size in pixels."""
        self.bytes_read = 0
        self.colors: Colors | None = None
        """The theme's palette once the settings are read (valid), for slide colour checks."""
        self.pictures = DeckPictures()
        """Every picture accepted so far: decoded (proven to draw) once the screens are known."""
        self.transition_ms: int | None = None
        """The deck's transition time once the settings are read, for slide durations."""

    # ------------------------------------------------------------------ the folder

    def read(self) -> LoadResult:
        entry = self.root / ENTRY_FILE
        if not entry.is_file():
            self.problems.append(Problem(
                str(entry), 1, 1, f"no {ENTRY_FILE} in this folder",
                "point at a content folder (the one holding deck.yaml), e.g. 'content'"))
            return self._result(None)
        tree = self._read_file(entry)
        if tree is None:
            return self._result(None)
        if tree.kind != "map":
            self._error(tree, f"{ENTRY_FILE} must be a mapping with 'settings' and 'slides'",
                        "see content/README.md for the layout")
            return self._result(None)
        for key, (key_node, _) in tree.entries.items():
            if key not in ("settings", "slides"):
                self._error(key_node, f"unknown top-level key '{key}'",
                            _suggest(key, ("settings", "slides")))
        settings = self._read_settings(tree)
        if isinstance(settings, Settings):
            self.colors = settings.theme.colors
            self.pictures.screens = settings.screens
            self.transition_ms = settings.transition_ms
        slides = self._read_slide_list(tree)
        if isinstance(settings, Settings):
            self._check_languages(settings)
        self.problems.extend(self.pictures.prove())
        if (self._has_errors() or not isinstance(settings, Settings)
                or not isinstance(slides, list)):
            return self._result(None)
        self._check_backgrounds(settings, slides)
        return self._result(Deck(settings=settings, slides=tuple(slides), folder=str(self.root)))

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

    def _result(self, deck: Deck | None) -> LoadResult:
        places = {id(text): (node.file, node.line, node.column) for text, node in self.texts}
        places.update({id(asset): (node.file, node.line, node.column)
                       for asset, node, _size in self.assets})
        return LoadResult(deck, tuple(sorted(set(self.problems))), tuple(self.files), places,
                          tuple(self.named))

    def _read_file(self, path: Path) -> Node | None:
        self.files.append(str(path.resolve()))
        self.named.append(str(path))
        try:
            self.bytes_read += path.stat().st_size
        except OSError:
            pass  # read_yaml reports the file it cannot read
        tree, problems = read_yaml(str(path), self._shown(path))
        self.problems.extend(problems)
        return tree

    def _shown(self, path: Path) -> str:
        """How problems name a file: as the curator would type it from where they stand."""
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return str(path)
        return str(path) if relative.startswith("..") else relative

    def _error(self, node: Node, message: str, hint: str = "") -> object:
        self.problems.append(node.problem(message, hint))
        return _INVALID

    def _has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    # ---------------------------------------------------------------- settings

    def _read_settings(self, tree: Node) -> object:
        if "settings" not in tree.entries:
            return self._error(tree, "missing 'settings'",
                               "add a 'settings:' block with at least 'title:'")
        settings = self._read_value(tree.entries["settings"][1], Settings, "settings")
        if not isinstance(settings, Settings):
            return _INVALID
        node = tree.entries["settings"][1]
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
            self.problems.append(_at(node, "idle_warning").problem(
                f"the \"Still there?\" countdown would start "
                f"{settings.idle_timeout - settings.idle_warning:g} s after a touch "
                f"(idle_timeout {settings.idle_timeout:g} minus idle_warning "
                f"{settings.idle_warning:g}): a visitor reading a slide would be interrupted",
                f"leave at least {MIN_QUIET_SECONDS} s between them, e.g. idle_timeout: 90 "
                "with idle_warning: 10", severity="warning"))
        self._check_duration(settings.slide_duration, settings.transition_ms,
                             _at(node, "slide_duration"), "settings.slide_duration")
        self._check_contrast(settings.theme.colors, _at(node, "theme", "colors"))
        if settings.schedule is not None and not any(
                getattr(settings.schedule, day) for day in WEEKDAYS):
            self._error(_at(node, "schedule"), "the schedule opens on no day, so the kiosk "
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
                ratio = contrast_ratio(getattr(colors, name), getattr(colors, ground))
                if ratio < MIN_CONTRAST:
                    where = _at(node, name) if name in node.entries else _at(node, ground)
                    self._error(where, f"theme colour '{name}' {getattr(colors, name)} on "
                                       f"'{ground}' {getattr(colors, ground)} has a contrast "
                                       f"of {ratio:.1f}:1, less than the {MIN_CONTRAST}:1 "
                                       "text needs",
                                f"make '{name}' lighter or '{ground}' darker (or the other "
                                "way round) until a contrast checker says 4.5:1 or more")

    # ------------------------------------------------------------------ slides

    def _read_slide_list(self, tree: Node) -> object:
        if "slides" not in tree.entries:
            return self._error(tree, "missing 'slides'", "add a 'slides:' list")
        slides: list[tuple[object, Node]] = []
        self._collect_slides(tree.entries["slides"][1], slides, including=[])
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
            return self._error(tree.entries["slides"][1], "the deck has no slides",
                               "add at least one slide")
        if len(slides) > MAX_SLIDES:
            return self._error(tree.entries["slides"][1],
                               f"{len(slides)} slides; at most {MAX_SLIDES} are allowed")
        return [slide for slide, _ in slides]

    def _collect_slides(self, node: Node, out: list[tuple[object, Node]],
                        including: list[str]) -> None:
        if node.kind == "map" and set(node.entries) == {"slides"}:
            node = node.entries["slides"][1]  # an included file may say 'slides:' too
        if node.kind != "list":
            self._error(node, f"'slides' must be a list, not {node.describe()}",
                        "write each slide as a '- type: ...' item")
            return
        for item in node.items:
            if len(out) > MAX_SLIDES:
                return  # _read_slide_list reports it; reading on would only cost time
            if item.kind == "map" and "include" in item.entries:
                self._include(item, out, including)
            else:
                out.append((self._read_slide(item), item))

    def _include(self, item: Node, out: list[tuple[object, Node]],
                 including: list[str]) -> None:
        key_node, target = item.entries["include"]
        for other in item.entries:
            if other != "include":
                self._error(item.entries[other][0], f"'{other}' beside 'include'",
                            "an include item names only the file to include")
        if target.kind != "scalar" or not isinstance(target.value, str):
            self._error(target, "include needs a file name", "e.g. include: breakthroughs.yaml")
            return
        path = self._inside(target, target.value)
        if path is None:
            return
        if path.suffix not in (".yaml", ".yml"):
            self._error(target, f"'{target.value}' is not a YAML file",
                        "include files ending in .yaml")
            return
        if str(path) in including:
            self._error(target, f"'{target.value}' includes itself (through "
                                f"{' → '.join(Path(p).name for p in including)})",
                        "remove the circular include")
            return
        if str(path.resolve()) in self.files:
            self._error(target, f"'{target.value}' is included more than once",
                        "include each file once; its slides would repeat")
            return
        if self.bytes_read > MAX_TOTAL_BYTES:
            self._error(target, f"the deck's files add up to more than "
                                f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB of YAML",
                        "content never needs this; remove files you do not use")
            return
        if len(including) >= MAX_INCLUDE_DEPTH:
            self._error(target, f"includes nested deeper than {MAX_INCLUDE_DEPTH}",
                        "include files from deck.yaml directly")
            return
        tree = self._read_file(path)
        if tree is not None:
            self._collect_slides(tree, out, including + [str(path)])

    def _read_slide(self, node: Node) -> object:
        if node.kind != "map":
            return self._error(node, f"a slide must be a mapping, not {node.describe()}",
                               "start it with '- type: title' and its fields below")
        if "type" not in node.entries:
            return self._error(node, "slide has no 'type'",
                               "add a type: " + ", ".join(SLIDE_TYPES))
        type_node = node.entries["type"][1]
        slide_class = SLIDE_TYPES.get(str(type_node.value))
        if slide_class is None:
            return self._error(type_node, f"unknown slide type '{type_node.text}'",
                               _suggest(type_node.text, SLIDE_TYPES))
        where = node.entries["id"][1].text if "id" in node.entries else f"line {node.line}"
        slide = self._read_dataclass(node, slide_class, f"slide {visible(where, 64)}",
                                     skip=("type",))
        if isinstance(slide, ChartSlide):
            self._check_bar_labels(slide, node)
            self.problems.extend(share_problems(slide, node))
        if isinstance(slide, MetricsSlide):
            self._check_figures(slide, node)
        duration = getattr(slide, "duration", None)
        if duration is not None and self.transition_ms is not None:
            self._check_duration(duration, self.transition_ms, _at(node, "duration"),
                                 f"slide {visible(where, 64)}.duration")
        if isinstance(slide, SlideBase) and slide.show is not None:
            self.problems.extend(check_show(slide.show, _at(node, "show"),
                                            f"slide {visible(where, 64)}.show"))
        ground = getattr(slide, "background_color", None)
        if ground and self.colors is not None:
            self._check_slide_contrast(ground, _at(node, "background_color"))
        return slide

    def _check_slide_contrast(self, ground: str, node: Node) -> None:
        """A slide's own background colour must keep the theme's text colours readable."""
        assert self.colors is not None
        for name in TEXT_COLORS:
            ratio = contrast_ratio(getattr(self.colors, name), ground)
            if ratio < MIN_CONTRAST:
                self._error(node, f"background_color {ground} under the theme colour '{name}' "
                                  f"{getattr(self.colors, name)} has a contrast of "
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
                self._error(_at(figure_node, "value"),
                            f"slide {slide.id}.metrics[{index + 1}] {figure.value:g} would be "
                            f"written '{shown}' (at most 3 decimals by default)",
                            f"give decimals: {min(4, _decimals_needed(figure.value))}, or "
                            "write the figure in a larger unit (e.g. 0.4 ‰ instead of 0.0004)")
            else:
                self._error(_at(figure_node, "decimals"),
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
                self._error(_at(bar_node, "value"),
                            f"slide {slide.id}.bars[{index + 1}].value {bar.value:g} would be "
                            f"written '{written.format(bar.value)}' {how}",
                            f"raise the slide's 'decimals' (e.g. decimals: "
                            f"{min(4, _decimals_needed(bar.value))}), leave it out, or give "
                            "this bar a value_label")

    # ------------------------------------------------------------- generic read

    def _read_value(self, node: Node, annotation: object, where: str,
                    spec: dataclasses.Field[object] | None = None) -> object:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin in (typing.Union, types.UnionType):
            if node.is_null and node.comment:
                # 'subtitle: #1 in the world' is no subtitle and a comment: never drop it silently.
                return self._comment_swallowed(node, where)
            if node.is_null and type(None) in args:
                return None
            (inner,) = [a for a in args if a is not type(None)]
            return self._read_value(node, inner, where, spec)
        if origin is typing.Literal:
            if node.kind == "scalar" and node.text in args and isinstance(node.value, str):
                return node.text
            return self._error(node, f"{where}: '{node.text or node.describe()}' is not allowed",
                               _suggest(node.text, (str(a) for a in args)))
        if origin is tuple:
            return self._read_list(node, args[0], where, spec)
        if annotation is Text:
            return self._read_text(node, where)
        if annotation is Asset:
            return self._read_asset(node, where)
        if dataclasses.is_dataclass(annotation):
            return self._read_dataclass(node, annotation, where)  # type: ignore[arg-type]
        return self._read_scalar(node, annotation, where, spec)

    def _read_dataclass(self, node: Node, cls: type, where: str,
                        skip: tuple[str, ...] = ()) -> object:
        if node.kind != "map":
            return self._error(node, f"{where} must be a mapping of fields, not {node.describe()}",
                               "write 'field: value' lines indented below it")
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in skip}
        errors_before = len(self.problems)
        for key, (key_node, _) in node.entries.items():
            if key not in fields and key not in skip:
                self._error(key_node, f"unknown field '{key}' in {where}",
                            _suggest(key, fields))
        values: dict[str, object] = {}
        for name, spec in fields.items():
            if name in node.entries:
                values[name] = self._read_value(node.entries[name][1], _hints(cls)[name],
                                                f"{where}.{name}", spec)
            elif _is_required(spec):
                doc = spec.metadata.get("doc", "")
                self._error(node, f"{where} is missing the required field '{name}'",
                            f"add '{name}:'" + (f" ({doc})" if doc else ""))
        if len([p for p in self.problems[errors_before:] if p.severity == "error"]):
            return _INVALID
        return cls(**values)

    def _read_list(self, node: Node, item_type: object, where: str,
                   spec: dataclasses.Field[object] | None) -> object:
        if node.kind != "list":
            return self._error(node, f"{where} must be a list, not {node.describe()}",
                               "write each item on its own '- ' line")
        # Items keep the field's format (e.g. every entry of 'screens' is a size).
        items = [self._read_value(item, item_type, f"{where}[{i + 1}]", spec)
                 for i, item in enumerate(node.items)]
        constraints = spec.metadata if spec else {}
        low, high = constraints.get("min_items"), constraints.get("max_items")
        if low is not None and len(items) < low:
            return self._error(node, f"{where} has {len(items)} item(s); at least {low} needed")
        if high is not None and len(items) > high:
            return self._error(node, f"{where} has {len(items)} items; at most {high} fit on "
                                     "screen", "split them over two slides")
        if any(item is _INVALID for item in items):
            return _INVALID
        return tuple(items)

    def _read_scalar(self, node: Node, kind: object, where: str,
                     spec: dataclasses.Field[object] | None) -> object:
        value = node.value
        if node.kind == "scalar" and value is None and node.comment:
            return self._comment_swallowed(node, where)
        if node.kind != "scalar" or value is None:
            return self._error(node, f"{where} must be {_KIND_NAMES[kind]}, "
                                     f"not {node.describe()}", _KIND_HINTS[kind])
        if kind is str:
            if not isinstance(value, str):
                value = node.text  # e.g. an id written as 2019, or a date: keep what was typed
            return self._check_string(node, value, where, spec)
        if kind is bool:
            # YAML 1.2's booleans only: YAML 1.1 also reads yes/no/on/off/y/n, which surprise.
            if isinstance(value, bool) and node.text.lower() in ("true", "false"):
                return value
            return self._error(node, f"{where} must be true or false, "
                                     f"not '{visible(node.text)}'", "write true or false")
        if kind is int:
            if not _WHOLE.fullmatch(node.text.strip()):
                return self._error(node, f"{where} must be a whole number, "
                                         f"not '{visible(node.text)}'",
                                   _number_hint(node.text, whole=True))
            return self._check_range(node, int(node.text), where, spec)
        if kind is float:
            number = _as_number(node)
            if number is None:
                return self._error(node, f"{where} must be a number, "
                                         f"not '{visible(node.text)}'",
                                   _number_hint(node.text, whole=False))
            if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
                return self._error(node, f"{where} is too large: {visible(node.text, 24)}",
                                   "at most a thousand trillion (1e15), written in digits; "
                                   "check for a typo")
            if exact(number) != Decimal(node.text.strip()):
                # 1e-400 is read as 0, and 1.00000000000000001 as 1: shown, they would not
                # be the number the file says.
                return self._error(node, f"{where} {visible(node.text, 32)} cannot be kept "
                                         f"exactly: it would be shown as {exact(number)}",
                                   "write at most 15 significant digits, and nothing "
                                   "smaller than 1e-300")
            return self._check_range(node, number, where, spec)
        raise TypeError(f"no reader for {kind!r}")  # a model field of a type we don't read

    def _check_range(self, node: Node, value: float, where: str,
                     spec: dataclasses.Field[object] | None) -> object:
        constraints = spec.metadata if spec else {}
        low, high = constraints.get("min"), constraints.get("max")
        if low is not None and value < low or high is not None and value > high:
            allowed = (f"between {low} and {high}" if low is not None and high is not None
                       else f"at least {low}" if low is not None else f"at most {high}")
            return self._error(node, f"{where} is {visible(node.text, 24)}; it must be "
                                     f"{allowed}", str(constraints.get("doc", "")))
        return value

    def _check_string(self, node: Node, value: str, where: str,
                      spec: dataclasses.Field[object] | None) -> object:
        fmt = spec.metadata.get("format") if spec else None
        shown = visible(value)
        if fmt == "color" and not _COLOR.fullmatch(value):
            return self._error(node, f"{where}: '{shown}' is not a colour",
                               "write it as \"#RRGGBB\" in quotes, e.g. \"#F5B942\"")
        if fmt == "time" and not _TIME.fullmatch(value):
            return self._error(node, f"{where}: '{shown}' is not a time",
                               _with_digits(value, "write it as \"HH:MM\" in quotes, "
                                                   "24-hour, e.g. \"09:30\""))
        if fmt == "size" and not _SIZE.fullmatch(value):
            return self._error(node, f"{where}: '{shown}' is not a screen size",
                               _with_digits(value, "write it as WIDTHxHEIGHT in pixels, "
                                                   "e.g. 1920x1080"))
        if fmt == "term" and not _TERM.fullmatch(value):
            return self._error(node, f"{where}: '{shown}' is not a Chinese term",
                               "write one word or name of 2 to 6 Chinese characters, without "
                               "spaces, punctuation or Latin letters, e.g. 科创成长层")
        if fmt == "url" and value and not _URL.fullmatch(value):
            return self._error(node, f"{where}: '{shown}' is not a web address",
                               "write the whole address, e.g. https://www.sse.com.cn/")
        if fmt == "identifier" and not _IDENTIFIER.fullmatch(value):
            return self._error(node, f"{where}: '{shown}' is not a valid id",
                               "use letters, digits, '-' and '_' only (up to 64), "
                               "e.g. six-years")
        if fmt == "font" and not (_FONT_FAMILY.fullmatch(value)
                                  and any(char.isalpha() for char in value)):
            return self._error(node, f"{where}: '{shown}' is not a font family name",
                               "write the family as your font list shows it, e.g. "
                               "Noto Sans SC (letters, digits, spaces; up to 64)")
        # Notes are for curators and may hold line breaks; other plain strings are one line.
        bad = forbidden_character(value, allow_newline=spec is not None and spec.name == "notes")
        if bad is not None:
            return self._error(node, f"{where} contains {bad[1]} at character {bad[0] + 1}",
                               _character_hint(bad[1]))
        if value and is_invisible(value):  # "" is "none"; a source of zero-width spaces is not
            return self._error(node, f"{where} holds only invisible characters "
                                     f"({name_blanks(value)})",
                               "write it out, or leave the field out")
        return value

    def _comment_swallowed(self, node: Node, where: str) -> object:
        """An unquoted value starting with '#': YAML read a comment and left the value empty."""
        comment = visible(node.comment, 40)
        return self._error(node, f"{where} is empty: YAML read '{comment}' as a comment",
                           f"put the value in quotes: \"{visible(node.comment.split()[0], 20)}\""
                           " (in YAML a '#' after a space starts a comment)")

    # ---------------------------------------------------------- text and assets

    def _read_text(self, node: Node, where: str) -> object:
        if node.kind == "scalar" and node.value is None and node.comment:
            return self._comment_swallowed(node, where)
        if node.kind == "scalar" and node.value is not None:
            text = Text.plain(self._visitor_string(node, node.text, where))
        elif node.kind == "map":
            by_language = []
            for language, (key_node, value_node) in node.entries.items():
                if language not in LANGUAGES:
                    self._error(key_node, f"{where}: unknown language '{language}'",
                                _suggest(language, LANGUAGES))
                    continue
                if value_node.kind == "scalar" and value_node.value is None:
                    # Counted as given, so no "missing translation" warning follows the error.
                    by_language.append((language, ""))
                    if value_node.comment:
                        self._comment_swallowed(value_node, f"{where}.{language}")
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
                return self._error(node, f"{where} is empty", "give the text, e.g. en: ... zh: ...")
            text = Text(tuple(by_language))
        else:
            return self._error(node, f"{where} must be text, or text per language, "
                                     f"not {node.describe()}",
                               "write 'title: Six years' or 'en: ...' and 'zh: ...' below it")
        self.texts.append((text, node))
        self.problems.extend(straight_quotes(text, node, where))
        return text

    def _visitor_string(self, node: Node, value: str, where: str) -> str:
        match = _RICH_TEXT.search(value)
        if match:
            self._error(node, f"{where}: '{visible(match.group(0))}' would be shown as markup, "
                              "but content is plain text",
                        "remove HTML tags and entities; write *words* to emphasise them")
        bad = forbidden_character(value, allow_newline=True)
        if bad is not None:
            self._error(node, f"{where} contains {bad[1]} at character {bad[0] + 1}",
                        _character_hint(bad[1]))
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

    def _read_asset(self, node: Node, where: str) -> object:
        if node.kind != "scalar" or not isinstance(node.value, str):
            return self._error(node, f"{where} must be a file path, not {node.describe()}",
                               "e.g. images/hero.jpg, relative to the content folder")
        path = self._inside(node, node.value)
        if path is None:
            return _INVALID
        shown = visible(node.value)
        try:
            check = (self.picture_check or self.pictures.inspect)(str(path))
        except OSError as error:
            return self._error(node, f"{where}: cannot read '{shown}': {error.strerror}",
                               "check the file's permissions")
        if not check.ok:
            return self._error(node, f"{where}: '{shown}' {check.problem}", check.hint)
        self.pictures.add(str(path), node, where, shown)
        asset = Asset(node.value, str(path))
        self.assets.append((asset, node, (check.width, check.height)))
        return asset

    def _inside(self, node: Node, relative: str) -> Path | None:
        """The file ``relative`` names inside the content folder, or None (problem recorded)."""
        bad = forbidden_character(relative, allow_newline=False)
        if bad is not None:
            self._error(node, f"'{visible(relative)}' contains {bad[1]}",
                        "file names in content are plain: rename the file")
            return None
        posix = PurePosixPath(relative.replace("\\", "/"))
        if len(relative) > MAX_PATH_CHARS or any(
                len(part.encode("utf-8")) > 255 for part in posix.parts):
            self._error(node, f"the path '{visible(relative, 40)}' is too long "
                              f"({len(relative)} characters)",
                        "use short file and folder names, e.g. images/hero.jpg")
            return None
        relative_shown = visible(relative)
        if posix.is_absolute() or re.match(r"^[A-Za-z]:", relative):
            self._error(node, f"'{relative_shown}' is an absolute path",
                        "write paths relative to the content folder, e.g. images/hero.jpg")
            return None
        if ".." in posix.parts:
            self._error(node, f"'{relative_shown}' leaves the content folder",
                        "keep every file inside the content folder; copy it in")
            return None
        path = self.root / posix
        if not os.path.lexists(path):
            path = self._same_name_in_another_form(node, path, relative)
        try:
            real = os.path.realpath(path)
            exists, is_file = path.exists(), path.is_file()
        except (OSError, ValueError) as error:
            self._error(node, f"cannot look up '{relative_shown}': "
                              f"{visible(getattr(error, 'strerror', None) or error)}",
                        "check the name; paths are relative to the content folder")
            return None
        if not (real + os.sep).startswith(self.real_root + os.sep):
            self._error(node, f"'{relative_shown}' is a link that points outside the content "
                              "folder",
                        "copy the file into the content folder instead of linking to it")
            return None
        if not exists:
            near = difflib.get_close_matches(path.name, _names_in(path.parent), n=1)
            hint = f"did you mean '{visible(posix.parent / near[0])}'?" if near else \
                "check the name; paths are relative to the content folder and case-sensitive"
            self._error(node, f"file '{relative_shown}' not found", hint)
            return None
        if not is_file:
            self._error(node, f"'{relative_shown}' is not a file", "name a file, not a folder")
            return None
        return path

    def _same_name_in_another_form(self, node: Node, path: Path, written: str) -> Path:
        """The file ``path`` names when its name is compared in NFC, warning that the forms
        differ; ``path`` itself when no such file is there.

        "café" is one name to a curator but two to the file system: é as one character
        (NFC, what most keyboards type) or as e + a combining accent (NFD, what macOS file
        names and some archives hold). Each part is compared in NFC, so the file is found,
        and the warning says which form is where, since another system may not find it.
        """
        found = self.root
        for part in path.relative_to(self.root).parts:
            if os.path.lexists(found / part):
                found = found / part
                continue
            wanted = unicodedata.normalize("NFC", part)
            match = [name for name in _names_in(found)
                     if unicodedata.normalize("NFC", name) == wanted]
            if len(match) != 1:
                return path
            found = found / match[0]
        self.problems.append(node.problem(
            f"'{visible(written)}' is written in {_unicode_form(written)} but the file is "
            f"named in {_unicode_form(str(found.relative_to(self.root)))}; it was used",
            "retype the name in the content file, or rename the file, so both spell accents "
            "alike ('é' as one character, or 'e' plus a combining accent): another computer "
            "may not treat them as one name",
            severity="warning"))
        return found

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


_KIND_NAMES: dict[object, str] = {
    str: "text", bool: "true or false", int: "a whole number", float: "a number",
}
_KIND_HINTS: dict[object, str] = {
    str: "write the text after the colon",
    bool: "write true or false",
    int: "write digits only, e.g. 12",
    float: "write digits, e.g. 589 or 1.1e12, without units or commas",
}


def _as_number(node: Node) -> float | None:
    """The number a scalar's text writes in plain decimal, or None.

    Read from the text, not from what YAML 1.1 made of it: 1.1 reads ``12:30`` as 750 (base
    60), ``012`` as 10 (octal), ``0x1F``, ``0b101``, ``1_000``, ``.inf`` and ``.nan`` as numbers,
    and ``1.1e12`` as text. Plain decimal is also what YAML 1.2 reads as a number. The result
    may be infinite (``1e400``, a 401-digit number): the caller refuses it as too large.
    """
    text = node.text.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    number = float(text)  # exact enough for display; a whole number of any length is finite
    return number if not math.isnan(number) else None


def _number_hint(text: str, *, whole: bool) -> str:
    """What to write instead of ``text``, which is not a plain decimal number."""
    example = "write digits only, e.g. 12" if whole else \
        "write digits, e.g. 589 or 1.1e12, without units or commas"
    stripped = text.strip().lstrip("+-")
    lowered = stripped.lower()
    foreign = _foreign_digit(stripped)
    if foreign:
        return f"{foreign}; {example} using the digits 0-9"
    if ":" in stripped:
        return f"YAML would read it as a time in base 60; {example}"
    if lowered.startswith(("0x", "0o", "0b")):
        return f"hexadecimal, octal and binary are not allowed; {example}"
    if re.fullmatch(r"0[0-9]+(\.[0-9]*)?", stripped):
        return f"a leading 0 would make it octal; {example} without the leading 0"
    if "_" in stripped or "," in stripped:
        return f"remove the '_' or ',' separators; {example}"
    if lowered in (".inf", ".nan", "inf", "nan", "infinity"):
        return f"it must be a real, finite number; {example}"
    if whole and _DECIMAL.fullmatch(stripped):
        return "no decimals here: write a whole number, e.g. 12"
    return example


def _foreign_digit(text: str) -> str | None:
    """Names the first digit of another script in ``text`` (U+09EA, a Bengali four), or None."""
    for char in text:
        if char.isdigit() and not ("0" <= char <= "9"):
            return f"'{visible(char)}' ({unicodedata.name(char, 'a digit')}) is not a digit 0-9"
    return None


def _with_digits(text: str, hint: str) -> str:
    """``hint``, led by what is wrong when ``text`` holds digits of another script."""
    foreign = _foreign_digit(text)
    return f"{foreign}; {hint}" if foreign else hint


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


_EMPHASIS = re.compile(r"\*([^*\n]+)\*")
"""The one markup: ``*words*`` on one line, as the runtime's theme draws it."""


def _character_hint(why: str) -> str:
    if "LINE FEED" in why:
        return "keep it on one line"
    if "TAB" in why:
        return "use a space instead of the tab"
    if "separator" in why:
        return "write \\n inside a double-quoted text to break a line"
    return "delete it: retype the text, or paste it as plain text"


def _at(node: Node, *keys: str) -> Node:
    """The node at ``keys`` below ``node`` (the deepest one written), for pointing at it."""
    for key in keys:
        if node.kind != "map" or key not in node.entries:
            return node
        node = node.entries[key][1]
    return node


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``#RRGGBB`` colours, from 1 to 21."""
    def luminance(color: str) -> float:
        channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _unicode_form(text: str) -> str:
    """Which Unicode form ``text`` is written in, in words."""
    if unicodedata.is_normalized("NFC", text):
        return "composed form (NFC)"
    if unicodedata.is_normalized("NFD", text):
        return "decomposed form (NFD)"
    return "a mix of composed and decomposed characters"


def _names_in(folder: Path) -> list[str]:
    try:
        return [entry.name for entry in folder.iterdir()]
    except OSError:
        return []

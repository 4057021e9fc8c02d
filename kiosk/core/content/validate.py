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
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kiosk.core.content import model
from kiosk.core.content.loader import Node, read_yaml
from kiosk.core.content.model import LANGUAGES, SLIDE_TYPES, Asset, Deck, Settings, Text
from kiosk.core.content.problems import Problem
from kiosk.core.paths import BUNDLED_CONTENT

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
    rf"<\s*(?:/\s*)?[A-Za-z!?][^<>]*>|&(?:#\d+|#[xX][0-9A-Fa-f]+|(?:{_ENTITY_NAMES}));"
)
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]{1,400}$")
_SIZE = re.compile(r"^[1-9]\d{2,4}x[1-9]\d{2,4}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
)


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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_deck(folder: str | os.PathLike[str] | None = None) -> LoadResult:
    """Read and check the content folder (the bundled one by default). Never raises."""
    root = Path(folder) if folder is not None else BUNDLED_CONTENT
    try:
        return _DeckReader(root).read()
    except Exception:  # a bug of ours must never reach a curator as a traceback
        log.exception("internal error while reading content from %s", root)
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

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.problems: list[Problem] = []
        self.files: list[str] = []
        self.texts: list[tuple[Text, Node]] = []
        self.bytes_read = 0

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
        slides = self._read_slide_list(tree)
        if isinstance(settings, Settings):
            self._check_languages(settings)
        if (self._has_errors() or not isinstance(settings, Settings)
                or not isinstance(slides, list)):
            return self._result(None)
        return self._result(Deck(settings=settings, slides=tuple(slides), folder=str(self.root)))

    def _result(self, deck: Deck | None) -> LoadResult:
        places = {id(text): (node.file, node.line, node.column) for text, node in self.texts}
        return LoadResult(deck, tuple(sorted(set(self.problems))), tuple(self.files), places)

    def _read_file(self, path: Path) -> Node | None:
        self.files.append(str(path.resolve()))
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
        return settings

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
        return self._read_dataclass(node, slide_class, f"slide {where}", skip=("type",))

    # ------------------------------------------------------------- generic read

    def _read_value(self, node: Node, annotation: object, where: str,
                    spec: dataclasses.Field[object] | None = None) -> object:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin in (typing.Union, types.UnionType):
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
        if node.kind != "scalar" or value is None:
            return self._error(node, f"{where} must be {_KIND_NAMES[kind]}, "
                                     f"not {node.describe()}", _KIND_HINTS[kind])
        if kind is str:
            if not isinstance(value, str):
                value = node.text  # e.g. an id written as 2019, or a date: keep what was typed
            return self._check_string(node, value, where, spec)
        if kind is bool:
            if isinstance(value, bool):
                return value
            return self._error(node, f"{where} must be true or false, not '{node.text}'",
                               "write true or false")
        if kind is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return self._check_range(node, value, where, spec)
            return self._error(node, f"{where} must be a whole number, not '{node.text}'",
                               _KIND_HINTS[int])
        if kind is float:
            number = _as_number(node)
            if number is None:
                return self._error(node, f"{where} must be a number, not '{node.text}'",
                                   _KIND_HINTS[float])
            return self._check_range(node, number, where, spec)
        raise TypeError(f"no reader for {kind!r}")  # a model field of a type we don't read

    def _check_range(self, node: Node, value: float, where: str,
                     spec: dataclasses.Field[object] | None) -> object:
        constraints = spec.metadata if spec else {}
        low, high = constraints.get("min"), constraints.get("max")
        if low is not None and value < low or high is not None and value > high:
            return self._error(node, f"{where} is {node.text}; it must be between {low} "
                                     f"and {high}", constraints.get("doc", ""))
        return value

    def _check_string(self, node: Node, value: str, where: str,
                      spec: dataclasses.Field[object] | None) -> object:
        fmt = spec.metadata.get("format") if spec else None
        if fmt == "color" and not _COLOR.match(value):
            return self._error(node, f"{where}: '{value}' is not a colour",
                               "write it as \"#RRGGBB\" in quotes, e.g. \"#F5B942\"")
        if fmt == "time" and not _TIME.match(value):
            return self._error(node, f"{where}: '{value}' is not a time",
                               "write it as \"HH:MM\" in quotes, 24-hour, e.g. \"09:30\"")
        if fmt == "size" and not _SIZE.match(value):
            return self._error(node, f"{where}: '{value}' is not a screen size",
                               "write it as WIDTHxHEIGHT in pixels, e.g. 1920x1080")
        if fmt == "url" and value and not _URL.match(value):
            return self._error(node, f"{where}: '{value}' is not a web address",
                               "write the whole address, e.g. https://www.sse.com.cn/")
        if fmt == "identifier" and not _IDENTIFIER.match(value):
            return self._error(node, f"{where}: '{value}' is not a valid id",
                               "use letters, digits, '-' and '_' only, e.g. six-years")
        return value

    # ---------------------------------------------------------- text and assets

    def _read_text(self, node: Node, where: str) -> object:
        if node.kind == "scalar" and node.value is not None:
            text = Text.plain(self._visitor_string(node, node.text, where))
        elif node.kind == "map":
            by_language = []
            for language, (key_node, value_node) in node.entries.items():
                if language not in LANGUAGES:
                    self._error(key_node, f"{where}: unknown language '{language}'",
                                _suggest(language, LANGUAGES))
                    continue
                if value_node.kind != "scalar" or value_node.value is None:
                    self._error(value_node, f"{where}.{language} must be text, "
                                            f"not {value_node.describe()}")
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
        return text

    def _visitor_string(self, node: Node, value: str, where: str) -> str:
        match = _RICH_TEXT.search(value)
        if match:
            self._error(node, f"{where}: '{match.group(0)}' would be shown as markup, "
                              "but content is plain text",
                        "remove HTML tags and entities; write *words* to emphasise them")
        if not value.strip():
            self._error(node, f"{where} is blank", "write the text, or remove the field")
        return value

    def _read_asset(self, node: Node, where: str) -> object:
        if node.kind != "scalar" or not isinstance(node.value, str):
            return self._error(node, f"{where} must be a file path, not {node.describe()}",
                               "e.g. images/hero.jpg, relative to the content folder")
        path = self._inside(node, node.value)
        if path is None:
            return _INVALID
        try:
            with open(path, "rb") as handle:
                head = handle.read(512)
        except OSError as error:
            return self._error(node, f"{where}: cannot read '{node.value}': {error.strerror}",
                               "check the file's permissions")
        if _image_kind(head) is None:
            return self._error(node, f"{where}: '{node.value}' is not an image",
                               "use a PNG, JPEG, GIF, WebP, BMP or SVG file")
        return Asset(node.value, str(path))

    def _inside(self, node: Node, relative: str) -> Path | None:
        """The file ``relative`` names inside the content folder, or None (problem recorded)."""
        posix = PurePosixPath(relative.replace("\\", "/"))
        if posix.is_absolute() or re.match(r"^[A-Za-z]:", relative):
            self._error(node, f"'{relative}' is an absolute path",
                        "write paths relative to the content folder, e.g. images/hero.jpg")
            return None
        if ".." in posix.parts:
            self._error(node, f"'{relative}' leaves the content folder",
                        "keep every file inside the content folder; copy it in")
            return None
        path = self.root / posix
        real = os.path.realpath(path)
        if not (real + os.sep).startswith(self.real_root + os.sep):
            self._error(node, f"'{relative}' is a link that points outside the content folder",
                        "copy the file into the content folder instead of linking to it")
            return None
        if not path.exists():
            near = difflib.get_close_matches(path.name, _names_in(path.parent), n=1)
            hint = f"did you mean '{posix.parent / near[0]}'?" if near else \
                "check the name; paths are relative to the content folder and case-sensitive"
            self._error(node, f"file '{relative}' not found", hint)
            return None
        if not path.is_file():
            self._error(node, f"'{relative}' is not a file", "name a file, not a folder")
            return None
        return path

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
                        f"'{text.get(settings.default_language)[:30]}' instead",
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
    """The number a scalar holds, or None; never NaN or infinity."""
    number: float | None = None
    if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        number = node.value
    elif isinstance(node.value, str) and node.tag == "tag:yaml.org,2002:str":
        try:  # YAML 1.1 reads 1.1e12 as text; a curator means the number
            number = float(node.text.replace("_", ""))
        except ValueError:
            return None
    return number if number is not None and math.isfinite(number) else None


def _names_in(folder: Path) -> list[str]:
    try:
        return [entry.name for entry in folder.iterdir()]
    except OSError:
        return []


def _image_kind(head: bytes) -> str | None:
    for signature, kind in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in head):
        return "SVG"
    return None

"""The files of one content folder: which it reads (``deck.yaml`` and its includes), how
much, and that every file named stays inside the folder.

A deck is one entry file whose slide list may ``include:`` other YAML files, nested up to
:data:`MAX_INCLUDE_DEPTH` deep, each once, :data:`MAX_TOTAL_BYTES` in all and
:data:`MAX_SLIDES` slides at most. Every path a curator writes (an include, a picture) is
resolved by :meth:`DeckFiles.inside`: relative, short, plain, never out of the folder (not
by ``..``, not through a link), and found even when its accents are spelled in another
Unicode form than the file's name.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TypeVar

from kiosk.core.content.characters import forbidden_character, visible
from kiosk.core.content.problems import Problem
from kiosk.core.content.yaml_tree import Node, read_yaml

ENTRY_FILE = "deck.yaml"
"""The file a content folder starts from."""
MAX_INCLUDE_DEPTH = 8
MAX_SLIDES = 1000
MAX_TOTAL_BYTES = 4 * 1024 * 1024
"""All the YAML files of one deck together: bounds what a folder of includes can cost."""
MAX_PATH_CHARS = 255
"""Longest file path (inside the content folder) an image or include may name."""

S = TypeVar("S")
"""What reading one slide item gives (the deck rules' slide, or None when unreadable)."""


class DeckFiles:
    """The files of the content folder ``root`` read so far; problems go to ``problems``."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.problems = problems
        self.files: list[str] = []
        """Every YAML file read, absolute (links resolved)."""
        self.named: list[str] = []
        """Every YAML file read, as the deck names it."""
        self.bytes_read = 0

    def _error(self, node: Node, message: str, hint: str = "") -> None:
        self.problems.append(node.problem(message, hint))

    def read_file(self, path: Path) -> Node | None:
        """The YAML tree of ``path``, counted as read; None when it cannot be read (said)."""
        self.files.append(str(path.resolve()))
        self.named.append(str(path))
        try:
            self.bytes_read += path.stat().st_size
        except OSError:
            pass  # read_yaml reports the file it cannot read
        tree, problems = read_yaml(str(path), _shown(path))
        self.problems.extend(problems)
        return tree

    # ------------------------------------------------------------------ slides

    def collect_slides(self, node: Node, read_slide: Callable[[Node], S],
                       out: list[tuple[S, Node]], including: list[str]) -> None:
        """Read the slide list ``node`` into ``out`` (each slide with its node), following
        its includes; ``including`` is the chain of files that led here."""
        if node.kind == "map" and set(node.entries) == {"slides"}:
            node = node.entries["slides"][1]  # an included file may say 'slides:' too
        if node.kind != "list":
            self._error(node, f"'slides' must be a list, not {node.describe()}",
                        "write each slide as a '- type: ...' item")
            return
        for item in node.items:
            if len(out) > MAX_SLIDES:
                return  # the caller reports it; reading on would only cost time
            if item.kind == "map" and "include" in item.entries:
                self._include(item, read_slide, out, including)
            else:
                out.append((read_slide(item), item))

    def _include(self, item: Node, read_slide: Callable[[Node], S], out: list[tuple[S, Node]],
                 including: list[str]) -> None:
        key_node, target = item.entries["include"]
        for other in item.entries:
            if other != "include":
                self._error(item.entries[other][0], f"'{other}' beside 'include'",
                            "an include item names only the file to include")
        if target.kind != "scalar" or not isinstance(target.value, str):
            self._error(target, "include needs a file name", "e.g. include: breakthroughs.yaml")
            return
        path = self.inside(target, target.value)
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
        tree = self.read_file(path)
        if tree is not None:
            self.collect_slides(tree, read_slide, out, including + [str(path)])

    # ------------------------------------------------------------------- paths

    def inside(self, node: Node, relative: str) -> Path | None:
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
            why = error.strerror if isinstance(error, OSError) else None
            self._error(node, f"cannot look up '{relative_shown}': {visible(why or error)}",
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


def _shown(path: Path) -> str:
    """How problems name a file: as the curator would type it from where they stand."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


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

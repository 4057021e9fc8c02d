"""Read a content folder into a :class:`~kiosk.core.content.model.Deck`, reporting every problem.

The schema is the model itself: each dataclass's fields, their types, defaults and ``meta``
constraints (read by :mod:`.schema`). The folder's files, includes and limits are
:mod:`.includes`'s, the deck's own rules :mod:`.rules`'s, and YAML parsing :mod:`.yaml_tree`'s.
Reading never stops at the first problem; it collects all of them, each as
``file:line:column: problem — hint``, and returns a deck only when there are no errors.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.content.characters import visible
from kiosk.core.content.includes import ENTRY_FILE
from kiosk.core.content.model import Deck
from kiosk.core.content.problems import Problem
from kiosk.core.content.rules import DeckReader, PictureChecker
from kiosk.core.paths import BUNDLED_CONTENT

log = logging.getLogger(__name__)


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


def load_deck(folder: str | os.PathLike[str] | None = None, *,
              picture_check: PictureChecker | None = None) -> LoadResult:
    """Read and check the content folder (the bundled one by default). Never raises.

    ``picture_check`` replaces :func:`~kiosk.core.content.images.inspect_picture` for every
    picture (the last-good copy passes one that trusts pictures by their content hash)."""
    root = Path(folder) if folder is not None else BUNDLED_CONTENT
    try:
        reader = DeckReader(root, picture_check)
        deck = reader.read()
    except Exception as error:  # a bug of ours must never reach a curator as a traceback
        # The traceback goes to the log at debug level only; the warning is one line.
        log.warning("internal error while reading content from %s: %s: %s", visible(root),
                    type(error).__name__, visible(error))
        log.debug("internal error details", exc_info=True)
        problem = Problem(str(root / ENTRY_FILE), 1, 1, "internal error while reading content",
                          "this is a bug in STAR Kiosk, not in your files; details are in the log")
        return LoadResult(None, (problem,), ())
    return LoadResult(deck, tuple(sorted(set(reader.problems))), tuple(reader.files.files),
                      reader.places(), tuple(reader.files.named))

"""Telling a content file cut off mid-write from a real edit.

A power cut or a stalled copy can leave a YAML file that stops part-way. YAML has no end
marker, so a cut file often still reads as a valid, *shorter* deck: a title missing its last
words, a section missing its last slides. The kiosk uses two rules:

1. **A content file ends with a line break.** Editors and ``git`` write one; a file that
   stops in the middle of a line is what an unfinished write leaves. Such a file is refused
   (by ``validate`` too), with the fix: end it with a line break. A running kiosk keeps its
   last good content until the file changes again.
2. **At start-up, a file that is the start of its last good version is suspect.** A file
   that ends on a line break but whose bytes are exactly the first part of the same file in
   the last good copy (and shorter) is what a write cut at a line boundary leaves: the kiosk
   starts on the last good copy and says why, and takes the file as soon as it changes
   again (a curator who really removed the end of a file saves it once more). A live edit is
   not judged by this rule: while the kiosk runs, it only reads a folder that has been
   still for a moment (see :mod:`kiosk.runtime.reload`), so a write in progress is never read.

Pure functions on bytes, so every cut point of a file can be tried in milliseconds.
"""

from __future__ import annotations

from kiosk.core.content.problems import Problem

_LINE_ENDS = (b"\n", b"\r")


def unfinished_line(raw: bytes, shown_as: str) -> Problem | None:
    """Rule 1: the problem when ``raw`` (a whole, non-empty file) stops in mid-line."""
    if not raw or raw.endswith(_LINE_ENDS):
        return None
    lines = raw.splitlines()
    last = lines[-1] if lines else raw
    column = len(last.decode("utf-8", "replace")) + 1
    return Problem(shown_as, max(1, len(lines)), column,
                   "the file ends in the middle of a line, as a file cut off while it was "
                   "written does",
                   "if the file is complete, end it with a line break (an empty last line); "
                   "if it was being copied, copy it again")


def start_of_last_good(raw: bytes, last_good: bytes | None, shown_as: str) -> Problem | None:
    """Rule 2: the problem when ``raw`` is a shorter, exact start of ``last_good``."""
    if last_good is None or len(raw) >= len(last_good) or not last_good.startswith(raw):
        return None
    kept, had = raw.count(b"\n"), last_good.count(b"\n")
    return Problem(shown_as, kept + 1, 1,
                   f"the file stops after line {kept} of the {had} lines "
                   "it had in the last good copy, as a file cut off while it was written "
                   "does; the last good content is shown",
                   "if you removed its end on purpose, save the file once more and it is "
                   "taken")


def looks_cut_off(raw: bytes, last_good: bytes | None, shown_as: str) -> Problem | None:
    """Either rule's problem for a file's bytes (``last_good``: its last good version)."""
    return unfinished_line(raw, shown_as) or start_of_last_good(raw, last_good, shown_as)

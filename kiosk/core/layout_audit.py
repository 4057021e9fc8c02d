"""The layout audit: the boxes a laid-out slide drew, checked against the rules every slide
layout must keep, on any screen and for any content the manual allows.

A slide view reports every box it drew (kiosk/runtime/slides/boxes.py): each text, picture,
QR code (its white tile is the quiet zone), panel, diagram node, chart bar, value and
category label, and decoration, with the content's place in the files where there is one.
A text's box carries what the text-fitting engine (kiosk/runtime/text_fit.py) decided and
measured: its size before and after fitting, the lines it was cut by, whether a word was wider
than its box, its characters per line.
This module is pure: it knows nothing of Qt, so the rules are tested on hand-made boxes and
the same code judges every slide the fit check lays out.

The rules (issue 20):

- every box lies inside the screen, and every content box inside the slide's safe area;
- no two content boxes overlap, unless one is drawn on the other on purpose over a scrim;
- no text sits on a picture or on a QR code's quiet zone;
- every text is complete, or it was shortened and is reported (with the real cause);
- no axis or category label is cut (the layouts thin, rotate or wrap them instead);
- no text is smaller than the legible minimum at 2 m for the screen;
- no decorative motif (the rings) is drawn across a text, unless the text sits on a scrim.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

CONTENT_KINDS = frozenset({"text", "figure", "category", "value", "picture", "qr", "panel",
                           "node", "bar"})
"""Kinds that carry content: they must stay in the safe area and clear of each other."""
TEXT_KINDS = frozenset({"text", "figure", "category", "value"})
"""Kinds that are words a visitor reads."""
COVERS = frozenset({"picture", "qr"})
"""Kinds no text may be drawn on: a picture, a QR code's white quiet zone."""
LEGIBLE_FRACTION = 0.02
"""The smallest text legible from 2 m: 2 % of the screen's shorter side (22 px at 1080, the
smallest caption size the manual allows, ``type_scale.caption`` 0.02)."""
TOLERANCE = 1
"""Pixels of rounding two boxes may share (anti-aliased edges, odd sizes halved)."""
DISC_EDGE = 2
"""Pixels a disc's anti-aliased edge may touch a box by (the "1+6" hub and its measures)."""


@dataclass(frozen=True)
class Rect:
    """A box in screen pixels: left, top, width, height."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        """One past the last column."""
        return self.x + self.width

    @property
    def bottom(self) -> int:
        """One past the last row."""
        return self.y + self.height

    def empty(self) -> bool:
        """Whether the box covers no pixel."""
        return self.width <= 0 or self.height <= 0

    def overlap(self, other: Rect) -> Rect:
        """The part both boxes cover (empty when they do not meet)."""
        x, y = max(self.x, other.x), max(self.y, other.y)
        return Rect(x, y, min(self.right, other.right) - x, min(self.bottom, other.bottom) - y)

    def meets(self, other: Rect, tolerance: int = TOLERANCE) -> bool:
        """Whether the boxes share more than ``tolerance`` pixels each way."""
        shared = self.overlap(other)
        return shared.width > tolerance and shared.height > tolerance

    def inside(self, other: Rect, tolerance: int = TOLERANCE) -> bool:
        """Whether this box lies within ``other`` (give or take ``tolerance``)."""
        return (self.x >= other.x - tolerance and self.y >= other.y - tolerance
                and self.right <= other.right + tolerance
                and self.bottom <= other.bottom + tolerance)

    def __str__(self) -> str:
        return f"{self.width}×{self.height} at ({self.x}, {self.y})"


@dataclass(frozen=True)
class Box:
    """One thing a slide drew, where, and (for a text) how it fared."""

    ident: int
    """Unique within one report; :attr:`owner` refers to it."""
    kind: str
    """text, figure, category, value, picture, qr, panel, node, bar or decoration."""
    rect: Rect
    name: str = ""
    """What a curator calls it: "card 3's headline", "the QR code"."""
    where: tuple[str, int, int] | None = None
    """The content's place in the files (file, line, column), where there is one."""
    owner: int | None = None
    """The panel or node it is drawn in (a card's name in its card): no overlap with it."""
    content: str = ""
    """The text as written (texts only)."""
    language: str = "en"
    px: int = 0
    """The pixel size the text is drawn at."""
    designed_px: int = 0
    """The size the slide type designs it at, before shrinking to fit."""
    fitted_px: int = 0
    """The size it needed on its own (its group may show it smaller, to match)."""
    floor_px: int = 0
    """The size it may shrink to."""
    cut_lines: int = 0
    """Lines that did not fit: the text ends in an ellipsis."""
    too_wide: bool = False
    """It was cut because one word is wider than the box (not for want of height)."""
    chars_per_line: int = 1
    """About how many characters one line holds (to say how much to shorten)."""
    below_picture: bool = False
    """It shares its panel with a picture above it: height lost is the picture's."""
    scrim: bool = False
    """Drawn over other boxes on purpose, on a scrim that keeps its contrast."""
    free: bool = False
    """May leave the safe area (a full-bleed picture, a detail's overlay)."""
    round: bool = False
    """A disc inscribed in :attr:`rect` (the reforms' hub): only the disc collides."""
    motif: bool = False
    """A decoration drawn for looks alone (the rings): it must never cross a text. A diagram's
    own lines (a timeline's track, the hub's spokes) join its parts under them on purpose."""
    inner: int = 0
    """For a round decoration (rings): the radius of the empty middle the rings leave; its
    strokes lie between this and the disc's edge, and text may sit in the middle."""


@dataclass(frozen=True)
class Violation:
    """One broken rule, in a curator's words."""

    rule: str
    """outside, unsafe, overlap, on-picture, cut, category-cut, shrunk, illegible,
    decoration."""
    box: Box
    message: str
    hint: str
    severity: Literal["error", "warning"] = "error"
    other: Box | None = None


@dataclass(frozen=True)
class Screen:
    """The screen the boxes were laid out for, and its safe area."""

    width: int
    height: int
    safe: Rect
    """Inside the margins and above the kiosk's own controls: where content may go."""

    @property
    def rect(self) -> Rect:
        return Rect(0, 0, self.width, self.height)

    @property
    def legible_px(self) -> int:
        """The smallest legible text at 2 m on this screen, in pixels."""
        return max(1, round(LEGIBLE_FRACTION * min(self.width, self.height)))

    def __str__(self) -> str:
        return f"{self.width}×{self.height}"


def is_chinese(text: str) -> bool:
    """Whether ``text`` holds Chinese characters (then a hyphen is never the fix)."""
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


@dataclass
class _Family:
    """Which boxes are drawn in which: an owner never collides with what it holds."""

    parents: dict[int, int | None] = field(default_factory=dict)

    def ancestors(self, ident: int) -> set[int]:
        seen: set[int] = set()
        current = self.parents.get(ident)
        while current is not None and current not in seen:
            seen.add(current)
            current = self.parents.get(current)
        return seen

    def related(self, one: Box, other: Box) -> bool:
        return one.ident in self.ancestors(other.ident) or other.ident in self.ancestors(
            one.ident)


def audit(boxes: list[Box], screen: Screen) -> list[Violation]:
    """Every rule the ``boxes`` drawn on ``screen`` break; empty when the layout holds."""
    family = _Family({box.ident: box.owner for box in boxes})
    violations: list[Violation] = []
    for box in boxes:
        violations.extend(_alone(box, screen))
    content = [box for box in boxes if box.kind in CONTENT_KINDS and not box.rect.empty()]
    for i, one in enumerate(content):
        for other in content[i + 1:]:
            if family.related(one, other) or not _meet(one, other):
                continue
            if one.scrim or other.scrim:
                continue  # drawn over on purpose, on a scrim that keeps its contrast
            if _backdrop(one, other) or _backdrop(other, one):
                continue  # an opaque tile (the QR code) on a full-bleed photo
            violations.append(_collision(one, other))
    violations.extend(_crossings(boxes))
    return violations


def _crossings(boxes: list[Box]) -> list[Violation]:
    """Every text a decoration is drawn across (a text on a scrim keeps its contrast)."""
    found = []
    decorations = [box for box in boxes
                   if box.kind == "decoration" and box.motif and not box.rect.empty()]
    for text in boxes:
        if text.kind not in TEXT_KINDS or text.scrim or text.rect.empty():
            continue
        for decoration in decorations:
            if _crosses(decoration, text.rect):
                name = text.name or "a text"
                found.append(Violation(
                    "decoration", text, f"the decoration is drawn across {name}",
                    "shorten the text, or set decorations: false on this slide",
                    other=decoration))
                break
    return found


def _crosses(decoration: Box, rect: Rect) -> bool:
    """Whether ``decoration`` draws on ``rect``: anywhere in its box, or for rings only
    between their empty middle and their outer edge."""
    if not decoration.rect.meets(rect):
        return False
    if not decoration.round:
        return True
    box = decoration.rect
    cx, cy = box.x + box.width / 2, box.y + box.height / 2
    outer = min(box.width, box.height) / 2
    nearest_x = min(max(cx, rect.x), rect.right)
    nearest_y = min(max(cy, rect.y), rect.bottom)
    farthest_x = max(abs(rect.x - cx), abs(rect.right - cx))
    farthest_y = max(abs(rect.y - cy), abs(rect.bottom - cy))
    nearest = math.hypot(nearest_x - cx, nearest_y - cy)
    farthest = math.hypot(farthest_x, farthest_y)
    return nearest < outer - TOLERANCE and farthest > decoration.inner + TOLERANCE


def _backdrop(photo: Box, other: Box) -> bool:
    """Whether ``photo`` is a full-bleed picture under ``other``, which is not a text."""
    return photo.kind == "picture" and photo.free and other.kind not in TEXT_KINDS


def _meet(one: Box, other: Box) -> bool:
    """Whether two boxes share pixels; a round one only where its disc is."""
    if not one.rect.meets(other.rect):
        return False
    for disc, box in ((one, other), (other, one)):
        if disc.round and not box.round:
            r = min(disc.rect.width, disc.rect.height) / 2 - DISC_EDGE
            cx, cy = disc.rect.x + disc.rect.width / 2, disc.rect.y + disc.rect.height / 2
            nx = min(max(cx, box.rect.x), box.rect.right)
            ny = min(max(cy, box.rect.y), box.rect.bottom)
            return (nx - cx) ** 2 + (ny - cy) ** 2 < r * r
    return True


def _alone(box: Box, screen: Screen) -> list[Violation]:
    """The rules one box keeps on its own: on the screen, in the safe area, whole, legible."""
    found: list[Violation] = []
    name = box.name or f"a {box.kind}"
    if box.rect.empty():
        return found
    if box.kind == "decoration":
        return found  # a motif may bleed off the edge by design; it carries no content
    if not box.rect.inside(screen.rect):
        found.append(Violation("outside", box, f"{name} runs off the screen ({box.rect} on "
                                                f"{screen})", _shorten_or_fewer(box)))
    elif box.kind in CONTENT_KINDS and not box.free and not box.rect.inside(screen.safe):
        found.append(Violation("unsafe", box, f"{name} leaves the safe area (the margins, or "
                                              f"the kiosk's controls at the bottom)",
                               _shorten_or_fewer(box)))
    if box.kind not in TEXT_KINDS:
        return found
    if box.cut_lines:
        found.append(_cut(box))
    elif box.floor_px and (box.fitted_px or box.px) <= box.floor_px < box.designed_px:
        found.append(Violation("shrunk", box, f"{name} fits only shrunk to the smallest size "
                                              f"({box.fitted_px or box.px} px instead of "
                                              f"{box.designed_px} px)",
                               "shorten it a little so it shows at its designed size",
                               "warning"))
    if box.px and box.px < screen.legible_px:
        found.append(Violation("illegible", box, f"{name} is drawn at {box.px} px, below the "
                                                 f"{screen.legible_px} px a visitor reads from "
                                                 f"2 m on {screen}", _shorten_or_fewer(box)))
    return found


def _cut(box: Box) -> Violation:
    """A text that was shortened: say why (too wide a word, too little height) and the fix
    that makes sense for its language."""
    name = box.name or "a text"
    chinese = is_chinese(box.content) or box.language == "zh"
    lines = f"{box.cut_lines} line{'s' if box.cut_lines > 1 else ''}"
    shorten = max(5 if not chinese else 2, box.cut_lines * box.chars_per_line)
    if box.kind == "figure":  # a number squeezed below its height: Qt clips its digits
        return Violation("cut", box, f"{name} is cut: its tile is too short for the number",
                         "shorten the words under the figures, or show fewer figures")
    if box.kind in ("category", "value"):
        return Violation("category-cut", box, f"{name} is cut short: it does not fit beside "
                                              f"the other labels even turned on its side",
                         "shorten the label (a year as '25 or 2025 → '25), or show fewer bars")
    if box.too_wide:
        if chinese:
            hint = ("write a line break (\\n) where it may break, or use a shorter name")
        else:
            hint = "use a shorter word, or write a line break (\\n) or a hyphen inside it"
        return Violation("cut", box, f"{name} has a word too wide for its box", hint)
    length = len(box.content)
    # Cutting more than half: say what to keep (at least the line it still shows).
    how = (f"shorten it to about {max(box.chars_per_line, length - shorten, 1)} characters"
           if length and shorten > length // 2 else f"shorten it by about {shorten} characters")
    if box.below_picture:
        return Violation("cut", box, f"{name} is {lines} too long",
                         f"too little height under the picture: {how}, or drop the picture")
    return Violation("cut", box, f"{name} is {lines} too long", how)


def _collision(one: Box, other: Box) -> Violation:
    """Two content boxes drawn on each other: name the pair, text first."""
    if other.kind in TEXT_KINDS and one.kind not in TEXT_KINDS:
        one, other = other, one
    first = one.name or f"a {one.kind}"
    second = other.name or f"a {other.kind}"
    if one.kind in TEXT_KINDS and other.kind == "qr":
        return Violation("on-picture", one, f"{first} is drawn on the QR code's quiet zone",
                         "shorten it: phones cannot scan a code with text on its white edge",
                         other=other)
    if one.kind in TEXT_KINDS and other.kind == "picture":
        return Violation("on-picture", one, f"{first} is drawn on {second}",
                         "shorten the text, or drop the picture", other=other)
    return Violation("overlap", one, f"{first} and {second} are drawn on each other",
                     "shorten the texts, or use fewer items on this slide", other=other)


def _shorten_or_fewer(box: Box) -> str:
    if box.kind in TEXT_KINDS:
        return "shorten it, or use fewer items on this slide"
    return "use fewer items on this slide"

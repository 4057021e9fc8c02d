"""Icon names a curator may write (``icon: fa6s.microchip``), checked without Qt.

Icons come from two well-kept free sets that ship with qtawesome, which draws them:

* ``fa6s.*`` — Font Awesome 6 Free, solid style (icons CC BY 4.0, font SIL OFL 1.1);
* ``mdi6.*`` — Material Design Icons 6 by Pictogrammers (Apache 2.0).

The names are read from qtawesome's own character maps (JSON files beside its fonts), found
without importing qtawesome, which would import Qt: validation runs without a display.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ICON_SETS = {
    "fa6s": ("fontawesome6-solid-webfont-charmap-", "Font Awesome 6 Free, solid"),
    "mdi6": ("materialdesignicons6-webfont-charmap-", "Material Design Icons 6"),
}
"""Prefix → (the start of its character map's file name, the set's name)."""


@dataclass(frozen=True)
class IconProblem:
    """Why an icon name cannot be drawn, and what to write instead."""

    message: str
    hint: str


@cache
def icon_names(prefix: str) -> frozenset[str]:
    """Every icon name of the set ``prefix`` (empty when qtawesome is not installed)."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or spec.origin is None:
        return frozenset()
    fonts = Path(spec.origin).parent / "fonts"
    start = ICON_SETS[prefix][0]
    for charmap in sorted(fonts.glob(f"{start}*.json")):
        return frozenset(json.loads(charmap.read_text(encoding="utf-8")))
    return frozenset()


def icon_problem(name: str) -> IconProblem | None:
    """What is wrong with the icon ``name`` (``prefix.icon-name``), or None when it draws."""
    prefix, dot, icon = name.partition(".")
    sets = ", ".join(f"{p}.… ({title})" for p, (_start, title) in ICON_SETS.items())
    if not dot or prefix not in ICON_SETS:
        return IconProblem(f"icon '{name}' names no icon set we draw",
                           f"write the set and the icon, e.g. fa6s.microchip; sets: {sets}")
    names = icon_names(prefix)
    if not names:
        return IconProblem(f"icon '{name}' cannot be checked: the icon sets are not installed",
                           "install the kiosk with its dependencies (scripts/bootstrap.sh)")
    if icon in names:
        return None
    close = difflib.get_close_matches(icon, names, n=3, cutoff=0.6)
    hint = (f"did you mean {', '.join(f'{prefix}.{c}' for c in close)}?" if close else
            f"look the name up in {ICON_SETS[prefix][1]} (qta-browser lists them)")
    return IconProblem(f"icon '{name}' is not in {ICON_SETS[prefix][1]}", hint)

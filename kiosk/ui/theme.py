"""The deck's theme applied to one screen size: pixel sizes, fonts and colours for views.

Sizes are fractions of the screen's shorter side (so a layout reads the same at 1280×720,
3840×2160 and on a portrait 1080×1920 screen); this module turns them into pixels.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont

from kiosk.content.model import Theme

_EMPHASIS = re.compile(r"\*([^*\n]+)\*")


@dataclass(frozen=True)
class Look:
    """A :class:`Theme` at a given screen size."""

    theme: Theme
    size: QSize

    @property
    def unit(self) -> float:
        """The screen's shorter side in pixels: what every theme fraction multiplies."""
        return float(min(self.size.width(), self.size.height()))

    @property
    def portrait(self) -> bool:
        return self.size.height() > self.size.width()

    def px(self, fraction: float) -> int:
        """``fraction`` of the shorter side, in whole pixels (at least 1)."""
        return max(1, round(fraction * self.unit))

    def grid(self, steps: float = 1.0) -> int:
        """``steps`` units of the theme's spacing grid, in pixels."""
        return self.px(self.theme.spacing * steps)

    def color(self, name: str) -> QColor:
        """A palette colour by name: background, surface, text, muted, accent, accent_2..."""
        return QColor(getattr(self.theme.colors, name))

    def font(self, role: str, *, bold: bool = False, display: bool | None = None) -> QFont:
        """The font for a type-scale role: hero, title, number, body or caption."""
        fonts = self.theme.fonts
        use_display = role in ("hero", "title", "number") if display is None else display
        font = QFont(fonts.display if use_display else fonts.body)
        font.setPixelSize(self.px(getattr(self.theme.type_scale, role)))
        font.setBold(bold)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return font


def emphasis_html(text: str, accent: QColor) -> str:
    """Plain content text as safe rich text: everything escaped, ``*words*`` in the accent.

    Content never reaches Qt as markup of its own (the validator refuses tags); this is the
    one documented piece of markup a curator may use.
    """
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return _EMPHASIS.sub(
        lambda m: f'<span style="color:{accent.name()}; font-weight:700">{m.group(1)}</span>',
        escaped,
    )


def has_emphasis(text: str) -> bool:
    """Whether ``text`` uses the ``*emphasis*`` markup."""
    return bool(_EMPHASIS.search(text))

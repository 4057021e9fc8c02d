"""What people call a slide: its title, not its id. No Qt.

Staff jump to slides by what they see on screen, and a manager reads a report by the titles
the visitors read; ids (``quote-hygon``) are for curators' files and logs. Every slide type
has some visible words to name it by: its ``title``, else (a picture without one) its
``caption``, else (a quote) the speaker's name. The id is the last resort.
"""

from __future__ import annotations

import re

from kiosk.core.content.model import Deck, SlideBase, Text

_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    """One line without emphasis markers (``*six years*`` reads as ``six years``)."""
    return _SPACES.sub(" ", text.replace("*", "")).strip()


def slide_name(slide: SlideBase, language: str = "en") -> str:
    """The words that name ``slide`` in ``language``: title, caption, "Quote: speaker", or
    its id when it has none of them. (Each slide type has its own of these fields, if any.)"""
    for field_name in ("title", "caption"):
        text = getattr(slide, field_name, None)
        if isinstance(text, Text) and (shown := _plain(text.get(language))):
            return shown
    speaker = getattr(slide, "speaker", None)
    if isinstance(speaker, Text) and (shown := _plain(speaker.get(language))):
        return f"Quote: {shown}" if language == "en" else f"引言：{shown}"
    return slide.id


def slide_names(deck: Deck, language: str = "en") -> dict[str, str]:
    """Slide id → :func:`slide_name`, for every slide of ``deck``; two slides that read the
    same get their position added, so no two names are equal."""
    names = [slide_name(slide, language) for slide in deck.slides]
    counts = {name: names.count(name) for name in names}
    return {slide.id: (f"{name} ({number})" if counts[name] > 1 else name)
            for number, (slide, name) in enumerate(zip(deck.slides, names, strict=True),
                                                   start=1)}

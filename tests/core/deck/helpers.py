"""Decks built in code for tests (no content folder, no Qt)."""

from __future__ import annotations

from dataclasses import replace

from kiosk.core.content.model import Deck, Settings, Text, TitleSlide


def make_deck(n: int = 4, *, ids: list[str] | None = None, **settings: object) -> Deck:
    """A deck of ``n`` title slides s0..s{n-1} (or ``ids``) with the given settings."""
    ids = ids or [f"s{i}" for i in range(n)]
    slides = tuple(TitleSlide(id=i, title=Text.of(en=f"Slide {i}", zh=f"幻灯片 {i}")) for i in ids)
    base = Settings(title=Text.plain("Test deck"))
    return Deck(settings=replace(base, **settings), slides=slides)

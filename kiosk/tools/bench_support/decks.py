"""Decks made for measuring: a large generated deck, and copies of the bundled one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from kiosk.core.paths import BUNDLED_CONTENT


def bundled_slides() -> tuple[str, list[dict[str, Any]]]:
    """The bundled deck's settings block (as YAML text) and its slides, includes resolved."""
    deck = yaml.safe_load((BUNDLED_CONTENT / "deck.yaml").read_text(encoding="utf-8"))
    slides: list[dict[str, Any]] = []
    for item in deck["slides"]:
        if isinstance(item, dict) and set(item) == {"include"}:
            part = yaml.safe_load((BUNDLED_CONTENT / item["include"]).read_text(encoding="utf-8"))
            if isinstance(part, dict):
                part = part.get("slides", [])
            slides.extend(part)
        else:
            slides.append(item)
    settings = yaml.safe_dump({"settings": deck["settings"]}, allow_unicode=True, sort_keys=False)
    return settings, slides


def write_large_deck(folder: Path, count: int = 200, per_file: int = 20,
                     slide_duration: float | None = None) -> Path:
    """Write a ``count``-slide deck into ``folder``: the bundled slides (every type) repeated
    with fresh ids, ``per_file`` slides to an included file, as a curator would split it."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in BUNDLED_CONTENT.iterdir():  # images and anything else the slides point at
        if entry.is_dir():
            shutil.copytree(entry, folder / entry.name, dirs_exist_ok=True)
    settings, slides = bundled_slides()
    made = []
    for number in range(count):
        slide = dict(slides[number % len(slides)])
        slide["id"] = f"{slide['id']}-{number:04d}"
        made.append(slide)
    includes = []
    for start in range(0, count, per_file):
        name = f"part-{start // per_file:03d}.yaml"
        text = yaml.safe_dump(made[start:start + per_file], allow_unicode=True, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
        includes.append({"include": name})
    deck_text = settings + yaml.safe_dump({"slides": includes}, sort_keys=False)
    if slide_duration is not None:
        deck_text = deck_text.replace("slide_duration:", f"slide_duration: {slide_duration}  #", 1)
    (folder / "deck.yaml").write_text(deck_text, encoding="utf-8")
    return folder


def copy_bundled(folder: Path) -> Path:
    """A copy of the bundled content folder (to edit, reload, or time without touching it)."""
    shutil.copytree(BUNDLED_CONTENT, folder, dirs_exist_ok=True)
    return folder

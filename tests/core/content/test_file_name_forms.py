"""File names compared in NFC, with a warning naming the form of each (issue 21, item 9)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kiosk.core.content.loader import load_deck
from tests.core.content.pictures import png_bytes

NFC, NFD = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")


def _folder(tmp_path: Path, written: str, on_disk: str) -> Path:
    folder = tmp_path / "content"
    folder.mkdir(parents=True)
    (folder / "deck.yaml").write_text(
        f"settings:\n  title: T\nslides:\n  - include: {written}.yaml\n", encoding="utf-8")
    (folder / f"{on_disk}.yaml").write_text(
        "- type: title\n  id: t\n  title: T\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("written", "on_disk", "written_form", "disk_form"), [
    (NFC, NFD, "composed form (NFC)", "decomposed form (NFD)"),
    (NFD, NFC, "decomposed form (NFD)", "composed form (NFC)"),
])
def test_an_include_named_in_another_unicode_form_is_found_with_a_warning(
        tmp_path, written, on_disk, written_form, disk_form):
    result = load_deck(_folder(tmp_path, written, on_disk))
    assert result.deck is not None and [s.id for s in result.deck.slides] == ["t"]
    (warning,) = result.warnings
    assert (warning.line, warning.column) == (4, 14)
    assert f"is written in {written_form} but the file is named in {disk_form}" in \
        warning.message
    assert "not found" not in str(warning)


def test_a_picture_folder_in_another_form_is_found_too(tmp_path):
    folder = tmp_path / "content"
    (folder / NFD).mkdir(parents=True)
    (folder / NFD / "x.png").write_bytes(png_bytes(64, 64))
    (folder / "deck.yaml").write_text(
        f"settings:\n  title: T\nslides:\n  - type: title\n    id: t\n    title: T\n"
        f"    image: {NFC}/x.png\n", encoding="utf-8")
    result = load_deck(folder)
    assert result.deck is not None
    assert result.deck.slides[0].image.resolved == str(folder / NFD / "x.png")
    (warning,) = [w for w in result.warnings if "form" in w.message]  # (also: a small picture)
    assert warning.line == 7 and "decomposed form (NFD)" in warning.message


def test_the_same_form_gives_no_warning_and_a_real_typo_is_still_an_error(tmp_path):
    assert not load_deck(_folder(tmp_path / "a", NFC, NFC)).problems
    result = load_deck(_folder(tmp_path / "b", "cafe", NFD))
    (error,) = result.errors
    assert "not found" in error.message

"""Timings that would look broken on screen are warned about (issue 21, item 9)."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.content.loader import load_deck

SLIDE = "slides:\n  - type: title\n    id: t\n    title: T\n"


def _load(tmp_path: Path, settings: str, slide_extra: str = ""):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "deck.yaml").write_text(
        f"settings:\n  title: T\n{settings}{SLIDE}{slide_extra}", encoding="utf-8")
    return load_deck(folder)


def test_a_slide_shorter_than_its_transition_is_warned(tmp_path):
    result = _load(tmp_path, "  transition_ms: 3000\n", "    duration: 2\n")
    assert result.deck is not None  # a warning: the deck still runs
    (warning,) = result.warnings
    assert warning.line == 8 and "slide t.duration is 2 s but the transition takes 3 s" in \
        warning.message
    assert "at least 4 s" in warning.hint


def test_a_deck_wide_duration_shorter_than_the_transition_is_warned(tmp_path):
    result = _load(tmp_path, "  slide_duration: 2\n  transition_ms: 3000\n")
    (warning,) = result.warnings
    assert warning.line == 3 and "settings.slide_duration is 2 s" in warning.message


def test_a_countdown_that_starts_right_after_a_touch_is_warned(tmp_path):
    result = _load(tmp_path, "  idle_timeout: 30\n  idle_warning: 29.99\n")
    assert result.deck is not None
    (warning,) = result.warnings
    assert warning.line == 4 and "would start 0.01 s after a touch" in warning.message


def test_ordinary_timings_give_no_warning(tmp_path):
    result = _load(tmp_path, "  slide_duration: 2\n  transition_ms: 650\n  idle_timeout: 30\n"
                             "  idle_warning: 10\n")
    assert not result.problems

"""``check`` and ``export`` let each slide's views and pictures go once it is done, so their
memory is that of one slide, whatever the deck's length (figures: bench/deck_memory.py)."""

from __future__ import annotations

import gc
from argparse import Namespace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from kiosk.core.content.loader import load_deck
from kiosk.runtime import pictures
from kiosk.tools.export import export_deck
from kiosk.tools.fitcheck import Screen, check_deck

HARBOUR = Path(__file__).resolve().parent.parent / "decks" / "harbour"


def _live_widgets() -> int:
    """Widgets alive now, once what earlier tests let go of is really gone (else a collection
    inside ``check`` frees their widgets too, and the count drops below where it started)."""
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return len(QApplication.allWidgets())


@pytest.mark.slow
def test_check_leaves_no_slide_view_and_no_picture_behind(qapp):
    result = load_deck(HARBOUR)
    assert result.deck is not None
    before = _live_widgets()
    check_deck(result.deck, result.places, [Screen(960, 540)], ["en"])
    assert _live_widgets() == before
    assert pictures.cached_count() == 0  # every slide's pictures were let go


@pytest.mark.slow
def test_export_leaves_no_slide_view_behind(qapp, tmp_path, capsys):
    before = _live_widgets()
    # (At this small size one chart label does not fit: export says so and exits 1.)
    export_deck(Namespace(content=str(HARBOUR), out=str(tmp_path), size=(960, 540), lang="en"))
    assert _live_widgets() == before
    assert len(list(tmp_path.glob("*.png"))) == 10

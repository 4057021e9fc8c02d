"""The view cache on its own: built once, a few kept, views in use never let go."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from kiosk.runtime.stage.cache import CACHE_SIZE, ViewCache
from kiosk.runtime.theme import Look
from tests.core.deck.helpers import make_deck
from tests.runtime.input.kiosk_helpers import fake_factory


def make_cache(qtbot, in_use=()):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(640, 360)
    deck = make_deck(CACHE_SIZE + 3)
    cache = ViewCache(fake_factory, Look(deck.settings.theme, QSize(640, 360)), parent,
                      lambda: list(in_use))
    return cache, deck


def test_a_view_is_built_once_hidden_at_the_stage_size_and_announced(qtbot):
    cache, deck = make_cache(qtbot)
    created = []
    cache.created.connect(created.append)
    view = cache.view_for(deck.slides[0], "en", reduce_motion=False)
    assert cache.view_for(deck.slides[0], "en", reduce_motion=False) is view
    assert created == [view] and view.isHidden() and view.size() == QSize(640, 360)


def test_a_cached_view_comes_back_in_the_language_asked_for(qtbot):
    cache, deck = make_cache(qtbot)
    view = cache.view_for(deck.slides[0], "en", reduce_motion=False)
    assert cache.has(deck.slides[0], "en") and not cache.has(deck.slides[0], "zh")
    assert cache.view_for(deck.slides[0], "zh", reduce_motion=False) is view
    assert view.language == "zh" and cache.has(deck.slides[0], "zh")


def test_the_least_recently_used_go_first_but_never_a_view_in_use(qtbot):
    in_use: list = []
    cache, deck = make_cache(qtbot, in_use)
    first = cache.view_for(deck.slides[0], "en", reduce_motion=False)
    in_use.append(first)
    for slide in deck.slides[1:]:
        cache.view_for(slide, "en", reduce_motion=False)
    kept = [view.slide.id for view in cache.views]
    assert len(kept) == CACHE_SIZE
    assert "s0" in kept  # in use: kept although the oldest
    assert kept[-1] == deck.slides[-1].id and "s1" not in kept


def test_a_reload_lets_go_of_views_of_slides_that_are_gone(qtbot):
    in_use: list = []
    cache, deck = make_cache(qtbot, in_use)
    views = [cache.view_for(slide, "en", reduce_motion=False) for slide in deck.slides[:3]]
    in_use.append(views[2])
    cache.keep_only(deck.slides[:1])
    assert cache.views == [views[0], views[2]]  # s1 went; s2 is on screen, it stays


def test_a_chinese_view_laid_out_before_its_word_breaks_arrived_is_built_again(
        qtbot, monkeypatch):
    from kiosk.runtime import wordbreak

    cache, deck = make_cache(qtbot)
    english = cache.view_for(deck.slides[0], "en", reduce_motion=False)
    chinese = cache.view_for(deck.slides[1], "zh", reduce_motion=False)
    assert cache.view_for(deck.slides[1], "zh", reduce_motion=False) is chinese
    monkeypatch.setattr(wordbreak, "_generation", wordbreak.generation() + 1)  # answers came
    assert cache.view_for(deck.slides[0], "en", reduce_motion=False) is english  # no Chinese
    rebuilt = cache.view_for(deck.slides[1], "zh", reduce_motion=False)
    assert rebuilt is not chinese and rebuilt.language == "zh"
    assert cache.view_for(deck.slides[1], "zh", reduce_motion=False) is rebuilt  # once


def test_a_view_in_use_is_never_rebuilt_under_the_visitor(qtbot, monkeypatch):
    from kiosk.runtime import wordbreak

    in_use: list = []
    cache, deck = make_cache(qtbot, in_use)
    shown = cache.view_for(deck.slides[1], "zh", reduce_motion=False)
    in_use.append(shown)
    monkeypatch.setattr(wordbreak, "_generation", wordbreak.generation() + 1)
    assert cache.view_for(deck.slides[1], "zh", reduce_motion=False) is shown

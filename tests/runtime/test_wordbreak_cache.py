"""The word-break cache fails soft: a corrupt, huge, FIFO or unreadable file is ignored and
rebuilt, and reading it never blocks the start."""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

import pytest

from kiosk.runtime import wordbreak

RUN = "磁悬浮列车"
JOINED = "磁\u2060悬\u2060浮\u2060列\u2060车"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A fresh process's word-break state, with its cache file in ``tmp_path``."""
    path = tmp_path / wordbreak.CACHE_NAME
    monkeypatch.setattr(wordbreak, "_cache_path", lambda: path)
    monkeypatch.setattr(wordbreak, "_joined_runs", {})
    monkeypatch.setattr(wordbreak, "_cache_loaded", False)
    monkeypatch.setattr(wordbreak, "_generation", 0)
    # What earlier tests in this process left: deck terms, and jieba loaded in-process (by
    # check and export), both of which join runs the cache never answered.
    monkeypatch.setattr(wordbreak, "_terms", frozenset())
    monkeypatch.setattr(wordbreak, "_in_process", None)
    return path


def good_table() -> str:
    version = wordbreak._cache_version()
    assert version, "these tests need jieba installed (its version names the cache)"
    return json.dumps({"version": version, "runs": {RUN: JOINED}}, ensure_ascii=False)


def load_within(seconds: float) -> None:
    """Load the cache on a thread; fail (rather than hang the suite) if it blocks."""
    errors: list[BaseException] = []

    def load() -> None:
        try:
            wordbreak._load_cache()
        except BaseException as error:  # noqa: BLE001 - handed to the test below
            errors.append(error)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "reading the word-break cache blocked the start"
    assert not errors, errors


def rebuilt(path: Path) -> dict[str, str]:
    """What the next answers leave in the cache file."""
    wordbreak._learn({RUN: JOINED})
    wordbreak._save_cache()
    return json.loads(path.read_text(encoding="utf-8"))["runs"]


def test_a_good_cache_is_learnt(cache):
    cache.write_text(good_table(), encoding="utf-8")
    load_within(10)
    assert wordbreak.keep_words_together(RUN) == JOINED


def test_a_cache_nested_too_deep_for_the_parser_is_ignored_and_rebuilt(cache, caplog):
    cache.write_text("[" * 100_000, encoding="utf-8")  # RecursionError in json, not ValueError
    with caplog.at_level(logging.WARNING):
        load_within(10)
    assert "ignored" in caplog.text and "rebuilt" in caplog.text
    assert wordbreak.keep_words_together(RUN) == RUN  # nothing learnt: the child will answer
    assert rebuilt(cache) == {RUN: JOINED}


@pytest.mark.parametrize("garbage", [b"\xff\xfe not utf-8", b"[1, 2]", b'"text"', b"{"])
def test_a_cache_that_is_not_a_table_is_ignored(cache, garbage):
    cache.write_bytes(garbage)
    load_within(10)
    assert rebuilt(cache) == {RUN: JOINED}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_place_of_the_cache_never_blocks_the_start_and_is_replaced(cache, caplog):
    os.mkfifo(cache)
    with caplog.at_level(logging.WARNING):
        load_within(10)  # a plain open() waits for a writer that never comes
    assert "not a regular file" in caplog.text
    assert rebuilt(cache) == {RUN: JOINED}
    assert cache.is_file()


def test_a_cache_over_the_size_cap_is_not_read(cache, monkeypatch):
    table = good_table()
    monkeypatch.setattr(wordbreak, "MAX_CACHE_BYTES", len(table.encode()) - 1)
    cache.write_text(table, encoding="utf-8")
    load_within(10)
    assert wordbreak.keep_words_together(RUN) == RUN  # valid, but too big to be trusted
    monkeypatch.setattr(wordbreak, "MAX_CACHE_BYTES", len(table.encode()))
    wordbreak._cache_loaded = False
    load_within(10)
    assert wordbreak.keep_words_together(RUN) == JOINED  # exactly at the cap: read


def test_a_folder_in_place_of_the_cache_is_ignored(cache):
    cache.mkdir()
    load_within(10)
    assert wordbreak.keep_words_together(RUN) == RUN


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_cache_is_ignored_and_replaced(cache):
    cache.write_text(good_table(), encoding="utf-8")
    cache.chmod(0)
    load_within(10)
    assert wordbreak.keep_words_together(RUN) == RUN
    assert rebuilt(cache) == {RUN: JOINED}  # the answers are written over it


def test_no_thread_for_the_segmenter_is_a_warning_not_a_crash(cache, monkeypatch, caplog):
    """At the task limit the kiosk keeps running; Chinese lines break as Qt breaks them."""
    def refuse(self) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(wordbreak.threading.Timer, "start", refuse)
    with caplog.at_level(logging.WARNING):
        assert wordbreak.prepare([RUN], delay=0) is None
    assert "can't start new thread" in caplog.text
    assert wordbreak.keep_words_together(RUN) == RUN

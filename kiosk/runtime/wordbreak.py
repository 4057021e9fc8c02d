"""Chinese line breaks between words, never inside one.

Qt breaks Chinese between any two characters, so a label can end a line in the middle of a
word (磁悬/浮, 车载电/池, 八分/钟). Before a Chinese text reaches a label, it is segmented into
words with jieba (a dictionary-based segmenter made for Chinese) and a WORD JOINER (U+2060,
invisible, zero width; Unicode line breaking forbids a break on either side of it) is put
between the characters of each word. Qt then breaks only between words, and still follows the
Chinese rules for punctuation at line starts and ends.

Why jieba, not break hints typed by curators: curators would have to mark every word of every
label in both orientations; a segmenter gets it right without them, and a curator who wants
a break at a particular place can still write a line break (``\\n``) there.

jieba reads its dictionary once per process (about a second from its cache in the user cache
folder; a few seconds the very first time, to build that cache); :func:`warm_up` starts that
in a background thread when the fonts are loaded, so a Chinese slide built a few seconds after
start does not wait. A deck that starts in Chinese waits for it before its first slide.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from pathlib import Path

log = logging.getLogger(__name__)

WORD_JOINER = "\u2060"
LONGEST_WORD = 6
"""Longer runs stay breakable: one unbreakable block must never be wider than a narrow box."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ready = threading.Event()
_lock = threading.Lock()
_segmenter = None


def _load() -> None:
    global _segmenter
    with _lock:
        if _segmenter is not None:
            return
        try:
            import jieba
            from platformdirs import user_cache_dir

            # Its prebuilt dictionary cache lives in our own cache folder, not the shared /tmp
            # (emptied at boot, and writable by anyone); a cache it cannot write only costs
            # a slower next start, so jieba's own messages stay quiet.
            jieba.setLogLevel(logging.CRITICAL)
            cache = Path(user_cache_dir("star-kiosk", appauthor=False))
            cache.mkdir(parents=True, exist_ok=True)
            jieba.dt.tmp_dir = str(cache)
            jieba.initialize()
            _segmenter = jieba
        except Exception:  # no segmenter: Qt's character breaks, never a failure
            log.warning("Chinese word segmentation is unavailable; lines break anywhere",
                        exc_info=True)
            _segmenter = False
        finally:
            _ready.set()


def warm_up() -> None:
    """Start loading the segmenter's dictionary in the background (idempotent)."""
    if not _ready.is_set() and not _lock.locked():
        threading.Thread(target=_load, name="jieba-warm-up", daemon=True).start()


@functools.lru_cache(maxsize=4096)
def keep_words_together(text: str) -> str:
    """``text`` with a WORD JOINER inside every Chinese word; other text unchanged."""
    if not _HAN.search(text):
        return text
    _load()  # waits for the warm-up if it is still running
    if not _segmenter:
        return text
    pieces = []
    for word in _segmenter.cut(text, HMM=True):
        if 2 <= len(word) <= LONGEST_WORD and all(_HAN.match(ch) for ch in word):
            pieces.append(WORD_JOINER.join(word))
        else:
            pieces.append(word)
    return "".join(pieces)

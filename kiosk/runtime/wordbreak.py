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

jieba reads its dictionary once per process (about a second of CPU from its cache in the user
cache folder, a few seconds the very first time, to build that cache; it then holds about
80 MB). :func:`warm_up` starts that in a background thread two seconds after the fonts load,
so it never delays the first frame, and the GUI thread never waits for it: a Chinese text laid
out before it is ready (the first slides of a deck that starts in Chinese) breaks as Qt breaks
it until that slide is next rebuilt. The fit check and export load it first
(:func:`load_now`), so they lay out what the kiosk shows once it is ready.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from pathlib import Path

log = logging.getLogger(__name__)

WORD_JOINER = "\u2060"
WARM_UP_DELAY = 2.0
"""Seconds after the fonts load before the dictionary is read: after the first frame."""
LONGEST_WORD = 6
"""Longer runs stay breakable: one unbreakable block must never be wider than a narrow box."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ready = threading.Event()
_lock = threading.Lock()
_segmenter = None
_scheduled = False


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


def warm_up(delay: float = WARM_UP_DELAY) -> None:
    """Load the segmenter's dictionary in the background, ``delay`` seconds from now, so it
    does not compete with the first frame (idempotent)."""
    global _scheduled
    if _scheduled or _ready.is_set():
        return
    _scheduled = True
    timer = threading.Timer(delay, _load)
    timer.name = "jieba-warm-up"
    timer.daemon = True
    timer.start()


def load_now() -> None:
    """Load the segmenter now and wait for it: offline tools (the fit check, export) lay out
    exactly what the kiosk shows once it is loaded."""
    _load()


def keep_words_together(text: str) -> str:
    """``text`` with a WORD JOINER inside every Chinese word; other text unchanged.

    Never waits: until the segmenter is loaded (a few seconds after start), Chinese text is
    returned as it is and Qt breaks it between any two characters.
    """
    if not _HAN.search(text) or not _ready.is_set() or not _segmenter:
        return text
    return _joined(text)


@functools.lru_cache(maxsize=4096)
def _joined(text: str) -> str:
    pieces = []
    for word in _segmenter.cut(text, HMM=True):
        if 2 <= len(word) <= LONGEST_WORD and all(_HAN.match(ch) for ch in word):
            pieces.append(WORD_JOINER.join(word))
        else:
            pieces.append(word)
    return "".join(pieces)

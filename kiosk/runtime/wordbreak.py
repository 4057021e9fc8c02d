"""Chinese line breaks between words, never inside one.

Qt breaks Chinese between any two characters, so a label can end a line in the middle of a
word (磁悬/浮, 车载电/池, 八分/钟). Before a Chinese text reaches a label, each run of Chinese
characters is replaced by the same run segmented into words with jieba (a dictionary-based
segmenter made for Chinese), with a WORD JOINER (U+2060, invisible, zero width; Unicode line
breaking forbids a break on either side of it) between the characters of each word. Qt then
breaks only between words, and still follows the Chinese rules for punctuation at line starts
and ends.

Why jieba, not break hints typed by curators: curators would have to mark every word of every
label in both orientations; a segmenter gets it right without them, and a curator who wants
a break at a particular place can still write a line break (``\\n``) there.

Beyond words, the usual Chinese line-breaking rules: a number stays with its unit or measure
word (2019年, 17.96亿元, 两千五百年: Qt would break between the digits and 亿元, jieba between
两千五百 and 年), a modal particle never starts a line (再来吧, not 再来 / 吧), a middle dot
never starts or ends one (马克·吐温). Closing punctuation at a line start and opening
punctuation at a line end (，。）》” / （《“) Qt already refuses, by the Unicode rules.

The deck's own words: jieba does not know every company or programme (百济/神州,
科创/成长/层). :func:`deck_terms` learns them from the deck — a text of two to six Chinese
characters and nothing else (a card's name, a measure's title) is a term — and adds the
curator's ``terms`` setting; :func:`use_terms` hands them to jieba as a user dictionary, so
they are kept whole wherever they appear in longer text.

Why jieba never runs inside the kiosk: its dictionary holds about 80 MB and takes a second of
CPU to read, which a kiosk running for weeks should neither keep nor spend beside its
animations. :func:`prepare` hands the Chinese runs of the deck (and of the kiosk's own texts)
to a short-lived child process (``python -m kiosk.runtime.wordbreak``) from a background
thread that only waits, and keeps the answers: a small table of runs. A text laid out before
the answers are in (the first slides of a deck that starts in Chinese, for a second or two)
breaks as Qt breaks it until that slide is next built. The offline tools (fit check, export)
call :func:`segment_in_process` instead and lay out exactly what the kiosk shows.

The answers are kept in the user's cache folder (``word-breaks.json``, for this jieba and
these rules), so a restart — the supervisor's after a fault, the morning's after a power
cut — starts with every known run and runs no child at all: the child costs about a second
of CPU beside the first slides' animations. The file is only a cache: an entry that is not
exactly its run with word joiners added is ignored, and a file that cannot be read or
written costs a child run, never a failure. It is read without blocking and only as a regular
file of at most :data:`MAX_CACHE_BYTES`: a FIFO (which would block the start for as long as
nobody writes to it), a device, a huge or a corrupt file (even one nested too deep for the
JSON parser) is ignored with one log line, and the next answers replace it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import re
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType

from kiosk.core.safe_files import read_regular_file, write_text_atomically
from kiosk.core.unbreakable import keep_dates_together, keep_short_compounds

log = logging.getLogger(__name__)

WORD_JOINER = "\u2060"
PREPARE_DELAY = 2.0
"""Seconds after start before the child is run: after the first frame."""
CHILD_TIMEOUT = 120.0
"""A child that takes longer is given up on (lines then break as Qt breaks them)."""
LONGEST_WORD = 6
"""Longer runs stay breakable: one unbreakable block must never be wider than a narrow box."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_TERM = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2," + str(LONGEST_WORD) + "}")
"""A term the deck teaches the segmenter: two to :data:`LONGEST_WORD` Chinese characters."""
_NUMBER_THEN_HAN = re.compile(r"(?<=[0-9\uff10-\uff19%\uff05])(?=[\u3400-\u4dbf\u4e00-\u9fff])")
"""Between a number written in digits and the Chinese after it: 17.96|亿元, 2019|年."""
_ORDINAL_THEN_DIGIT = re.compile(r"(?<=第)(?=[0-9\uff10-\uff19])")
"""Between 第 and the digits of an ordinal: 第|5."""
_AROUND_MIDDLE_DOT = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])([\u00b7\u30fb\u2027])"
                                r"(?=[\u3400-\u4dbf\u4e00-\u9fff])")
"""A middle dot between Chinese characters: the dot of a transcribed name (马克·吐温)."""
CHINESE_NUMERALS = frozenset("零〇一二三四五六七八九十百千万亿两几半多余数廿卅")
"""A word made only of these is a number written in Chinese: its unit follows it."""
PARTICLES = frozenset("吧呢吗啊呀嘛哦啦了么呗哈")
"""Modal particles: they close a sentence and never start a line."""
_terms: frozenset[str] = frozenset()
"""The deck's terms, kept whole by the segmenter (see :func:`use_terms`)."""
_original_frequencies: dict[str, int | None] = {}
"""In-process jieba: each term's frequency before it was added, to restore on removal."""
_joined_runs: dict[str, str] = {}
"""Chinese run → the same run with word joiners: everything the kiosk knows."""
_in_process: ModuleType | None = None
"""jieba itself, only in the offline tools (after :func:`segment_in_process`)."""
_lock = threading.Lock()
_generation = 0
"""Bumped each time new answers arrive: views laid out before may break Chinese badly."""
_cache_loaded = False
CACHE_NAME = "word-breaks.json"
RULES = 2
"""Bumped when :func:`_segment` changes what it writes: older cached answers are ignored."""
MAX_CACHE_BYTES = 4 * 1024 * 1024
"""A bigger cache file is ignored unread (a whole exhibition's runs take a few kilobytes)."""


def keep_words_together(text: str) -> str:
    """``text`` with a WORD JOINER inside every Chinese word it knows, and after the
    hyphens of short English compounds and inside dates (:mod:`kiosk.core.unbreakable`);
    other text unchanged.

    Never waits: a run not segmented yet is returned as it is, and Qt breaks it anywhere.
    """
    text = keep_dates_together(keep_short_compounds(text))
    if not _HAN.search(text):
        return text
    text = _HAN_RUN.sub(_joined, text)
    text = _NUMBER_THEN_HAN.sub(WORD_JOINER, text)
    text = _ORDINAL_THEN_DIGIT.sub(WORD_JOINER, text)
    return _AROUND_MIDDLE_DOT.sub(WORD_JOINER + r"\1" + WORD_JOINER, text)


def _joined(match: re.Match[str]) -> str:
    run = match.group(0)
    joined = _joined_runs.get(run)
    if joined is None and _in_process is not None:
        joined = _joined_runs[run] = _segment(_in_process, run, _terms)
    return joined or run


def generation() -> int:
    """How many batches of answers have arrived (a view built at an older generation may
    hold Chinese laid out without its word breaks)."""
    return _generation


def has_chinese(text: str) -> bool:
    """Whether ``text`` holds Chinese characters (then its breaks depend on the answers)."""
    return _HAN.search(text) is not None


def chinese_runs(texts: Iterable[str]) -> set[str]:
    """Every run of Chinese characters in ``texts``."""
    return {run for text in texts for run in _HAN_RUN.findall(text)}


def strings_in(value: object) -> Iterator[str]:
    """Every string inside ``value``: a deck, a slide, a Bilingual, or plain containers."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings_in(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from strings_in(item)


def deck_terms(deck: object) -> list[str]:
    """The words ``deck`` teaches the segmenter: its ``terms`` setting, and every text of
    two to six Chinese characters and nothing else (a card's name 百济神州, a measure's
    title 科创成长层, a figure's label 家上市公司): a name written alone somewhere is kept
    whole everywhere in the deck."""
    settings = getattr(deck, "settings", None)
    curated = [t for t in getattr(settings, "terms", ()) if _TERM.fullmatch(t)]
    learned = {text.strip() for text in strings_in(deck)}
    return list(dict.fromkeys([*curated, *sorted(t for t in learned if _TERM.fullmatch(t))]))


def use_terms(terms: Iterable[str]) -> None:
    """Segment with ``terms`` (see :func:`deck_terms`) from now on. Runs holding a term that
    was added or dropped are forgotten, so the next :func:`prepare` segments them again."""
    global _terms, _generation
    new = frozenset(t for t in terms if _TERM.fullmatch(t))
    with _lock:
        changed = new ^ _terms
        _terms = new
        stale = [run for run in _joined_runs if any(term in run for term in changed)]
        for run in stale:
            del _joined_runs[run]
        if stale:
            _generation += 1
    if changed and _in_process is not None:
        _teach(_in_process, new)


def _teach(jieba: ModuleType, terms: frozenset[str]) -> None:
    """Make jieba's dictionary hold exactly ``terms`` as user words (the earlier ones are
    restored to what they were)."""
    for term in list(_original_frequencies):
        if term not in terms:
            original = _original_frequencies.pop(term)
            if original is None:
                jieba.del_word(term)
            else:
                jieba.add_word(term, original)
    for term in sorted(terms):
        if term not in _original_frequencies:
            _original_frequencies[term] = jieba.dt.FREQ.get(term) or None
            # Well above what its pieces add up to: the term wins wherever it appears.
            jieba.add_word(term, max(jieba.suggest_freq(term, False), 1) * 1000)


def prepare(texts: Iterable[str], *, delay: float = PREPARE_DELAY) -> threading.Thread | None:
    """Segment the Chinese runs of ``texts`` not known yet, in a child process started
    ``delay`` seconds from now by a background thread; the kiosk never waits for it.

    Returns the thread (tests may join it), or None when there is nothing new to segment
    (or no thread could be started: the task limit costs the word breaks, never the kiosk).
    """
    _load_cache()
    with _lock:
        runs = sorted(chinese_runs(texts) - _joined_runs.keys())
    if not runs:
        return None
    thread = threading.Timer(delay, _segment_in_child, args=(runs, sorted(_terms)))
    thread.name = "word-breaks"
    thread.daemon = True
    try:
        thread.start()
    except RuntimeError as error:  # "can't start new thread": the task limit
        log.warning("Chinese word segmentation postponed (%s); lines break anywhere until the "
                    "next start or content change", error)
        return None
    return thread


def _segment_in_child(runs: list[str], terms: list[str]) -> None:
    command = [sys.executable, "-m", "kiosk.runtime.wordbreak"]
    try:
        request = json.dumps({"runs": runs, "terms": terms})
        answer = subprocess.run(command, input=request, capture_output=True,
                                text=True, encoding="utf-8", timeout=CHILD_TIMEOUT, check=True)
        joined = json.loads(answer.stdout)
        if not isinstance(joined, dict):
            raise ValueError("the child did not answer with a table")
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        log.warning("Chinese word segmentation is unavailable (%s); lines break anywhere",
                    error)
        return
    if frozenset(terms) != _terms:
        return  # the deck's terms changed meanwhile: these answers are for the old ones
    _learn({run: joined.get(run) for run in runs})
    log.info("Chinese word breaks ready for %d run(s)", len(runs))
    _save_cache()


def _learn(answers: dict[str, object]) -> int:
    """Keep the answers that are their run with word joiners added; return how many."""
    global _generation
    good = {run: joined for run, joined in answers.items()
            if isinstance(run, str) and isinstance(joined, str)
            and joined.replace(WORD_JOINER, "") == run}
    with _lock:
        fresh = {run: joined for run, joined in good.items() if _joined_runs.get(run) != joined}
        if fresh:
            _joined_runs.update(fresh)
            _generation += 1
    return len(fresh)


def _cache_version() -> str:
    try:
        from importlib.metadata import version

        # Answers depend on the deck's terms: another set of terms is another cache.
        terms = hashlib.sha256("\n".join(sorted(_terms)).encode()).hexdigest()[:16]
        return f"jieba {version('jieba')}, rules {RULES}, longest {LONGEST_WORD}, terms {terms}"
    except Exception:  # no jieba installed: nothing cached is trusted
        return ""


def _cache_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("star-kiosk", appauthor=False)) / CACHE_NAME


def _load_cache() -> None:
    """Learn the answers kept by an earlier run (once per process)."""
    global _cache_loaded
    if _cache_loaded:
        return
    _cache_loaded = True
    path = _cache_path()
    try:
        # A FIFO, a device or a huge file there is refused at once, never read (OSError).
        kept = json.loads(read_regular_file(path, MAX_CACHE_BYTES, follow_links=True)
                          .decode("utf-8"))
        if not isinstance(kept, dict):
            raise ValueError("not a table")
        if kept.get("version") == _cache_version() != "" and isinstance(kept.get("runs"), dict):
            _learn(kept["runs"])
    except FileNotFoundError:
        pass  # no cache yet: the child answers
    except (OSError, ValueError, RecursionError) as error:
        # A cache we cannot use costs one child run; the answers then replace the file.
        log.warning("word-break cache %s ignored (%s); it is rebuilt", path,
                    getattr(error, "strerror", None) or error)


def _save_cache() -> None:
    """Keep every answer known for the next start; a cache that cannot be written is skipped."""
    path = _cache_path()
    with _lock:
        table = {"version": _cache_version(), "runs": dict(sorted(_joined_runs.items()))}
    if not table["version"]:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, json.dumps(table, ensure_ascii=False), mode=0o644)
    except OSError as error:
        log.info("word breaks not cached for the next start (%s)", error)


def segment_in_process() -> None:
    """Load jieba into this process and segment from now on as text comes (the offline
    tools: they lay out exactly what the kiosk shows, and a process that ends soon can
    afford the dictionary). A missing jieba is logged; lines then break anywhere."""
    global _in_process
    if _in_process is None:
        _in_process = _load_jieba()
        if _in_process is not None and _terms:
            _teach(_in_process, _terms)


def _load_jieba() -> ModuleType | None:
    try:
        import jieba
        from platformdirs import user_cache_dir

        # Its prebuilt dictionary cache lives in our own cache folder, not the shared /tmp
        # (emptied at boot, and writable by anyone); a cache it cannot write only costs a
        # slower next start, so jieba's own messages stay quiet.
        jieba.setLogLevel(logging.CRITICAL)
        cache = Path(user_cache_dir("star-kiosk", appauthor=False))
        with contextlib.suppress(OSError):
            cache.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(cache)
        jieba.initialize()
        segmenter: ModuleType = jieba  # untyped (no stubs): typed from here on
        return segmenter
    except Exception:  # no segmenter: Qt's character breaks, never a failure
        log.warning("Chinese word segmentation is unavailable; lines break anywhere",
                    exc_info=True)
        return None


def _segment(jieba: ModuleType, run: str, terms: frozenset[str] = frozenset()) -> str:
    """``run`` with a WORD JOINER inside each word, and between the words the rules keep on
    one line: a number in Chinese and its unit (两千五百|年), a word and its particle (再来|吧).
    ``terms`` are kept whole whatever their length (they are at most six characters)."""
    pieces: list[str] = []
    previous = ""
    for word in jieba.cut(run, HMM=True):
        joined = (WORD_JOINER.join(word) if 2 <= len(word) <= LONGEST_WORD or word in terms
                  else word)
        if pieces and _stays_with_previous(previous, word):
            pieces.append(WORD_JOINER)
        pieces.append(joined)
        previous = word
    return "".join(pieces)


def _stays_with_previous(previous: str, word: str) -> bool:
    """Whether no line may break between the words ``previous`` and ``word``."""
    if len(word) == 1 and word in PARTICLES:
        return True
    return (len(word) <= 2 and bool(previous)
            and all(char in CHINESE_NUMERALS for char in previous))


def main() -> int:
    """The child: {"runs": [...], "terms": [...]} on stdin (Chinese runs, the deck's terms),
    a JSON object run → joined out."""
    request = json.loads(sys.stdin.read())
    jieba = _load_jieba()
    if jieba is None:
        return 1
    terms = frozenset(t for t in request.get("terms", []) if _TERM.fullmatch(t))
    _teach(jieba, terms)
    json.dump({run: _segment(jieba, run, terms) for run in request["runs"]}, sys.stdout,
              ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

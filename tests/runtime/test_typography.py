"""English is set in a Latin face (proportional ’ “ ” – —); Chinese keeps CJK punctuation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetricsF

from kiosk.core.content.model import Theme
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.theme import Look, make_label
from kiosk.runtime.wordbreak import segment_in_process


@pytest.fixture
def look(qapp):
    load_bundled_fonts()
    segment_in_process()  # the Chinese segmenter, as a running kiosk has it after start
    return Look(Theme(), QSize(1920, 1080))


@pytest.mark.parametrize("mark", ["\u2019", "\u201c", "\u201d"])
def test_english_curly_punctuation_has_the_advance_of_latin_punctuation(look, mark):
    label = make_label(look, "Dizal\u2019s \u201cplacement\u201d \u2013 a test", "body")
    metrics = QFontMetricsF(label.font())
    size = label.font().pixelSize()
    # A Latin apostrophe or quote is a narrow glyph; the CJK font's full-width one is 1 em.
    assert metrics.horizontalAdvance(mark) < 0.45 * size
    assert metrics.horizontalAdvance(mark) < 2.2 * metrics.horizontalAdvance("'")
    assert label.font().families()[0] == "Noto Sans"


def test_chinese_keeps_full_width_cjk_punctuation(look):
    label = make_label(look, "\u201c1\u201d：设立科创成长层", "body")
    metrics = QFontMetricsF(label.font())
    size = label.font().pixelSize()
    assert metrics.horizontalAdvance("：") > 0.8 * size
    assert metrics.horizontalAdvance("\u201c") > 0.8 * size
    assert metrics.horizontalAdvance("\u2026") > 0.8 * size


def glyphs_per_face(label) -> dict[str, int]:
    """How many glyphs of the label's text Qt draws with each face (family → count)."""
    from PySide6.QtGui import QTextLayout

    # The invisible word joiners (zero width, in no bundled face) are left out.
    layout = QTextLayout(label.text().replace("\u2060", ""), label.font())
    layout.beginLayout()
    layout.createLine().setLineWidth(100000)
    layout.endLayout()
    counts: dict[str, int] = {}
    for run in layout.glyphRuns():
        family = run.rawFont().familyName()
        counts[family] = counts.get(family, 0) + len(run.glyphIndexes())
    return counts


def test_a_chinese_name_inside_english_keeps_the_english_in_the_latin_face(look):
    # Whole-label switching set all of this in the CJK face: "canal’ s", a centred "…".
    text = "Gongchen Bridge (拱宸桥) ends the canal\u2019s route\u2026"
    label = make_label(look, text, "body")
    assert glyphs_per_face(label) == {"Noto Sans SC": 3, "Noto Sans": len(text) - 3}
    metrics = QFontMetricsF(label.font())
    assert metrics.horizontalAdvance("\u2019") < 0.45 * label.font().pixelSize()


def test_latin_words_and_numbers_inside_chinese_are_set_in_the_latin_face(look):
    label = make_label(look, "他说\u201c科创板\u201d很好，STAR Market 于2019年开板\u2026\u2026",
                       "body")
    # "STAR Market", the space after it and 2019 in the Latin face; the Chinese quotes and
    # ellipsis full-width, from the marks cut from the CJK face; the rest in the CJK face.
    assert glyphs_per_face(label) == {"Noto Sans": len("STAR Market 2019"),
                                      "Noto Sans SC Marks": 4,
                                      "Noto Sans SC": len("他说科创板很好，于年开板")}


@pytest.mark.parametrize("width", [150, 200, 260, 330])
def test_chinese_lines_break_between_words_never_inside_one(look, width):
    from kiosk.runtime.text_fit import lines_needed

    text = "磁悬浮列车与地铁换乘只要八分钟，车载电池安全可靠"
    label = make_label(look, text, "body")
    starts = [start for start, _length in lines_needed(label, width)]
    assert len(starts) > 1, "the test needs the text to wrap"
    shown = label.text()
    assert shown.replace("\u2060", "") == text  # nothing visible added
    # Map each line start back to the visible text: no line starts inside these words.
    visible_starts = {len(shown[:start].replace("\u2060", "")) for start in starts}
    for word in ("磁悬浮", "地铁", "八分钟", "电池", "安全"):
        begin = text.index(word)
        assert not any(begin < s < begin + len(word) for s in visible_starts), (word, shown)


@pytest.mark.slow
def test_the_kiosk_gets_its_word_breaks_from_a_child_process_not_its_own_memory(
        tmp_path) -> None:
    # In a fresh process, as the kiosk runs: prepare() hands the runs to a child; jieba (its
    # dictionary holds ~80 MB) is never imported by the kiosk itself.
    script = (
        "import sys\n"
        "from kiosk.runtime import wordbreak as w\n"
        "before = w.keep_words_together('磁悬浮列车八分钟到达')\n"
        "w.prepare(['科创板：磁悬浮列车八分钟到达'], delay=0).join(60)\n"
        "after = w.keep_words_together('Maglev（磁悬浮列车八分钟到达）')\n"
        "print(repr(before), repr(after), 'jieba' in sys.modules)\n"
    )
    before, after, loaded = _run_kiosk_side(script, tmp_path).split()
    assert "\\u2060" not in before  # nothing known yet: Qt's own breaks
    assert "磁\\u2060悬\\u2060浮" in after  # known now, also inside another text...
    assert loaded == "False"  # ...and the dictionary stayed in the child


def _run_kiosk_side(script: str, cache_home: Path) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            encoding="utf-8", timeout=120, check=True, env=env)
    return result.stdout.strip()


PREPARE_THEN_SHOW = (
    "from kiosk.runtime import wordbreak as w\n"
    "thread = w.prepare(['磁悬浮列车八分钟到达'], delay=0)\n"
    "ran_child = thread is not None\n"
    "if thread: thread.join(60)\n"
    "print(ran_child, repr(w.keep_words_together('磁悬浮列车八分钟到达')))\n"
)


@pytest.mark.slow
def test_a_restart_starts_with_the_word_breaks_it_learnt_and_runs_no_child(tmp_path) -> None:
    first = _run_kiosk_side(PREPARE_THEN_SHOW, tmp_path)
    again = _run_kiosk_side(PREPARE_THEN_SHOW, tmp_path)
    assert first.startswith("True") and "\\u2060" in first
    assert again == first.replace("True", "False", 1)  # same breaks, no child this time


@pytest.mark.slow
def test_a_tampered_word_break_cache_cannot_change_what_is_shown(tmp_path) -> None:
    _run_kiosk_side(PREPARE_THEN_SHOW, tmp_path)
    cache = next(tmp_path.rglob("word-breaks.json"))
    table = json.loads(cache.read_text(encoding="utf-8"))
    table["runs"]["磁悬浮列车八分钟到达"] = "广告\u2060文字"  # not the run with joiners added
    cache.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    shown = _run_kiosk_side(PREPARE_THEN_SHOW, tmp_path)
    assert shown.startswith("True") and "广告" not in shown  # ignored: the child answered


@pytest.mark.slow
def test_an_unwritable_cache_folder_only_costs_a_child_run(tmp_path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    for _ in range(2):
        shown = _run_kiosk_side(PREPARE_THEN_SHOW, blocked)
        assert shown.startswith("True") and "\\u2060" in shown  # breaks all the same


def visible_line_starts(label, width: int) -> tuple[str, list[int]]:
    """The label's text as shown and where its lines start at ``width``, in visible
    characters (the invisible word joiners not counted)."""
    from kiosk.runtime.text_fit import lines_needed, plain_text

    shown = plain_text(label)  # its words (a label with squeezed punctuation shows markup)
    starts = [start for start, _length in lines_needed(label, width)]
    return shown.replace("\u2060", ""), [len(shown[:s].replace("\u2060", "")) for s in starts]


KINSOKU_TEXT = ("迪哲医药定增募资17.96亿元，京杭大运河已有两千五百年的历史。"
                "他说\u201c科创板\u201d很好（真的），欢迎明天再来吧！马克\u00b7吐温也来过")
KEPT_TOGETHER = ("17.96亿元", "两千五百年", "再来吧", "马克\u00b7吐温")


@pytest.mark.parametrize("width", range(90, 700, 23))
def test_chinese_lines_keep_numbers_with_units_and_follow_the_kinsoku_rules(look, width):
    label = make_label(look, KINSOKU_TEXT, "body")
    text, starts = visible_line_starts(label, width)
    assert text == KINSOKU_TEXT
    assert len(starts) > 1, "the test needs the text to wrap"
    for kept in KEPT_TOGETHER:  # a number and its unit, a particle, a transcribed name
        begin = text.index(kept)
        assert not any(begin < s < begin + len(kept) for s in starts), (kept, width)
    for start in starts[1:]:
        assert text[start] not in "，。！）\u201d\u00b7吧", (text[start:start + 4], width)
        assert text[start - 1] not in "（\u201c", (text[start - 4:start], width)


@pytest.fixture
def deck_terms_in_use():
    from kiosk.runtime import wordbreak

    yield wordbreak
    wordbreak.use_terms([])  # the next test segments without this deck's terms


def test_names_the_deck_writes_alone_are_kept_whole_in_its_longer_texts(
        look, deck_terms_in_use, tmp_path):
    from kiosk.core.content.loader import load_deck

    wordbreak = deck_terms_in_use
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "deck.yaml").write_text(
        "settings:\n  title: Test\n  terms: [舒沃替尼]\nslides:\n"
        "  - type: cards\n    id: firms\n    title: 企业\n    cards:\n"
        "      - {name: 百济神州, headline: 百济神州单次募资211亿元}\n"
        "      - {name: 科创成长层, headline: 上海证券交易所发布科创成长层指引}\n",
        encoding="utf-8")
    result = load_deck(folder)
    assert result.deck is not None, result.problems
    long_texts = ["百济神州单次募资211亿元", "上海证券交易所发布科创成长层指引",
                  "舒沃替尼获美国FDA批准上市"]
    # Without the deck's words jieba splits these names (百济/神州, 科创/成长/层).
    assert "百\u2060济\u2060神\u2060州" not in wordbreak.keep_words_together(long_texts[0])
    terms = wordbreak.deck_terms(result.deck)
    assert {"百济神州", "科创成长层", "舒沃替尼"} <= set(terms)
    wordbreak.use_terms(terms)
    for text, name in zip(long_texts, ["百济神州", "科创成长层", "舒沃替尼"], strict=True):
        assert "\u2060".join(name) in wordbreak.keep_words_together(text), name
    for width in range(90, 400, 17):  # and so no line breaks inside them
        label = make_label(look, long_texts[1], "body")
        text, starts = visible_line_starts(label, width)
        begin = text.index("科创成长层")
        assert not any(begin < s < begin + 5 for s in starts), width


@pytest.mark.slow
def test_the_child_segments_with_the_decks_terms(tmp_path) -> None:
    script = (
        "from kiosk.runtime import wordbreak as w\n"
        "w.use_terms(['科创成长层'])\n"
        "w.prepare(['设立科创成长层'], delay=0).join(60)\n"
        "print(repr(w.keep_words_together('设立科创成长层')))\n"
    )
    assert "科\\u2060创\\u2060成\\u2060长\\u2060层" in _run_kiosk_side(script, tmp_path)


@pytest.mark.parametrize("width", range(120, 900, 37))
def test_short_hyphenated_english_words_stay_on_one_line(look, width):
    text = "The STAR Market provides sci-tech enterprises with follow-on and long-term capital"
    label = make_label(look, text, "body")
    shown, starts = visible_line_starts(label, width)
    assert shown == text
    for word in ("sci-tech", "follow-on", "long-term"):
        begin = shown.index(word)
        assert not any(begin < s < begin + len(word) for s in starts), (word, width)

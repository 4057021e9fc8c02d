"""The report's numbers on a synthetic event log, and its text and chart outputs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from kiosk.tools import report
from kiosk.tools.report import parse_lines, read_events, report_command, summarise

T = "2025-06-03T{}+08:00"
LOG = [
    (T.format("09:00:00"), "started", {"language": "en"}),
    (T.format("09:00:00"), "slide_shown", {"slide": "a", "index": 0, "trigger": "start"}),
    (T.format("09:00:10"), "slide_shown", {"slide": "b", "index": 1, "trigger": "auto"}),
    (T.format("09:00:25"), "slide_shown", {"slide": "c", "index": 2, "trigger": "swipe"}),
    (T.format("09:00:40"), "slide_shown", {"slide": "b", "index": 1, "trigger": "swipe"}),
    (T.format("09:00:45"), "language_changed", {"language": "zh"}),
    (T.format("09:01:30"), "slide_shown", {"slide": "a", "index": 0, "trigger": "jump"}),
    (T.format("09:03:00"), "idle_reset", {}),
    (T.format("09:03:00"), "slide_shown", {"slide": "a", "index": 0, "trigger": "idle_reset"}),
    (T.format("09:03:01"), "language_changed", {"language": "en"}),  # the reset's, not a person's
    (T.format("09:03:12"), "slide_shown", {"slide": "b", "index": 1, "trigger": "auto"}),
    # --- events.jsonl.1 ends here
    (T.format("09:03:20"), "restart", {"cause": "signal", "signal": "SIGKILL", "slide": "b"}),
    (T.format("09:03:21"), "started", {"language": "en"}),
    (T.format("09:03:21"), "slide_shown", {"slide": "b", "index": 1, "trigger": "start"}),
    (T.format("09:03:31"), "slide_shown", {"slide": "c", "index": 2, "trigger": "auto"}),
    (T.format("09:03:41"), "slide_shown", {"slide": "a", "index": 0, "trigger": "auto"}),
    (T.format("09:03:51"), "closed", {"reopens": "2025-06-03T10:00"}),
    (T.format("10:00:00"), "opened", {"reason": "schedule"}),
    (T.format("10:00:05"), "content_rejected", {"problems": ["deck.yaml:3:1: oops"]}),
    (T.format("10:00:06"), "content_reloaded", {"slides": 3}),
    (T.format("10:00:10"), "slide_shown", {"slide": "b", "index": 1, "trigger": "tap"}),
    (T.format("10:00:30"), "slide_shown", {"slide": "c", "index": 2, "trigger": "swipe"}),
    (T.format("10:00:50"), "staff_exit", {}),
]


def lines(entries) -> list[str]:
    return [json.dumps({"time": t, "event": e, **f}) for t, e, f in entries]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    older, newer = lines(LOG[:11]), lines(LOG[11:])
    (tmp_path / "events.jsonl.1").write_text("\n".join(older) + '\n{"time": "2025-06-0\n')
    (tmp_path / "events.jsonl").write_text("\n".join(newer) + "\n")
    return tmp_path


def test_numbers(data: Path) -> None:
    events = read_events(data)
    assert [p.name for p in events.files] == ["events.jsonl.1", "events.jsonl"]
    assert events.bad_lines == 1 and len(events.records) == len(LOG)
    summary = summarise(events.records)

    assert [(s.seconds, s.interactions, s.ended_by) for s in summary.sessions] == [
        (155.0, 4, "idle_reset"), (20.0, 2, "staff_exit")]
    assert summary.mean_session == 87.5 and summary.median_session == 87.5
    assert summary.interactions == 6
    assert summary.interactions_by_hour[9] == 4 and summary.interactions_by_hour[10] == 2
    assert dict(summary.triggers) == {"start": 2, "auto": 4, "swipe": 3, "jump": 1,
                                      "idle_reset": 1, "tap": 1}
    assert dict(summary.languages) == {"zh": 1}
    assert dict(summary.language_views) == {"en": 4, "zh": 1}  # visitor views only
    assert dict(summary.restarts) == {"signal": 1}
    assert (summary.starts, summary.reloads, summary.rejections, summary.closings,
            summary.staff_exits) == (2, 1, 1, 1, 1)

    a, b, c = summary.slides_in_order()
    assert (a.slide, a.views, a.visitor_views) == ("a", 4, 1)
    assert a.dwell == [10, 90, 12, 10, 10] and a.mean_dwell == 26.4
    assert a.visitor_dwell == [90]
    assert (b.slide, b.views, b.visitor_views) == ("b", 5, 2)
    assert b.dwell == [15, 50, 10, 20] and b.mean_dwell == 23.75  # the crashed view dropped
    assert b.mean_visitor_dwell == 35
    assert (c.slide, c.views, c.visitor_views) == ("c", 3, 2)
    assert c.dwell == [15, 10, 20] and c.mean_visitor_dwell == 17.5


def test_open_session_at_end_of_log() -> None:
    records = [r for r in parse_lines(lines(LOG[:7])) if r]
    (session,) = summarise(records).sessions
    assert (session.seconds, session.ended_by) == (65.0, "end of log")


def test_bad_lines_are_skipped() -> None:
    parsed = list(parse_lines(["not json", '{"event": "x"}', '{"time": "x", "event": "y"}',
                               "[1, 2]", ""]))
    assert parsed == [None, None, None, None]


def test_command_prints_tables(data: Path, capsys) -> None:
    assert report_command(argparse.Namespace(data_dir=str(data), out=None)) == 0
    text = capsys.readouterr().out
    assert "sessions" in text and "1 min 28 s" in text  # 87.5 s mean
    assert "skipped 1 unreadable line(s)" in text
    assert "restarts                  1 (signal: 1)" in text


def test_command_without_log(tmp_path: Path, capsys) -> None:
    assert report_command(argparse.Namespace(data_dir=str(tmp_path), out=None)) == 1
    assert "no event log" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["report.html", "report.png"])
def test_charts_render(qapp, data: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out" / name
    assert report_command(argparse.Namespace(data_dir=str(data), out=str(out))) == 0
    content = out.read_bytes()
    if name.endswith(".png"):
        from PySide6.QtGui import QImage

        image = QImage(str(out))
        assert image.width() == 1600 and image.height() > 1000
    else:
        assert content.count(b"data:image/png;base64,") == 7
        assert b"<pre>" in content


def test_touch_only_visit() -> None:
    entries = [(T.format("11:00:00"), "slide_shown", {"slide": "a", "index": 0, "trigger": "auto"}),
               (T.format("11:01:30"), "idle_reset", {}),
               (T.format("11:01:30"), "slide_shown",
                {"slide": "a", "index": 0, "trigger": "idle_reset"})]
    summary = summarise([r for r in parse_lines(lines(entries)) if r])
    assert summary.touch_only_visits == 1 and summary.sessions == []
    assert summarise([r for r in parse_lines(lines(LOG)) if r]).touch_only_visits == 0


def test_wrong_out_extension_is_refused_before_printing(data: Path, capsys) -> None:
    assert report_command(argparse.Namespace(data_dir=str(data), out="report.txt")) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # no table printed first
    assert "--out must end in .html or .png" in captured.err


def test_command_prints_language_share(data: Path, capsys) -> None:
    assert report_command(argparse.Namespace(data_dir=str(data), out=None)) == 0
    text = capsys.readouterr().out
    assert "Visitor views by language" in text
    assert "en            4   80 %" in text and "zh            1   20 %" in text


LONG_IDS = ["market-capitalisation", "closing-words-and-thanks", "research-groups"]


def _text_pixels(image, x0: int, x1: int, y: float) -> int:
    """Pixels not the chart background in columns x0..x1 of a band around row y."""
    from PySide6.QtGui import QColor

    background = QColor(report.NAVY).rgb()
    return sum(1 for yy in range(int(y) - 6, int(y) + 7) for xx in range(x0, x1)
               if image.pixel(xx, yy) != background)


@pytest.mark.parametrize("title", ["Views per slide (visitor views)",
                                   "Mean dwell per slide, s (all views)"])
def test_slide_charts_name_every_slide(qapp, title: str) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFont, QFontMetrics

    entries = [(T.format(f"11:00:{10 * n:02d}"), "slide_shown",
                {"slide": slide, "index": n, "trigger": "swipe"})
               for n, slide in enumerate(LONG_IDS + LONG_IDS)]
    summary = summarise([r for r in parse_lines(lines(entries)) if r])
    (spec,) = [spec for spec in report._chart_specs(summary) if spec[0] == title]
    assert spec[1] == LONG_IDS and spec[3]  # the ticks are the slide ids, on the left axis
    report._ensure_app()
    widget = report._layout_widget(900, 420)
    try:
        plot = report._plot(widget, *spec)
        image = report._export(widget)
        axis = plot.getAxis("left")
        widest = max(QFontMetrics(QFont()).horizontalAdvance(s) for s in LONG_IDS)
        assert axis.width() >= widest
        # Left of the axis line (and its tick marks), each slide's row holds its name: text
        # pixels, not bare background. Without room for the labels pyqtgraph drops them all.
        strip_right = int(axis.sceneBoundingRect().right()) - 10
        assert strip_right > widest
        for position in range(len(LONG_IDS)):
            y = plot.vb.mapViewToScene(QPointF(0, position)).y()
            assert _text_pixels(image, 0, strip_right, y) > 20, LONG_IDS[position]
    finally:
        report._dispose(widget)

"""The report: its numbers on a hand-written log, its robustness, its options, and its pages."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.tools.options import ReportOptions
from kiosk.tools.report import parse_lines, read_events, reading, report_command, summarise
from kiosk.tools.report.charts import NO_VISITORS, label_box
from kiosk.tools.report.reading import parse_moment
from kiosk.tools.report.summary import Limits, undeclared_events
from tests.tools.report_events import lines as log_lines
from tests.tools.report_events import simulated_log, unattended_day

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
CST = timezone(timedelta(hours=8))


def lines(entries) -> list[str]:
    return [json.dumps({"time": t, "event": e, **f}) for t, e, f in entries]


def records(entries) -> list[dict]:
    return [r for r in parse_lines(lines(entries)) if r]


def visits(text: str) -> int:
    """The visits the printed heading names."""
    line = next(line for line in text.splitlines()
                if line.endswith("visits (people who touched the screen)"))
    return int(line.split()[0].replace(",", ""))


def options(folder: Path, *, name: str = "Hall B", **given: str) -> ReportOptions:
    return ReportOptions(data_dirs=(str(folder),), names=(name,), **given)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    older, newer = lines(LOG[:11]), lines(LOG[11:])
    (tmp_path / "events.jsonl.1").write_text("\n".join(older) + '\n{"time": "2025-06-0\n')
    (tmp_path / "events.jsonl").write_text("\n".join(newer) + "\n")
    return tmp_path


def write_log(folder: Path, events) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "events.jsonl", "w", encoding="utf-8") as stream:
        stream.writelines(log_lines(events))
    return folder


# ----------------------------------------------------------------------------- numbers


def test_numbers(data: Path) -> None:
    events = read_events(data)
    assert [p.name for p in events.files] == ["events.jsonl.1", "events.jsonl"]
    summary = summarise(events)
    assert events.bad_lines == 1 and summary.events == len(LOG)

    # Visits run from the first to the last touch: the idle reset's wait is nobody's.
    assert list(summary.session_seconds) == [65.0, 20.0]
    assert dict(summary.sessions_ended_by) == {"idle_reset": 1, "staff_exit": 1}
    assert summary.median_session == 42.5
    assert summary.interactions == 6 and summary.sessions_by_hour[9] == 1
    assert dict(summary.triggers) == {"start": 2, "auto": 4, "swipe": 3, "jump": 1,
                                      "idle_reset": 1, "tap": 1}
    assert dict(summary.languages) == {"zh": 1}
    assert dict(summary.language_views) == {"en": 4, "zh": 1}  # visitor views only
    assert dict(summary.restarts) == {"signal": 1}
    assert (summary.starts, summary.reloads, summary.rejections, summary.closings,
            summary.staff_exits) == (2, 1, 1, 1, 1)
    # Up from 09:00:00 to the crash at 09:03:20, from 09:03:21 to the exit at 10:00:50,
    # of which 09:03:51 to 10:00:00 behind the closed screen.
    assert summary.uptime == 200 + 3449 and summary.closed_seconds == 3369
    assert summary.visitor_share == pytest.approx(85 / 280)

    a, b, c = summary.slides_in_order()
    assert (a.slide, a.views, a.visitor_views, a.sessions_ended) == ("a", 4, 1, 1)
    assert a.mean_dwell == 26.4  # 10, 90, 12, 10 and 10 after reopening
    assert a.mean_visitor_dwell is None  # the visitor left on it: unknown, not 90 s
    assert (b.slide, b.views, b.visitor_views) == ("b", 5, 2)
    assert b.mean_dwell == 23.75  # 15, 50, 10, 20: the view the crash cut is dropped
    assert b.mean_visitor_dwell == 35
    assert (c.slide, c.views, c.visitor_views, c.sessions_ended) == ("c", 3, 2, 0)  # staff
    assert c.mean_visitor_dwell == 15  # the staff exit's 20 s is not a visitor's choice

    # The manager's questions: how far visits got, which language they stayed in, when the
    # kiosk was down, what the refused edit said.
    assert summary.sessions_reached_last == 2  # both visits saw c, the furthest slide
    assert {k: list(v) for k, v in summary.session_seconds_by_language.items()} == {
        "zh": [65.0], "en": [20.0]}
    assert [(d.start.time().isoformat(), d.end.time().isoformat(), d.cause)
            for d in summary.downtimes] == [("09:03:20", "09:03:21", "restart")]
    assert [(r.time.time().isoformat(), r.problems) for r in summary.rejected] == [
        ("10:00:05", ("deck.yaml:3:1: oops",))]


def test_open_session_at_end_of_log() -> None:
    summary = summarise(records(LOG[:7]))
    assert list(summary.session_seconds) == [65.0]
    assert dict(summary.sessions_ended_by) == {"end of log": 1}


def test_touch_only_visit() -> None:
    entries = [(T.format("11:00:00"), "slide_shown", {"slide": "a", "index": 0, "trigger": "auto"}),
               (T.format("11:01:30"), "idle_reset", {}),
               (T.format("11:01:30"), "slide_shown",
                {"slide": "a", "index": 0, "trigger": "idle_reset"})]
    summary = summarise(records(entries))
    assert summary.touch_only_visits == 1 and summary.sessions == 0
    assert summarise(records(LOG)).touch_only_visits == 0


def test_every_event_the_report_reads_is_in_the_schema() -> None:
    assert undeclared_events() == frozenset()


# ----------------------------------------------------------------------------- robustness


def test_bad_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    good = lines(LOG[:3])
    hostile = [
        "[" * 200_000 + "]" * 200_000,          # too deep for the parser (and too long)
        '{"a": ' * 5_000 + "1" + "}" * 5_000,   # short enough to parse: too deep
        "x" * (reading.MAX_LINE_BYTES * 20),    # 1.3 MB with no newline for a while
        "not json", "[1, 2]", '{"event": "x"}', '{"time": "x", "event": "y"}',
    ]
    (tmp_path / "events.jsonl").write_bytes(
        ("\n".join([good[0], *hostile, good[1], good[2]]) + "\n").encode()
        + b'\xff\xfe{"broken utf-8"\n')
    events = read_events(tmp_path)
    summary = summarise(events)
    assert summary.events == 3 and events.bad_lines == len(hostile) + 1


def test_a_wall_clock_jump_never_makes_a_day_long_dwell() -> None:
    def swipe(slide: str, index: int) -> dict[str, object]:
        return {"slide": slide, "index": index, "trigger": "swipe"}

    jump = [
        ("2025-06-03T10:00:00+08:00", "slide_shown", swipe("a", 0)),
        # NTP puts the clock forward almost a day while a visitor reads slide a.
        ("2025-06-04T09:57:00+08:00", "slide_shown", swipe("b", 1)),
        # ...and back again.
        ("2025-06-03T10:00:30+08:00", "slide_shown", swipe("c", 2)),
        ("2025-06-03T10:02:10+08:00", "idle_reset", {}),
    ]
    limits = Limits(visitor_gap=100.0)
    summary = summarise(records(jump), limits)
    a, b, _ = summary.slides_in_order()
    assert a.mean_visitor_dwell == 100.0  # capped at the idle timeout + countdown
    assert b.mean_visitor_dwell == 0.0  # a backward jump is no time, never negative
    assert list(summary.session_seconds) == [100.0]


def test_a_clock_jump_at_night_never_adds_days_of_closed_time() -> None:
    night = [LOG[0], (T.format("18:00:00"), "closed", {"reopens": "2025-06-04T09:00"}),
             # The clock leaps a month during the night.
             ("2025-07-04T09:00:00+08:00", "opened", {"reason": "schedule"})]
    summary = summarise(records(night), Limits(running_gap=900.0))
    assert summary.closed_seconds == 15 * 3600 + 900  # to the named reopening, plus slack


def test_lines_a_little_out_of_order_are_put_back_in_order(tmp_path: Path) -> None:
    # The supervisor's restart line lands after a kiosk line stamped a few ms later.
    entries = [LOG[0], LOG[1], (T.format("09:00:10.005"), "slide_shown",
                                {"slide": "b", "index": 1, "trigger": "auto"}),
               (T.format("09:00:10.001"), "restart", {"cause": "hang"})]
    (tmp_path / "events.jsonl").write_text("\n".join(lines(entries)) + "\n")
    assert [r["event"] for r in read_events(tmp_path)] == [
        "started", "slide_shown", "restart", "slide_shown"]


def test_the_stream_holds_a_bounded_window(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(reading, "REORDER_EVENTS", 10)
    start = datetime(2025, 6, 2, 9, tzinfo=CST)
    write_log(tmp_path, unattended_day(start, hours=1))
    stream = read_events(tmp_path)
    seen = 0
    for seen, _ in enumerate(stream, 1):
        if seen == 20:
            break
    assert seen == 20  # yielded while reading, not after reading everything


# ----------------------------------------------------------------------------- options


def test_since_until_and_ages() -> None:
    now = datetime(2025, 6, 10, 12, 0, tzinfo=CST)
    assert parse_moment("7d", now=now) == now - timedelta(days=7)
    assert parse_moment("12h", now=now) == now - timedelta(hours=12)
    assert parse_moment("2025-06-03").date().isoformat() == "2025-06-03"
    until = parse_moment("2025-06-03", end_of_day=True)
    assert (until.day, until.hour) == (4, 0)  # --until 2025-06-03 includes the 3rd
    assert parse_moment("2025-06-03T14:00+08:00") == datetime(2025, 6, 3, 14, tzinfo=CST)
    with pytest.raises(ValueError, match="not a date"):
        parse_moment("last tuesday")


def test_since_keeps_only_the_period(tmp_path: Path, capsys) -> None:
    start = datetime(2025, 6, 2, 9, tzinfo=CST)
    write_log(tmp_path, simulated_log(start, days=3, visitors_per_day=10))
    by_day = [count for _, count in sorted(summarise(read_events(tmp_path))
                                           .sessions_by_day.items())]
    assert len(by_day) == 3 and all(by_day)
    assert report_command(options(tmp_path)) == 0
    assert visits(capsys.readouterr().out) == sum(by_day)
    assert report_command(options(tmp_path, since="2025-06-04T00:00+08:00")) == 0
    text = capsys.readouterr().out
    assert visits(text) == by_day[2]
    assert text.splitlines()[1].startswith("4 Jun 2025 00:00 – ")  # to now
    assert report_command(options(tmp_path, until="2025-06-02T23:59+08:00")) == 0
    assert visits(capsys.readouterr().out) == by_day[0]


def test_bad_since_is_refused_in_words(data: Path, capsys) -> None:
    assert report_command(options(data, since="yesterday-ish")) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "--since/--until: 'yesterday-ish' is not a date" in captured.err


def test_csv_one_file_per_table(data: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "csv"
    assert report_command(options(data, csv=str(folder))) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["days.csv", "downtime.csv", "hours.csv", "languages.csv",
                     "operations.csv", "refused_edits.csv", "slides.csv", "triggers.csv",
                     "visits.csv"]
    with open(folder / "slides.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    # Slides by position and title (the log's ids are not the bundled deck's: ids stand in)
    assert [row["slide"] for row in rows] == ["1. a", "2. b", "3. c"]
    assert [row["slide id"] for row in rows] == ["a", "b", "c"]
    assert rows[1]["mean time a visitor stayed (s)"] == "35.0"
    assert rows[0]["visits ended here"] == "1"
    assert rows[0]["mean time a visitor stayed (s)"] == ""  # unknown, not zero
    # Exit rate per view, in percent rounded to 0.1: a was seen by visitors twice (the
    # first visit went back to it; the second began on it) and one visit ended there.
    assert rows[0]["exit rate: views that ended the visit (%)"] == "50.0"
    assert rows[1]["exit rate: views that ended the visit (%)"] == "0.0"
    with open(folder / "operations.csv", encoding="utf-8-sig", newline="") as stream:
        operations = {row["measure"]: row for row in csv.DictReader(stream)}
    assert operations["running"]["value"] == "3649.0"  # seconds, as a number
    assert operations["running"]["unit"] == "seconds"
    assert operations["restarts"]["value"] == "1"
    with open(folder / "visits.csv", encoding="utf-8-sig", newline="") as stream:
        visits_csv = {row["measure"]: row for row in csv.DictReader(stream)}
    assert visits_csv["typical visit (median), at least"]["value"] == "42.5"
    assert visits_csv["opening time with someone at the screen, at least"]["value"] == "30.4"
    with open(folder / "refused_edits.csv", encoding="utf-8-sig", newline="") as stream:
        refused = list(csv.DictReader(stream))
    assert [(r["when"], r["problem"]) for r in refused] == [
        ("2025-06-03 10:00", "deck.yaml:3:1: oops")]
    for path in folder.iterdir():  # plain units only: no "42.5 s" strings, no long fractions
        text = path.read_text(encoding="utf-8-sig")
        assert " s," not in text and " %," not in text, path.name
        assert not re.search(r"\.\d{3,}", text), path.name


def test_command_prints_tables(data: Path, capsys) -> None:
    assert report_command(options(data)) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "Six Years of the STAR Market · 科创板开市六周年 — Hall B"
    assert visits(text) == 2 and "42.5 s" in text
    assert "1 unreadable line(s) in the log were skipped" in text
    assert "  restarts: signal" in text


def test_command_without_log(tmp_path: Path, capsys) -> None:
    assert report_command(options(tmp_path)) == 1
    assert "no event log" in capsys.readouterr().err


def test_wrong_out_extension_is_refused_before_printing(data: Path, capsys) -> None:
    assert report_command(options(data, out="report.txt")) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # no table printed first
    assert "--out must end in .html or .png" in captured.err


# ----------------------------------------------------------------------------- pages


def _figures(folder: Path, **given: object):
    """The heading and figures the command would draw, with Qt's text measure."""
    from kiosk.tools.report.command import deck_facts
    from kiosk.tools.report.draw import qt_measure
    from kiosk.tools.report.page import figures
    from kiosk.tools.report.reading import Period
    from kiosk.tools.report.summary import Summariser

    period = Period(*(parse_moment(given[k]) if given.get(k) else None
                      for k in ("since", "until")))
    summariser = Summariser(deck_facts(None).limits)
    for record in read_events(folder, period):
        summariser.add(record)
    summary = summariser.finish()
    measure = qt_measure()
    return summary, figures(summary, width=750, measure=measure,
                            since=period.since.date() if period.since else None), measure


def _check_honest(figure, measure) -> None:
    """Axes from zero, whole-number ticks for counts, and no two labels overlapping."""
    if figure.ticks:
        assert figure.ticks[0] == 0 and all(t >= 0 for t in figure.ticks), figure.title
        assert figure.ticks == tuple(sorted(figure.ticks))
    boxes = [label_box(label, measure) for label in figure.labels()]
    for n, (l1, t1, r1, b1) in enumerate(boxes):
        assert 0 <= l1 and r1 <= figure.width, (figure.title, figure.labels()[n].text)
        for l2, t2, r2, b2 in boxes[n + 1:]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, (
                figure.title, figure.labels()[n].text)


def test_busy_week_every_question_answered(qapp, tmp_path: Path) -> None:
    write_log(tmp_path, simulated_log(datetime(2025, 6, 2, 9, tzinfo=CST), days=7,
                                      visitors_per_day=40))
    summary, charts, measure = _figures(tmp_path)
    titles = [figure.title for figure in charts]
    assert titles == ["Which slides hold visitors", "Where visits end: exit rate per slide",
                      "When visitors come: hour of day", "When visitors come: by day",
                      "Which language visitors read", "How long visits last, by language",
                      "How the kiosk behaved", "What the refused content edits said"]
    for figure in charts:
        assert figure.message is None, figure.title
        _check_honest(figure, measure)
    counts = [f for f in charts if f.title == "When visitors come: by day"]
    for figure in counts:
        assert all(tick == int(tick) for tick in figure.ticks)
    by_day = charts[3]
    days = ["Mon 2", "Tue 3", "Wed 4", "Thu 5", "Fri 6", "Sat 7", "Sun 8"]
    assert [label.text for label in by_day.labels() if label.text in days] == days
    ends = {label.text for label in charts[1].labels()}
    assert {"1. welcome", "7. goodbye"} <= ends  # position and id: not in the bundled deck


def test_unattended_day_says_so_in_words(qapp, tmp_path: Path) -> None:
    write_log(tmp_path, unattended_day(datetime(2025, 6, 2, 9, tzinfo=CST), hours=0.75))
    summary, charts, measure = _figures(tmp_path)
    assert summary.events > 200 and summary.sessions == 0
    for figure in charts[:-2]:  # every visitor chart: words, no axes
        assert figure.message == NO_VISITORS and figure.ticks == (), figure.title
        assert NO_VISITORS in [label.text for label in figure.labels()]
    behaviour = {label.text for label in charts[-2].labels()}
    assert "45 min 00 s (100 % of the period)" in behaviour
    for figure in charts:
        _check_honest(figure, measure)


@pytest.mark.slow
def test_many_days_and_long_slide_ids_never_collide(qapp, tmp_path: Path) -> None:
    long_ids = ["market-capitalisation-of-the-board", "closing-words-and-thanks-to-all"]
    events = list(simulated_log(datetime(2025, 4, 1, 9, tzinfo=CST), days=50,
                                visitors_per_day=3))
    for record in events:
        if record.get("slide") == "rockets":
            record["slide"] = long_ids[0]
        elif record.get("slide") == "robots":
            record["slide"] = long_ids[1]
    write_log(tmp_path, events)
    _, charts, measure = _figures(tmp_path)
    for figure in charts:
        _check_honest(figure, measure)
    names = [label.text for label in charts[0].labels()]
    assert any(n.startswith("4. closing-words") for n in names)


@pytest.mark.parametrize("name", ["report.png", "report.html"])
def test_pages_have_the_heading(qapp, tmp_path: Path, name: str, capsys) -> None:
    folder = write_log(tmp_path / "data", simulated_log(datetime(2025, 6, 2, 9, tzinfo=CST),
                                                         days=3, visitors_per_day=8))
    out = tmp_path / "out" / name
    assert report_command(options(folder, out=str(out), name="Hall B · 二号厅")) == 0
    if name.endswith(".png"):
        from PySide6.QtGui import QImage

        image = QImage(str(out))
        assert image.width() == 1500 and image.height() > 1000
        # The heading's title is ink on white at the top left: dark pixels there.
        dark = sum(1 for x in range(18, 400) for y in range(20, 52)
                   if QImage.pixelColor(image, x, y).lightness() < 100)
        assert dark > 500
    else:
        page = out.read_text(encoding="utf-8")
        assert "<h1>Six Years of the STAR Market · 科创板开市六周年</h1>" in page
        assert "Hall B · 二号厅" in page and "2 Jun 2025 09:00 – 4 Jun 2025 18:00" in page
        for caption in ("visits (people who touched the screen)",
                        "a typical visit (median) lasted at least",
                        "of opening time with a visitor, at least",
                        "of visits reached the last slide", "restarts"):
            assert caption in page
        assert "Times with visitors are at least what is shown" in page  # in words
        assert "times in UTC+08:00" in page  # one time zone, named
        assert page.count("<svg") == 9 and "<table>" in page
        # The bundled font's glyphs travel with the page: 中文 is never boxes on a PC
        # without a Chinese font, and the page stays small.
        assert page.count("src: url(data:font/woff;base64,") == 2
        assert len(page) < 200_000


def test_empty_period_page(qapp, data: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "empty.html"
    assert report_command(options(data, out=str(out), since="2030-01-01",
                                  until="2030-01-07")) == 0
    page = out.read_text(encoding="utf-8")
    # slides, endings, hours, days, languages, visit length by language
    assert page.count(NO_VISITORS) == 6
    assert "When visitors come: by day" in page and "1 Jan 2030 – 7 Jan 2030" in page
    assert "0</b><span>visits (people who touched the screen)" in page


@pytest.mark.parametrize(("maximum", "ticks"), [
    (1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (105, [0, 50, 100, 150]),
    (0.4, [0, 1]), (43.0, [0, 10, 20, 30, 40, 50]),
])
def test_count_axes_start_at_zero_in_whole_numbers(maximum: float, ticks: list[int]) -> None:
    from kiosk.tools.report.charts import nice_ticks

    assert nice_ticks(maximum, whole=True) == ticks


def test_content_gives_every_slide_a_row_in_deck_order(data: Path, tmp_path: Path,
                                                       capsys) -> None:
    from kiosk.core.content.loader import load_deck
    from kiosk.core.paths import BUNDLED_CONTENT

    deck = load_deck(BUNDLED_CONTENT).deck
    assert deck is not None
    folder = tmp_path / "csv"
    assert report_command(options(data, csv=str(folder), content=str(BUNDLED_CONTENT))) == 0
    with open(folder / "slides.csv", encoding="utf-8-sig", newline="") as stream:
        slides = [row["slide id"] for row in csv.DictReader(stream)]
    ids = [slide.id for slide in deck.slides]
    assert slides[:len(ids)] == ids  # slides nobody reached are listed too, in deck order
    assert set(slides[len(ids):]) <= {"a", "b", "c"}  # the log's slides no longer in the deck


def test_visits_without_dwell_are_not_called_no_visitors(qapp) -> None:
    from kiosk.tools.report.draw import qt_measure
    from kiosk.tools.report.page import NO_DWELL, figures

    one_touch = [  # a visitor switches to 中文 on the attract loop's slide, then walks away
        (T.format("11:00:00"), "slide_shown", {"slide": "a", "index": 0, "trigger": "auto"}),
        (T.format("11:00:05"), "language_changed", {"language": "zh"}),
        (T.format("11:01:45"), "idle_reset", {}),
        (T.format("11:01:45"), "slide_shown", {"slide": "a", "index": 0, "trigger": "idle_reset"}),
    ]
    summary = summarise(records(one_touch))
    assert summary.sessions == 1 and summary.slides["a"].sessions_ended == 1
    charts = figures(summary, width=750, measure=qt_measure())
    assert charts[0].message == NO_DWELL
    assert charts[1].message is None  # the visit ended on slide a



def test_cli_takes_the_report_options(data: Path, tmp_path: Path, capsys) -> None:
    from kiosk.cli import main

    assert main(["report", "--data-dir", str(data), "--since", "7d", "--name", "Hall C",
                 "--csv", str(tmp_path / "csv")]) == 0
    text = capsys.readouterr().out
    assert "— Hall C" in text and visits(text) == 0  # the log is from 2025
    assert (tmp_path / "csv" / "slides.csv").exists()


def test_slides_are_named_by_position_and_title(qapp) -> None:
    from kiosk.tools.report.draw import qt_measure
    from kiosk.tools.report.page import figures

    summary = summarise(records(LOG))
    charts = figures(summary, width=750, measure=qt_measure(),
                     names={"b": "Six years at a glance"})
    texts = [label.text for label in charts[1].labels()]
    assert "1. a" in texts and "2. Six years at a glance" in texts and "3. c" in texts



def test_uptime_is_a_share_of_the_period_asked_for(qapp, data: Path, tmp_path: Path,
                                                  capsys) -> None:
    out = tmp_path / "day.html"
    assert report_command(options(data, out=str(out), since="2025-06-03T00:00+08:00",
                                  until="2025-06-04T00:00+08:00")) == 0
    page = out.read_text(encoding="utf-8")
    assert "3 Jun 2025" in page
    assert "1 h 01 min (4 % of the period)" in page  # 3,649 s of the day's 86,400


def test_refused_pins_lockouts_and_held_back_events_are_reported(tmp_path: Path,
                                                                 capsys) -> None:
    """Someone tried the staff pad (never the digits), and a flood was counted: the manager
    sees both, per kiosk and in the printed tables."""
    log = [*LOG[:3],
           (T.format("09:00:11"), "staff_action", {"action": "pin", "outcome": "wrong",
                                                    "tries_left": 4}),
           (T.format("09:00:12"), "staff_action", {"action": "pin", "outcome": "lockout",
                                                    "locked_for": 60}),
           (T.format("09:00:13"), "staff_action", {"action": "pin", "outcome": "while_locked",
                                                    "locked_for": 59}),
           (T.format("09:00:14"), "staff_action", {"action": "unlock"}),
           (T.format("09:00:20"), "events_suppressed", {"kind": "language_changed",
                                                         "suppressed": 170,
                                                         "first": T.format("09:00:14"),
                                                         "last": T.format("09:00:19")}),
           *LOG[3:]]
    summary = summarise(records(log))
    assert (summary.pin_refusals, summary.pin_lockouts) == (3, 1)
    assert summary.suppressed == {"language_changed": 170}
    (tmp_path / "events.jsonl").write_text("\n".join(lines(log)) + "\n")
    assert report_command(options(tmp_path)) == 0
    text = capsys.readouterr().out
    assert re.search(r"staff PINs refused\s+3\b", text), text
    assert re.search(r"of which locked the pad\s+1\b", text)
    assert re.search(r"events counted, not written .*\s170\b", text)


@pytest.mark.parametrize(("seconds", "label"), [
    (45, "45 s"), (100, "100 s"), (120, "2 min"), (150, "2.5 min"), (200, "3 min 20 s"),
    (250, "4 min 10 s"), (600, "10 min"),
])
def test_duration_ticks_read_as_a_person_would_say_them(seconds, label) -> None:
    from kiosk.tools.report.charts import seconds_tick

    assert seconds_tick(seconds) == label

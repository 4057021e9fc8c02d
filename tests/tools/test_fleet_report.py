"""The report over three kiosks' logs answers a manager's questions (tests/tools/fleet_events
knows the answers: it made the faults)."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.tools.options import ReportOptions
from kiosk.tools.report import report_command
from kiosk.tools.report.fleet import journal_record, seconds_in_opening_hours
from tests.tools.fleet_events import DECK, REFUSED, SHANGHAI, write_fleet

FIRST_DAY = datetime(2025, 6, 2, tzinfo=SHANGHAI)  # a Monday; 8 days of logs
SINCE, UNTIL = "2025-06-06", "2025-06-09"  # the last 4 days; the 4 before are the previous


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("fleet")
    folders = write_fleet(root, FIRST_DAY, 8)
    content = root / "content"
    content.mkdir()
    (content / "deck.yaml").write_text(DECK, encoding="utf-8")
    folders["content"] = content
    return folders


def options(fleet: dict[str, Path], *, data_dir: list[str] | None = None,
            journal: list[str] | None = None, **given: str) -> ReportOptions:
    if data_dir is None and journal is None:
        data_dir = [str(fleet[name]) for name in ("hall-a", "hall-b", "hall-c")]
    values = {"since": SINCE, "until": UNTIL, "content": str(fleet["content"]), **given}
    return ReportOptions(data_dirs=tuple(data_dir or ()), journals=tuple(journal or ()),
                         **values)


@pytest.fixture(scope="module")
def report(qapp, fleet, tmp_path_factory) -> tuple[str, Path]:
    """The report over the three kiosks, run once: its text and the folder of its CSVs and
    its HTML page."""
    folder = tmp_path_factory.mktemp("report")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert report_command(options(fleet, csv=str(folder),
                                      out=str(folder / "fleet.html"))) == 0
    return printed.getvalue(), folder


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.slow
def test_three_kiosks_side_by_side_with_the_total(report):
    text, tmp_path = report
    assert text.splitlines()[0] == "Harbour Lights · 港口之光 — 3 kiosks: hall-a, hall-b, hall-c"
    # One time zone, the kiosk's, named; the week asked for, in it.
    assert text.splitlines()[1] == "6 Jun 2025 – 9 Jun 2025 · times in Asia/Shanghai (UTC+08:00)"
    kiosks = {row["kiosk"]: row for row in read_csv(tmp_path / "kiosks.csv")}
    assert list(kiosks) == ["hall-a", "hall-b", "hall-c", "All kiosks"]
    visits = {name: int(row["visits"]) for name, row in kiosks.items()}
    assert visits["hall-a"] > visits["hall-c"] > visits["hall-b"] > 0  # busy, middling, quiet
    assert visits["All kiosks"] == visits["hall-a"] + visits["hall-b"] + visits["hall-c"]
    # Up against last week: every hall got busier in the second week.
    for name in ("hall-a", "hall-b", "hall-c", "All kiosks"):
        assert float(kiosks[name]["change on the previous period (%)"]) > 0, name
    assert kiosks["hall-a"]["restarts"] == "1" and kiosks["hall-c"]["refused edits"] == "1"
    # Downtime in opening hours, by kiosk, in seconds as plain numbers.
    assert kiosks["hall-a"]["down in opening hours (s)"] == "2400.0"  # 40 minutes
    assert kiosks["hall-c"]["down in opening hours (s)"] == "10800.0"  # 15:00 to closing
    assert kiosks["hall-b"]["down in opening hours (s)"] == "0.0"


def test_when_the_kiosks_were_down_and_why(report):
    text, tmp_path = report
    rows = read_csv(tmp_path / "downtime.csv")
    assert [(r["kiosk"], r["from"], r["until"], r["down in opening hours (s)"]) for r in rows] == [
        ("hall-c", "2025-06-07 15:00", "2025-06-08 09:00", "10800.0"),
        ("hall-a", "2025-06-08 10:00", "2025-06-08 10:40", "2400.0")]
    assert "stopped" in rows[0]["why"] and "crashed" in rows[1]["why"]
    assert "3 h 40 min  down in opening hours (2 times)" in text


def test_what_the_refused_edit_said(report):
    _, tmp_path = report
    rows = read_csv(tmp_path / "refused_edits.csv")
    assert [(r["kiosk"], r["when"][:13], r["problem"]) for r in rows] == [
        ("hall-c", "2025-06-09 11", REFUSED)]  # the kiosk's local time


def test_the_last_slide_exit_rates_and_titles(report):
    text, tmp_path = report
    visits = read_csv(tmp_path / "visits.csv")
    by = {row["measure"]: row for row in visits}
    reached = int(by["reached the last slide"]["value"])
    total = int(by["visits"]["value"])
    assert 0 < reached < total
    share = float(by["reached the last slide, share of visits"]["value"])
    assert share == round(100 * reached / total, 1)
    assert f"of visits reached the last slide ({reached} of {total})" in text
    slides = read_csv(tmp_path / "slides.csv")
    assert [row["slide"] for row in slides] == [
        "1. Welcome to the harbour", "2. The river", "3. Seven bridges", "4. The old harbour",
        "5. Thank you"]  # titles, in deck order
    assert "welcome" not in "".join(text.split("Slides, in deck order")[1].split("\n")[:8])
    rates = [float(row["exit rate: views that ended the visit (%)"]) for row in slides]
    assert all(0 <= rate <= 100 for rate in rates) and rates[-1] == max(rates)


def test_chinese_readers_stay_longer(report):
    _, tmp_path = report
    languages = {row["language"]: row for row in read_csv(tmp_path / "languages.csv")}
    assert set(languages) == {"English", "中文"}  # no "unknown" language
    typical = "typical visit, at least (s)"
    assert float(languages["中文"][typical]) > float(languages["English"][typical])
    per_slide = "mean time a visitor stayed on a slide (s)"
    assert float(languages["中文"][per_slide]) > 2 * float(languages["English"][per_slide])


def test_csvs_are_in_plain_units(report):
    _, tmp_path = report
    for path in sorted(tmp_path.glob("*.csv")):
        text = path.read_text(encoding="utf-8-sig")
        assert not re.search(r"\d+(\.\d+)? (s|min|h|%)\b", text), path.name  # no "33.7 s"
        assert not re.search(r"\d\.\d{2,}", text), path.name  # 0.1 at most, never 0.5358…
        assert ",—," not in text and ",—\n" not in text, path.name  # empty, not a dash


def test_the_lower_bounds_are_said_in_words(report):
    text, _ = report
    assert "a typical visit (median) lasted at least" in text
    assert "of opening time with a visitor, at least" in text
    assert "the kiosk sees touches, not eyes, so a visit counts from the first touch" in text


def test_pages_for_three_kiosks(qapp, fleet, report, tmp_path):
    out = tmp_path / "fleet.png"
    assert report_command(options(fleet, out=str(out))) == 0
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() == 1500 and image.height() > 1500
    page = (report[1] / "fleet.html").read_text(encoding="utf-8")
    for words in ("How the kiosks compare", "Where visits end: exit rate per slide",
                  "How long visits last, by language", "When the kiosk was down during "
                  "opening hours", "What the refused content edits said", "The kiosks side by "
                  "side", "times in Asia/Shanghai (UTC+08:00)", "Thank you", REFUSED):
        assert html.escape(words) in page, words
    assert ">welcome<" not in page  # titles, not ids (the id stays in the CSV only)


@pytest.mark.slow
def test_journal_exports_are_read_per_host(fleet, tmp_path):
    """``journalctl -o json`` of a central journal: one kiosk per host, fields as sent."""
    from kiosk.core.journal import entry

    export = tmp_path / "journal.json"
    with open(export, "w", encoding="utf-8") as stream:
        for host in ("hall-a", "hall-b"):
            for line in (fleet[host] / "events.jsonl").read_text().splitlines():
                record = json.loads(line)
                fields = {**entry(record), "_HOSTNAME": f"{host}.museum.example",
                          "__REALTIME_TIMESTAMP": "0"}
                stream.write(json.dumps(fields, ensure_ascii=False) + "\n")
            stream.write(json.dumps({"MESSAGE": "another program", "_HOSTNAME": host}) + "\n")
    assert report_command(options(fleet, data_dir=None, journal=[str(export)],
                                  csv=str(tmp_path / "csv"))) == 0
    kiosks = {row["kiosk"]: row for row in read_csv(tmp_path / "csv" / "kiosks.csv")}
    assert list(kiosks) == ["hall-a.museum.example", "hall-b.museum.example", "All kiosks"]
    assert report_command(options(fleet, csv=str(tmp_path / "direct"))) == 0
    direct = {row["kiosk"]: row for row in read_csv(tmp_path / "direct" / "kiosks.csv")}
    for host in ("hall-a", "hall-b"):  # the same figures as from the data folders
        assert kiosks[f"{host}.museum.example"]["visits"] == direct[host]["visits"]
        assert (kiosks[f"{host}.museum.example"]["down in opening hours (s)"]
                == direct[host]["down in opening hours (s)"])


def test_a_journal_entry_keeps_its_types_and_time():
    record = journal_record({"STAR_KIOSK_EVENT": "slide_shown", "STAR_KIOSK_SLIDE": "river",
                             "STAR_KIOSK_INDEX": "1", "STAR_KIOSK_TRIGGER": "swipe",
                             "STAR_KIOSK_TIME": "2025-06-09T10:00:00.000+08:00"})
    assert record is not None
    assert (record["slide"], record["index"], record["trigger"]) == ("river", 1, "swipe")
    assert record["_time"] == datetime(2025, 6, 9, 10, tzinfo=SHANGHAI)


def test_downtime_counts_only_opening_hours():
    from kiosk.core.content.model import OpeningHours, Schedule

    weekdays = Schedule(monday=OpeningHours("09:00", "18:00"),
                        tuesday=OpeningHours("09:00", "18:00"))
    monday = datetime(2025, 6, 9, 17, 0, tzinfo=SHANGHAI)
    tuesday_ten = datetime(2025, 6, 10, 10, 0, tzinfo=SHANGHAI)
    # 17:00-18:00 on Monday and 09:00-10:00 on Tuesday: the night is not downtime.
    assert seconds_in_opening_hours(monday, tuesday_ten, weekdays, SHANGHAI) == 7200
    assert seconds_in_opening_hours(monday, tuesday_ten, None, SHANGHAI) == 17 * 3600

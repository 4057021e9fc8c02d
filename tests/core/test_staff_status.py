"""The staff panel's status card, read from the event log (no Qt)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.core import strings
from kiosk.core.staff_status import (
    duration,
    read_events,
    read_status,
    status_rows,
    summarise,
)

T0 = datetime(2026, 11, 30, 9, 0).astimezone()


def event(minutes: float, name: str, **fields) -> dict:
    return {"time": (T0 + timedelta(minutes=minutes)).isoformat(), "event": name, **fields}


def started(minutes: float, pid: int) -> dict:
    return event(minutes, "started", slides=18, language="en", size="1920x1080",
                 windowed=False, pid=pid)


HISTORY = [
    started(0, 10),
    event(30, "staff_exit"),                           # an earlier run, ended by staff
    started(60, 11),                                   # this run begins
    event(90, "restart", cause="hang", detail="no heartbeat for 10 s", slide="talent",
          delay=0.1, uptime=1800.0),
    started(90.1, 12),
    event(120, "restart", cause="exit", detail="exit status 1", slide="talent", delay=0.1,
          uptime=1800.0, exit_code=1),
    event(120.05, "content_rejected", problems=["/c/deck.yaml:3:7: unknown key 'titel' — "
                                                "did you mean 'title'?"],
          folder="/c", fallback="last-good", at="start"),
    started(120.1, 13),                                # this process, on the last good copy
    event(125, "slide_shown", slide="opening", index=0, trigger="start"),
]


def test_restarts_and_uptime_of_this_run():
    status = summarise(HISTORY, pid=13)
    assert status.run_started == T0 + timedelta(minutes=60)  # not the run staff ended
    assert status.process_started == T0 + timedelta(minutes=120.1)
    assert [(r.cause, r.detail) for r in status.restarts] == [
        ("hang", "no heartbeat for 10 s"), ("exit", "exit status 1")]
    assert status.loaded_at == status.process_started


def test_the_unavailable_screen_counts_as_a_restart():
    history = [*HISTORY[:5], event(100, "unavailable", cause="content invalid", slide=None,
                                   seconds=60.0, exit_code=3), *HISTORY[5:]]
    causes = [(r.cause, r.detail) for r in summarise(history, pid=13).restarts]
    assert causes[1] == ("unavailable", "unavailable screen (content invalid)")


def test_a_rejection_at_start_stays_current_until_a_reload():
    status = summarise(HISTORY, pid=13)
    assert status.rejection is not None and status.rejection.current
    assert status.rejection.problems[0].startswith("/c/deck.yaml:3:7:")
    later = summarise([*HISTORY, event(130, "content_reloaded", slides=18, files=10,
                                       warnings=0)], pid=13)
    assert later.rejection is not None and not later.rejection.current
    assert later.loaded_at == T0 + timedelta(minutes=130)
    # A rejection from an earlier process, then a start on valid content: fixed since.
    restarted = summarise([*HISTORY, started(140, 14)], pid=14)
    assert restarted.rejection is not None and not restarted.rejection.current


def test_card_rows():
    now = T0 + timedelta(minutes=180)
    rows = dict(status_rows(summarise(HISTORY, pid=13), content=Path("/c"),
                            data_folder=Path("/data"), version="0.1.0", slides=18, now=now))
    assert rows[strings.CONTENT.joined()] == "/c\nloaded 11:00 · 18 slides"
    rejection = rows[strings.LAST_REJECTION.joined()].splitlines()
    assert rejection[0] == "11:00 · still refused · 1 problem(s)"
    assert rejection[1].startswith("deck.yaml:3:7: unknown key")  # relative to the folder
    running = rows[strings.RUNNING.joined()]
    assert running.startswith("2 h 00 min · 2 restart(s) — 10:30 no heartbeat for 10 s; "
                              "11:00 exit status 1")
    assert rows[strings.DATA_FOLDER.joined()] == "/data"
    assert rows[strings.VERSION.joined()] == "0.1.0"


def test_no_log_yet_and_a_damaged_log(tmp_path: Path):
    assert summarise([], pid=1).run_started is None
    rows = dict(status_rows(read_status(tmp_path / "missing.jsonl"), content=Path("/c"),
                            data_folder=tmp_path, version="0.1.0", slides=2, now=T0))
    assert rows[strings.LAST_REJECTION.joined()] == "none · 无"
    path = tmp_path / "events.jsonl"
    lines = [json.dumps(e, ensure_ascii=False) for e in HISTORY]
    path.write_text("\n".join(lines[:3] + ['{"event": "started", half a line', "[]"]
                              + lines[3:]) + "\n", encoding="utf-8")
    status_events = [e for e in HISTORY if e["event"] != "slide_shown"]
    assert read_events(path) == status_events  # slides skipped, damaged lines too
    # Only the end is read: the first, cut line is dropped rather than misread.
    tail = len(lines[-1]) + len(lines[-2]) + 10  # the last two lines and a cut one
    assert [e["event"] for e in read_events(path, tail_bytes=tail)] == ["started"]


def test_a_run_that_began_before_the_log_rotated(tmp_path: Path):
    path = tmp_path / "events.jsonl"
    rotated = tmp_path / "events.jsonl.1"
    rotated.write_text("\n".join(json.dumps(e) for e in HISTORY[:5]) + "\n")
    path.write_text("\n".join(json.dumps(e) for e in HISTORY[5:]) + "\n")
    status = read_status(path, pid=13)
    assert status.run_started == T0 + timedelta(minutes=60)
    assert len(status.restarts) == 2


def test_duration():
    assert [duration(s) for s in (5, 125, 3 * 3600 + 300, 2 * 86400 + 4 * 3600)] == [
        "5 s", "2 min", "3 h 05 min", "2 d 4 h"]


def test_the_content_row_names_the_deck_and_never_a_site_packages_path():
    now = T0 + timedelta(minutes=180)
    status = summarise(HISTORY, pid=13)
    site = Path("/usr/lib/python3/site-packages/kiosk/bundled_content")
    rows = dict(status_rows(status, content=site, data_folder=Path("/data"), version="0.1.0",
                            slides=18, now=now, deck_title="Six Years of the STAR Market",
                            bundled=True, content_version="git:0123456789ab"))
    content = rows[strings.CONTENT.joined()]
    assert content == ("Six Years of the STAR Market\nbundled with STAR Kiosk\n"
                       "loaded 11:00 · 18 slides · version git:0123456789ab")
    assert "site-packages" not in content
    own = dict(status_rows(status, content=Path("/srv/content"), data_folder=Path("/data"),
                           version="0.1.0", slides=18, now=now, deck_title="Harbour Lights"))
    assert own[strings.CONTENT.joined()].splitlines()[:2] == ["Harbour Lights", "/srv/content"]


def test_the_card_tells_whether_someone_has_been_trying_the_pin_pad():
    now = T0 + timedelta(minutes=180)

    def row(history):
        rows = dict(status_rows(summarise(history, pid=13), content=Path("/c"),
                                data_folder=Path("/data"), version="0.1.0", slides=18, now=now))
        return rows[strings.STAFF_PIN.joined()]

    assert row(HISTORY) == "no wrong PIN today"
    tries = [event(-24 * 60, "staff_action", action="pin", outcome="wrong", tries_left=4)]
    tries += [event(150 + i, "staff_action", action="pin", outcome="wrong", tries_left=4 - i)
              for i in range(4)]
    tries += [event(155, "staff_action", action="pin", outcome="lockout", locked_for=60),
              event(155.5, "staff_action", action="pin", outcome="while_locked", locked_for=30),
              event(156, "staff_action", action="unlock")]
    # Yesterday's try is not today's; the right PIN (unlock) is not a wrong one.
    assert row([*HISTORY, *tries]) == "6 wrong PINs today · 1 lockout · last 11:35"

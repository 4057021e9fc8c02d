"""Made-up logs of three kiosks for the fleet report's tests (not exhibition data).

Each kiosk opens 09:00–18:00 (Asia/Shanghai) and runs its attract loop all day, one
``slide_shown`` every 12 s; visitors come at random, read in English or 中文 (Chinese readers
stay longer on each slide), and some reach the last slide. The faults are known, so a test
can check the report finds them: Hall A crashes once and is down 40 minutes from 10:00 on
the third day of the period; Hall C is stopped at 15:00 on the second day and only started
the next morning (3 hours down in opening hours), and refuses one content edit. Seeded.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
SLIDES = ("welcome", "river", "bridges", "harbour", "thanks")
TITLES = ("Welcome to the harbour", "The river", "Seven bridges", "The old harbour",
          "Thank you")
LOOP = 12
IDLE_RESET_AFTER = 100
DECK = """\
settings:
  title: {en: Harbour Lights, zh: 港口之光}
  slide_duration: 12
  idle_timeout: 90
  idle_warning: 10
  schedule:
""" + "".join(f"    {day}: {{open: \"09:00\", close: \"18:00\"}}\n" for day in (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) + """\
slides:
""" + "".join(f"  - {{type: title, id: {slide}, title: {{en: \"{title}\", zh: \"{title}\"}}}}\n"
              for slide, title in zip(SLIDES, TITLES, strict=True))
REFUSED = "deck.yaml:7:5: unknown field 'titel' in slide river — did you mean 'title'?"


def _event(moment: datetime, name: str, **fields: object) -> dict[str, object]:
    return {"time": moment.isoformat(timespec="milliseconds"), "event": name, **fields}


def kiosk_day(rng: random.Random, day: datetime, visitors: int, *, first: bool,
              crash_at: datetime | None = None, stop_at: datetime | None = None,
              refuse_at: datetime | None = None) -> Iterator[dict[str, object]]:
    """One opening day of one kiosk."""
    opening, closing = day.replace(hour=9), day.replace(hour=18)
    if first:
        yield _event(opening, "started", slides=len(SLIDES), language="en",
                     timezone="Asia/Shanghai")
        yield _event(opening, "slide_shown", slide=SLIDES[0], index=0, trigger="start")
    else:
        yield _event(opening, "opened", reason="schedule")
    arrivals = sorted(opening + timedelta(seconds=rng.uniform(300, 8.5 * 3600))
                      for _ in range(visitors))
    moment, index = opening, 0
    end = stop_at or closing

    def loop_until(when: datetime) -> Iterator[dict[str, object]]:
        nonlocal moment, index
        while moment + timedelta(seconds=LOOP) < when:
            moment += timedelta(seconds=LOOP)
            index = (index + 1) % len(SLIDES)
            yield _event(moment, "slide_shown", slide=SLIDES[index], index=index,
                         trigger="auto")

    for arrival in arrivals:
        if arrival <= moment or arrival >= end - timedelta(minutes=10):
            continue
        if crash_at is not None and moment < crash_at <= arrival:
            yield from loop_until(crash_at)
            moment = crash_at
            yield _event(moment, "restart", cause="signal", detail="killed by SIGSEGV",
                         slide=SLIDES[index], delay=0.5, uptime=3600.0, signal="SIGSEGV")
            yield _event(moment + timedelta(seconds=1), "unavailable", cause="crash loop",
                         slide=None, seconds=300, crashes=5)
            moment += timedelta(minutes=40)  # the calm screen, then tries: down 40 minutes
            yield _event(moment, "started", slides=len(SLIDES), language="en",
                         timezone="Asia/Shanghai")
            index = 0
            yield _event(moment, "slide_shown", slide=SLIDES[0], index=0, trigger="start")
            if arrival <= moment:
                continue
        if refuse_at is not None and refuse_at <= arrival:
            yield from loop_until(refuse_at)
            yield _event(max(refuse_at, moment), "content_rejected", problems=[REFUSED],
                         folder="/home/star-kiosk/content")
            refuse_at = None
        yield from loop_until(arrival)
        moment = arrival
        chinese = rng.random() < 0.35
        if chinese:
            yield _event(moment, "language_changed", language="zh")
        last_touch = moment
        for _ in range(rng.randint(1, 6)):  # a visit: mostly forward
            index = min(index + 1, len(SLIDES) - 1) if rng.random() < 0.85 else max(index - 1, 0)
            yield _event(moment, "slide_shown", slide=SLIDES[index], index=index,
                         trigger=rng.choice(("swipe", "swipe", "tap")))
            last_touch = moment
            moment += timedelta(seconds=rng.uniform(25, 80) if chinese else rng.uniform(8, 35))
        moment = last_touch + timedelta(seconds=IDLE_RESET_AFTER)
        yield _event(moment, "idle_reset")
        index = 0
        yield _event(moment, "slide_shown", slide=SLIDES[0], index=0, trigger="idle_reset")
        if chinese:
            yield _event(moment + timedelta(seconds=0.2), "language_changed", language="en")
    yield from loop_until(end)
    if stop_at is not None:
        yield _event(stop_at, "stopped", reason="SIGTERM", slide=SLIDES[index], uptime=21600.0)
        return
    yield _event(closing, "closed",
                 reopens=(opening + timedelta(days=1)).isoformat(timespec="minutes"))


def write_fleet(root: Path, first_day: datetime, days: int) -> dict[str, Path]:
    """Three kiosks' data folders under ``root`` (Hall A busy, Hall B quiet, Hall C in
    between), ``days`` opening days from ``first_day``; returns name → folder."""
    plan = {"hall-a": 40, "hall-b": 12, "hall-c": 25}
    folders = {}
    last = first_day + timedelta(days=days - 1)
    for number, (name, visitors) in enumerate(plan.items()):
        rng = random.Random(100 + number)
        folder = root / name / "star-kiosk"
        folder.mkdir(parents=True)
        with open(folder / "events.jsonl", "w", encoding="utf-8") as stream:
            started = True
            for offset in range(days):
                day = first_day + timedelta(days=offset)
                busy = visitors + (offset >= days // 2) * visitors // 4  # busier lately
                events = kiosk_day(
                    rng, day, busy, first=started,
                    crash_at=day.replace(hour=10) if name == "hall-a" and day == last
                    - timedelta(days=1) else None,
                    stop_at=day.replace(hour=15) if name == "hall-c" and day == last
                    - timedelta(days=2) else None,
                    refuse_at=day.replace(hour=11) if name == "hall-c" and day == last
                    else None)
                stopped = False
                for record in events:
                    stream.write(json.dumps(record, ensure_ascii=False) + "\n")
                    stopped = record["event"] == "stopped"
                started = stopped  # after a stop, the next morning begins with a start
        folders[name] = folder
    return folders

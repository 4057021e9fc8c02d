"""Made-up event logs for the report's tests and its 200 MB benchmark (not exhibition data).

:func:`simulated_log` plays a kiosk through opening days: the attract loop writes a
``slide_shown`` every 12 s; now and then a visitor swipes through some slides, may switch to
中文, walks away, and the idle reset returns to the loop 100 s later; closing time shows the
closed screen until the next morning. Seeded, so every run writes the same lines.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta

SLIDES = ("welcome", "timeline", "rockets", "robots", "vaccines", "batteries", "goodbye")
LOOP_SECONDS = 12
IDLE_RESET_AFTER = 100  # idle timeout 90 s + countdown 10 s


def event(moment: datetime, name: str, **fields: object) -> dict[str, object]:
    """One event as the kiosk writes it."""
    return {"time": moment.isoformat(timespec="milliseconds"), "event": name, **fields}


def unattended_day(start: datetime, hours: float = 8.0) -> Iterator[dict[str, object]]:
    """A day nobody touched: started, then the attract loop only."""
    yield event(start, "started", slides=len(SLIDES), language="en")
    moment, index = start, 0
    yield event(moment, "slide_shown", slide=SLIDES[0], index=0, trigger="start")
    while moment < start + timedelta(hours=hours):
        moment += timedelta(seconds=LOOP_SECONDS)
        index = (index + 1) % len(SLIDES)
        yield event(moment, "slide_shown", slide=SLIDES[index], index=index, trigger="auto")


def simulated_log(start: datetime, days: int, visitors_per_day: int,
                  seed: int = 15) -> Iterator[dict[str, object]]:
    """``days`` opening days from ``start`` (09:00 to 18:00), with visitors and faults."""
    rng = random.Random(seed)
    first = True
    for day in range(days):
        opening = start + timedelta(days=day)
        closing = opening + timedelta(hours=9)
        if first:
            yield event(opening, "started", slides=len(SLIDES), language="en")
            first = False
        else:
            yield event(opening, "opened", reason="schedule")
        arrivals = sorted(opening + timedelta(seconds=rng.uniform(600, 9 * 3600 - 900))
                          for _ in range(visitors_per_day))
        moment, index = opening, 0
        yield event(moment, "slide_shown", slide=SLIDES[0], index=0, trigger="start")
        for arrival in arrivals:
            if arrival <= moment:
                continue
            while moment + timedelta(seconds=LOOP_SECONDS) < arrival:  # the attract loop
                moment += timedelta(seconds=LOOP_SECONDS)
                index = (index + 1) % len(SLIDES)
                yield event(moment, "slide_shown", slide=SLIDES[index], index=index,
                            trigger="auto")
            moment = arrival
            language = "en"
            for step in range(rng.randint(1, 8)):  # a visit
                if step == 1 and rng.random() < 0.3:
                    language = "zh"
                    yield event(moment, "language_changed", language="zh")
                forward = rng.random() < 0.8
                index = min(index + 1, len(SLIDES) - 1) if forward else max(index - 1, 0)
                yield event(moment, "slide_shown", slide=SLIDES[index], index=index,
                            trigger=rng.choice(("swipe", "swipe", "tap")))
                last_touch = moment
                moment += timedelta(seconds=rng.uniform(4, 70))
            moment = last_touch + timedelta(seconds=IDLE_RESET_AFTER)
            yield event(moment, "idle_reset")
            index = 0
            yield event(moment, "slide_shown", slide=SLIDES[0], index=0, trigger="idle_reset")
            if language != "en":
                yield event(moment + timedelta(seconds=0.2), "language_changed", language="en")
            if rng.random() < 0.02:  # a rare crash, back at once
                moment += timedelta(seconds=5)
                yield event(moment, "restart", cause="signal", signal="SIGSEGV", slide=SLIDES[0])
                moment += timedelta(seconds=1)
                yield event(moment, "started", slides=len(SLIDES), language="en")
                yield event(moment, "slide_shown", slide=SLIDES[0], index=0, trigger="start")
        if day % 3 == 1:
            yield event(closing - timedelta(hours=2), "content_rejected",
                        problems=["deck.yaml:4:3: unknown key 'tittle' — did you mean 'title'?"])
        yield event(closing, "closed", reopens=(opening + timedelta(days=1)).isoformat())


def lines(records: Iterator[dict[str, object]]) -> Iterator[str]:
    """Records as the lines of ``events.jsonl``."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"
